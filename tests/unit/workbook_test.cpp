#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "capdo/criteria_loader.h"
#include "capdo/dossier.h"
#include "capdo/error.h"
#include "capdo/workbook_import.h"
#include "capdo/workbook_template.h"
#include "capdo/xlsx_reader.h"
#include "support/catalog.h"
#include "support/temp_dir.h"

using namespace capdo;

namespace {

const Regime& nd331() { return test::nd331(); }
std::string example() { return test::example_dossier(); }
std::string fixture(const std::string& name) { return test::data_dir() + "/xlsx/" + name; }

Dossier load_example() {
  Diagnostics d;
  Dossier x = read_dossier(example(), nd331(), d);
  REQUIRE_FALSE(d.has_errors());
  return x;
}

std::string bytes_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream os;
  os << in.rdbuf();
  return os.str();
}

/// Diagnostics without the folder of the workbook.
std::vector<std::string> messages(const Diagnostics& d, const std::string& dir) {
  std::vector<std::string> out;
  for (const Diagnostic& x : d) {
    std::string s = x.to_string();
    if (s.rfind(dir + "/", 0) == 0) s.erase(0, dir.size() + 1);
    out.push_back(s);
  }
  return out;
}

XlsxSheet& sheet(XlsxBook& b, const std::string& name) {
  for (XlsxSheet& s : b.sheets)
    if (s.name == name) return s;
  FAIL("no sheet " << name);
  throw 0;
}

/// Plays a user typing into a cell.
void put(XlsxSheet& s, const char* ref, const std::string& text) {
  int row = 0, col = 0;
  REQUIRE(parse_cell_ref(ref, row, col));
  XlsxCell c;
  c.kind = text.empty() ? CellKind::empty : CellKind::string;
  c.text = text;
  s.set(row, col, c);
}

void put_number(XlsxSheet& s, const char* ref, double v) {
  int row = 0, col = 0;
  REQUIRE(parse_cell_ref(ref, row, col));
  XlsxCell c;
  c.kind = CellKind::number;
  c.number = v;
  c.text = fmt::format("{}", v);
  s.set(row, col, c);
}

/// A dossier without what a workbook does not carry: history, and empty unanswered items.
Dossier comparable(Dossier d) {
  d.history.clear();
  std::vector<Assessment> kept;
  for (const Assessment& a : d.assessments)
    if (!(a == Assessment{a.requirement, Status::unanswered, "", "", {}, {}})) kept.push_back(a);
  d.assessments = kept;
  return d;
}

}  // namespace

TEST_CASE("Workbook: a template made from a dossier imports back to the same dossier", "[workbook]") {
  test::TempDir dir;
  Dossier original = load_example();
  // Text a spreadsheet could take for a formula, and every Vietnamese diacritic.
  original.assessments[1].evidence.push_back({"=HYPERLINK(\"http://x\",\"y\")", "+84 212 3850 123", Date{2026, 1, 2}});
  original.assessments[2].implementation =
      "Đủ dấu: àáảãạ ăằắẳẵặ âầấẩẫậ đ èéẻẽẹ êềếểễệ ìíỉĩị òóỏõọ ôồốổỗộ ơờớởỡợ ùúủũụ ưừứửữự ỳýỷỹỵ "
      "ÀÁẢÃẠ ĂẰẮẲẴẶ ÂẦẤẨẪẬ Đ ÈÉẺẼẸ ÊỀẾỂỄỆ ÌÍỈĨỊ ÒÓỎÕỌ ÔỒỐỔỖỘ ƠỜỚỞỠỢ ÙÚỦŨỤ ƯỪỨỬỮỰ ỲÝỶỸỴ\nhai dòng";
  original.system.purpose = "-1 là giá trị thử; @mention";
  for (Lang lang : {Lang::vi, Lang::en}) {
    INFO(to_string(lang));
    std::string path = (dir.path() / fmt::format("p-{}.xlsx", to_string(lang))).string();
    TemplateOptions opt;
    opt.dossier = &original;
    opt.lang = lang;
    TemplateSummary s = write_template(path, nd331(), opt);
    REQUIRE(s.level == 3);
    REQUIRE(s.conditions_applied);
    XlsxBook book = read_xlsx(path);
    // The formula-like evidence is a string cell, not a formula.
    const XlsxSheet* req = book.sheet(lang == Lang::vi ? "Yêu cầu" : "Requirements");
    REQUIRE(req);
    REQUIRE(req->cell("M3")->kind == CellKind::string);
    REQUIRE_FALSE(req->cell("M3")->formula);
    REQUIRE(req->text("M3") == "Sổ đăng ký rủi ro 2026\n=HYPERLINK(\"http://x\",\"y\")");

    // With the dossier as base, everything comes back.
    ImportOptions io;
    io.base = &original;
    ImportResult r = import_workbook(book, nd331(), io);
    INFO(messages(r.diagnostics, dir.path().string()).size());
    REQUIRE(r.diagnostics.empty());
    REQUIRE(comparable(r.dossier) == comparable(original));
    REQUIRE(r.dossier.history.size() == original.history.size() + 1);
    REQUIRE(r.dossier.history.back().what == fmt::format("imported from workbook '{}'", path));
    REQUIRE(r.dossier.history.back().who == "Nguyễn Thị Hạnh");

    // Without it, everything the workbook carries comes back.
    ImportResult fresh = import_workbook(book, nd331());
    REQUIRE(fresh.ok());
    Dossier want = comparable(original);
    want.approval.reset();
    REQUIRE(comparable(fresh.dossier) == want);
    REQUIRE(fresh.answers == 20);
  }
}

