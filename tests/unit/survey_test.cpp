#include "capdo/survey.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "capdo/criteria_loader.h"
#include "capdo/dossier.h"
#include "support/temp_dir.h"

using namespace capdo;

namespace {

using Kind = SurveyReply::Kind;

// tests/data/survey/regime.xml: secret (system yes-no), kind (component one-of), users (number
// 0–1000000, asked when kind = 'citizen'), hosting (system many-of); K1 internal → 1,
// K2 citizen < 1000 users → 2, K3 citizen ≥ 1000 → 3; requirements T1 (logs), M1 (policy),
// M2 (policy, only with cloud hosting), T2 (logs, level 3 only).
const Regime& test_regime() {
  static LoadResult r = [] {
    LoadResult x = load_regime(test::data_dir() + "/survey/regime.xml");
    for (const Diagnostic& d : x.diagnostics) UNSCOPED_INFO(d.to_string());
    return x;
  }();
  REQUIRE(r.ok());
  return *r.regime;
}

const Regime& nd331() {
  static Catalog cat = Catalog::load(test::criteria_dir());
  REQUIRE(cat.find("nd331-2026"));
  return *cat.find("nd331-2026");
}

SurveyOptions en() { return {Lang::en, "tester"}; }
SurveyOptions vi() { return {Lang::vi, "tester"}; }

// Answers each line and requires that none is refused.
void say(Survey& s, const std::vector<std::string>& lines) {
  for (const std::string& l : lines) {
    INFO("at '" << s.current().key << "' answering '" << l << "'");
    SurveyReply r = s.answer(l);
    INFO("reply: " << r.message);
    REQUIRE(r.kind != Kind::reprompt);
  }
}

// Skips prompts until the current one has this key.
void skip_to(Survey& s, const std::string& key) {
  for (int i = 0; i < 400 && !s.done() && s.current().key != key; ++i) s.answer("");
  REQUIRE(!s.done());
  REQUIRE(s.current().key == key);
}

// The reason a refused answer gives; the prompt must stay where it was.
std::string refused(Survey& s, const std::string& text) {
  std::string key = s.current().key;
  SurveyReply r = s.answer(text);
  REQUIRE(r.kind == Kind::reprompt);
  REQUIRE_FALSE(r.changed);
  REQUIRE(s.current().key == key);
  return r.message;
}

std::vector<std::string> keys_from(const Survey& s, const std::string& first) {
  std::vector<std::string> all = s.keys(), out;
  bool on = false;
  for (const std::string& k : all) {
    on = on || k == first;
    if (on) out.push_back(k);
  }
  return out;
}

// A fresh dossier taken to the level step: citizen system with 5000 users (level 3), own
// premises.
void to_level(Survey& s, const char* hosting = "own") {
  skip_to(s, "q:secret");
  say(s, {"no", "citizen", "5000", hosting});
  REQUIRE(s.current().key == "level");
}

}  // namespace

TEST_CASE("Survey: a new dossier starts at the unit's name and lists the three parts in order", "[survey]") {
  Dossier d;
  Survey s(test_regime(), d, en());
  REQUIRE(s.position() == 0);
  const Prompt& p = s.current();
  REQUIRE(p.key == "unit.name");
  REQUIRE(p.part == 1);
  REQUIRE(p.progress == "1/32");
  REQUIRE(p.section == "Part 1/3 — System description › Unit");
  REQUIRE(p.text == "Name of the unit (the body filling in this dossier)?");
  REQUIRE(s.keys() == std::vector<std::string>{
                          "unit.name", "unit.code", "unit.province", "unit.address", "unit.contact.name",
                          "unit.contact.role", "unit.contact.phone", "unit.contact.email",
                          "owner.name", "owner.address", "owner.contact.name", "owner.contact.phone", "owner.contact.email",
                          "operating-unit.name", "operating-unit.address", "operating-unit.contact.name",
                          "operating-unit.contact.phone", "operating-unit.contact.email",
                          "security-unit.name", "security-unit.address", "security-unit.contact.name",
                          "security-unit.contact.phone", "security-unit.contact.email",
                          "system.name", "system.code", "system.purpose", "system.users", "system.data-subjects",
                          "system.hosting.provider", "system.hosting.location",
                          "component[1].id", "connection[1].system",
                          "q:secret", "q:kind", "q:hosting", "level"});
  REQUIRE(d.regime == "survey-test");
  REQUIRE(d.catalog_version == "2026.1");
}

