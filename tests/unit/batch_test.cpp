#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include <fmt/format.h>

#include "capdo/batch.h"
#include "capdo/batch_report.h"
#include "capdo/error.h"
#include "capdo/paths.h"
#include "capdo/scoring.h"
#include "capdo/source.h"
#include "capdo/synth.h"
#include "capdo/xlsx_reader.h"
#include "support/catalog.h"
#include "support/temp_dir.h"

using namespace capdo;
namespace fs = std::filesystem;

namespace {

std::string example_text() {
  static std::string t = read_file(test::data_dir() + "/../../templates/examples/portal-dossier.xml").text;
  return t;
}

// The example dossier as another unit's system: codes and names replaced.
std::string variant(const std::string& unit_code, const std::string& unit_name, const std::string& sys_code,
                    const std::string& sys_name) {
  std::string t = example_text();
  auto rep = [&](const std::string& a, const std::string& b) {
    std::size_t p = t.find(a);
    REQUIRE(p != std::string::npos);
    t.replace(p, a.size(), b);
  };
  rep("name=\"Sở Khoa học và Công nghệ tỉnh Hòa Bình Xanh\" type=\"department\" code=\"H99.01\"",
      "name=\"" + unit_name + "\" type=\"department\" code=\"" + unit_code + "\"");
  rep("<system name=\"Cổng dịch vụ công và Hệ thống thông tin giải quyết thủ tục hành chính tỉnh\" code=\"DVC\">",
      "<system name=\"" + sys_name + "\" code=\"" + sys_code + "\">");
  return t;
}

std::string replace_all(std::string t, const std::string& a, const std::string& b) {
  for (std::size_t p = 0; (p = t.find(a, p)) != std::string::npos; p += b.size()) t.replace(p, a.size(), b);
  return t;
}

BatchOptions options(const std::string& in, int jobs) {
  BatchOptions o;
  o.inputs = {in};
  o.criteria_dir = test::criteria_dir();
  o.year = 2026;
  o.date = Date{2026, 11, 24};
  o.jobs = jobs;
  return o;
}

// A batch over `count` synthetic dossiers (seed `seed`) generated below `dir`/in.
BatchResult synthetic_batch(const test::TempDir& dir, std::size_t count, std::uint64_t seed) {
  SynthOptions so;
  so.count = count;
  so.seed = seed;
  generate_dossiers(test::nd331(), so, (dir.path() / "in").string());
  BatchOptions o = options((dir.path() / "in").string(), 2);
  o.catalog = &test::shipped_catalog();
  return run_batch(o);
}

std::string run_to_xml(const BatchOptions& o, const fs::path& out) {
  BatchResult r = run_batch(o);
  write_evaluation_xml(r, out.string());
  return read_file(out.string()).text;
}

}  // namespace

TEST_CASE("Batch: the output does not depend on the number of threads", "[batch]") {
  test::TempDir dir;
  for (int i = 0; i < 24; ++i)
    dir.write(fmt::format("in/u{:02}/s.xml", i % 7 * 3 + i % 3),
              variant(fmt::format("U{:02}", i), fmt::format("Sở số {}", 23 - i), "S", "Hệ thống"));
  std::string one = run_to_xml(options((dir.path() / "in").string(), 1), dir.path() / "a.xml");
  std::string two = run_to_xml(options((dir.path() / "in").string(), 2), dir.path() / "b.xml");
  std::string four = run_to_xml(options((dir.path() / "in").string(), 4), dir.path() / "c.xml");
  REQUIRE(one == two);
  REQUIRE(one == four);
}

