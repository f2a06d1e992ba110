#include <catch2/catch.hpp>

#include <sstream>

#include "capdo/criteria_loader.h"
#include "capdo/dossier.h"
#include "capdo/error.h"
#include "support/catalog.h"
#include "support/temp_dir.h"

using namespace capdo;

namespace {

const Catalog& catalog() { return test::shipped_catalog(); }
const Regime& nd331() { return test::nd331(); }
std::string example() { return test::example_dossier(); }

std::vector<std::string> messages(const Diagnostics& d) {
  std::string prefix = test::data_dir() + "/";
  std::vector<std::string> out;
  for (const Diagnostic& x : d) {
    std::string s = x.to_string();
    if (s.rfind(prefix, 0) == 0) s.erase(0, prefix.size());
    out.push_back(s);
  }
  return out;
}

}  // namespace

TEST_CASE("Dossier: the bundled example reads without diagnostics", "[dossier]") {
  Diagnostics d;
  Dossier x = read_dossier(example(), nd331(), d);
  for (const auto& m : messages(d)) UNSCOPED_INFO(m);
  REQUIRE(d.empty());
  REQUIRE(x.system.name == "Cổng dịch vụ công và Hệ thống thông tin giải quyết thủ tục hành chính tỉnh");
  REQUIRE(x.system.components.size() == 2);
  REQUIRE(x.answers.components.size() == 2);
  REQUIRE(x.assessed_level() == 3);
  REQUIRE(x.approval->decision == "1234/QĐ-UBND");
  REQUIRE(x.approval->date == Date{2026, 10, 1});
  REQUIRE(x.assessments.size() == 218);
}

TEST_CASE("Dossier: dossier to XML to dossier is equal, and the XML is stable", "[dossier]") {
  test::TempDir dir;
  Diagnostics d;
  Dossier a = read_dossier(example(), nd331(), d);
  a.audit = Audit{"Trần Văn Bình", "Trung tâm Giám sát an toàn", Date{2026, 11, 20},
                  {{"G01.01", Status::partial, "Thiếu sổ đăng ký rủi ro bên thứ ba"}}};
  a.assessments[0].evidence.push_back({"=HYPERLINK(\"http://x\",\"y\")", "ổ đĩa Đ:\\hồ sơ", std::nullopt});
  a.record("Kiểm thử – ắằẳẵặ ấầẩẫậ ếềểễệ ốồổỗộ ớờởỡợ ứừửữự ýỳỷỹỵ đĐ", "thử lưu");
  std::string xml = write_dossier(a, nd331());
  std::string path = dir.write("a.xml", xml);
  Diagnostics d2;
  Dossier b = read_dossier(path, nd331(), d2);
  REQUIRE(d2.empty());
  REQUIRE(b == a);
  REQUIRE(write_dossier(b, nd331()) == xml);
}

TEST_CASE("Dossier: unusable files are one error with their place", "[dossier]") {
  std::string dir = test::data_dir() + "/dossier/";
  Diagnostics d;
  REQUIRE_THROWS_WITH(read_dossier(dir + "bad-format.xml", nd331(), d),
                      dir + "bad-format.xml:2:18: error: unsupported dossier format '2.0' (this capdo reads format 1.x)");
  REQUIRE_THROWS_WITH(read_dossier(dir + "wrong-root.xml", nd331(), d),
                      dir + "wrong-root.xml:2:1: error: expected root element 'dossier', found 'answers'");
  REQUIRE_THROWS_WITH(read_dossier(example(), *catalog().find("nd85-2016"), d),
                      example() + ":3:31: error: dossier is for regime 'nd331-2026', not 'nd85-2016'");
}

TEST_CASE("Dossier: every problem of a readable dossier is reported with its place", "[dossier]") {
  Diagnostics d;
  read_dossier(test::data_dir() + "/dossier/bad-items.xml", nd331(), d);
  REQUIRE(messages(d) == std::vector<std::string>{
                             "dossier/bad-items.xml:4:19: error: 'nhiều' is not a whole number",
                             "dossier/bad-items.xml:8:20: error: answers name component 'b', which the system description does not list",
                             "dossier/bad-items.xml:10:20: error: level '7' is outside 1–5",
                             "dossier/bad-items.xml:11:29: error: '2026-02-30' is not a date (YYYY-MM-DD)",
                             "dossier/bad-items.xml:13:40: error: unknown status 'done' (expected met, partial, not-met, "
                             "not-applicable or unanswered)",
                             "dossier/bad-items.xml:14:24: error: requirement 'G01.01' is assessed twice",
                             "dossier/bad-items.xml:16:78: error: 'soon' is not a date (YYYY-MM-DD)",
                             "dossier/bad-items.xml:15:24: error: unknown requirement 'G1.01' in regime 'nd331-2026', did you mean 'G01.01'?",
                         });
}

TEST_CASE("Dossier: conditional requirements follow the answers", "[dossier]") {
  Diagnostics d;
  Dossier x = read_dossier(example(), nd331(), d);
  Classification c = classify(nd331(), x.answers);
  auto has = [](const std::vector<const Requirement*>& v, const char* id) {
    return std::any_of(v.begin(), v.end(), [&](const Requirement* r) { return r->id == id; });
  };
  REQUIRE(has(applicable_requirements(nd331(), x.answers, c, 3), "ND.06"));  // rented data centre
  x.answers.system["hosting"].choices = {"own_premises"};
  REQUIRE_FALSE(has(applicable_requirements(nd331(), x.answers, c, 3), "ND.06"));
  x.answers.system.erase("hosting");  // unknown: the requirement is kept, never hidden
  REQUIRE(has(applicable_requirements(nd331(), x.answers, c, 3), "ND.06"));
}

TEST_CASE("Dossier: a variant's wording applies when its criterion matched", "[dossier]") {
  const Regime& r = *catalog().find("nd85-2016");
  const Requirement& vpn = *r.requirement("D-P.01");
  Answers a;
  a.regime = r.id;
  std::string err;
  auto set = [&](const char* q, const char* v) { REQUIRE(parse_answer(*r.question(q), v, a.system[q], err)); };
  set("system_type", "citizen");
  set("info_types", "personal");
  set("personal_users", "9999");
  Classification below = classify(r, a);
  const Text& base = effective_text(r, vpn, 3, a, below);
  set("personal_users", "10000");
  Classification above = classify(r, a);
  const Text& product = effective_text(r, vpn, 3, a, above);
  REQUIRE(&base != &product);
  REQUIRE(&product == &vpn.at(3)->variants.front().text);
}
