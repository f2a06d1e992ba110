#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>

#include "capdo/classify.h"
#include "capdo/criteria_loader.h"
#include "capdo/xml_source.h"
#include "support/catalog.h"
#include "support/temp_dir.h"

using namespace capdo;
namespace fs = std::filesystem;

namespace {

const Catalog& catalog() { return test::shipped_catalog(); }

std::set<std::string> words(const char* s) {
  std::set<std::string> out;
  std::istringstream in(s);
  for (std::string w; in >> w;) out.insert(w);
  return out;
}

std::set<std::string> matched_ids(const Classification& c) {
  std::set<std::string> out;
  for (const ComponentResult& r : c.components)
    for (const CriterionMatch& m : r.matched) out.insert(m.criterion->id);
  return out;
}

std::string join(const std::set<std::string>& s) {
  std::string out;
  for (const auto& x : s) out += (out.empty() ? "" : " ") + x;
  return out;
}

Classification classify_xml(const Regime& r, const std::string& xml) {
  XmlSource src = XmlSource::parse("inline.xml", xml);
  Diagnostics d;
  Answers a = read_answers(src, src.root(), r, d);
  for (const Diagnostic& x : d) UNSCOPED_INFO(x.to_string());
  REQUIRE(d.empty());
  return classify(r, a);
}

}  // namespace

// The case files hold, for every criterion of each regime, a case that meets it and one that
// just misses it (tests/data/classify/*.cases.xml).
TEST_CASE("Classify: every case of the case files gives its expected result", "[classify]") {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(test::data_dir() + "/classify"))
    if (e.path().string().size() > 10 && e.path().string().rfind(".cases.xml") == e.path().string().size() - 10)
      files.push_back(e.path());
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() == 2);
  for (const fs::path& f : files) {
    XmlSource src = XmlSource::load(f.string());
    auto regime = catalog().find(src.root().attribute("regime").value());
    REQUIRE(regime);
    std::set<std::string> hit_cover, miss_cover, check_cover, gap_cover;
    for (pugi::xml_node c : src.root().children("case")) {
      std::string id = c.attribute("id").value();
      INFO(f.filename().string() << ": case '" << id << "'");
      Diagnostics d;
      Answers a = read_answers(src, c.child("answers"), *regime, d);
      for (const Diagnostic& x : d) UNSCOPED_INFO(x.to_string());
      REQUIRE(d.empty());
      Classification r = classify(*regime, a);
      std::set<std::string> got = matched_ids(r);
      for (const std::string& h : words(c.attribute("hits").value())) {
        INFO("expected hit " << h << ", matched: " << join(got));
        REQUIRE(got.count(h) == 1);
        hit_cover.insert(h);
      }
      for (const std::string& m : words(c.attribute("misses").value())) {
        INFO("expected miss " << m << ", matched: " << join(got));
        REQUIRE(got.count(m) == 0);
        miss_cover.insert(m);
      }
      REQUIRE(std::string(to_string(r.status)) == c.attribute("status").value());
      REQUIRE(r.level == c.attribute("level").as_int(0));
      if (pugi::xml_attribute fa = c.attribute("findings")) {
        std::set<std::string> fired;
        for (const Finding& x : r.findings) fired.insert(x.check->id);
        REQUIRE(join(fired) == join(words(fa.value())));
        check_cover.insert(fired.begin(), fired.end());
      }
      if (pugi::xml_attribute ga = c.attribute("gaps")) {
        std::set<std::string> gaps;
        for (const ComponentResult& cr : r.components)
          for (const Gap* g : cr.gaps) gaps.insert(g->id);
        REQUIRE(join(gaps) == join(words(ga.value())));
        gap_cover.insert(gaps.begin(), gaps.end());
      }
    }
    INFO(f.filename().string());
    for (const Criterion& cr : regime->criteria) {
      INFO("criterion " << cr.id << " needs a case that meets it and one that just misses it");
      REQUIRE(hit_cover.count(cr.id) == 1);
      REQUIRE(miss_cover.count(cr.id) == 1);
    }
    for (const Check& ch : regime->checks) {
      INFO("check " << ch.id << " needs a case where it fires");
      REQUIRE(check_cover.count(ch.id) == 1);
    }
    for (const Gap& g : regime->gaps) {
      INFO("gap " << g.id << " needs a case where it is reported");
      REQUIRE(gap_cover.count(g.id) == 1);
    }
  }
}

TEST_CASE("Classify: the highest level wins across components", "[classify]") {
  const Regime& r = *catalog().find("nd85-2016");
  Classification c = classify_xml(r, R"(<answers regime="nd85-2016">
    <answer q="boundary_ok">yes</answer><answer q="in_scope">yes</answer>
    <answer q="hosting">own_premises</answer><answer q="has_wireless">no</answer>
    <component id="hr"><answer q="system_type">internal</answer><answer q="info_types">personal</answer>
      <answer q="defence_security">no</answer><answer q="national_egov">no</answer><answer q="national_data">no</answer>
      <answer q="pm_decision">no</answer><answer q="is_email_system">no</answer></component>
    <component id="portal"><answer q="system_type">citizen</answer><answer q="info_types">public personal</answer>
      <answer q="defence_security">no</answer><answer q="public_service_level">level_3_4</answer>
      <answer q="conditional_line">no</answer><answer q="personal_users">500</answer>
      <answer q="national_egov">no</answer><answer q="national_data">no</answer>
      <answer q="pm_decision">no</answer><answer q="is_email_system">no</answer></component>
  </answers>)");
  REQUIRE(c.status == LevelStatus::determined);
  REQUIRE(c.level == 3);
  REQUIRE(c.components.size() == 2);
  REQUIRE(c.components[0].level == 2);
  REQUIRE(c.components[0].matched.front().criterion->id == "C2.1");
  REQUIRE(c.components[1].level == 3);
  REQUIRE(c.components[1].matched.front().criterion->id == "C3.2.a");
}