TEST_CASE("Workbook: the same input gives byte-identical files", "[workbook]") {
  test::TempDir dir;
  Dossier d = load_example();
  for (WorkbookMode mode : {WorkbookMode::self_assessment, WorkbookMode::audit}) {
    TemplateOptions opt;
    opt.dossier = &d;
    opt.mode = mode;
    std::string a = (dir.path() / "a.xlsx").string(), b = (dir.path() / "b.xlsx").string();
    write_template(a, nd331(), opt);
    write_template(b, nd331(), opt);
    REQUIRE(bytes_of(a) == bytes_of(b));
  }
  TemplateOptions level;
  level.level = 2;
  std::string a = (dir.path() / "l1.xlsx").string(), b = (dir.path() / "l2.xlsx").string();
  write_template(a, nd331(), level);
  write_template(b, nd331(), level);
  REQUIRE(bytes_of(a) == bytes_of(b));
}

TEST_CASE("Workbook: a template for a level lists its requirements, conditional ones marked", "[workbook]") {
  test::TempDir dir;
  std::string path = (dir.path() / "t.xlsx").string();
  TemplateOptions opt;
  opt.level = 3;
  opt.lang = Lang::en;
  TemplateSummary s = write_template(path, nd331(), opt);
  REQUIRE(s.level == 3);
  REQUIRE_FALSE(s.conditions_applied);
  REQUIRE(s.requirements == nd331().requirements_at(3).size());
  XlsxBook book = read_xlsx(path);
  std::vector<std::string> names;
  for (const XlsxSheet& x : book.sheets) names.push_back(x.name + (x.hidden ? " (hidden)" : ""));
  REQUIRE(names == std::vector<std::string>{"Instructions", "System", "Level questions", "Requirements",
                                            "_meta (hidden)"});
  WorkbookMeta meta = read_workbook_meta(book);
  REQUIRE(meta.format == kWorkbookFormat);
  REQUIRE(meta.regime == "nd331-2026");
  REQUIRE(meta.catalog_version == nd331().version);
  REQUIRE(meta.mode == WorkbookMode::self_assessment);
  REQUIRE(meta.level == 3);
  REQUIRE(meta.lang == Lang::en);
  REQUIRE(meta.components == 3);
  REQUIRE(meta.cells.at("regime") == "_meta!B4");
  const XlsxSheet* req = book.sheet("Requirements");
  std::vector<std::string> ids;
  for (int row = 1; row <= req->max_row(); ++row) ids.push_back(req->text(row, workbook_layout::kReqId));
  std::vector<std::string> want;
  for (const Requirement* r : nd331().requirements_at(3)) want.push_back(r->id);
  REQUIRE(ids == want);
  for (int row = 1; row <= req->max_row(); ++row) {
    const Requirement* r = nd331().requirement(req->text(row, 0));
    REQUIRE(req->text(row, workbook_layout::kReqCondition) ==
            (r->applies_if.empty() ? "" : "Only when: " + r->applies_if.source()));
  }
  const XlsxSheet* q = book.sheet("Level questions");
  REQUIRE(q->text("A2") == nd331().questions[0].id);
  REQUIRE(q->text("F1") == "Whole system / Component 1");
  REQUIRE(q->max_row() == static_cast<int>(nd331().questions.size()));
  // An empty template imports to an empty dossier with every required field reported.
  ImportResult r = import_workbook(book, nd331());
  REQUIRE(messages(r.diagnostics, dir.path().string()) ==
          std::vector<std::string>{
              "t.xlsx:System!C3: error: the unit's name is required",
              "t.xlsx:System!C40: error: the system's name is required",
              "t.xlsx:System!C50: warning: the answers do not determine a level yet; proposing the workbook's level 3",
          });
}