TEST_CASE("Survey: bad answers are re-asked with the exact reason", "[survey]") {
  Dossier d;
  Survey s(test_regime(), d, en());
  skip_to(s, "unit.contact.phone");
  REQUIRE(refused(s, "abc") == "'abc' is not a phone number");
  REQUIRE(refused(s, "12 34") == "'12 34' is not a phone number");
  say(s, {"0218 3852 123"});
  REQUIRE(refused(s, "an.nv") == "'an.nv' is not an e-mail address");
  REQUIRE(refused(s, "a@b@c") == "'a@b@c' is not an e-mail address");
  skip_to(s, "owner.name");
  REQUIRE(refused(s, "=") == "the unit has no name yet");
  skip_to(s, "system.users");
  REQUIRE(refused(s, "nhiều") == "'nhiều' is not a whole number");
  REQUIRE(refused(s, "-5") == "'-5' is not a whole number");
  skip_to(s, "component[1].id");
  REQUIRE(refused(s, "cổng dvc") ==
          "'cổng dvc' is not a valid id (letters, digits and _ . : -, starting with a letter or digit)");
  say(s, {"portal", "Cổng", "web"});
  REQUIRE(s.current().key == "component[2].id");
  REQUIRE(refused(s, "portal") == "component 'portal' is already listed");
  say(s, {""});
  REQUIRE(s.current().key == "connection[1].system");
  say(s, {"Cổng dịch vụ công quốc gia"});
  REQUIRE(refused(s, "sideways") == "'sideways' is not one of: in, out, both");
  skip_to(s, "q:secret");
  REQUIRE(refused(s, "maybe") == "'maybe' is not yes or no");
  say(s, {"no"});
  REQUIRE(s.current().key == "q:hosting");
  REQUIRE(refused(s, "own moon") == "'moon' is not one of: own, cloud");
  REQUIRE(refused(s, "Own premises, Moon") == "'Moon' is not one of: own, cloud");
  say(s, {"own"});
  REQUIRE(s.current().key == "q:kind@portal");
  REQUIRE(refused(s, "portal") == "'portal' is not one of: internal, citizen");
  REQUIRE(refused(s, "3") == "'3' is not one of: internal, citizen");
  say(s, {"2"});
  REQUIRE(s.current().key == "q:users@portal");
  REQUIRE(refused(s, "2000000") == "2000000 is outside 0–1000000");
  REQUIRE(refused(s, "many") == "'many' is not a whole number");
  say(s, {"5.000"});
  REQUIRE(s.current().key == "level");
  REQUIRE(refused(s, "maybe") == "'maybe' is not yes or a level (1–5)");
  REQUIRE(refused(s, "7") == "7 is outside 1–5");
  say(s, {"yes"});
  REQUIRE(s.current().key == "req:M1:status");
  REQUIRE(refused(s, "done") == "'done' is not one of: met (m), partial (p), not-met (n), not-applicable (na)");
  say(s, {"na"});
  REQUIRE(refused(s, "") == "a justification is required for not-applicable");
  REQUIRE(refused(s, "-") == "a justification is required for not-applicable");
  say(s, {"Không dùng", "met", ""});
  REQUIRE(s.current().key == "req:T1:evidence[1].title");
  say(s, {"Quy chế"});
  say(s, {""});
  REQUIRE(s.current().key == "req:T1:evidence[1].date");
  REQUIRE(refused(s, "2026-02-30") == "'2026-02-30' is not a date (YYYY-MM-DD)");
  REQUIRE(refused(s, "\xC3\x28") == "the answer is not valid UTF-8 text");
  REQUIRE(refused(s, "a\x01z") == "the answer contains control characters");

  SECTION("in Vietnamese") {
    Dossier v;
    Survey sv(test_regime(), v, vi());
    skip_to(sv, "unit.contact.email");
    REQUIRE(refused(sv, "an.nv") == "'an.nv' không phải là địa chỉ thư điện tử");
    skip_to(sv, "q:secret");
    REQUIRE(refused(sv, "có lẽ") == "'có lẽ' không phải là có hoặc không");
    say(sv, {"Không", "phuc vu nguoi dan"});  // a choice by its label, without marks
    REQUIRE(v.answers.system.at("kind").choice == "citizen");
    REQUIRE(refused(sv, "2000000") == "2000000 nằm ngoài khoảng 0–1000000");
    say(sv, {"5000", "1"});
    REQUIRE(refused(sv, "bảy") == "'bảy' không phải là 'có' hoặc một cấp độ (1–5)");
    say(sv, {"có"});
    REQUIRE(refused(sv, "xong") == "'xong' không phải là một trong: đạt (m), một phần (p), chưa đạt (n), không áp dụng (na)");
    say(sv, {"không áp dụng"});
    REQUIRE(refused(sv, "") == "cần nêu lý do không áp dụng");
    say(sv, {"Không dùng", "một phần", "", "Quy chế", "", "", ""});
    REQUIRE(sv.current().key == "req:T1:remediation.action");
    say(sv, {"", ""});
    REQUIRE(sv.current().key == "req:T1:remediation.due");
    REQUIRE(refused(sv, "30/06/2027") == "'30/06/2027' không phải là ngày hợp lệ (YYYY-MM-DD)");
  }
}

