// The in-memory model of a legal regime: documents, levels, questions, level criteria,
// requirement catalog, per-level parameters and schedule. Built by the criteria loader
// from criteria/<id>/*.xml; immutable afterwards.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "capdo/date.h"
#include "capdo/expr.h"
#include "capdo/text.h"

namespace capdo {

/// How well an item is backed by the legal text (shared/reference/README.md).
enum class Confidence { verified, secondary, unverified };
const char* to_string(Confidence c);
std::optional<Confidence> parse_confidence(std::string_view s);
/// "đã kiểm chứng" / "verified", "nguồn thứ cấp" / "secondary", "chưa kiểm chứng" / "unverified".
const char* confidence_label(Confidence c, Lang lang);
/// "", " [secondary]" / " [nguồn thứ cấp]", " [unverified]" / " [chưa kiểm chứng]".
std::string confidence_mark(Confidence c, Lang lang);

/// A citation: document plus article, clause, point, annex, section or form.
struct Cite {
  std::string doc;
  std::string art;
  std::string clause;
  std::string point;
  std::string annex;
  std::string section;
  std::string form;
};

struct Document {
  std::string id;
  std::string kind;
  std::string number;
  std::string date;
  Text name;
  Confidence confidence = Confidence::verified;
};

struct LevelInfo {
  int n = 0;
  Text name;
  Text harm;
  std::vector<Cite> cites;
};

struct Group {
  std::string id;
  Text name;
};

struct Category {
  std::string id;
  std::string group;
  Text name;
  std::vector<Cite> cites;
};

enum class ParamKind { duration, frequency, number, distance_km, text };
const char* to_string(ParamKind k);

struct ParameterDef {
  std::string id;
  ParamKind kind = ParamKind::text;
  Text name;
};

enum class QuestionType { yes_no, one_of, many_of, number, text, date };
const char* to_string(QuestionType t);

enum class Scope { system, component };
enum class Purpose { boundary, level, applicability };
const char* to_string(Purpose p);

struct Choice {
  std::string id;
  Text text;
};

struct Question {
  std::string id;
  QuestionType type = QuestionType::yes_no;
  Scope scope = Scope::system;
  Purpose purpose = Purpose::level;
  bool required = true;
  Text text;
  Text help;
  std::vector<Choice> choices;
  std::optional<long long> min;
  std::optional<long long> max;
  Expr when;
  std::vector<Cite> cites;
  Confidence confidence = Confidence::verified;

  const Choice* choice(std::string_view key) const;
};

/// How a criterion takes part in level determination.
enum class CriterionKind {
  criterion,  ///< a level criterion of the decree
  floor,      ///< a minimum level set by another instrument
  raise,      ///< raises a level the criteria already set, never sets one alone (Decree 331 Art. 10(5))
};
const char* to_string(CriterionKind k);
/// " (floor)" / " (mức sàn)", " (raise)" / " (nâng cấp độ)", or "".
const char* kind_mark(CriterionKind k, Lang lang);

struct Criterion {
  std::string id;
  int level = 0;                 ///< fixed level, or 0 with level_from
  std::string level_from;        ///< number question giving the level
  std::size_t level_from_q = 0;  ///< its index, resolved at load
  CriterionKind kind = CriterionKind::criterion;
  Text text;
  Expr when;
  std::vector<Cite> cites;
  Confidence confidence = Confidence::verified;
  Text note;
};

enum class CheckSeverity { block, warn, info };

struct Check {
  std::string id;
  CheckSeverity severity = CheckSeverity::warn;
  Expr when;
  Text message;
  std::vector<Cite> cites;
  Confidence confidence = Confidence::verified;
};

struct Gap {
  std::string id;
  Expr when;
  Text message;
  std::vector<Cite> cites;
  Confidence confidence = Confidence::verified;
};

struct ParamValue {
  std::string ref;
  std::string value;  ///< machine-readable; empty for text parameters
  Text text;
  bool suggested = false;
};

struct Variant {
  Expr when;
  Text text;
};

/// A requirement at one level.
struct LevelEntry {
  int level = 0;
  std::string annex_item;
  std::string clause;
  std::optional<Confidence> confidence;
  Text text;  ///< empty when the wording does not change with the level
  std::vector<Variant> variants;
  std::vector<ParamValue> params;
};

struct Requirement {
  std::string id;
  std::string group;
  std::string category;
  std::size_t group_index = 0;     ///< position of `group` in Regime::groups (set at load)
  std::size_t category_index = 0;  ///< position of `category` in Regime::categories
  Confidence confidence = Confidence::verified;
  Text title;
  Text summary;
  Text note;
  std::vector<Cite> cites;
  Expr applies_if;
  std::vector<LevelEntry> levels;  ///< sorted by level