TEST_CASE("Workbook: every problem is reported at once, each with its cell", "[workbook]") {
  test::TempDir dir;
  std::string path = (dir.path() / "bad.xlsx").string();
  TemplateOptions opt;
  opt.level = 3;
  write_template(path, nd331(), opt);
  XlsxBook book = read_xlsx(path);
  XlsxSheet& sys = sheet(book, "Hệ thống");
  put(sys, "C4", "bộ");
  put(sys, "C40", "Cổng dịch vụ công");
  put(sys, "C43", "nhiều");
  put_number(sys, "C50", 7);
  put(sys, "B55", "cổng dịch vụ");
  put(sys, "C55", "Cổng");
  put(sys, "C56", "Văn bản");
  put(sys, "B61", "CSDL dân cư");
  put(sys, "C61", "up");
  XlsxSheet& q = sheet(book, "Câu hỏi cấp độ");
  put(q, "F2", "maybe");
  put(q, "G4", "Có");
  put(q, "F5", "portal");
  put(q, "H5", "internal");
  put(q, "F6", "public, secret");
  put(q, "F11", "nhiều");
  put_number(q, "F21", 9);
  put(q, "A23", "sytem_type");
  XlsxSheet& r = sheet(book, "Yêu cầu");
  put(r, "K2", "xong");
  put(r, "K3", "Không áp dụng");
  put(r, "K4", "Đáp ứng đầy đủ");
  put(r, "M4", "Biên bản");
  put(r, "O4", "31/02/2026");
  put(r, "N5", "\\\\server\\share");
  put(r, "Q6", "Phòng CNTT");
  put(r, "K7", "Đáp ứng một phần");
  put(r, "A8", "G01.99");
  put(r, "A9", "G01.02");
  XlsxCell err;
  err.kind = CellKind::error;
  err.text = "#REF!";
  r.set(9, 11, err);  // L10

  std::vector<std::string> want = {
      "bad.xlsx:Hệ thống!C3: error: the unit's name is required",
      "bad.xlsx:Hệ thống!C4: error: unknown unit type 'bộ' (expected department, district, commune, hospital, school "
      "or other)",
      "bad.xlsx:Hệ thống!C43: error: 'nhiều' is not a whole number",
      "bad.xlsx:Hệ thống!C50: error: level '7' is outside 1–5",
      "bad.xlsx:Hệ thống!B55: error: 'cổng dịch vụ' is not a valid component id (letters, digits, '_', '.', ':', '-')",
      "bad.xlsx:Hệ thống!B56: error: component 2 needs an id",
      "bad.xlsx:Hệ thống!C61: error: unknown direction 'up' (expected in, out or both)",
      "bad.xlsx:Câu hỏi cấp độ!F2: error: answer to 'boundary_ok': 'maybe' is not yes or no",
      "bad.xlsx:Câu hỏi cấp độ!G4: error: question 'in_scope' is about the whole system; answer it in column F only",
      "bad.xlsx:Câu hỏi cấp độ!F5: error: answer to 'system_type': 'portal' is not one of: internal, citizen, "
      "infrastructure, industrial, other",
      "bad.xlsx:Câu hỏi cấp độ!H5: error: answer for component 3, which the 'Hệ thống' sheet does not list",
      "bad.xlsx:Câu hỏi cấp độ!F6: error: answer to 'info_types': 'secret' is not one of: public, private, personal, "
      "state_secret",
      "bad.xlsx:Câu hỏi cấp độ!F11: error: answer to 'basic_subjects': 'nhiều' is not a whole number",
      "bad.xlsx:Câu hỏi cấp độ!F21: error: answer to 'risk_level': 9 is outside 1–5",
      "bad.xlsx:Câu hỏi cấp độ!A23: error: unknown question 'sytem_type' in regime 'nd331-2026', did you mean "
      "'system_type'?",
      "bad.xlsx:Yêu cầu!K2: error: 'xong' is not one of: Đáp ứng đầy đủ, Đáp ứng một phần, Chưa đáp ứng, Không áp dụng",
      "bad.xlsx:Yêu cầu!S3: error: requirement 'G01.02' is not applicable without a justification",
      "bad.xlsx:Yêu cầu!O4: error: '31/02/2026' is not a date (YYYY-MM-DD)",
      "bad.xlsx:Yêu cầu!M5: error: the evidence has no title",
      "bad.xlsx:Yêu cầu!P6: error: requirement 'G01.05' has a remediation owner or due date but no action",
      "bad.xlsx:Yêu cầu!P7: warning: requirement 'G01.06' is partial without a remediation plan",
      "bad.xlsx:Yêu cầu!A8: error: unknown requirement 'G01.99' in regime 'nd331-2026', did you mean 'G01.09'?",
      "bad.xlsx:Yêu cầu!A9: error: requirement 'G01.02' is listed twice",
      "bad.xlsx:Yêu cầu!L10: error: the cell holds the error value '#REF!'",
      "bad.xlsx:Hệ thống!C50: warning: the answers do not determine a level yet; proposing the workbook's level 3",
  };
  ImportResult res = import_workbook(book, nd331());
  REQUIRE(messages(res.diagnostics, dir.path().string()) == want);
  REQUIRE_FALSE(res.ok());

  // --partial: the same problems as warnings; the valid answers are kept.
  ImportOptions partial;
  partial.partial = true;
  ImportResult p = import_workbook(book, nd331(), partial);
  REQUIRE(p.ok());
  REQUIRE(p.diagnostics.size() == want.size());
  for (const Diagnostic& x : p.diagnostics) REQUIRE(x.severity == Severity::warning);
  const Dossier& d = p.dossier;
  REQUIRE(d.system.name == "Cổng dịch vụ công");
  REQUIRE(d.unit.type.empty());
  REQUIRE_FALSE(d.system.users);
  REQUIRE(d.system.components.empty());
  REQUIRE(d.system.connections.empty());
  REQUIRE(d.answers.system.empty());
  REQUIRE(d.answers.components.empty());
  REQUIRE(d.proposal.proposed == 3);
  REQUIRE(d.assessment("G01.01") == nullptr);  // 'xong': unanswered, nothing else filled
  REQUIRE(d.assessment("G01.02") == nullptr);  // N/A without a justification: unanswered
  const Assessment* g0103 = d.assessment("G01.03");
  REQUIRE(g0103->status == Status::met);
  REQUIRE(g0103->evidence == std::vector<Evidence>{{"Biên bản", "", std::nullopt}});
  REQUIRE(d.assessment("G01.04") == nullptr);
  REQUIRE(d.assessment("G01.05") == nullptr);
  REQUIRE(d.assessment("G01.06")->status == Status::partial);
}

