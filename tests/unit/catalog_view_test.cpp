#include <catch2/catch.hpp>

#include "capdo/catalog_view.h"
#include "capdo/criteria_loader.h"
#include "support/catalog.h"
#include "support/temp_dir.h"

using namespace capdo;

namespace {
const Catalog& catalog() { return test::shipped_catalog(); }
}  // namespace

TEST_CASE("CatalogView: the TSV list has one requirement per line, id first", "[view]") {
  const Regime& r = *catalog().find("nd85-2016");
  std::string tsv = render_requirement_list(r, 1, "", ListFormat::tsv, Lang::en);
  std::size_t lines = static_cast<std::size_t>(std::count(tsv.begin(), tsv.end(), '\n'));
  REQUIRE(lines == 1 + r.requirements_at(1).size());
  REQUIRE(tsv.find("\nM-1.1.1\tmanagement\tpolicy\tverified\tChính sách an toàn thông tin\t") != std::string::npos);
  std::string mgmt = render_requirement_list(r, 3, "management", ListFormat::tsv, Lang::en);
  REQUIRE(mgmt.find("\nT-") == std::string::npos);
  REQUIRE(mgmt.find("\nM-1.5.4\t") != std::string::npos);
}

TEST_CASE("CatalogView: secondary items carry their mark in text output", "[view]") {
  const Regime& r = *catalog().find("nd331-2026");
  std::string en = render_requirement_list(r, 3, "G08", ListFormat::text, Lang::en);
  REQUIRE(en.find("G08.10") != std::string::npos);
  REQUIRE(en.find("[secondary]") != std::string::npos);
  std::string vi = render_item(r, "G08.10", Lang::vi);
  REQUIRE(vi.find("[nguồn thứ cấp]") != std::string::npos);
  REQUIRE(vi.find("Cấp độ 4") != std::string::npos);
  REQUIRE(render_item(r, "nope", Lang::en).empty());
}

TEST_CASE("CatalogView: citations render in both languages", "[view]") {
  const Regime& r = *catalog().find("nd85-2016");
  Cite c{"d85", "9", "2", "c", "", "", ""};
  REQUIRE(format_cite(c, r, Lang::en) == "Decree 85/2016/NĐ-CP, Art. 9(2)(c)");
  REQUIRE(format_cite(c, r, Lang::vi) == "Điểm c khoản 2 Điều 9 Nghị định 85/2016/NĐ-CP");
  Cite k{"d85", "5", "2", "", "", "", ""};
  REQUIRE(format_cite(k, r, Lang::vi) == "Khoản 2 Điều 5 Nghị định 85/2016/NĐ-CP");
}
