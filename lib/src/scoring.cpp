#include "capdo/scoring.h"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

namespace capdo {

const char* to_string(Flag f) {
  switch (f) {
    case Flag::unanswered: return "unanswered";
    case Flag::na_without_reason: return "na-without-reason";
    case Flag::gap_without_plan: return "gap-without-plan";
    case Flag::auditor_disagrees: return "auditor-disagrees";
  }
  return "unanswered";
}

const char* flag_label(Flag f, Lang lang) {
  switch (f) {
    case Flag::unanswered: return tr(lang, "chưa trả lời (tính là chưa đáp ứng)", "unanswered (counts as not met)");
    case Flag::na_without_reason:
      return tr(lang, "không áp dụng nhưng thiếu lý do (tính là chưa đáp ứng)", "not applicable without a justification (counts as not met)");
    case Flag::gap_without_plan: return tr(lang, "thiếu kế hoạch khắc phục", "no remediation plan");
    case Flag::auditor_disagrees: return tr(lang, "đánh giá viên không đồng ý", "the auditor disagrees");
  }
  return "";
}

bool ItemScore::has(Flag f) const { return std::find(flags.begin(), flags.end(), f) != flags.end(); }

std::optional<double> Tally::percent() const {
  if (counted() <= 0) return std::nullopt;
  return points / counted() * 100.0;
}

std::string format_percent(const std::optional<double>& p) {
  if (!p) return "–";
  // Round half away from zero at one decimal, so hand calculation agrees.
  double r = std::floor(*p * 10.0 + 0.5) / 10.0;
  return fmt::format("{:.1f}", r);
}

namespace {

void add(Tally& t, const ItemScore& i) {
  ++t.applicable;
  if (i.excluded) {
    ++t.excluded;
    return;
  }
  t.points += i.points;
  switch (i.effective) {
    case Status::met: ++t.met; break;
    case Status::partial: ++t.partial; break;
    case Status::unanswered:
      ++t.unanswered;
      ++t.not_met;
      break;
    case Status::not_applicable:
      ++t.na_without_reason;
      ++t.not_met;
      break;
    case Status::not_met: ++t.not_met; break;
  }
}

// The dossier's entries by requirement id, built once per scoring.
struct Index {
  std::unordered_map<std::string_view, const Assessment*> assessments;
  std::unordered_map<std::string_view, const Verdict*> verdicts;
  explicit Index(const Dossier& d) {
    assessments.reserve(d.assessments.size());
    for (const Assessment& a : d.assessments) assessments.emplace(a.requirement, &a);
    if (d.audit)
      for (const Verdict& v : d.audit->verdicts)
        if (v.status != Status::unanswered) verdicts[v.requirement] = &v;
  }
  template <typename T>
  static const T* find(const std::unordered_map<std::string_view, const T*>& m, const std::string& id) {
    auto it = m.find(id);
    return it == m.end() ? nullptr : it->second;
  }
};

// Scores one requirement from the unit's entry and the auditor's verdict.
ItemScore score_item(const Requirement& req, int level, const Index& idx) {
  ItemScore s;
  s.requirement = &req;
  s.confidence = req.confidence_at(level);
  s.assessment = Index::find(idx.assessments, req.id);
  s.verdict = Index::find(idx.verdicts, req.id);
  s.self = s.assessment ? s.assessment->status : Status::unanswered;
  s.effective = s.verdict ? s.verdict->status : s.self;
  // A justification can come from the unit or, for an auditor's N/A, from the auditor's note.
  bool justified = s.verdict ? !s.verdict->note.empty() || (s.assessment && !s.assessment->justification.empty())
                             : s.assessment && !s.assessment->justification.empty();
  switch (s.effective) {
    case Status::met: s.points = 1.0; break;
    case Status::partial: s.points = 0.5; break;
    case Status::not_met: s.points = 0.0; break;
    case Status::not_applicable:
      if (justified) s.excluded = true;
      else s.flags.push_back(Flag::na_without_reason);
      break;
    case Status::unanswered: s.flags.push_back(Flag::unanswered); break;
  }
  if ((s.effective == Status::partial || s.effective == Status::not_met) &&
      (!s.assessment || s.assessment->remediation.action.empty()))
    s.flags.push_back(Flag::gap_without_plan);
  if (s.verdict && s.verdict->status != s.self) s.flags.push_back(Flag::auditor_disagrees);
  return s;
}

bool counts_as_met(const Requirement& req, const Index& idx) {
  ItemScore s = score_item(req, 0, idx);
  return s.excluded || s.effective == Status::met;
}

std::optional<Date> next_report_due(const Regime& r, const Date& today) {
  if (!r.report || r.report->owner_due.size() != 5) return std::nullopt;
  for (int year = today.year; year <= today.year + 1; ++year) {
    auto d = Date::parse(fmt::format("{:04}-{}", year, r.report->owner_due));
    if (d && *d >= today) return d;
  }
  return std::nullopt;
}

}  // namespace

ScoreResult score(const Regime& regime, const Dossier& dossier, const Date& today) {
  ScoreResult r;
  r.regime = &regime;
  r.today = today;
  r.level = dossier.assessed_level();
  r.classification = classify(regime, dossier.answers);
  r.audited = dossier.audit.has_value();
  r.overall.name = {"Tổng", "Overall"};
  if (r.level < 1 || r.level > 5) return r;

  Index idx(dossier);
  std::vector<const Requirement*> applicable = applicable_requirements(regime, dossier.answers, r.classification, r.level);
  r.items.reserve(applicable.size());
  for (const Requirement* req : applicable) r.items.push_back(score_item(*req, r.level, idx));

  std::vector<Tally> groups(regime.groups.size()), categories(regime.categories.size());
  for (const ItemScore& i : r.items) {
    if (i.requirement->group_index < groups.size()) add(groups[i.requirement->group_index], i);
    if (i.requirement->category_index < categories.size()) add(categories[i.requirement->category_index], i);
  }
  for (std::size_t g = 0; g < groups.size(); ++g) {
    if (!groups[g].applicable) continue;
    groups[g].id = regime.groups[g].id;
    groups[g].name = regime.groups[g].name;
    r.groups.push_back(std::move(groups[g]));
  }
  for (std::size_t c = 0; c < categories.size(); ++c) {
    if (!categories[c].applicable) continue;
    categories[c].id = regime.categories[c].id;
    categories[c].name = regime.categories[c].name;
    r.categories.push_back(std::move(categories[c]));
  }
  for (const ItemScore& i : r.items) {
    add(r.overall, i);
    if (i.is_gap()) {
      r.gaps.push_back(&i);
      if (i.has(Flag::gap_without_plan)) ++r.gaps_without_plan;
    }
    if (i.verdict && i.verdict->status != i.self)
      r.discrepancies.push_back({i.requirement, i.self, i.verdict->status, i.verdict->note});
  }
  r.compliant = !r.items.empty() && r.gaps.empty();

  // Achieved level: the highest level at which every applicable requirement counts as met.
  // Applicability is tested lazily: the first requirement not met settles a level.
  for (int level = 5; level >= 1 && !r.achieved_level; --level) {
    bool any = false, all = true;
    for (const Requirement* q : regime.requirements_at(level)) {
      if (!requirement_applies(regime, *q, dossier.answers, r.classification)) continue;
      any = true;
      if (!counts_as_met(*q, idx)) {
        all = false;
        break;
      }
    }
    if (any && all) r.achieved_level = level;
  }

  // Due dates.
  r.assessment_rule = regime.assessment_for(r.level);
  if (dossier.audit && dossier.audit->date) r.last_assessment = dossier.audit->date;
  else if (dossier.approval && dossier.approval->date) r.last_assessment = dossier.approval->date;
  if (r.assessment_rule && r.last_assessment) {
    r.next_assessment = r.assessment_rule->every.after(*r.last_assessment);
    r.assessment_overdue = *r.next_assessment < today;
  }
  r.report_due = next_report_due(regime, today);
  return r;
}

std::string formula_text(const ScoreResult& r, Lang lang) {
  const Tally& t = r.overall;
  if (lang == Lang::vi)
    return fmt::format(
        "Điểm = (số yêu cầu đáp ứng đầy đủ + 0,5 × số yêu cầu đáp ứng một phần) / (số yêu cầu áp dụng − số yêu cầu "
        "không áp dụng có lý do) × 100 = ({} + 0,5 × {}) / ({} − {}) × 100 = {}%. Chưa đáp ứng, chưa trả lời và "
        "không áp dụng thiếu lý do tính 0 điểm; đánh giá của đánh giá viên được ưu tiên khi có.",
        t.met, t.partial, t.applicable, t.excluded, format_percent(t.percent()));
  return fmt::format(
      "Score = (met + 0.5 × partial) / (applicable − not applicable with a justification) × 100 = ({} + 0.5 × {}) / "
      "({} − {}) × 100 = {}%. Not met, unanswered and not applicable without a justification count 0; the "
      "auditor's verdict takes precedence where there is one.",
      t.met, t.partial, t.applicable, t.excluded, format_percent(t.percent()));
}

}  // namespace capdo