TEST_CASE("Workbook: answers per component, in several spellings", "[workbook]") {
  test::TempDir dir;
  std::string path = (dir.path() / "c.xlsx").string();
  TemplateOptions opt;
  opt.level = 3;
  write_template(path, nd331(), opt);
  XlsxBook book = read_xlsx(path);
  XlsxSheet& sys = sheet(book, "Hệ thống");
  put(sys, "C3", "UBND xã Tân Phú");
  put(sys, "C4", "UBND cấp xã");  // a label instead of "commune — UBND cấp xã"
  put(sys, "C40", "Một cửa điện tử");
  put_number(sys, "C43", 25);
  put(sys, "C45", "10.000");
  put(sys, "B55", "web");
  put(sys, "C55", "Trang một cửa");
  put(sys, "B56", "db");
  put(sys, "C56", "Cơ sở dữ liệu");
  XlsxSheet& q = sheet(book, "Câu hỏi cấp độ");
  XlsxCell yes;
  yes.kind = CellKind::boolean;
  yes.number = 1;
  yes.text = "TRUE";
  q.set(1, 5, yes);                       // F2 boundary_ok: a boolean cell
  put(q, "F3", "no");                      // split_to_lower
  put(q, "F4", "CÓ");                      // in_scope
  put(q, "F5", "Serving citizens and businesses");  // the English label
  put(q, "G5", "internal — Phục vụ hoạt động nội bộ");
  put(q, "F6", "public; personal");
  put(q, "G6", "private personal");
  put(q, "F11", "12,500");
  put_number(q, "F12", 0);
  ImportResult r = import_workbook(book, nd331());
  REQUIRE(messages(r.diagnostics, dir.path().string()) ==
          std::vector<std::string>{
              "c.xlsx:Hệ thống!C50: warning: the answers do not determine a level yet; proposing the workbook's level 3"});
  const Dossier& d = r.dossier;
  REQUIRE(d.unit.type == "commune");
  REQUIRE(d.system.users == 25);
  REQUIRE(d.system.data_subjects == 10000);
  REQUIRE(d.system.components ==
          std::vector<SystemComponent>{{"web", "Trang một cửa", "", ""}, {"db", "Cơ sở dữ liệu", "", ""}});
  REQUIRE(d.answers.system.at("boundary_ok").yes);
  REQUIRE_FALSE(d.answers.system.at("split_to_lower").yes);
  REQUIRE(d.answers.system.at("in_scope").yes);
  REQUIRE(d.answers.components.size() == 2);
  REQUIRE(d.answers.components[0].id == "web");
  REQUIRE(d.answers.components[0].name == "Trang một cửa");
  REQUIRE(d.answers.components[0].answers.at("system_type").choice == "citizen");
  REQUIRE(d.answers.components[0].answers.at("info_types").choices == std::vector<std::string>{"public", "personal"});
  REQUIRE(d.answers.components[0].answers.at("basic_subjects").number == 12500);
  REQUIRE(d.answers.components[0].answers.at("sensitive_subjects").number == 0);
  REQUIRE(d.answers.components[1].answers.at("system_type").choice == "internal");
  REQUIRE(d.answers.components[1].answers.at("info_types").choices == std::vector<std::string>{"private", "personal"});
  REQUIRE(r.answers == 9);
}