TEST_CASE("Batch: the Gaps sheet continues on further sheets, never splitting a system", "[batch]") {
  // About 4,000 gaps: more than one compressed piece (docs/benchmark.md), and with a limit of
  // 1,500 rows a sheet, three or more sheets.
  test::TempDir dir;
  BatchResult r = synthetic_batch(dir, 140, 7);
  std::size_t total = 0;
  for (const SystemRecord& s : r.systems) total += static_cast<std::size_t>(s.gaps);
  REQUIRE(total > 4096);

  std::string whole = (dir.path() / "whole.xlsx").string(), split = (dir.path() / "split.xlsx").string();
  write_evaluation_workbook(r, whole, ReportLang::en, 1);
  write_evaluation_workbook(r, split, ReportLang::en, 3, 1500);
  std::string again = (dir.path() / "again.xlsx").string();
  write_evaluation_workbook(r, again, ReportLang::en, 1, 1500);
  REQUIRE(read_file(again).text == read_file(split).text);  // whatever the threads

  XlsxBook a = read_xlsx(whole), b = read_xlsx(split);
  using Row = std::vector<std::string>;
  auto rows_of = [](const XlsxSheet& s, int from) {
    std::vector<Row> out;
    for (int row = from;; ++row) {
      if (!s.cell(row, 0)) return out;
      Row cells;
      for (int c = 0; c < 9; ++c) cells.push_back(s.text(row, c));
      out.push_back(cells);
    }
  };
  std::vector<Row> expected = rows_of(*a.sheet("Gaps"), 1);
  REQUIRE(expected.size() == total);
  REQUIRE(a.sheet("Gaps (2)") == nullptr);
  std::vector<Row> got;
  std::vector<std::size_t> sizes;
  int sheets = 0;
  for (const XlsxSheet& s : b.sheets) {
    if (s.name.rfind("Gaps", 0) != 0) continue;
    ++sheets;
    REQUIRE(s.name == (sheets == 1 ? std::string("Gaps") : fmt::format("Gaps ({})", sheets)));
    REQUIRE(s.text(0, 0) == "Unit");  // each sheet has the header
    std::vector<Row> rows = rows_of(s, 1);
    REQUIRE(rows.size() <= 1499);
    sizes.push_back(rows.size());
    if (!got.empty()) {  // the previous sheet ended with another system
      REQUIRE((got.back()[0] != rows.front()[0] || got.back()[1] != rows.front()[1]));
    }
    got.insert(got.end(), rows.begin(), rows.end());
  }
  REQUIRE(sheets >= 3);
  for (std::size_t k = 0; k + 1 < sizes.size(); ++k) REQUIRE(sizes[k] > 1000);  // full, but for a whole system
  REQUIRE(got == expected);
  REQUIRE(b.sheets.back().name == "Errors");
}

TEST_CASE("Batch: the Units sheet sums up each unit's systems", "[batch]") {
  // Synthetic units with one to several systems each, some with long names.
  test::TempDir dir;
  BatchResult r = synthetic_batch(dir, 90, 11);
  std::string path = (dir.path() / "e.xlsx").string();
  write_evaluation_workbook(r, path, ReportLang::en, 2);
  XlsxBook book = read_xlsx(path);
  const XlsxSheet& u = *book.sheet("Units");
  REQUIRE(u.text(0, 0) == "Unit");
  REQUIRE(u.text(0, 8) == "Most frequent gaps");

  // What each row should say, worked out here from the systems and their gaps.
  int row = 1, multi = 0;
  for (std::size_t i = 0; i < r.systems.size();) {
    const SystemRecord& first = r.systems[i];
    std::size_t j = i;
    std::map<int, int> levels;
    std::map<std::string, int> freq;
    double sum = 0;
    int scored = 0, compliant = 0, gaps = 0;
    for (; j < r.systems.size() && r.systems[j].unit_code == first.unit_code && r.systems[j].unit_name == first.unit_name &&
           r.systems[j].province == first.province;
         ++j) {
      const SystemRecord& s = r.systems[j];
      ++levels[s.assessed];
      if (auto p = s.overall.percent()) {
        sum += *p;
        ++scored;
      }
      compliant += s.compliant;
      gaps += s.gaps;
      r.for_each_gap(s, [&](const GapView& g) { ++freq[g.requirement->id]; });
    }
    multi += j - i > 1;
    INFO(first.unit_name);
    REQUIRE(u.text(row, 0) == first.unit_name);
    REQUIRE(u.text(row, 1) == first.unit_code);
    REQUIRE(u.cell(row, 3)->number == static_cast<double>(j - i));
    std::string lv;
    for (const auto& [l, n] : levels) lv += fmt::format("{}{}×{}", lv.empty() ? "" : ", ", n, l ? fmt::format("L{}", l) : "–");
    REQUIRE(u.text(row, 4) == lv);
    REQUIRE(u.cell(row, 5)->number == std::stod(format_percent(sum / scored)));
    REQUIRE(u.cell(row, 6)->number == compliant);
    REQUIRE(u.cell(row, 7)->number == gaps);
    std::vector<std::pair<int, std::string>> worst;
    for (const auto& [id, n] : freq) worst.push_back({-n, id});
    std::sort(worst.begin(), worst.end());
    std::string text;
    auto regime = r.catalog().find(first.regime);
    for (std::size_t k = 0; k < worst.size() && k < 3; ++k)
      text += fmt::format("{}{} {} ({}×)", text.empty() ? "" : "; ", worst[k].second, regime->requirement(worst[k].second)->title.en,
                          -worst[k].first);
    REQUIRE(u.text(row, 8) == text);
    ++row;
    i = j;
  }
  REQUIRE(u.cell(row, 0) == nullptr);  // one row a unit, no more
  REQUIRE(multi > 3);                  // and units with several systems among them
}

