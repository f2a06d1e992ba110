#include <catch2/catch.hpp>

#include "capdo/criteria_loader.h"
#include "capdo/scoring.h"
#include "support/temp_dir.h"

using namespace capdo;

namespace {

// The fixture regime and dossier of tests/data/scoring, whose figures are worked out by hand:
//   level 2 applies R1..R6; R6 only if hosted in the cloud -> 5 applicable items.
//   R1 met = 1; R2 partial = 0.5 (has a plan); R3 N/A with a justification = excluded;
//   R4 not met = 0 (no plan: flagged); R5 unanswered = 0 (flagged unanswered).
//   overall: counted = 5 - 1 = 4, points = 1.5, score = 1.5 / 4 = 37.5 %
//   management (R1, R2, R3): counted 2, points 1.5 -> 75.0 %; technical (R4, R5): 0 / 2 -> 0.0 %
struct Fixture {
  LoadResult loaded = load_regime(test::data_dir() + "/scoring/regime.xml");
  const Regime& regime() { return *loaded.regime; }
  Dossier read() {
    REQUIRE(loaded.ok());
    Diagnostics d;
    Dossier x = read_dossier(test::data_dir() + "/scoring/dossier.xml", regime(), d);
    REQUIRE(d.empty());
    return x;
  }
};

const Tally* find(const std::vector<Tally>& v, const char* id) {
  for (const Tally& t : v)
    if (t.id == id) return &t;
  return nullptr;
}

}  // namespace

TEST_CASE_METHOD(Fixture, "Scoring: the hand-computed fixture", "[scoring]") {
  ScoreResult r = score(regime(), read(), Date{2026, 11, 24});
  REQUIRE(r.level == 2);
  REQUIRE(r.items.size() == 5);
  REQUIRE(r.overall.applicable == 5);
  REQUIRE(r.overall.excluded == 1);
  REQUIRE(r.overall.counted() == 4);
  REQUIRE(r.overall.met == 1);
  REQUIRE(r.overall.partial == 1);
  REQUIRE(r.overall.not_met == 2);
  REQUIRE(r.overall.unanswered == 1);
  REQUIRE(r.overall.points == Approx(1.5));
  REQUIRE(format_percent(r.overall.percent()) == "37.5");
  REQUIRE(format_percent(find(r.groups, "management")->percent()) == "75.0");
  REQUIRE(format_percent(find(r.groups, "technical")->percent()) == "0.0");
  REQUIRE(format_percent(find(r.categories, "policy")->percent()) == "75.0");
  REQUIRE_FALSE(find(r.categories, "people")->percent().has_value());  // only an excluded item
  REQUIRE(format_percent(find(r.categories, "people")->percent()) == "–");
  REQUIRE_FALSE(r.compliant);
  REQUIRE(r.gaps.size() == 3);
  REQUIRE(r.gaps_without_plan == 1);  // R4; R5 is flagged unanswered, not 'without a plan'
  REQUIRE(formula_text(r, Lang::en).find("= (1 + 0.5 × 1) / (5 − 1) × 100 = 37.5%") != std::string::npos);
  REQUIRE(formula_text(r, Lang::vi).find("= (1 + 0,5 × 1) / (5 − 1) × 100 = 37.5%") != std::string::npos);
}

TEST_CASE_METHOD(Fixture, "Scoring: one rule per status weight", "[scoring]") {
  Dossier d = read();
  auto item_points = [&](Status s, const char* justification) {
    d.assessment("R1")->status = s;
    d.assessment("R1")->justification = justification;
    ScoreResult r = score(regime(), d, Date{2026, 11, 24});
    for (const ItemScore& i : r.items)
      if (i.requirement->id == "R1") return i;
    FAIL("R1 not scored");
    return ItemScore{};
  };
  REQUIRE(item_points(Status::met, "").points == 1.0);
  REQUIRE(item_points(Status::partial, "").points == 0.5);
  REQUIRE(item_points(Status::not_met, "").points == 0.0);
  ItemScore na = item_points(Status::not_applicable, "không có");
  REQUIRE(na.excluded);
  ItemScore na_bare = item_points(Status::not_applicable, "");
  REQUIRE_FALSE(na_bare.excluded);
  REQUIRE(na_bare.points == 0.0);
  REQUIRE(na_bare.has(Flag::na_without_reason));
  ItemScore blank = item_points(Status::unanswered, "");
  REQUIRE(blank.points == 0.0);
  REQUIRE(blank.has(Flag::unanswered));
}

