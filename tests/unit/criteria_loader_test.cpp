#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "capdo/criteria_loader.h"
#include "capdo/error.h"
#include "support/temp_dir.h"

using namespace capdo;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> rendered(const Diagnostics& d) {
  std::string prefix = test::data_dir() + "/";
  std::vector<std::string> out;
  for (const Diagnostic& x : d) {
    std::string s = x.to_string();
    for (std::size_t p; (p = s.find(prefix)) != std::string::npos;) s.erase(p, prefix.size());
    out.push_back(s);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> read_lines(const fs::path& p) {
  std::ifstream in(p);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("CriteriaLoader: a minimal regime loads with no diagnostics", "[criteria]") {
  LoadResult r = load_regime(test::data_dir() + "/criteria-good/mini.xml");
  INFO(rendered(r.diagnostics).size());
  REQUIRE(r.diagnostics.empty());
  REQUIRE(r.ok());
  REQUIRE(r.regime->requirement("R1")->at(1) != nullptr);
  REQUIRE(r.regime->requirement("R1")->at(2) == nullptr);
}

TEST_CASE("CriteriaLoader: every bad fixture gets exactly its expected diagnostics", "[criteria]") {
  std::vector<fs::path> fixtures;
  for (const auto& e : fs::recursive_directory_iterator(test::data_dir() + "/criteria-bad"))
    if (e.path().extension() == ".xml" && fs::exists(fs::path(e.path()).replace_extension(".expected")))
      fixtures.push_back(e.path());
  std::sort(fixtures.begin(), fixtures.end());
  REQUIRE(fixtures.size() >= 10);
  for (const fs::path& f : fixtures) {
    SECTION(f.filename().string()) {
      LoadResult r = validate_file(f.string());
      std::vector<std::string> expected = read_lines(fs::path(f).replace_extension(".expected"));
      REQUIRE_FALSE(expected.empty());
      REQUIRE(rendered(r.diagnostics) == expected);
      REQUIRE_FALSE(r.ok());
    }
  }
}

TEST_CASE("CriteriaLoader: duplicate id and level 9 are both reported with line and column", "[criteria]") {
  LoadResult r = validate_file(test::data_dir() + "/criteria-bad/duplicate-and-level9.xml");
  std::vector<std::string> d = rendered(r.diagnostics);
  REQUIRE(d == std::vector<std::string>{
                   "criteria-bad/duplicate-and-level9.xml:19:31: error: level '9' is outside 1–5",
                   "criteria-bad/duplicate-and-level9.xml:26:22: error: duplicate requirement id 'R1' (first defined at "
                   "criteria-bad/duplicate-and-level9.xml:22:22)"});
}

TEST_CASE("CriteriaLoader: every shipped criteria file loads with zero diagnostics", "[criteria][shipped]") {
  Catalog cat = Catalog::load(test::criteria_dir());
  for (const Diagnostic& d : cat.diagnostics()) UNSCOPED_INFO(d.to_string());
  REQUIRE(cat.diagnostics().empty());
  REQUIRE(cat.find("nd85-2016"));
  REQUIRE(cat.find("nd331-2026"));
  for (const auto& regime : cat.regimes()) {
    LoadResult r = load_regime(regime->source_file);
    REQUIRE(r.files.size() == 4);
    REQUIRE(r.diagnostics.empty());
  }
}

namespace {

std::map<std::string, std::size_t> count_by_prefix(const Regime& r, int level) {
  std::map<std::string, std::size_t> n;
  for (const Requirement* q : r.requirements_at(level)) n[q->id.substr(0, q->id.find_first_of("-."))]++;
  return n;
}

}  // namespace

TEST_CASE("CriteriaLoader: nd85-2016 matches the Circular 12 annex counts", "[criteria][shipped]") {
  Catalog cat = Catalog::load(test::criteria_dir());
  auto r = cat.find("nd85-2016");
  REQUIRE(r);
  REQUIRE(r->requirements.size() == 82);
  // Level: management (M-), configuration (T-), zones + design options (D-).
  const int expected[5][3] = {{15, 13, 6}, {18, 17, 11}, {22, 21, 23}, {22, 21, 25}, {22, 21, 27}};
  for (int level = 1; level <= 5; ++level) {
    auto n = count_by_prefix(*r, level);
    INFO("level " << level);
    REQUIRE(n["M"] == static_cast<std::size_t>(expected[level - 1][0]));
    REQUIRE(n["T"] == static_cast<std::size_t>(expected[level - 1][1]));
    REQUIRE(n["D"] == static_cast<std::size_t>(expected[level - 1][2]));
  }
  const Requirement* endpoint = r->requirement("M-1.5.4");
  REQUIRE(endpoint);
  REQUIRE(endpoint->levels.front().level == 3);
  REQUIRE(r->requirement("M-1.5.8")->at(2)->annex_item == "I.1.5.4");
  REQUIRE(r->requirement("M-1.5.8")->at(3)->annex_item == "I.1.5.8");
  REQUIRE(r->requirement("T-1.1.6")->at(1)->clause == "5.2.1.5");
}

TEST_CASE("CriteriaLoader: nd331-2026 matches the TCVN 14423 item counts and drop-outs", "[criteria][shipped]") {
  Catalog cat = Catalog::load(test::criteria_dir());
  auto r = cat.find("nd331-2026");
  REQUIRE(r);
  REQUIRE(r->requirements.size() == 318);
  const std::size_t expected[5] = {111, 131, 195, 273, 288};
  for (int level = 1; level <= 5; ++level) {
    INFO("level " << level);
    REQUIRE(count_by_prefix(*r, level)["G01"] > 0);
    std::size_t g = 0;
    for (const Requirement* q : r->requirements_at(level)) g += q->id[0] == 'G';
    REQUIRE(g == expected[level - 1]);
  }
  // Items that drop out at higher levels (nd331-2026.md §13).
  REQUIRE(r->requirement("G12.35")->at(2));
  REQUIRE_FALSE(r->requirement("G12.35")->at(1));
  REQUIRE_FALSE(r->requirement("G12.35")->at(3));
  REQUIRE_FALSE(r->requirement("G12.38")->at(3));
  REQUIRE(r->requirement("G12.38")->at(4));
  REQUIRE(r->requirement("G12.28")->at(1));
  REQUIRE_FALSE(r->requirement("G12.28")->at(2));
  REQUIRE(r->requirement("G12.28")->at(3));
  REQUIRE_FALSE(r->requirement("G16.03")->at(4));
  // Every TCVN item is from a secondary source and says so.
  for (const Requirement& q : r->requirements)
    if (q.id[0] == 'G') REQUIRE(q.confidence != Confidence::verified);
  // Per-level parameters.
  const LevelEntry* l4 = r->requirement("G08.10")->at(4);
  REQUIRE(l4);
  auto it = std::find_if(l4->params.begin(), l4->params.end(), [](const ParamValue& p) { return p.ref == "log_retention"; });
  REQUIRE(it != l4->params.end());
  REQUIRE(it->value == "P6M");
}

TEST_CASE("CriteriaLoader: the regime in force is picked by date", "[criteria][shipped]") {
  Catalog cat = Catalog::load(test::criteria_dir());
  REQUIRE(choose_regime(cat, "", Date{2026, 8, 18}).regime->id == "nd85-2016");
  REQUIRE(choose_regime(cat, "", Date{2026, 8, 19}).regime->id == "nd331-2026");
  RegimeChoice c = choose_regime(cat, "", Date{2026, 11, 24});
  REQUIRE(c.regime->id == "nd331-2026");
  REQUIRE(c.notice == "using regime 'nd331-2026' (in force on 2026-11-24)");
  RegimeChoice legacy = choose_regime(cat, "nd85-2016", Date{2026, 11, 24});
  REQUIRE(legacy.warnings == std::vector<std::string>{
                                 "regime 'nd85-2016' applies after 2026-08-18 only to transitional appraisals (until 2027-01-01)"});
  REQUIRE_THROWS_WITH(choose_regime(cat, "nd85-2016", Date{2027, 3, 1}),
                      "regime 'nd85-2016' ended on 2026-08-18 and its transitional period on 2027-01-01");
  REQUIRE_THROWS_WITH(choose_regime(cat, "nd85", Date{2026, 11, 24}), "unknown regime 'nd85', did you mean 'nd85-2016'?");
  REQUIRE_THROWS_WITH(choose_regime(cat, "", Date{2010, 1, 1}), "no regime is in force on 2010-01-01; choose one with --regime");
}

TEST_CASE("CriteriaLoader: a missing criteria folder is an I/O error", "[criteria]") {
  REQUIRE_THROWS_AS(Catalog::load("/nonexistent/criteria"), IoError);
}
