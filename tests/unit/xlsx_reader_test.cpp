#include "capdo/xlsx_reader.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "capdo/error.h"
#include "capdo/xlsx_util.h"
#include "support/temp_dir.h"

using namespace capdo;

namespace {

std::string fixture(const std::string& name) { return test::data_dir() + "/xlsx/" + name; }

std::string bytes_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream os;
  os << in.rdbuf();
  return os.str();
}

}  // namespace

TEST_CASE("XlsxReader: cell references", "[xlsx]") {
  REQUIRE(column_name(0) == "A");
  REQUIRE(column_name(25) == "Z");
  REQUIRE(column_name(26) == "AA");
  REQUIRE(column_name(16383) == "XFD");
  REQUIRE(cell_ref(6, 1) == "B7");
  int row = -1, col = -1;
  REQUIRE(parse_cell_ref("B7", row, col));
  REQUIRE((row == 6 && col == 1));
  REQUIRE(parse_cell_ref("$AA$10", row, col));
  REQUIRE((row == 9 && col == 26));
  REQUIRE(parse_cell_ref("xfd1048576", row, col));
  REQUIRE((row == 1048575 && col == 16383));
  for (const char* bad : {"", "A", "7", "A0", "XFE1", "A1048577", "AAAA1", "B7x", "B-7"}) {
    INFO(bad);
    REQUIRE_FALSE(parse_cell_ref(bad, row, col));
  }
}

TEST_CASE("XlsxReader: dates from number formats and serials", "[xlsx]") {
  for (int id : {14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 36, 45, 47, 50, 58}) REQUIRE(is_builtin_date_format(id));
  for (int id : {0, 1, 2, 9, 10, 11, 12, 13, 23, 37, 44, 48, 49, 59}) REQUIRE_FALSE(is_builtin_date_format(id));
  for (const char* f : {"yyyy-mm-dd", "yyyy\\-mm\\-dd", "dd/mm/yyyy", "d-mmm-yy", "[$-42A]dd/mm/yyyy", "h:mm AM/PM",
                        "[h]:mm:ss", "[Red]dd/mm/yyyy"})
    REQUIRE(is_date_format(f));
  for (const char* f : {"General", "0", "0.00", "#,##0", "0.00E+00", "[Red]0.00", "\"day\" 0", "0\\d", "@",
                        "[Red]0.00;\"d\"0"})
    REQUIRE_FALSE(is_date_format(f));
  REQUIRE(serial_to_date(1) == "1900-01-01");
  REQUIRE(serial_to_date(59) == "1900-02-28");
  REQUIRE(serial_to_date(60) == "");  // Excel's 1900-02-29 does not exist
  REQUIRE(serial_to_date(61) == "1900-03-01");
  REQUIRE(serial_to_date(46327) == "2026-11-01");
  REQUIRE(serial_to_date(46327.99) == "2026-11-01");
  REQUIRE(serial_to_date(2958465) == "9999-12-31");
  REQUIRE(serial_to_date(2958466) == "");
  REQUIRE(serial_to_date(-1) == "");
  REQUIRE(serial_to_date(0, true) == "1904-01-01");
  REQUIRE(serial_to_date(44865, true) == "2026-11-01");
}