TEST_CASE("Survey: an empty answer skips, '?' shows the help and the citation, 'back' returns", "[survey]") {
  Dossier d;
  Survey s(test_regime(), d, en());
  REQUIRE(refused(s, "back") == "this is the first question");
  SurveyReply r = s.answer("");
  REQUIRE(r.kind == Kind::skipped);
  REQUIRE_FALSE(r.changed);
  REQUIRE(s.current().key == "unit.code");
  REQUIRE(d.unit.name.empty());
  r = s.answer("back");
  REQUIRE(r.kind == Kind::moved_back);
  REQUIRE(s.current().key == "unit.name");
  r = s.answer("  Sở Thông tin và Truyền thông  ");
  REQUIRE(r.kind == Kind::accepted);
  REQUIRE(r.changed);
  REQUIRE(d.unit.name == "Sở Thông tin và Truyền thông");
  REQUIRE(s.current().key == "unit.code");

  // Back on an answered prompt shows the answer; empty keeps it; "-" clears it.
  say(s, {"back"});
  REQUIRE(s.current().key == "unit.name");
  REQUIRE(s.current().current == "Sở Thông tin và Truyền thông");
  r = s.answer("");
  REQUIRE(r.kind == Kind::skipped);
  REQUIRE(d.unit.name == "Sở Thông tin và Truyền thông");
  say(s, {"back", "-"});
  REQUIRE(d.unit.name.empty());

  skip_to(s, "q:secret");
  r = s.answer("?");
  REQUIRE(r.kind == Kind::help);
  REQUIRE_FALSE(r.changed);
  REQUIRE(r.message == "Answer yes or no.\n"
                       "Citation: Decree 1/2026/NĐ-CP, Art. 5(1)\n"
                       "Commands: ? help and citation · back previous question · - clear the answer · empty: skip.");
  REQUIRE(s.current().key == "q:secret");
  r = s.answer("back");
  REQUIRE(r.kind == Kind::moved_back);
  REQUIRE(s.current().key == "connection[1].system");

  Dossier dv;
  Survey sv(test_regime(), dv, vi());
  skip_to(sv, "q:kind");
  r = sv.answer("?");
  REQUIRE(r.message == "Không có hướng dẫn thêm cho câu hỏi này.\n"
                       "Căn cứ: Khoản 2 Điều 9 Nghị định 1/2026/NĐ-CP\n"
                       "Lệnh: ? xem hướng dẫn và căn cứ · back quay lại câu trước · - xóa câu trả lời · để trống: bỏ qua.");
  REQUIRE(sv.answer("quay lại").kind == Kind::moved_back);
}