TEST_CASE_METHOD(Fixture, "Scoring: conditions decide which requirements count", "[scoring]") {
  Dossier d = read();
  d.answers.system["hosting"].choices = {"own", "cloud"};
  ScoreResult r = score(regime(), d, Date{2026, 11, 24});
  REQUIRE(r.items.size() == 6);  // R6 now applies, unanswered
  REQUIRE(format_percent(r.overall.percent()) == "30.0");  // 1.5 / 5
}

TEST_CASE_METHOD(Fixture, "Scoring: compliant only when every applicable requirement is met", "[scoring]") {
  Dossier d = read();
  for (const char* id : {"R2", "R4"}) d.assessment(id)->status = Status::met;
  d.assessments.push_back(Assessment{"R5", Status::met, "", "", {}, {}});
  ScoreResult r = score(regime(), d, Date{2026, 11, 24});
  REQUIRE(r.compliant);
  REQUIRE(format_percent(r.overall.percent()) == "100.0");
  REQUIRE(r.achieved_level == 2);
  REQUIRE(r.gaps.empty());
}

TEST_CASE_METHOD(Fixture, "Scoring: the achieved level is the highest level fully met", "[scoring]") {
  ScoreResult r = score(regime(), read(), Date{2026, 11, 24});
  REQUIRE(r.achieved_level == 1);  // level 1 = R1 (met) + R3 (justified N/A); level 2 has gaps
  Dossier d = read();
  d.assessment("R1")->status = Status::partial;
  REQUIRE(score(regime(), d, Date{2026, 11, 24}).achieved_level == 0);
}

TEST_CASE_METHOD(Fixture, "Scoring: the auditor's verdict takes precedence and differences are listed", "[scoring]") {
  Dossier d = read();
  d.audit = Audit{"Kiểm toán viên", "Đơn vị đánh giá", Date{2026, 11, 20},
                  {{"R1", Status::partial, "Chính sách chưa được ban hành"}, {"R2", Status::partial, ""}}};
  ScoreResult r = score(regime(), d, Date{2026, 11, 24});
  REQUIRE(r.audited);
  REQUIRE(r.discrepancies.size() == 1);  // R2 agrees
  REQUIRE(r.discrepancies[0].requirement->id == "R1");
  REQUIRE(r.discrepancies[0].self == Status::met);
  REQUIRE(r.discrepancies[0].auditor == Status::partial);
  REQUIRE(r.overall.points == Approx(1.0));  // R1 0.5 + R2 0.5
  REQUIRE(format_percent(r.overall.percent()) == "25.0");
  REQUIRE(r.achieved_level == 0);
  // The next assessment counts from the audit.
  REQUIRE(r.last_assessment == Date{2026, 11, 20});
  REQUIRE(r.next_assessment == Date{2027, 11, 20});
}

TEST_CASE_METHOD(Fixture, "Scoring: due dates of the assessment and the annual report", "[scoring]") {
  ScoreResult r = score(regime(), read(), Date{2026, 11, 24});
  REQUIRE(r.last_assessment == Date{2026, 1, 15});
  REQUIRE(r.next_assessment == Date{2027, 1, 15});
  REQUIRE_FALSE(r.assessment_overdue);
  REQUIRE(r.report_due == Date{2026, 12, 25});
  ScoreResult late = score(regime(), read(), Date{2027, 2, 1});
  REQUIRE(late.assessment_overdue);
  REQUIRE(late.report_due == Date{2027, 12, 25});
}

TEST_CASE("Scoring: Decree 85 assesses levels 3-4 yearly and level 5 every six months", "[scoring]") {
  Catalog cat = Catalog::load(test::criteria_dir());
  const Regime& r = *cat.find("nd85-2016");
  REQUIRE(r.assessment_for(3)->every.to_string() == "P1Y");
  REQUIRE(r.assessment_for(4)->every.to_string() == "P1Y");
  REQUIRE(r.assessment_for(5)->every.to_string() == "P6M");
  REQUIRE(cat.find("nd331-2026")->assessment_for(4)->every.to_string() == "P6M");
}

TEST_CASE("Scoring: the bundled example scores without surprises", "[scoring]") {
  Catalog cat = Catalog::load(test::criteria_dir());
  const Regime& r = *cat.find("nd331-2026");
  Diagnostics diags;
  Dossier d = read_dossier(test::data_dir() + "/../../templates/examples/portal-dossier.xml", r, diags);
  ScoreResult s = score(r, d, Date{2026, 11, 24});
  REQUIRE(s.items.size() == 218);
  REQUIRE(s.overall.met + s.overall.partial + s.overall.not_met + s.overall.excluded == s.overall.applicable);
  double by_groups = 0;
  for (const Tally& g : s.groups) by_groups += g.points;
  REQUIRE(by_groups == Approx(s.overall.points));
  REQUIRE(s.next_assessment == Date{2027, 10, 1});
}