TEST_CASE("XlsxReader: reads every kind of cell", "[xlsx]") {
  XlsxBook b = read_xlsx(fixture("cells.xlsx"));
  REQUIRE(b.sheets.size() == 3);
  const XlsxSheet* s = b.sheet("Cells");
  REQUIRE(s);
  REQUIRE_FALSE(s->hidden);
  REQUIRE(b.sheet("Hidden")->hidden);
  REQUIRE(b.sheet("Very")->hidden);
  REQUIRE(b.sheet("cells") == nullptr);
  auto kind = [&](const char* ref) { return s->cell(ref) ? s->cell(ref)->kind : CellKind::empty; };
  // Shared strings: plain, rich-text runs, phonetic runs left out, whitespace kept, _xHHHH_ escapes.
  REQUIRE(s->text("A1") == "plain");
  REQUIRE(s->text("B1") == "Rich text đủ dấu");
  REQUIRE(s->text("C1") == "東京");
  REQUIRE(s->text("D1") == "  spaced  ");
  REQUIRE(s->text("E1") == "line\rbreak and _x0041_");
  REQUIRE(kind("A1") == CellKind::string);
  // Numbers, booleans, errors.
  REQUIRE(kind("A2") == CellKind::number);
  REQUIRE(s->text("A2") == "42");
  REQUIRE(s->cell("B2")->number == 0.5);
  REQUIRE(s->text("B2") == "0.5");
  REQUIRE(s->text("C2") == "-1250");
  REQUIRE(kind("D2") == CellKind::boolean);
  REQUIRE(s->text("D2") == "TRUE");
  REQUIRE(s->text("E2") == "FALSE");
  REQUIRE(kind("F2") == CellKind::error);
  REQUIRE(s->text("F2") == "#N/A");
  // Dates: built-in 14, custom dd/mm/yyyy, date-time 22 (time dropped); a custom number
  // format with a quoted "d" is no date.
  REQUIRE(kind("A3") == CellKind::date);
  REQUIRE(s->text("A3") == "2026-11-01");
  REQUIRE(s->text("B3") == "2026-11-01");
  REQUIRE(s->text("C3") == "2026-11-01");
  REQUIRE(s->cell("C3")->number == 46327.75);
  REQUIRE(kind("D3") == CellKind::number);
  REQUIRE(s->text("E3") == "1900-02-28");
  REQUIRE(s->text("F3") == "1900-03-01");
  // Formulas: the cached value, never evaluated.
  REQUIRE(kind("A4") == CellKind::string);
  REQUIRE(s->text("A4") == "=1+1");
  REQUIRE(s->cell("A4")->formula);
  REQUIRE(s->text("B4") == "2");
  REQUIRE(s->cell("B4")->formula);
  REQUIRE_FALSE(s->cell("A2")->formula);
  // Inline strings, plain and rich; empty cells are absent.
  REQUIRE(s->text("C4") == "inline Việt");
  REQUIRE(s->text("D4") == "inline rich");
  REQUIRE(s->cell("E4") == nullptr);
  REQUIRE(s->cell("F4") == nullptr);
  // Rows and cells without a reference follow the previous ones.
  REQUIRE(s->text("A5") == "A5");
  REQUIRE(s->text("B5") == "B5");
  REQUIRE(s->text("XFD5") == "last column");
  REQUIRE(s->text(1048575, 0) == "7");
  REQUIRE(s->max_row() == 1048575);
  REQUIRE(s->max_col() == 16383);
  REQUIRE(s->cells().size() == 25);
}

TEST_CASE("XlsxReader: bad archives are one clear error", "[xlsx]") {
  auto msg = [](const std::string& name, const std::string& m) { return fixture(name) + ": error: " + m; };
  REQUIRE_THROWS_WITH(read_xlsx(fixture("not-a-zip.xlsx")), msg("not-a-zip.xlsx", "not an xlsx file (not a zip archive)"));
  REQUIRE_THROWS_WITH(read_xlsx(fixture("bomb.xlsx")), msg("bomb.xlsx", "archive expands beyond the 64 MiB limit"));
  REQUIRE_THROWS_WITH(read_xlsx(fixture("lying-size.xlsx")),
                      msg("lying-size.xlsx", "archive entry 'xl/workbook.xml' is corrupt (checksum mismatch)"));
  REQUIRE_THROWS_WITH(read_xlsx(fixture("escape.xlsx")), msg("escape.xlsx", "archive entry '../evil' escapes the archive"));
  REQUIRE_THROWS_WITH(read_xlsx(fixture("escape-absolute.xlsx")),
                      msg("escape-absolute.xlsx", "archive entry '/tmp/evil' escapes the archive"));
  REQUIRE_THROWS_WITH(read_xlsx(fixture("escape-backslash.xlsx")),
                      msg("escape-backslash.xlsx", "archive entry 'xl\\..\\..\\evil' escapes the archive"));
  REQUIRE_THROWS_WITH(read_xlsx(fixture("not-utf8.xlsx")),
                      msg("not-utf8.xlsx", "archive entry 'xl/sharedStrings.xml' is not valid UTF-8 (byte 0xE9)"));
  REQUIRE_THROWS_AS(read_xlsx(fixture("not-a-zip.xlsx")), InputError);
  REQUIRE_THROWS_WITH(read_xlsx(fixture("nope.xlsx")),
                      "cannot open file '" + fixture("nope.xlsx") + "': No such file or directory");
  REQUIRE_THROWS_AS(read_xlsx(fixture("nope.xlsx")), IoError);
}

