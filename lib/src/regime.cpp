#include "capdo/regime.h"

#include <algorithm>

#include <fmt/format.h>

namespace capdo {

const char* to_string(Confidence c) {
  switch (c) {
    case Confidence::verified: return "verified";
    case Confidence::secondary: return "secondary";
    case Confidence::unverified: return "unverified";
  }
  return "unverified";
}

std::optional<Confidence> parse_confidence(std::string_view s) {
  if (s == "verified") return Confidence::verified;
  if (s == "secondary") return Confidence::secondary;
  if (s == "unverified") return Confidence::unverified;
  return std::nullopt;
}

const char* confidence_label(Confidence c, Lang lang) {
  switch (c) {
    case Confidence::verified: return lang == Lang::vi ? "đã kiểm chứng" : "verified";
    case Confidence::secondary: return lang == Lang::vi ? "nguồn thứ cấp" : "secondary";
    case Confidence::unverified: return lang == Lang::vi ? "chưa kiểm chứng" : "unverified";
  }
  return "";
}

std::string confidence_mark(Confidence c, Lang lang) {
  switch (c) {
    case Confidence::verified: return "";
    case Confidence::secondary: return lang == Lang::vi ? " [nguồn thứ cấp]" : " [secondary]";
    case Confidence::unverified: return lang == Lang::vi ? " [chưa kiểm chứng]" : " [unverified]";
  }
  return "";
}

const char* to_string(CriterionKind k) {
  switch (k) {
    case CriterionKind::criterion: return "criterion";
    case CriterionKind::floor: return "floor";
    case CriterionKind::raise: return "raise";
  }
  return "criterion";
}

const char* kind_mark(CriterionKind k, Lang lang) {
  switch (k) {
    case CriterionKind::criterion: return "";
    case CriterionKind::floor: return lang == Lang::vi ? " (mức sàn)" : " (floor)";
    case CriterionKind::raise: return lang == Lang::vi ? " (nâng cấp độ)" : " (raise)";
  }
  return "";
}

const char* to_string(ParamKind k) {
  switch (k) {
    case ParamKind::duration: return "duration";
    case ParamKind::frequency: return "frequency";
    case ParamKind::number: return "number";
    case ParamKind::distance_km: return "distance-km";
    case ParamKind::text: return "text";
  }
  return "text";
}

const char* to_string(QuestionType t) {
  switch (t) {
    case QuestionType::yes_no: return "yes-no";
    case QuestionType::one_of: return "one-of";
    case QuestionType::many_of: return "many-of";
    case QuestionType::number: return "number";
    case QuestionType::text: return "text";
    case QuestionType::date: return "date";
  }
  return "text";
}

const char* to_string(Purpose p) {
  switch (p) {
    case Purpose::boundary: return "boundary";
    case Purpose::level: return "level";
    case Purpose::applicability: return "applicability";
  }
  return "level";
}

const Choice* Question::choice(std::string_view key) const {
  for (const Choice& c : choices)
    if (c.id == key) return &c;
  return nullptr;
}

const LevelEntry* Requirement::at(int level) const {
  for (const LevelEntry& e : levels)
    if (e.level == level) return &e;
  return nullptr;
}

Confidence Requirement::confidence_at(int level) const {
  const LevelEntry* e = at(level);
  if (e && e->confidence) return *e->confidence;
  return confidence;
}

namespace {

template <typename T>
const T* lookup(const std::unordered_map<std::string, std::size_t>& idx, const std::vector<T>& v,
                std::string_view id) {
  auto it = idx.find(std::string(id));
  return it == idx.end() ? nullptr : &v[it->second];
}

template <typename T>
void index(std::unordered_map<std::string, std::size_t>& idx, const std::vector<T>& v) {
  idx.clear();
  for (std::size_t i = 0; i < v.size(); ++i) idx.emplace(v[i].id, i);
}

}  // namespace

void Regime::build_index() {
  index(doc_idx_, documents);
  index(group_idx_, groups);
  index(cat_idx_, categories);
  index(param_idx_, parameters);
  index(q_idx_, questions);
  index(crit_idx_, criteria);
  index(req_idx_, requirements);
  for (Requirement& r : requirements) {
    auto g = group_idx_.find(r.group);
    r.group_index = g == group_idx_.end() ? SIZE_MAX : g->second;
    auto c = cat_idx_.find(r.category);
    r.category_index = c == cat_idx_.end() ? SIZE_MAX : c->second;
  }
  for (int level = 1; level <= 5; ++level) {
    by_level_[level].clear();
    for (const Requirement& r : requirements)
      if (r.at(level)) by_level_[level].push_back(&r);
  }
}

const Document* Regime::document(std::string_view key) const { return lookup(doc_idx_, documents, key); }
const Group* Regime::group(std::string_view key) const { return lookup(group_idx_, groups, key); }
const Category* Regime::category(std::string_view key) const { return lookup(cat_idx_, categories, key); }
const ParameterDef* Regime::parameter(std::string_view key) const { return lookup(param_idx_, parameters, key); }
const Question* Regime::question(std::string_view key) const { return lookup(q_idx_, questions, key); }
const Criterion* Regime::criterion(std::string_view key) const { return lookup(crit_idx_, criteria, key); }
const Requirement* Regime::requirement(std::string_view key) const { return lookup(req_idx_, requirements, key); }

std::optional<std::size_t> Regime::question_index(std::string_view key) const {
  auto it = q_idx_.find(std::string(key));
  if (it == q_idx_.end()) return std::nullopt;
  return it->second;
}

const LevelInfo* Regime::level_info(int n) const {
  for (const LevelInfo& l : levels)
    if (l.n == n) return &l;
  return nullptr;
}

const std::vector<const Requirement*>& Regime::requirements_at(int level) const {
  static const std::vector<const Requirement*> none;
  return level >= 1 && level <= 5 ? by_level_[level] : none;
}

bool Regime::in_force_on(const Date& date) const {
  return valid_from <= date && (!valid_until || date <= *valid_until);
}

const AssessmentRule* Regime::assessment_for(int level) const {
  for (const AssessmentRule& a : assessments)
    if (std::find(a.levels.begin(), a.levels.end(), level) != a.levels.end()) return &a;
  return nullptr;
}

std::string format_cite(const Cite& c, const Regime& regime, Lang lang) {
  const Document* d = regime.document(c.doc);
  std::string doc = d ? d->name.get(lang) : c.doc;
  std::string out;
  if (lang == Lang::en) {
    out = doc;
    if (!c.art.empty()) {
      out += fmt::format(", Art. {}", c.art);
      if (!c.clause.empty()) out += fmt::format("({})", c.clause);
      if (!c.point.empty()) out += fmt::format("({})", c.point);
    } else if (!c.clause.empty()) {
      out += fmt::format(", clause {}", c.clause);
    }
    if (!c.annex.empty()) out += fmt::format(", Annex {}", c.annex);
    if (!c.section.empty()) out += fmt::format(", {}", c.section);
    if (!c.form.empty()) out += fmt::format(", Form {}", c.form);
  } else {
    std::string head;
    if (!c.art.empty()) {
      if (!c.point.empty()) head += fmt::format("điểm {} ", c.point);
      if (!c.clause.empty()) head += fmt::format("khoản {} ", c.clause);
      head += fmt::format("Điều {} ", c.art);
    } else if (!c.clause.empty()) {
      head += fmt::format("mục {} ", c.clause);
    }
    out = head + doc;
    if (!c.annex.empty()) out += fmt::format(", Phụ lục {}", c.annex);
    if (!c.section.empty()) out += fmt::format(", {}", c.section);
    if (!c.form.empty()) out += fmt::format(", Mẫu {}", c.form);
    if (!out.empty() && !head.empty()) {
      // Capitalise the first letter ("điểm" -> "Điểm", "khoản" -> "Khoản", "mục" -> "Mục").
      if (out.rfind("đ", 0) == 0) out.replace(0, std::string("đ").size(), "Đ");
      else if (out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
    }
  }
  return out;
}

std::string format_cites(const std::vector<Cite>& cites, const Regime& regime, Lang lang) {
  std::string out;
  for (const Cite& c : cites) {
    if (!out.empty()) out += "; ";
    out += format_cite(c, regime, lang);
  }
  return out;
}

}  // namespace capdo
