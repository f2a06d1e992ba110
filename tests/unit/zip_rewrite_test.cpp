#include <catch2/catch.hpp>

#include <filesystem>
#include <iterator>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <minizip/unzip.h>
#include <zlib.h>

#include "capdo/error.h"
#include "capdo/source.h"
#include "capdo/xlsx_reader.h"
#include "capdo/xlsx_util.h"
#include "capdo/zip_rewrite.h"
#include "support/temp_dir.h"

using namespace capdo;
using namespace std::string_literals;

namespace {

std::string inflate_raw(const std::string& in) {
  z_stream z{};
  REQUIRE(inflateInit2(&z, -MAX_WBITS) == Z_OK);
  std::string out(1 << 20, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = inflate(&z, Z_FINISH);
  out.resize(out.size() - z.avail_out);
  inflateEnd(&z);
  REQUIRE(rc == Z_STREAM_END);  // the stream is complete: it has a final block
  return out;
}

/// Per entry, in archive order: name, CRC, sizes, and the bytes (compressed if `raw`).
struct Entry {
  std::string name;
  unsigned long crc = 0;
  unsigned long long compressed = 0, size = 0;
  std::string bytes;
};
std::vector<Entry> entries(const std::string& path, bool raw) {
  std::vector<Entry> out;
  unzFile f = unzOpen64(path.c_str());
  REQUIRE(f);
  for (int rc = unzGoToFirstFile(f); rc == UNZ_OK; rc = unzGoToNextFile(f)) {
    unz_file_info64 info{};
    char name[512];
    REQUIRE(unzGetCurrentFileInfo64(f, &info, name, sizeof name, nullptr, 0, nullptr, 0) == UNZ_OK);
    Entry e{name, info.crc, info.compressed_size, info.uncompressed_size, {}};
    int method = 0, level = 0;
    REQUIRE(unzOpenCurrentFile2(f, &method, &level, raw ? 1 : 0) == UNZ_OK);
    char buf[4096];
    for (int n; (n = unzReadCurrentFile(f, buf, sizeof buf)) > 0;) e.bytes.append(buf, static_cast<std::size_t>(n));
    REQUIRE(unzCloseCurrentFile(f) == UNZ_OK);  // also checks the CRC when not raw
    out.push_back(std::move(e));
  }
  unzClose(f);
  return out;
}

const std::vector<std::string>& sample_texts() {
  static const std::vector<std::string> t = {
      "=HYPERLINK(\"http://x\",\"y\")", "+1", "@SUM(A1)", "_x0041_ stays", "ctrl\x01char", "a & b < c > d",
      " leading and trailing ", "line one\nline two\ttab",
      "Đủ dấu: ắằẳẵặ ấầẩẫậ ếềểễệ ốồổỗộ ớờởỡợ ứừửữự ýỳỷỹỵ đĐ"};
  return t;
}

/// Dates around Excel's fictitious 1900-02-29 (serial 60).
Date early_date(std::size_t i) {
  const Date dates[] = {{1900, 1, 1}, {1900, 1, 15}, {1900, 2, 28}, {1900, 3, 1}, {1904, 1, 1}};
  return dates[i % 5];
}

}  // namespace

TEST_CASE("Zip rewrite: pieces compressed apart join into one deflate stream", "[zip]") {
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "<row r=\"" + std::to_string(i) + "\">Hệ thống thông tin</row>";
  std::vector<std::string> parts = {text.substr(0, 1000), text.substr(1000, 250000), std::string(),
                                    text.substr(251000)};
  std::vector<DeflatedPiece> pieces(parts.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < parts.size(); ++i) threads.emplace_back([&, i] { pieces[i] = deflate_piece(parts[i]); });
  for (std::thread& t : threads) t.join();
  std::string joined;
  std::uint32_t crc = 0;
  for (const DeflatedPiece& p : pieces) {
    joined += p.data;
    crc = static_cast<std::uint32_t>(crc32_combine(crc, p.crc, static_cast<z_off_t>(p.size)));
  }
  joined += "\x03\x00"s;  // an empty final block (fixed Huffman, end of block)
  REQUIRE(inflate_raw(joined) == text);
  REQUIRE(crc == crc32(0, reinterpret_cast<const Bytef*>(text.data()), static_cast<uInt>(text.size())));
  // Without the final block the stream is not complete: pieces are never final.
  z_stream z{};
  REQUIRE(inflateInit2(&z, -MAX_WBITS) == Z_OK);
  std::string out(text.size() + 16, '\0');
  z.next_in = reinterpret_cast<Bytef*>(pieces[0].data.data());
  z.avail_in = static_cast<uInt>(pieces[0].data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  REQUIRE(inflate(&z, Z_FINISH) == Z_BUF_ERROR);
  inflateEnd(&z);
  // The bytes depend on the text alone.
  REQUIRE(deflate_piece(parts[1]).data == pieces[1].data);
}

TEST_CASE("Zip rewrite: a sheet written by SheetRows reads back as write_text() would have written it", "[zip]") {
  test::TempDir dir;
  auto make = [&](const std::string& name, bool rewrite) {
    std::string path = (dir.path() / name).string();
    WorkbookInfo info;
    info.constant_memory = true;
    XlsxOutput out(path, info);
    lxw_worksheet* first = out.add_sheet("Đầu");
    write_text(first, 0, 0, "trang đầu");
    lxw_worksheet* ws = out.add_sheet("Dữ liệu");
    write_text(ws, 0, 0, "Tiêu đề", out.formats().header);
    int xf = SheetRows::xf_index(out.formats().date);
    const auto& texts = sample_texts();
    if (!rewrite) {
      for (std::size_t i = 0; i < texts.size(); ++i) {
        int row = static_cast<int>(i) + 1;
        write_text(ws, row, 0, texts[i]);
        write_number(ws, row, 2, 85000.5);
        write_date(ws, row, 3, Date{2026, 11, 24}, out.formats().date);
        write_date(ws, row, 4, early_date(i), out.formats().date);
        write_text(ws, row, 5, texts[i]);
        write_text(ws, row, 27, texts[i]);
      }
      out.close();
      return path;
    }
    lxw_worksheet* last = out.add_sheet("Cuối");
    write_number(last, 0, 0, 7);
    EntryReplacement e;
    e.name = out.part_name(ws);
    REQUIRE(e.name == "xl/worksheets/sheet2.xml");
    e.write = [&, xf](const std::string& original, EntrySink& sink) {
      std::size_t at = original.rfind("</sheetData>");
      REQUIRE(at != std::string::npos);
      sink.write(std::string_view(original).substr(0, at));
      // One piece per row, compressed on as many threads.
      std::vector<DeflatedPiece> pieces(texts.size());
      std::vector<std::thread> threads;
      for (std::size_t i = 0; i < texts.size(); ++i)
        threads.emplace_back([&, i] {
          std::string xml;
          SheetRows rows(xml);
          rows.begin_row(static_cast<int>(i) + 1);
          rows.text(0, texts[i]);
          rows.text(1, "");  // nothing
          rows.number(2, 85000.5);
          rows.date(3, Date{2026, 11, 24}, xf);
          rows.date(4, early_date(i), xf);
          const std::string prepared = SheetRows::prepare_text(texts[i]);  // escaped once, written twice
          rows.prepared_text(5, prepared);
          rows.prepared_text(27, prepared);
          rows.prepared_text(28, SheetRows::prepare_text(""));  // nothing
          rows.end_row();
          pieces[i] = deflate_piece(xml);
        });
      for (std::thread& t : threads) t.join();
      for (const DeflatedPiece& p : pieces) sink.write(p);
      sink.write(std::string_view(original).substr(at));
    };
    out.close({e});
    return path;
  };
  std::string ours = make("ours.xlsx", true);
  std::string theirs = make("theirs.xlsx", false);
  // Only the two workbooks: libxlsxwriter's file and the rewritten one's temporary are gone.
  REQUIRE(std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator{}) == 2);

  XlsxBook book = read_xlsx(ours);
  REQUIRE(book.sheets.size() == 3);
  REQUIRE(book.sheets[0].text(0, 0) == "trang đầu");
  REQUIRE(book.sheets[2].name == "Cuối");
  const XlsxSheet& s = book.sheets[1];
  REQUIRE(s.text(0, 0) == "Tiêu đề");
  const auto& texts = sample_texts();
  for (std::size_t i = 0; i < texts.size(); ++i) {
    int row = static_cast<int>(i) + 1;
    INFO(texts[i]);
    REQUIRE(s.cell(row, 0)->kind == CellKind::string);
    REQUIRE_FALSE(s.cell(row, 0)->formula);
    REQUIRE(s.text(row, 0) == texts[i]);
    REQUIRE(s.cell(row, 1) == nullptr);
    REQUIRE(s.text(row, 2) == "85000.5");
    REQUIRE(s.cell(row, 3)->kind == CellKind::date);
    REQUIRE(s.text(row, 3) == "2026-11-24");
    REQUIRE(s.text(row, 5) == texts[i]);
    REQUIRE(s.text(row, 27) == texts[i]);
    REQUIRE(s.cell(row, 28) == nullptr);
  }
  // The same cells as libxlsxwriter's own constant-memory writer, byte for byte.
  std::map<std::string, std::string> a, b;
  for (Entry& e : entries(ours, false)) a[e.name] = e.bytes;
  for (Entry& e : entries(theirs, false)) b[e.name] = e.bytes;
  auto sheet_data = [](const std::string& x) { return x.substr(x.find("<sheetData>"), x.find("</sheetData>") - x.find("<sheetData>")); };
  REQUIRE(sheet_data(a.at("xl/worksheets/sheet2.xml")) == sheet_data(b.at("xl/worksheets/sheet2.xml")));
}

TEST_CASE("Zip rewrite: other entries are copied as they are; a missing entry is an error", "[zip]") {
  test::TempDir dir;
  std::string src = (dir.path() / "src.xlsx").string();
  {
    WorkbookInfo info;
    info.constant_memory = true;  // text inline, in the sheet's part
    XlsxOutput out(src, info);
    write_text(out.add_sheet("A"), 0, 0, "một");
    write_text(out.add_sheet("B"), 0, 0, "hai");
    out.close();
  }
  std::string dst = (dir.path() / "dst.xlsx").string();
  EntryReplacement e;
  e.name = "xl/worksheets/sheet2.xml";
  e.write = [](const std::string& original, EntrySink& sink) {
    std::string s = original;
    s.replace(s.find("hai"), 3, "ba");
    sink.write(s);
  };
  rewrite_zip(src, dst, {e});
  std::vector<Entry> before = entries(src, true), after = entries(dst, true);
  REQUIRE(before.size() == after.size());
  for (std::size_t i = 0; i < before.size(); ++i) {
    INFO(before[i].name);
    REQUIRE(after[i].name == before[i].name);
    if (before[i].name == e.name) continue;
    REQUIRE(after[i].bytes == before[i].bytes);
    REQUIRE(after[i].crc == before[i].crc);
    REQUIRE(after[i].size == before[i].size);
  }
  entries(dst, false);  // every entry inflates and matches its CRC
  REQUIRE(read_xlsx(dst).sheets.at(1).text(0, 0) == "ba");

  EntryReplacement missing;
  missing.name = "xl/worksheets/sheet9.xml";
  missing.write = [](const std::string&, EntrySink&) {};
  REQUIRE_THROWS_WITH(rewrite_zip(src, (dir.path() / "x.xlsx").string(), {missing}),
                      "cannot rewrite '" + src + "': it has no entry 'xl/worksheets/sheet9.xml'");
  REQUIRE_THROWS_AS(rewrite_zip((dir.path() / "none.xlsx").string(), (dir.path() / "y.xlsx").string(), {}), IoError);
}