TEST_CASE("XlsxReader: limits on the file, the entries and the inflated size", "[xlsx]") {
  std::string cells = fixture("cells.xlsx");
  XlsxLimits small;
  small.max_total_bytes = 1000;
  REQUIRE_THROWS_WITH(read_xlsx(cells, small), cells + ": error: archive expands beyond the 1000 bytes limit");
  XlsxLimits few;
  few.max_entries = 3;
  REQUIRE_THROWS_WITH(read_xlsx(cells, few), cells + ": error: archive has more than 3 entries");
  XlsxLimits tiny;
  tiny.max_file_bytes = 100;
  REQUIRE_THROWS_WITH(read_xlsx(cells, tiny), cells + ": error: file is larger than the 100 bytes limit");
  // A header that lies about the size inflates no further than it says.
  XlsxLimits lying;
  lying.max_total_bytes = 2000;
  REQUIRE_THROWS_WITH(read_xlsx(fixture("lying-size.xlsx"), lying),
                      fixture("lying-size.xlsx") + ": error: archive entry 'xl/workbook.xml' is corrupt (checksum mismatch)");
}

TEST_CASE("XlsxReader: archives that are not workbooks", "[xlsx]") {
  REQUIRE_THROWS_WITH(read_xlsx(fixture("malformed.xlsx")),
                      fixture("malformed.xlsx") +
                          ": error: archive entry 'xl/workbook.xml' is malformed XML at 3:11: closing tag does not match "
                          "the opening tag");
  // The bomb's entries are fine by name; with a larger limit it is simply not a workbook.
  XlsxLimits big;
  big.max_total_bytes = 128u * 1024 * 1024;
  REQUIRE_THROWS_WITH(read_xlsx(fixture("bomb.xlsx"), big),
                      fixture("bomb.xlsx") + ": error: not an xlsx file (no workbook part)");
}

TEST_CASE("XlsxOutput: user text stays text, and the bytes are deterministic", "[xlsx]") {
  test::TempDir dir;
  auto make = [&](const std::string& name) {
    std::string path = (dir.path() / name).string();
    XlsxOutput out(path, WorkbookInfo{"Tiêu đề", "", "capdo", "Sở KH&CN", ""});
    lxw_worksheet* ws = out.add_sheet("Yêu cầu");
    write_text(ws, 0, 0, "=HYPERLINK(\"http://x\",\"y\")");
    write_text(ws, 1, 0, "+1");
    write_text(ws, 2, 0, "-2");
    write_text(ws, 3, 0, "@SUM(A1)");
    write_text(ws, 4, 0, "_x0041_ stays");
    write_text(ws, 5, 0, "ctrl\x01char");
    write_text(ws, 6, 0, "Đủ dấu: ắằẳẵặ ấầẩẫậ ếềểễệ ốồổỗộ ớờởỡợ ứừửữự ýỳỷỹỵ đĐ");
    write_number(ws, 7, 0, 85000);
    write_date(ws, 8, 0, Date{2026, 11, 24}, out.formats().input_date);
    write_text(ws, 9, 0, "", out.formats().input);
    check_lxw(worksheet_write_formula_num(ws, 10, 0, "=1+2", nullptr, 3), "a formula");
    out.close();
    return path;
  };
  std::string a = make("a.xlsx");
  std::string b = make("b.xlsx");
  REQUIRE(bytes_of(a) == bytes_of(b));
  XlsxBook book = read_xlsx(a);
  const XlsxSheet& s = book.sheets.at(0);
  REQUIRE(s.name == "Yêu cầu");
  for (int r = 0; r <= 6; ++r) {
    REQUIRE(s.cell(r, 0)->kind == CellKind::string);
    REQUIRE_FALSE(s.cell(r, 0)->formula);
  }
  REQUIRE(s.text(0, 0) == "=HYPERLINK(\"http://x\",\"y\")");
  REQUIRE(s.text(1, 0) == "+1");
  REQUIRE(s.text(2, 0) == "-2");
  REQUIRE(s.text(3, 0) == "@SUM(A1)");
  REQUIRE(s.text(4, 0) == "_x0041_ stays");
  REQUIRE(s.text(5, 0) == "ctrl\x01char");
  REQUIRE(s.text(6, 0) == "Đủ dấu: ắằẳẵặ ấầẩẫậ ếềểễệ ốồổỗộ ớờởỡợ ứừửữự ýỳỷỹỵ đĐ");
  REQUIRE(s.cell(7, 0)->kind == CellKind::number);
  REQUIRE(s.cell(8, 0)->kind == CellKind::date);
  REQUIRE(s.text(8, 0) == "2026-11-24");
  REQUIRE(s.cell(9, 0) == nullptr);
  REQUIRE(s.cell(10, 0)->formula);  // our own formula, with its cached value
  REQUIRE(s.text(10, 0) == "3");
  // Only the two workbooks: no temporary file is left behind.
  REQUIRE(std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator{}) == 2);
}