TEST_CASE("Survey: conditional questions appear and disappear with the answers they depend on", "[survey]") {
  Dossier d;
  Survey s(test_regime(), d, en());
  skip_to(s, "q:secret");
  say(s, {"no", "internal"});
  REQUIRE(keys_from(s, "q:secret") == std::vector<std::string>{"q:secret", "q:kind", "q:hosting", "level"});
  say(s, {"back", "citizen"});
  REQUIRE(keys_from(s, "q:secret") == std::vector<std::string>{"q:secret", "q:kind", "q:users", "q:hosting", "level"});
  REQUIRE(s.current().key == "q:users");
  REQUIRE(s.current().text == "How many users? (0–1000000)");
  say(s, {"5000"});
  REQUIRE(d.answers.system.at("users").number == 5000);
  // Back to the kind: the users question goes, and so does its answer.
  say(s, {"back", "back", "internal"});
  REQUIRE(keys_from(s, "q:secret") == std::vector<std::string>{"q:secret", "q:kind", "q:hosting", "level"});
  REQUIRE(d.answers.system.count("users") == 0);
  REQUIRE(s.current().key == "q:hosting");
}

TEST_CASE("Survey: the level step shows the computed level with its rationale and asks why for another", "[survey]") {
  Dossier d;
  Survey s(test_regime(), d, en());
  to_level(s);
  const Prompt& p = s.current();
  REQUIRE(p.section == "Part 2/3 — Level determination › Proposed level");
  REQUIRE(p.text == "The level your answers give:\n"
                    "Regime: Survey test regime (survey-test)\n"
                    "Proposed level: 3\n"
                    "\n"
                    "Rationale:\n"
                    "  [x] K3 → level 3\n"
                    "      Serves 1,000 people or more.\n"
                    "      Decree 1/2026/NĐ-CP, Art. 13(1)\n"
                    "  A system takes the highest level of its components. (Decree 1/2026/NĐ-CP, Art. 8(2))\n"
                    "\n"
                    "Confirm level 3? Answer 'yes' to confirm, or enter another level (1–5).");
  REQUIRE(p.citation == "Decree 1/2026/NĐ-CP, Art. 8(2)");

  say(s, {"2"});
  REQUIRE(d.proposal.proposed == 2);
  REQUIRE(s.current().key == "level.justification");
  REQUIRE(s.current().required);
  REQUIRE(s.current().text == "Why do you propose level 2 rather than level 3 from the criteria?");
  REQUIRE(refused(s, "") == "a justification is required for a level other than the computed one");
  say(s, {"The users are all staff of the province"});
  REQUIRE(d.proposal == LevelProposal{2, "The users are all staff of the province"});
  REQUIRE(s.current().key == "req:M1:status");
  REQUIRE(s.current().section == "Part 3/3 — Self-assessment at level 2 › Management requirements › Policy");

  // Confirming the computed level drops the justification and its prompt.
  say(s, {"back", "back", "yes"});
  REQUIRE(d.proposal == LevelProposal{3, ""});
  std::vector<std::string> keys = s.keys();
  REQUIRE(std::find(keys.begin(), keys.end(), "level.justification") == keys.end());
  REQUIRE(s.current().key == "req:M1:status");

  // A proposal the answers no longer support is asked again.
  d.answers.system["kind"].choice = "internal";
  d.answers.system.erase("users");
  Survey again(test_regime(), d, en());
  skip_to(again, "level");
  REQUIRE(again.current().current == "3");

  SECTION("no level from the criteria") {
    Dossier x;
    Survey sx(test_regime(), x, en());
    skip_to(sx, "level");
    REQUIRE(refused(sx, "yes") == "the criteria give no level; enter the level you propose (1–5)");
    say(sx, {"2"});
    REQUIRE(sx.current().text == "Why do you propose level 2? (the criteria give no level)");
  }
}