  /// The entry for `level`, or nullptr if the requirement does not apply there.
  const LevelEntry* at(int level) const;
  /// The confidence at a level (the entry's override, else the requirement's).
  Confidence confidence_at(int level) const;
};

struct AssessmentRule {
  std::vector<int> levels;
  Period every;
  Text text;
  std::vector<Cite> cites;
};

struct ReportRule {
  std::string period_start;  ///< "MM-DD"
  std::string period_end;
  std::string unit_due;
  std::string owner_due;
  Text text;
  std::vector<Cite> cites;
};

/// One legal regime. Ids are unique per kind; lookups return nullptr when absent.
class Regime {
 public:
  std::string id;
  std::string version;
  int format = 1;
  std::string standard;  ///< document id of the baseline standard
  Text name;
  Text note;
  Text composition_text;            ///< the "highest level wins" rule, as worded
  std::vector<Cite> composition_cites;
  Date valid_from;
  std::optional<Date> valid_until;
  std::optional<Date> transitional_until;
  std::string source_file;  ///< path of regime.xml

  std::vector<Document> documents;
  std::vector<LevelInfo> levels;
  std::vector<Group> groups;
  std::vector<Category> categories;
  std::vector<ParameterDef> parameters;
  std::vector<Question> questions;
  std::vector<Criterion> criteria;
  std::vector<Check> checks;
  std::vector<Gap> gaps;
  std::vector<Requirement> requirements;
  std::vector<AssessmentRule> assessments;
  std::optional<ReportRule> report;

  const Document* document(std::string_view key) const;
  const Group* group(std::string_view key) const;
  const Category* category(std::string_view key) const;
  const ParameterDef* parameter(std::string_view key) const;
  const Question* question(std::string_view key) const;
  std::optional<std::size_t> question_index(std::string_view key) const;
  const Criterion* criterion(std::string_view key) const;
  const Requirement* requirement(std::string_view key) const;
  const LevelInfo* level_info(int n) const;

  /// Requirements that apply at `level`, in catalog order (conditions not applied).
  const std::vector<const Requirement*>& requirements_at(int level) const;
  /// Whether the regime applies to new determinations on `date`.
  bool in_force_on(const Date& date) const;
  /// The assessment rule for a level, if any.
  const AssessmentRule* assessment_for(int level) const;

  /// Rebuilds the id indexes (the loader calls it once).
  void build_index();

 private:
  std::vector<const Requirement*> by_level_[6];
  std::unordered_map<std::string, std::size_t> doc_idx_, group_idx_, cat_idx_, param_idx_, q_idx_,
      crit_idx_, req_idx_;
};

/// Renders a citation: "Decree 85/2016/NĐ-CP, Art. 9(2)(c)" or
/// "Điểm c khoản 2 Điều 9 Nghị định 85/2016/NĐ-CP".
std::string format_cite(const Cite& cite, const Regime& regime, Lang lang);
/// Several citations joined with "; ".
std::string format_cites(const std::vector<Cite>& cites, const Regime& regime, Lang lang);

}  // namespace capdo