TEST_CASE("Workbook: a workbook for another regime, catalog, format or mode", "[workbook]") {
  auto meta_error = [](const std::string& name) {
    XlsxBook b = read_xlsx(fixture(name));
    try {
      import_workbook(b, nd331());
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no exception");
  };
  REQUIRE(meta_error("wrong-version.xlsx") ==
          fixture("wrong-version.xlsx") + ":_meta!B3: error: unknown workbook format '9' (this capdo reads format 1)");
  REQUIRE(meta_error("not-capdo.xlsx") == fixture("not-capdo.xlsx") + ": error: not a capdo workbook (no '_meta' sheet)");
  auto diags = [](const std::string& name) {
    XlsxBook b = read_xlsx(fixture(name));
    return messages(import_workbook(b, nd331()).diagnostics, test::data_dir() + "/xlsx");
  };
  REQUIRE(diags("wrong-regime.xlsx") ==
          std::vector<std::string>{"wrong-regime.xlsx:_meta!B4: error: workbook is for regime 'nd85-2016', not 'nd331-2026'"});
  REQUIRE(diags("wrong-catalog.xlsx") ==
          std::vector<std::string>{"wrong-catalog.xlsx:_meta!B5: error: workbook is for catalog version '2020.01.01' of "
                                   "regime 'nd331-2026', not '" + nd331().version + "'"});

  test::TempDir dir;
  Dossier d = load_example();
  std::string audit = (dir.path() / "audit.xlsx").string();
  TemplateOptions opt;
  opt.dossier = &d;
  opt.mode = WorkbookMode::audit;
  write_template(audit, nd331(), opt);
  XlsxBook ab = read_xlsx(audit);
  REQUIRE(messages(import_workbook(ab, nd331()).diagnostics, dir.path().string()) ==
          std::vector<std::string>{
              "audit.xlsx:_meta!B6: error: this is an audit workbook; import it with --audit and --dossier"});
  std::string self = (dir.path() / "self.xlsx").string();
  opt.mode = WorkbookMode::self_assessment;
  write_template(self, nd331(), opt);
  XlsxBook sb = read_xlsx(self);
  REQUIRE(messages(import_audit(sb, nd331(), d).diagnostics, dir.path().string()) ==
          std::vector<std::string>{"self.xlsx:_meta!B6: error: this is not an audit workbook; import it without --audit"});
}

TEST_CASE("Workbook: template options that cannot work", "[workbook]") {
  test::TempDir dir;
  std::string path = (dir.path() / "x.xlsx").string();
  TemplateOptions none;
  REQUIRE_THROWS_WITH(write_template(path, nd331(), none), "give --level or --dossier");
  TemplateOptions audit;
  audit.mode = WorkbookMode::audit;
  audit.level = 3;
  REQUIRE_THROWS_WITH(write_template(path, nd331(), audit), "an audit workbook needs --dossier");
  Dossier empty;
  TemplateOptions no_level;
  no_level.dossier = &empty;
  REQUIRE_THROWS_WITH(write_template(path, nd331(), no_level),
                      "the dossier has no proposed or computed level yet; give --level");
  REQUIRE(std::filesystem::is_empty(dir.path()));
}

TEST_CASE("Workbook: the auditor's round trip keeps the unit's answers", "[workbook]") {
  test::TempDir dir;
  Dossier d = load_example();
  d.audit = Audit{"Người cũ", "", Date{2026, 1, 1}, {{"G01.01", Status::met, ""}, {"G01.03", Status::partial, "cũ"}}};
  std::string path = (dir.path() / "audit.xlsx").string();
  TemplateOptions opt;
  opt.dossier = &d;
  opt.mode = WorkbookMode::audit;
  opt.lang = Lang::en;
  write_template(path, nd331(), opt);
  XlsxBook book = read_xlsx(path);
  std::vector<std::string> names;
  for (const XlsxSheet& x : book.sheets) names.push_back(x.name);
  REQUIRE(names == std::vector<std::string>{"Instructions", "Auditor", "System", "Level questions", "Requirements",
                                            "_meta"});
  XlsxSheet& au = sheet(book, "Auditor");
  REQUIRE(au.text("C2") == "Người cũ");
  REQUIRE(au.text("C4") == "2026-01-01");
  XlsxSheet& req = sheet(book, "Requirements");
  REQUIRE(req.text("T2") == "Met");
  REQUIRE(req.text("T4") == "Partly met");
  REQUIRE(req.text("U4") == "cũ");
  REQUIRE(req.text("K2") == "Not met");  // the unit's own status, shown read-only
  put(au, "C2", "Trần Văn Kiểm");
  put(au, "C3", "Cục An toàn thông tin");
  put(au, "C4", "2026-12-01");
  put(req, "T2", "not-met");
  put(req, "U2", "Không có bằng chứng =HYPERLINK(\"x\")");
  put(req, "T3", "Đáp ứng đầy đủ");
  put(req, "T4", "");  // the old verdict is withdrawn
  put(req, "U4", "");
  put(req, "T5", "Not applicable");
  put(req, "U5", "Ngoài phạm vi đánh giá");
  put(req, "K6", "Met");  // a change to the unit's columns is ignored
  ImportResult r = import_audit(book, nd331(), d);
  REQUIRE(messages(r.diagnostics, dir.path().string()) == std::vector<std::string>{});
  REQUIRE(r.verdicts == 3);
  Audit want{"Trần Văn Kiểm",
             "Cục An toàn thông tin",
             Date{2026, 12, 1},
             {{"G01.01", Status::not_met, "Không có bằng chứng =HYPERLINK(\"x\")"},
              {"G01.02", Status::met, ""},
              {"G01.04", Status::not_applicable, "Ngoài phạm vi đánh giá"}}};
  REQUIRE(r.dossier.audit == want);
  Dossier unit_part = r.dossier;
  unit_part.audit = d.audit;
  unit_part.history = d.history;
  REQUIRE(unit_part == d);
  REQUIRE(r.dossier.history.back().who == "Trần Văn Kiểm");
  REQUIRE(r.dossier.history.back().what == fmt::format("audit verdicts imported from workbook '{}' (3 verdicts)", path));

  // Every problem of an auditor's workbook at once.
  put(au, "C2", "");
  put(au, "C4", "mai");
  put(req, "U3", "ghi chú");
  put(req, "T3", "");
  put(req, "U5", "");
  put(req, "T6", "ok");
  ImportResult bad = import_audit(book, nd331(), d);
  REQUIRE(messages(bad.diagnostics, dir.path().string()) ==
          std::vector<std::string>{
              "audit.xlsx:Auditor!C2: error: the auditor's name is required",
              "audit.xlsx:Auditor!C4: error: 'mai' is not a date (YYYY-MM-DD)",
              "audit.xlsx:Requirements!T3: error: requirement 'G01.02' has an auditor's note but no verdict",
              "audit.xlsx:Requirements!U5: error: requirement 'G01.04' is not applicable without a justification",
              "audit.xlsx:Requirements!T6: error: 'ok' is not one of: Met, Partly met, Not met, Not applicable",
          });

  // A workbook made for another system.
  Dossier other = d;
  other.system.name = "Hệ thống khác";
  XlsxBook fresh = read_xlsx(path);
  REQUIRE(messages(import_audit(fresh, nd331(), other).diagnostics, dir.path().string()) ==
          std::vector<std::string>{"audit.xlsx:_meta!B11: error: workbook was made for system 'Cổng dịch vụ công và Hệ "
                                   "thống thông tin giải quyết thủ tục hành chính tỉnh', not 'Hệ thống khác'"});
}

TEST_CASE("Workbook: a workbook filled and saved by LibreOffice imports", "[workbook]") {
  XlsxBook book = read_xlsx(fixture("libreoffice-filled.xlsx"));
  ImportResult r = import_workbook(book, nd331());
  REQUIRE(messages(r.diagnostics, test::data_dir()) == std::vector<std::string>{});
  const Dossier& d = r.dossier;
  Diagnostics ad;
  Answers want = load_answers_file(test::data_dir() + "/../../templates/examples/portal-answers.xml", nd331(), ad);
  REQUIRE(d.answers == want);
  REQUIRE(d.unit.name == "Sở Khoa học và Công nghệ tỉnh Hòa Bình Xanh");
  REQUIRE(d.unit.type == "department");
  REQUIRE(d.unit.contact.phone == "0212 3850 123");
  REQUIRE(d.system.users == 1850);
  REQUIRE(d.system.data_subjects == 85000);
  REQUIRE(d.system.connections == std::vector<Connection>{{"Cổng dịch vụ công quốc gia", "both",
                                                           "Hồ sơ, trạng thái xử lý thủ tục hành chính"}});
  REQUIRE(d.proposal.proposed == 3);
  REQUIRE(d.assessments.size() == 5);
  const Assessment* a = d.assessment("G01.02");
  REQUIRE(a->status == Status::met);
  REQUIRE(a->implementation ==
          "Đủ dấu: àáảãạ ăằắẳẵặ âầấẩẫậ đ èéẻẽẹ êềếểễệ ìíỉĩị òóỏõọ ôồốổỗộ ơờớởỡợ ùúủũụ ưừứửữự ỳýỷỹỵ ÀÁẢÃẠ ĂẰẮẲẴẶ ÂẦẤẨẪẬ Đ "
          "ÈÉẺẼẸ ÊỀẾỂỄỆ ÌÍỈĨỊ ÒÓỎÕỌ ÔỒỐỔỖỘ ƠỜỚỞỠỢ ÙÚỦŨỤ ƯỪỨỬỮỰ ỲÝỶỸỴ");
  REQUIRE(a->evidence ==
          std::vector<Evidence>{
              {"Sổ đăng ký rủi ro 2026", "\\\\fileserver\\attt\\rui-ro\\2026.xlsx", Date{2026, 10, 15}},
              {"Quyết định 15/QĐ-STTTT", "https://vanban.tinh.gov.vn/qd-15", Date{2026, 1, 20}}});
  REQUIRE(d.assessment("G01.03")->evidence ==
          std::vector<Evidence>{{"Báo cáo nhận diện rủi ro quý III", "", Date{2026, 10, 1}}});
  REQUIRE(d.assessment("G01.04")->remediation ==
          Remediation{"Hoàn thiện đánh giá rủi ro bên thứ ba", "Phòng Công nghệ thông tin", Date{2027, 6, 30}});
  REQUIRE(d.assessment("G01.05")->status == Status::not_applicable);
  REQUIRE(d.assessment("G01.06")->status == Status::not_met);
}