TEST_CASE("Batch: rows are sorted by unit, then by system", "[batch]") {
  test::TempDir dir;
  dir.write("in/1.xml", variant("B", "Sở B", "2", "Hệ thống Z"));
  dir.write("in/2.xml", variant("A", "Sở A", "1", "Hệ thống Y"));
  dir.write("in/3.xml", variant("B", "Sở B", "1", "Hệ thống A"));
  BatchResult r = run_batch(options((dir.path() / "in").string(), 2));
  REQUIRE(r.systems.size() == 3);
  REQUIRE(r.systems[0].unit_name == "Sở A");
  REQUIRE(r.systems[1].system_name == "Hệ thống A");
  REQUIRE(r.systems[2].system_name == "Hệ thống Z");

  // Many systems, whose path order is not the sorted order: each exactly once, in order.
  test::TempDir many;
  BatchResult m = synthetic_batch(many, 120, 5);
  auto key = [](const SystemRecord& x) {
    return std::tie(x.province, x.unit_name, x.unit_code, x.system_name, x.system_code, x.file);
  };
  REQUIRE(m.systems.size() > 100);
  REQUIRE(std::is_sorted(m.systems.begin(), m.systems.end(), [&](const SystemRecord& a, const SystemRecord& b) { return key(a) < key(b); }));
  bool path_order = true;
  for (std::size_t i = 1; i < m.systems.size(); ++i) path_order = path_order && m.systems[i - 1].file < m.systems[i].file;
  REQUIRE_FALSE(path_order);  // so the sort had work to do
  std::set<std::string> files;
  for (const SystemRecord& x : m.systems) REQUIRE(files.insert(x.file).second);
  std::vector<FileError> errors;
  REQUIRE(files.size() + m.errors.size() == discover_inputs({(many.path() / "in").string()}, errors).size());
}

TEST_CASE("Batch: damaged files are listed with their place and the rest are scored", "[batch]") {
  test::TempDir dir;
  for (int i = 0; i < 9; ++i) dir.write(fmt::format("in/ok{}.xml", i), variant(fmt::format("U{}", i), "Sở", "S", "Hệ thống"));
  std::string t = example_text();
  dir.write("in/truncated.xml", t.substr(0, t.size() / 2));
  dir.write("in/bad-status.xml", replace_all(variant("X1", "Sở X", "S", "H"), "status=\"met\"", "status=\"done\""));
  dir.write("in/wrong-version.xml", replace_all(variant("X2", "Sở X", "S", "H"), "format=\"1.0\"", "format=\"2.0\""));
  dir.write("in/not-utf8.xml", replace_all(variant("X3", "Sở X", "S", "H"), "Hệ thống", "H\xE9 th\xF4ng"));
  dir.write("in/notes.txt", "ignored: not .xml or .xlsx");
  BatchResult r = run_batch(options((dir.path() / "in").string(), 2));
  REQUIRE(r.files_seen == 13);
  REQUIRE(r.systems.size() == 9);
  REQUIRE(r.errors.size() == 4);
  std::string in = (dir.path() / "in").string();
  REQUIRE(r.errors[0].file == in + "/bad-status.xml");
  REQUIRE(r.errors[0].place == "52:40");
  REQUIRE(r.errors[0].message.rfind("unknown status 'done' (expected met, partial, not-met, not-applicable or unanswered) (and ", 0) == 0);
  REQUIRE(r.errors[1].file == in + "/not-utf8.xml");
  REQUIRE(r.errors[1].message == "file is not valid UTF-8 (byte 0xE9)");
  REQUIRE(r.errors[2].file == in + "/truncated.xml");
  REQUIRE(r.errors[2].message.rfind("malformed XML: ", 0) == 0);
  REQUIRE(r.errors[3].file == in + "/wrong-version.xml");
  REQUIRE(r.errors[3].place == "3:18");
  REQUIRE(r.errors[3].message == "unsupported dossier format '2.0' (this capdo reads format 1.x)");
}