TEST_CASE("Survey: requirements are grouped by category and numbered", "[survey]") {
  Dossier d;
  Survey s(test_regime(), d, en());
  to_level(s);
  say(s, {"yes"});
  // M2 needs cloud hosting; policy comes before logs, as the categories are declared.
  REQUIRE(keys_from(s, "req:M1:status") == std::vector<std::string>{"req:M1:status", "req:T1:status", "req:T2:status"});
  const Prompt& m1 = s.current();
  REQUIRE(m1.progress == "1/3");
  REQUIRE(m1.part == 3);
  REQUIRE(m1.text == "M1 — Security policy [secondary]\n"
                     "    Issue the policy and review it yearly.\n"
                     "Status?");
  REQUIRE(m1.help == "Summary: Issue a policy.\nNote: A note on the policy.");
  REQUIRE(m1.citation == "Decree 1/2026/NĐ-CP, Art. 21(1)");
  REQUIRE(m1.choices.size() == 4);
  REQUIRE(m1.choices[3].key == "not-applicable (na)");
  REQUIRE(m1.choices[3].label == "Not applicable");
  say(s, {""});
  const Prompt& t1 = s.current();
  REQUIRE(t1.progress == "2/3");
  REQUIRE(t1.section == "Part 3/3 — Self-assessment at level 3 › Technical requirements › Logging");
  REQUIRE(t1.text == "T1 — System logs\n"
                     "    Keep logs.\n"
                     "    Parameters: Log retention: 6 months\n"
                     "Status?");
  REQUIRE(t1.citation == "Decree 1/2026/NĐ-CP, Art. 20; TCVN 1:2026 7.8.1");
  say(s, {""});
  REQUIRE(s.current().progress == "3/3");

  // Cloud hosting brings M2 in, numbered within the policy category.
  say(s, {"back", "back", "back", "back"});
  REQUIRE(s.current().key == "q:hosting");
  say(s, {"Own premises, 2, own"});
  REQUIRE(d.answers.system.at("hosting").choices == std::vector<std::string>{"own", "cloud"});
  REQUIRE(keys_from(s, "req:M1:status") ==
          std::vector<std::string>{"req:M1:status", "req:M2:status", "req:T1:status", "req:T2:status"});
  REQUIRE(s.current().key == "req:M1:status");
  REQUIRE(s.current().progress == "1/4");
}

TEST_CASE("Survey: not-applicable needs a justification, partial a plan, and evidence is a list", "[survey]") {
  Dossier d;
  Survey s(test_regime(), d, en());
  to_level(s);
  say(s, {"yes", "n/a"});
  REQUIRE(s.current().key == "req:M1:justification");
  REQUIRE(s.current().text == "M1 — Security policy\nWhy does this requirement not apply?");
  say(s, {"The provincial policy covers it"});
  REQUIRE(s.current().key == "req:T1:status");
  say(s, {"p", "Logs kept for 3 months", "Quy chế nhật ký", "vanban/qc.pdf", "2026-03-01"});
  REQUIRE(s.current().key == "req:T1:evidence[2].title");
  REQUIRE(s.current().text == "T1 — System logs\nEvidence 2: document title (empty: no more evidence)?");
  say(s, {"", "Extend retention to 6 months", "Phòng CNTT", "2027-06-30"});
  REQUIRE(s.current().key == "req:T2:status");
  say(s, {"not met", "Deploy a SIEM", "", ""});
  REQUIRE(s.done());

  REQUIRE(d.assessments.size() == 3);
  // Catalog order: T1, M1, T2.
  REQUIRE(d.assessments[0] == Assessment{"T1", Status::partial, "Logs kept for 3 months", "",
                                         {{"Quy chế nhật ký", "vanban/qc.pdf", Date{2026, 3, 1}}},
                                         {"Extend retention to 6 months", "Phòng CNTT", Date{2027, 6, 30}}});
  REQUIRE(d.assessments[1] == Assessment{"M1", Status::not_applicable, "", "The provincial policy covers it", {}, {}});
  REQUIRE(d.assessments[2] == Assessment{"T2", Status::not_met, "", "", {}, {"Deploy a SIEM", "", std::nullopt}});
  REQUIRE_FALSE(s.complete());
  REQUIRE(s.summary() == "incomplete; still to answer: 7 description fields, 1 of 3 requirements");

  // Another status drops what no longer belongs to it.
  Survey again(test_regime(), d, en());
  skip_to(again, "req:T2:remediation.owner");
  say(again, {"back", "back", "met"});
  REQUIRE(d.assessment("T2")->remediation.empty());
  REQUIRE(again.current().key == "req:T2:implementation");
  // "-" on an evidence title removes it.
  Survey ev(test_regime(), d, en());
  skip_to(ev, "req:T2:implementation");
  for (int i = 0; i < 8; ++i) say(ev, {"back"});
  REQUIRE(ev.current().key == "req:T1:evidence[1].title");
  say(ev, {"-"});
  REQUIRE(d.assessment("T1")->evidence.empty());
  REQUIRE(ev.current().key == "req:T2:implementation");
}