TEST_CASE("Classify: an unanswered question that could raise the level makes it partial", "[classify]") {
  const Regime& r = *catalog().find("nd85-2016");
  Classification c = classify_xml(r, R"(<answers regime="nd85-2016">
    <answer q="boundary_ok">yes</answer><answer q="in_scope">yes</answer>
    <answer q="hosting">own_premises</answer><answer q="has_wireless">no</answer>
    <answer q="system_type">citizen</answer><answer q="info_types">personal</answer>
    <answer q="defence_security">no</answer><answer q="public_service_level">none</answer>
    <answer q="conditional_line">no</answer>
    <answer q="national_egov">no</answer><answer q="national_data">no</answer>
    <answer q="pm_decision">no</answer><answer q="is_email_system">no</answer>
  </answers>)");
  REQUIRE(c.status == LevelStatus::partial);
  REQUIRE(c.level == 2);
  REQUIRE(c.missing.size() == 1);
  REQUIRE(c.missing[0].question->id == "personal_users");
  REQUIRE(c.reasons.size() == 1);
  REQUIRE(c.reasons[0].en == "criteria C3.2.c cannot be decided because question 'personal_users' is unanswered");
}

TEST_CASE("Classify: a blocking check leaves the level undetermined with its reason", "[classify]") {
  const Regime& r = *catalog().find("nd331-2026");
  Classification c = classify_xml(r, R"(<answers regime="nd331-2026">
    <answer q="boundary_ok">yes</answer><answer q="split_to_lower">yes</answer>
    <answer q="system_type">internal</answer><answer q="info_types">public</answer>
  </answers>)");
  REQUIRE(c.status == LevelStatus::undetermined);
  REQUIRE(c.level == 0);
  REQUIRE(c.reasons.front().en.rfind("Systems may not be split or merged", 0) == 0);
  std::string text = render_classification_text(c, Lang::en);
  REQUIRE(text.find("Proposed level: undetermined") != std::string::npos);
}

TEST_CASE("Classify: the XML result carries both languages and the citations", "[classify]") {
  const Regime& r = *catalog().find("nd331-2026");
  Classification c = classify_xml(r, R"(<answers regime="nd331-2026">
    <answer q="boundary_ok">yes</answer><answer q="split_to_lower">no</answer><answer q="in_scope">yes</answer>
    <answer q="ns_critical">no</answer><answer q="hosting">own_premises</answer>
    <answer q="system_type">citizen</answer><answer q="info_types">personal</answer>
    <answer q="defence_security">no</answer><answer q="admin_procedures">yes</answer>
    <answer q="conditional_line">no</answer><answer q="basic_subjects">5000</answer>
    <answer q="sensitive_subjects">0</answer><answer q="national_egov">no</answer>
    <answer q="national_data">no</answer><answer q="risk_level">3</answer>
  </answers>)");
  REQUIRE(c.status == LevelStatus::determined);
  REQUIRE(c.level == 3);
  std::string xml = render_classification_xml(c);
  REQUIRE(xml.find(R"(<match criterion="N3.2.b" level="3" confidence="verified">)") != std::string::npos);
  REQUIRE(xml.find(R"x(vi="Điểm b khoản 2 Điều 13 Nghị định 331/2026/NĐ-CP" en="Decree 331/2026/NĐ-CP, Art. 13(2)(b)")x") !=
          std::string::npos);
}

TEST_CASE("Classify: an answer to a question that does not apply is ignored, not used", "[classify]") {
  const Regime& r = *catalog().find("nd331-2026");
  // national_egov is asked only of citizen and infrastructure systems.
  Classification c = classify_xml(r, R"(<answers regime="nd331-2026">
    <answer q="boundary_ok">yes</answer><answer q="split_to_lower">no</answer><answer q="in_scope">yes</answer>
    <answer q="ns_critical">no</answer><answer q="hosting">own_premises</answer>
    <answer q="system_type">internal</answer><answer q="info_types">personal</answer>
    <answer q="defence_security">no</answer><answer q="national_data">no</answer>
    <answer q="national_egov">yes</answer><answer q="nonstop_24x7">yes</answer><answer q="risk_level">2</answer>
  </answers>)");
  REQUIRE(c.status == LevelStatus::determined);
  REQUIRE(c.level == 2);
  REQUIRE(c.ignored.size() == 2);
  REQUIRE(c.ignored[0].question->id == "national_egov");
  REQUIRE(c.ignored[1].question->id == "nonstop_24x7");
}