TEST_CASE("Batch: two files of the same system are reported and counted once", "[batch]") {
  test::TempDir dir;
  dir.write("in/a.xml", variant("U1", "Sở Một", "WEB", "Cổng"));
  dir.write("in/b.xml", variant("u1", "Sở Một (bản sao)", "web", "Cổng thông tin"));  // same codes, other case
  dir.write("in/c.xml", variant("U1", "Sở Một", "MAIL", "Thư điện tử"));
  BatchResult r = run_batch(options((dir.path() / "in").string(), 2));
  REQUIRE(r.systems.size() == 2);
  REQUIRE(r.errors.size() == 1);
  REQUIRE(r.errors[0].file == (dir.path() / "in" / "b.xml").string());
  REQUIRE(r.errors[0].message.rfind("duplicate: describes the same system as '" + (dir.path() / "in" / "a.xml").string() + "'", 0) == 0);
}

TEST_CASE("Batch: year over year lists level and score changes, regressions, new and gone systems", "[batch]") {
  test::TempDir dir;
  // Last year: systems A and B. This year: A regressed on G01.02 and G02.01 and moved to level 4;
  // B is gone; C is new.
  std::string a = variant("U1", "Sở Một", "A", "Hệ thống A");
  dir.write("2025/a.xml", a);
  dir.write("2025/b.xml", variant("U1", "Sở Một", "B", "Hệ thống B"));
  std::string a_now = a;
  auto set_status = [&](const char* req, const char* from, const char* to) {
    std::string key = std::string("<item requirement=\"") + req + "\" status=\"" + from + "\">";
    std::size_t p = a_now.find(key);
    REQUIRE(p != std::string::npos);
    a_now.replace(p, key.size(), std::string("<item requirement=\"") + req + "\" status=\"" + to + "\">");
  };
  set_status("G01.02", "met", "not-met");
  set_status("G02.01", "met", "partial");
  a_now = replace_all(a_now, "<approval level=\"3\"", "<approval level=\"4\"");
  dir.write("2026/a.xml", a_now);
  dir.write("2026/c.xml", variant("U2", "Sở Hai", "C", "Hệ thống C"));
  BatchOptions last = options((dir.path() / "2025").string(), 2);
  last.year = 2025;
  last.date = Date{2025, 12, 14};
  write_evaluation_xml(run_batch(last), (dir.path() / "evaluation-2025.xml").string());
  BatchOptions now = options((dir.path() / "2026").string(), 2);
  now.previous = (dir.path() / "evaluation-2025.xml").string();
  BatchResult r = run_batch(now);
  REQUIRE(r.has_previous);
  REQUIRE(r.changes.size() == 3);
  // Sorted by unit then system: "Sở Hai" (C) before "Sở Một" (A, B).
  REQUIRE(r.changes[0].system_name == "Hệ thống C");
  REQUIRE(r.changes[0].kind == YearChange::Kind::added);
  const YearChange& ca = r.changes[1];
  REQUIRE(ca.system_name == "Hệ thống A");
  REQUIRE(ca.kind == YearChange::Kind::changed);
  REQUIRE(ca.level_before == 3);
  REQUIRE(ca.level_now == 4);
  // At level 4 more requirements apply (unanswered): they were not required last year, so
  // they are new, not regressions. The two items that got worse are.
  REQUIRE(ca.regressed.size() == 2);
  REQUIRE(ca.regressed[0].first == "G01.02");
  REQUIRE(ca.regressed[0].second.first == Status::met);
  REQUIRE(ca.regressed[0].second.second == Status::not_met);
  REQUIRE(ca.regressed[1].first == "G02.01");
  REQUIRE(ca.regressed[1].second.second == Status::partial);
  REQUIRE(*ca.score_now < *ca.score_before);
  REQUIRE(r.changes[2].system_name == "Hệ thống B");
  REQUIRE(r.changes[2].kind == YearChange::Kind::removed);
}