TEST_CASE("Survey: resuming starts at the first unanswered question", "[survey]") {
  test::TempDir dir;
  const std::string path = (dir.path() / "d.xml").string();
  Dossier d;
  {
    Survey s(test_regime(), d, en());
    say(s, {"Sở A", "", "Hòa Bình"});
    REQUIRE(s.current().key == "unit.address");
    save_dossier(path, d, test_regime());
  }
  Diagnostics diags;
  Dossier back = read_dossier(path, test_regime(), diags);
  REQUIRE(diags.empty());
  Survey s(test_regime(), back, en());
  REQUIRE(s.current().key == "unit.code");
  // From there on, prompts answered before are passed over.
  say(s, {""});
  REQUIRE(s.current().key == "unit.address");

  // A list the user has gone past is not asked again, and neither is anything answered.
  skip_to(s, "q:secret");
  say(s, {"no", "internal", "own", "yes", "m", "", ""});
  REQUIRE(s.current().key == "req:T1:status");
  save_dossier(path, back, test_regime());
  Dossier again = read_dossier(path, test_regime(), diags);
  Survey r(test_regime(), again, en());
  REQUIRE(r.current().key == "unit.code");
  say(r, {""});
  REQUIRE(r.current().key == "unit.address");
  skip_to(r, "system.hosting.location");
  say(r, {""});
  REQUIRE(r.current().key == "req:M1:implementation");
  // Nothing after the evidence list was answered: the user may not have seen it yet.
  say(r, {""});
  REQUIRE(r.current().key == "req:M1:evidence[1].title");
  say(r, {""});
  REQUIRE(r.current().key == "req:T1:status");

  SECTION("a complete dossier has nothing to ask") {
    Dossier full;
    Survey f(test_regime(), full, en());
    say(f, {"Sở A", "H28", "Hòa Bình", "Số 1", "An", "TP CNTT", "0218 385 2123", "an@hb.gov.vn", "=", "=", "=", "Cổng",
            "", "Dịch vụ công"});
    skip_to(f, "q:secret");
    say(f, {"no", "internal", "own", "yes", "m", "Quy chế", "", "m", "Nhật ký", ""});
    REQUIRE(f.done());
    REQUIRE(f.complete());
    REQUIRE(f.summary() == "dossier complete");
    Survey g(test_regime(), full, en());
    REQUIRE(g.done() == false);  // optional fields left empty are still offered
    REQUIRE(g.current().key == "system.code");
  }
}