TEST_CASE("XlsxOutput: text too long for a cell, and a folder that does not exist", "[xlsx]") {
  test::TempDir dir;
  std::string path = (dir.path() / "long.xlsx").string();
  {
    XlsxOutput out(path, WorkbookInfo{});
    lxw_worksheet* ws = out.add_sheet("S");
    REQUIRE_THROWS_WITH(write_text(ws, 2, 1, std::string(kMaxCellChars + 1, 'x')),
                        "cannot write cell B3: the text is longer than the 32767 characters a cell can hold");
    write_text(ws, 0, 0, std::string(kMaxCellChars, 'x'));
    // Destroyed without close(): nothing is written.
  }
  REQUIRE_FALSE(std::filesystem::exists(path));
  REQUIRE(std::filesystem::is_empty(dir.path()));
  std::string missing = (dir.path() / "no" / "such.xlsx").string();
  REQUIRE_THROWS_WITH(XlsxOutput(missing, WorkbookInfo{}),
                      "cannot write file '" + missing + "': No such file or directory");
  REQUIRE(truncate_chars("ắằẳẵặ", 3) == "ắằ…");
  REQUIRE(truncate_chars("abc", 3) == "abc");
  REQUIRE(quote_sheet("Yêu cầu") == "'Yêu cầu'");
  REQUIRE(quote_sheet("it's") == "'it''s'");
}

TEST_CASE("XlsxOutput: wrapped lines break between words", "[xlsx]") {
  // Width 10 holds 11 characters of running text a line, 9 of bold.
  CHECK(wrapped_lines("", 10) == 1);
  CHECK(wrapped_lines("abc", 10) == 1);
  CHECK(wrapped_lines("abcde fghij", 10) == 1);     // 11 characters: one line
  CHECK(wrapped_lines("abcde fghijk", 10) == 2);    // 12: the second word moves down
  CHECK(wrapped_lines("abcdefghijkl", 10) == 2);    // one word longer than a line
  CHECK(wrapped_lines("abcdefghijklmnopqrstuvw", 10) == 3);
  CHECK(wrapped_lines("ab cdefghijklmnop", 10) == 3);  // "ab", then 15 characters over two lines
  CHECK(wrapped_lines("a\nb\n\nc", 10) == 4);       // every line break counts, an empty line too
  // By words, "Thành phần / Component" takes three bold lines at width 10 (by characters,
  // 22 / 9 = 2.4, it seemed to take two, and LibreOffice cut the last word off).
  CHECK(wrapped_lines("Thành phần / Component", 10, true) == 3);
  CHECK(wrapped_lines("Thành phần / Component", 10) == 2);
  // Vietnamese letters count as one character each, not by their UTF-8 bytes.
  CHECK(wrapped_lines("Đáp ứng đầy đủ", 14) == 1);
}
