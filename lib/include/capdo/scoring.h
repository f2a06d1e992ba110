// Scoring a dossier against the requirements of its level (docs/scoring.md). Every figure
// can be recomputed by hand from the per-item table: the formula and its inputs are part
// of the result.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "capdo/classify.h"
#include "capdo/dossier.h"
#include "capdo/regime.h"

namespace capdo {

/// Why an item needs attention beyond its status.
enum class Flag {
  unanswered,            ///< no status: counts as not met
  na_without_reason,     ///< not applicable without a justification: counts as not met
  gap_without_plan,      ///< partial or not met with no remediation action (Circular 12 Art. 14)
  auditor_disagrees,     ///< the auditor's verdict differs from the self-assessment
};
const char* to_string(Flag f);
/// "chưa trả lời" / "unanswered" …
const char* flag_label(Flag f, Lang lang);

/// One applicable requirement, scored.
struct ItemScore {
  const Requirement* requirement = nullptr;
  const Assessment* assessment = nullptr;  ///< the unit's entry, if any
  const Verdict* verdict = nullptr;        ///< the auditor's verdict, if any
  Status self = Status::unanswered;
  Status effective = Status::unanswered;   ///< the auditor's verdict when there is one
  bool excluded = false;                   ///< not applicable with a justification
  double points = 0;                       ///< 1, 0.5 or 0; 0 when excluded
  std::vector<Flag> flags;
  Confidence confidence = Confidence::verified;

  bool has(Flag f) const;
  bool is_gap() const { return !excluded && points < 1.0; }
};

/// Counts and score over a set of items.
struct Tally {
  std::string id;  ///< group or category id; "" for the overall tally
  Text name;
  int applicable = 0;  ///< items of the set
  int met = 0;
  int partial = 0;
  int not_met = 0;     ///< not met, N/A without reason and unanswered included
  int excluded = 0;    ///< N/A with a justification
  int unanswered = 0;
  int na_without_reason = 0;
  double points = 0;

  int counted() const { return applicable - excluded; }
  /// points / counted × 100, or nullopt when nothing counts.
  std::optional<double> percent() const;
};

/// A requirement where the auditor and the unit disagree.
struct Discrepancy {
  const Requirement* requirement = nullptr;
  Status self = Status::unanswered;
  Status auditor = Status::unanswered;
  std::string note;
};

struct ScoreResult {
  const Regime* regime = nullptr;
  int level = 0;  ///< the assessed level (approved, else proposed)
  Classification classification;
  std::vector<ItemScore> items;     ///< catalog order
  Tally overall;
  std::vector<Tally> groups;        ///< regime order, groups with items only
  std::vector<Tally> categories;    ///< regime order, categories with items only
  bool compliant = false;           ///< every applicable requirement met (or justified N/A)
  int achieved_level = 0;           ///< highest level whose every requirement is met; 0 if none
  std::vector<const ItemScore*> gaps;
  int gaps_without_plan = 0;
  std::vector<Discrepancy> discrepancies;
  bool audited = false;
  /// Next periodic assessment: last assessment (audit date, else approval date) + the
  /// regime's interval for the level; nullopt when there is no date to start from.
  std::optional<Date> last_assessment;
  std::optional<Date> next_assessment;
  bool assessment_overdue = false;
  const AssessmentRule* assessment_rule = nullptr;
  /// The next annual report deadline on or after `today` (owner to the authority).
  std::optional<Date> report_due;
  Date today;
};

/// Scores a dossier as of `today`. Pure: no I/O.
ScoreResult score(const Regime& regime, const Dossier& dossier, const Date& today);

/// The formula in words, with this result's numbers filled in, one line per language.
std::string formula_text(const ScoreResult& r, Lang lang);
/// "72.5" (one decimal, dot), or "–" when nothing counts.
std::string format_percent(const std::optional<double>& p);

}  // namespace capdo