TEST_CASE("Survey: components get their own level questions", "[survey]") {
  Dossier d;
  Survey s(test_regime(), d, en());
  skip_to(s, "component[1].id");
  REQUIRE(s.current().text ==
          "Does the system have several components? Enter the id of the first component (e.g. portal), or leave empty "
          "for a single-component system.");
  say(s, {"portal", "Cổng dịch vụ công", "web", "docs", "Quản lý văn bản", "", ""});
  REQUIRE(s.current().key == "connection[1].system");
  REQUIRE(d.system.components.size() == 2);
  REQUIRE(d.answers.components.size() == 2);
  REQUIRE(d.answers.components[1].name == "Quản lý văn bản");
  say(s, {""});
  REQUIRE(keys_from(s, "q:secret") == std::vector<std::string>{"q:secret", "q:hosting", "q:kind@portal", "q:kind@docs", "level"});
  say(s, {"no", "own"});
  REQUIRE(s.current().section == "Part 2/3 — Level determination › Component: Cổng dịch vụ công (portal)");
  say(s, {"citizen", "5000", "internal"});
  REQUIRE(s.current().key == "level");
  REQUIRE(s.current().text.find("  Component Cổng dịch vụ công (portal): level 3\n") != std::string::npos);
  REQUIRE(s.current().text.find("  Component Quản lý văn bản (docs): level 1\n") != std::string::npos);

  // Removing a component removes its answers; the last one's answers go back to the system.
  Survey t(test_regime(), d, en());
  skip_to(t, "component[2].kind");
  say(t, {"back", "back", "-"});
  REQUIRE(d.system.components.size() == 1);
  REQUIRE(d.answers.components.size() == 1);
  REQUIRE(t.current().key == "level");
  for (int i = 0; i < 20 && t.current().key != "component[1].id"; ++i) say(t, {"back"});
  say(t, {"-"});
  REQUIRE(d.system.components.empty());
  REQUIRE(d.answers.components.empty());
  REQUIRE(d.answers.system.at("kind").choice == "citizen");
  REQUIRE(d.answers.system.at("users").number == 5000);

  SECTION("a first component takes over the answers given for the whole system") {
    Dossier x;
    Survey sx(test_regime(), x, en());
    skip_to(sx, "q:secret");
    say(sx, {"no", "citizen", "5000"});
    skip_to(sx, "level");
    for (int i = 0; i < 6; ++i) say(sx, {"back"});
    REQUIRE(sx.current().key == "component[1].id");
    say(sx, {"web"});
    REQUIRE(x.answers.components.size() == 1);
    REQUIRE(x.answers.components[0].answers.at("kind").choice == "citizen");
    REQUIRE(x.answers.system.count("kind") == 0);
    REQUIRE(x.answers.system.at("secret").yes == false);
  }
}

TEST_CASE("Survey: '=' copies the unit into the owner, operating and security units", "[survey]") {
  Dossier d;
  Survey s(test_regime(), d, en());
  say(s, {"Sở A", "H28", "Hòa Bình", "Số 1", "Nguyễn Văn An", "Trưởng phòng", "0218 385 2123", "an@hb.gov.vn",
          "UBND tỉnh", "", "", "", "", "="});
  REQUIRE(d.operating_unit == d.unit);
  REQUIRE(s.current().key == "security-unit.name");
  say(s, {"="});
  REQUIRE(d.security_unit == d.unit);
  REQUIRE(s.current().key == "system.name");
}

TEST_CASE("Survey: history has one entry per part changed in a session", "[survey]") {
  Dossier d;
  {
    Survey s(test_regime(), d, en());
    say(s, {"Sở A", "H28"});
    to_level(s);
    say(s, {"yes", "m"});
  }
  std::vector<std::string> what;
  for (const HistoryEntry& h : d.history) {
    REQUIRE(h.who == "tester");
    what.push_back(h.what);
  }
  REQUIRE(what == std::vector<std::string>{"survey: system description", "survey: level questions",
                                           "survey: proposed level 3 (computed: 3)",
                                           "survey: self-assessment at level 3"});
  Survey again(test_regime(), d, en());
  say(again, {"", "Hòa Bình"});
  REQUIRE(d.history.size() == 5);
  REQUIRE(d.history.back().what == "survey: system description");
}