TEST_CASE("Batch: inputs are found in every folder below, sorted, hidden and other files skipped", "[batch]") {
  test::TempDir dir;
  namespace fs = std::filesystem;
  std::vector<std::string> expected;
  // Many folders, several levels deep: the walk's threads share them.
  for (int u = 0; u < 40; ++u)
    for (int s = 0; s < 3; ++s) expected.push_back(dir.write(fmt::format("in/u{:02}/s{}/deep/d{}.xml", u, s, s), "x"));
  expected.push_back(dir.write("in/top.XML", "x"));       // the extension in any case
  expected.push_back(dir.write("in/filled.xlsx", "x"));
  dir.write("in/notes.txt", "x");                          // not a dossier
  dir.write("in/.hidden.xml", "x");                        // hidden file
  dir.write("in/.capdo-tmp/x.xml", "x");                   // hidden folder
  dir.write("in/u00/.evaluation-2026.xml.tmp-1", "x");     // a temporary of ours
  dir.write("elsewhere/linked-dir/y.xml", "x");
  dir.write("elsewhere/target.xml", "x");
  fs::create_directory_symlink(dir.path() / "elsewhere/linked-dir", dir.path() / "in/link-to-dir");  // not followed
  fs::create_symlink(dir.path() / "elsewhere/target.xml", dir.path() / "in/link.xml");               // a file: read
  expected.push_back((dir.path() / "in/link.xml").string());
  std::sort(expected.begin(), expected.end());

  std::vector<FileError> errors;
  // The same file given twice (alone and in its folder) is read once; a missing input is an error.
  auto files = discover_inputs({(dir.path() / "in").string(), (dir.path() / "in/top.XML").string(),
                                (dir.path() / "missing").string()},
                               errors);
  REQUIRE(files == expected);
  REQUIRE(errors.size() == 1);
  REQUIRE(errors[0].file == (dir.path() / "missing").string());
  // The same list every time, whatever order the threads read the folders in.
  for (int run = 0; run < 5; ++run) {
    std::vector<FileError> again;
    REQUIRE(discover_inputs({(dir.path() / "in").string()}, again) == expected);
  }
}

TEST_CASE("Batch: a folder that cannot be read is reported once, and the rest is found", "[batch]") {
  // Folders nested past PATH_MAX (made relative to each other, as no full path reaches them):
  // the deepest cannot be opened by its path.
  test::TempDir dir;
  dir.write("in/a.xml", "x");
  const std::string name(200, 'd');
  std::vector<int> fds{::open((dir.path() / "in").c_str(), O_RDONLY | O_DIRECTORY)};
  REQUIRE(fds.back() >= 0);
  for (int depth = 0; depth < 25; ++depth) {
    REQUIRE(::mkdirat(fds.back(), name.c_str(), 0755) == 0);
    fds.push_back(::openat(fds.back(), name.c_str(), O_RDONLY | O_DIRECTORY));
    REQUIRE(fds.back() >= 0);
  }
  std::vector<FileError> errors;
  auto files = discover_inputs({(dir.path() / "in").string()}, errors);
  REQUIRE(files == std::vector<std::string>{(dir.path() / "in/a.xml").string()});
  REQUIRE(errors.size() == 1);
  REQUIRE(errors[0].message == "cannot read folder: File name too long");
  // Removed from the deepest up, also relative (TempDir's removal goes by full paths).
  for (std::size_t k = fds.size() - 1; k > 0; --k) {
    ::close(fds[k]);
    REQUIRE(::unlinkat(fds[k - 1], name.c_str(), AT_REMOVEDIR) == 0);
  }
  ::close(fds[0]);
}

TEST_CASE("Batch: parse-only baseline parses the same files", "[batch]") {
  test::TempDir dir;
  for (int i = 0; i < 5; ++i) dir.write(fmt::format("in/{}.xml", i), example_text());
  std::vector<FileError> errors;
  auto files = discover_inputs({(dir.path() / "in").string()}, errors);
  REQUIRE(files.size() == 5);
  REQUIRE(parse_only(files, 2) == 5);
  REQUIRE(parse_only(files, 2, true) == 5);  // with the read-ahead
}

TEST_CASE("Paths: hostile unit and system names stay inside the output folder", "[paths]") {
  REQUIRE(safe_component("../../etc") == "etc");
  REQUIRE(safe_component("../../../etc_../passwd") == "etc_passwd");
  REQUIRE(safe_component("v1.2..3") == "v1.2.3");
  REQUIRE(safe_component("..").rfind("x", 0) == 0);  // nothing usable: "x" and a hash
  REQUIRE(safe_component(".").rfind("x", 0) == 0);
  REQUIRE(safe_component("..") != safe_component("."));
  REQUIRE(safe_component("/etc/passwd") == "etc_passwd");
  REQUIRE(safe_component("Sở Y tế – Bệnh viện Đa khoa") == "So_Y_te_Benh_vien_Da_khoa");
  REQUIRE(safe_component("C:\\Windows\\system32") == "C_Windows_system32");
  REQUIRE(safe_component(std::string(200, 'a')).size() == 60);
  REQUIRE(safe_component("").size() == 9);
  std::set<std::string> taken;
  REQUIRE(unique_component("Sở A", taken) == "So_A");
  REQUIRE(unique_component("So A", taken) == "So_A-2");
  REQUIRE(unique_component("so a", taken) == "so_a-3");
}