TEST_CASE("Survey: statuses are read in both languages and in short forms", "[survey]") {
  for (const char* m : {"met", "M", "1", "đạt", "Đạt", "dat", "đáp ứng đầy đủ", "Đáp ứng"})
    REQUIRE(parse_survey_status(m) == Status::met);
  for (const char* p : {"partial", "p", "2", "một phần", "Một phần", "đáp ứng một phần", "mot phan"})
    REQUIRE(parse_survey_status(p) == Status::partial);
  for (const char* n : {"not-met", "not met", "n", "3", "chưa đạt", "Chưa đáp ứng", "không đạt"})
    REQUIRE(parse_survey_status(n) == Status::not_met);
  for (const char* na : {"not-applicable", "NA", "n/a", "4", "không áp dụng", "Không áp dụng", "khong ap dung",
                         "KHÔNG ÁP DỤNG", "kho\u0302ng a\u0301p du\u0323ng" /* decomposed */})
    REQUIRE(parse_survey_status(na) == Status::not_applicable);
  for (const char* bad : {"", "yes", "5", "đ", "metx"}) REQUIRE_FALSE(parse_survey_status(bad));
}

TEST_CASE("Survey: the summary says what remains, in both languages", "[survey]") {
  Dossier d;
  Survey s(test_regime(), d, en());
  REQUIRE(s.summary() == "incomplete; still to answer: 7 description fields, 3 level questions, the proposed level");
  Survey v(test_regime(), d, vi());
  REQUIRE(v.summary() == "chưa đầy đủ; còn thiếu: 7 mục mô tả hệ thống, 3 câu hỏi xác định cấp độ, cấp độ đề xuất");
  to_level(s);
  say(s, {"yes"});
  Survey v2(test_regime(), d, vi());
  REQUIRE(v2.summary() == "chưa đầy đủ; còn thiếu: 7 mục mô tả hệ thống, 3/3 yêu cầu");
}

TEST_CASE("Survey: prompts render with section, numbered choices and the current answer", "[survey]") {
  Dossier d;
  Survey s(test_regime(), d, vi());
  skip_to(s, "q:kind");
  REQUIRE(render_prompt(s.current(), Lang::vi, true) == "\n== Phần 2/3 — Xác định cấp độ ==\n"
                                                         "[2/4] Loại hệ thống?\n"
                                                         "  1) internal — Nội bộ\n"
                                                         "  2) citizen — Phục vụ người dân\n");
  say(s, {"nội bộ", "back"});
  REQUIRE(render_prompt(s.current(), Lang::vi, false) == "[2/4] Loại hệ thống?\n"
                                                          "  1) internal — Nội bộ\n"
                                                          "  2) citizen — Phục vụ người dân\n"
                                                          "  [hiện tại: internal — để trống để giữ nguyên]\n");
}

TEST_CASE("Survey: a provincial portal under Decree 331 reaches level 3 and its 218 requirements",
          "[survey][shipped]") {
  Dossier d;
  Survey s(nd331(), d, en());
  skip_to(s, "q:boundary_ok");
  say(s, {"yes", "no", "yes", "citizen", "public personal", "no", "yes", "Không", "85.000", "0", "yes", "no", "no", "3",
          "no", "no", "rented_dc"});
  REQUIRE(s.current().key == "level");
  REQUIRE(s.current().text.find("Proposed level: 3\n") != std::string::npos);
  REQUIRE(s.current().text.find("  [x] N3.2.b → level 3\n") != std::string::npos);
  say(s, {"yes"});
  REQUIRE(s.current().progress == "1/218");
  REQUIRE(s.current().key == "req:G01.01:status");
  REQUIRE(s.current().section == "Part 3/3 — Self-assessment at level 3 › Management requirements › Cybersecurity risk management");
  say(s, {"đạt", "", ""});
  REQUIRE(s.current().progress == "2/218");
  REQUIRE(s.current().text.find("    Parameters: Risk-management procedure review: yearly\n") != std::string::npos);
}
