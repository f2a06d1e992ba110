#include "capdo/xlsx_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <set>
#include <unordered_map>

#include <fmt/format.h>
#include <minizip/unzip.h>
#include <pugixml.hpp>

#include "capdo/date.h"
#include "capdo/error.h"

namespace capdo {

const char* to_string(CellKind k) {
  switch (k) {
    case CellKind::empty: return "empty";
    case CellKind::string: return "string";
    case CellKind::number: return "number";
    case CellKind::boolean: return "boolean";
    case CellKind::date: return "date";
    case CellKind::error: return "error";
  }
  return "empty";
}

// ---- cells and references ------------------------------------------------------------------

namespace {

constexpr int kMaxRows = 1048576;
constexpr int kMaxCols = 16384;

const std::string& empty_string() {
  static const std::string s;
  return s;
}

}  // namespace

void XlsxSheet::set(int row, int col, XlsxCell c) {
  if (c.kind == CellKind::empty) {
    cells_.erase({row, col});
    return;
  }
  cells_[{row, col}] = std::move(c);
  max_row_ = std::max(max_row_, row);
  max_col_ = std::max(max_col_, col);
}

const XlsxCell* XlsxSheet::cell(int row, int col) const {
  auto it = cells_.find({row, col});
  return it == cells_.end() ? nullptr : &it->second;
}

const XlsxCell* XlsxSheet::cell(std::string_view ref) const {
  int row = 0, col = 0;
  if (!parse_cell_ref(ref, row, col)) return nullptr;
  return cell(row, col);
}

const std::string& XlsxSheet::text(int row, int col) const {
  const XlsxCell* c = cell(row, col);
  return c ? c->text : empty_string();
}

const std::string& XlsxSheet::text(std::string_view ref) const {
  const XlsxCell* c = cell(ref);
  return c ? c->text : empty_string();
}

const XlsxSheet* XlsxBook::sheet(std::string_view name) const {
  for (const XlsxSheet& s : sheets)
    if (s.name == name) return &s;
  return nullptr;
}

std::string column_name(int col) {
  std::string s;
  int n = col + 1;
  while (n > 0) {
    int r = (n - 1) % 26;
    s.insert(s.begin(), static_cast<char>('A' + r));
    n = (n - 1) / 26;
  }
  return s;
}

std::string cell_ref(int row, int col) { return column_name(col) + std::to_string(row + 1); }

bool parse_cell_ref(std::string_view ref, int& row, int& col) {
  std::size_t i = 0;
  if (i < ref.size() && ref[i] == '$') ++i;
  long c = 0;
  std::size_t letters = 0;
  while (i < ref.size() && ((ref[i] >= 'A' && ref[i] <= 'Z') || (ref[i] >= 'a' && ref[i] <= 'z'))) {
    char ch = static_cast<char>(ref[i] & ~0x20);
    c = c * 26 + (ch - 'A' + 1);
    if (++letters > 3) return false;
    ++i;
  }
  if (letters == 0) return false;
  if (i < ref.size() && ref[i] == '$') ++i;
  long r = 0;
  std::size_t digits = 0;
  while (i < ref.size() && ref[i] >= '0' && ref[i] <= '9') {
    r = r * 10 + (ref[i] - '0');
    if (++digits > 7) return false;
    ++i;
  }
  if (digits == 0 || i != ref.size() || r < 1 || r > kMaxRows || c > kMaxCols) return false;
  row = static_cast<int>(r - 1);
  col = static_cast<int>(c - 1);
  return true;
}

// ---- dates ---------------------------------------------------------------------------------

bool is_builtin_date_format(int id) {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

bool is_date_format(std::string_view code) {
  // Only the first section decides (positive numbers).
  std::string kept;
  bool in_quote = false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (in_quote) {
      if (c == '"') in_quote = false;
      continue;
    }
    if (c == '"') {
      in_quote = true;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;  // an escaped, padding or fill character
    } else if (c == ';') {
      break;
    } else if (c == '[') {
      std::size_t end = code.find(']', i);
      if (end == std::string_view::npos) break;
      std::string_view inner = code.substr(i + 1, end - i - 1);
      // Elapsed time ([h], [mm], [ss]) is a time; colours, conditions and locales are not.
      if (!inner.empty() && std::all_of(inner.begin(), inner.end(), [](char x) {
            return x == 'h' || x == 'H' || x == 'm' || x == 'M' || x == 's' || x == 'S';
          }))
        kept += inner;
      i = end;
    } else {
      kept += c;
    }
  }
  std::string lower;
  for (char c : kept) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  if (lower.find("general") != std::string::npos) return false;
  return lower.find_first_of("dmyhse") != std::string::npos && lower.find("e+") == std::string::npos &&
         lower.find("e-") == std::string::npos;
}

std::string serial_to_date(double serial, bool date1904) {
  if (!std::isfinite(serial) || serial < 0 || serial >= 2958466) return "";
  auto d = static_cast<long>(std::floor(serial));
  long days;
  if (date1904) {
    days = d - 24107;
  } else {
    if (d < 1 || d == 60) return "";  // 1900-01-00 and Excel's fictitious 1900-02-29
    days = d < 60 ? d - 25568 : d - 25569;
  }
  Date out = Date::from_days(days);
  if (out.year > 9999) return "";
  return out.to_string();
}

// ---- the archive ---------------------------------------------------------------------------

namespace {

/// minizip reads from the bytes already in memory (the file was read once, with its size
/// checked), so the archive checked is the archive parsed.
struct MemStream {
  const std::string* data = nullptr;
  std::size_t pos = 0;
};

voidpf ZCALLBACK mem_open(voidpf opaque, const void*, int) { return opaque; }

uLong ZCALLBACK mem_read(voidpf, voidpf stream, void* buf, uLong size) {
  auto* s = static_cast<MemStream*>(stream);
  std::size_t left = s->data->size() - std::min(s->pos, s->data->size());
  std::size_t n = std::min<std::size_t>(left, size);
  if (n) std::memcpy(buf, s->data->data() + s->pos, n);
  s->pos += n;
  return static_cast<uLong>(n);
}

uLong ZCALLBACK mem_write(voidpf, voidpf, const void*, uLong) { return 0; }

ZPOS64_T ZCALLBACK mem_tell(voidpf, voidpf stream) { return static_cast<MemStream*>(stream)->pos; }

long ZCALLBACK mem_seek(voidpf, voidpf stream, ZPOS64_T offset, int origin) {
  auto* s = static_cast<MemStream*>(stream);
  ZPOS64_T base = 0;
  switch (origin) {
    case ZLIB_FILEFUNC_SEEK_SET: base = 0; break;
    case ZLIB_FILEFUNC_SEEK_CUR: base = s->pos; break;
    case ZLIB_FILEFUNC_SEEK_END: base = s->data->size(); break;
    default: return -1;
  }
  if (offset > s->data->size() || base + offset > s->data->size()) return -1;
  s->pos = static_cast<std::size_t>(base + offset);
  return 0;
}

int ZCALLBACK mem_close(voidpf, voidpf) { return 0; }
int ZCALLBACK mem_error(voidpf, voidpf) { return 0; }

std::string limit_text(std::size_t bytes) {
  if (bytes % (1024 * 1024) == 0) return fmt::format("{} MiB", bytes / (1024 * 1024));
  return fmt::format("{} bytes", bytes);
}

/// Entry names as printed: control bytes and bytes that are not UTF-8 become '?'.
std::string printable(std::string_view name) {
  std::string out;
  for (char c : name) out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
  std::size_t bad = 0;
  while (!valid_utf8(out, &bad)) out[bad] = '?';
  return out;
}

bool escapes(std::string_view name) {
  if (name.empty() || name[0] == '/' || name.find('\\') != std::string_view::npos ||
      name.find('\0') != std::string_view::npos)
    return true;
  if (name.size() >= 2 && name[1] == ':') return true;  // "C:…"
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t end = name.find('/', start);
    if (end == std::string_view::npos) end = name.size();
    if (name.substr(start, end - start) == "..") return true;
    start = end + 1;
  }
  return false;
}

class Archive {
 public:
  Archive(std::string path, std::string bytes, const XlsxLimits& limits)
      : path_(std::move(path)), bytes_(std::move(bytes)), limits_(limits) {
    stream_.data = &bytes_;
    zlib_filefunc64_def ff{};
    ff.zopen64_file = mem_open;
    ff.zread_file = mem_read;
    ff.zwrite_file = mem_write;
    ff.ztell64_file = mem_tell;
    ff.zseek64_file = mem_seek;
    ff.zclose_file = mem_close;
    ff.zerror_file = mem_error;
    ff.opaque = &stream_;
    zip_ = unzOpen2_64("", &ff);
    if (!zip_) fail("not an xlsx file (not a zip archive)");
    try {
      scan();
    } catch (...) {
      unzClose(zip_);  // the destructor does not run when the constructor throws
      throw;
    }
  }
  ~Archive() {
    if (zip_) unzClose(zip_);
  }
  Archive(const Archive&) = delete;
  Archive& operator=(const Archive&) = delete;

  [[noreturn]] void fail(std::string message) const {
    throw InputError(Diagnostic{path_, 0, 0, {}, Severity::error, std::move(message)});
  }

  bool has(const std::string& name) const { return entries_.count(name) > 0; }

  /// The bytes of an entry, counted against the total budget while inflating.
  std::string read(const std::string& name) {
    auto it = entries_.find(name);
    if (it == entries_.end()) fail(fmt::format("archive entry '{}' is missing", printable(name)));
    unz64_file_pos pos = it->second;
    if (unzGoToFilePos64(zip_, &pos) != UNZ_OK || unzOpenCurrentFile(zip_) != UNZ_OK)
      fail(fmt::format("cannot read archive entry '{}'", printable(name)));
    std::string out;
    char buf[65536];
    for (;;) {
      int n = unzReadCurrentFile(zip_, buf, sizeof buf);
      if (n < 0) {
        unzCloseCurrentFile(zip_);
        fail(fmt::format("archive entry '{}' is corrupt", printable(name)));
      }
      if (n == 0) break;
      inflated_ += static_cast<std::size_t>(n);
      if (inflated_ > limits_.max_total_bytes) {
        unzCloseCurrentFile(zip_);
        fail(fmt::format("archive expands beyond the {} limit", limit_text(limits_.max_total_bytes)));
      }
      out.append(buf, static_cast<std::size_t>(n));
    }
    if (unzCloseCurrentFile(zip_) != UNZ_OK)
      fail(fmt::format("archive entry '{}' is corrupt (checksum mismatch)", printable(name)));
    return out;
  }

 private:
  void scan() {
    unz_global_info64 gi{};
    if (unzGetGlobalInfo64(zip_, &gi) != UNZ_OK) fail("not an xlsx file (not a zip archive)");
    if (gi.number_entry > limits_.max_entries)
      fail(fmt::format("archive has more than {} entries", limits_.max_entries));
    std::size_t count = 0;
    unsigned long long declared = 0;
    for (int rc = unzGoToFirstFile(zip_); rc == UNZ_OK; rc = unzGoToNextFile(zip_)) {
      if (++count > limits_.max_entries) fail(fmt::format("archive has more than {} entries", limits_.max_entries));
      unz_file_info64 info{};
      char name[1024];
      if (unzGetCurrentFileInfo64(zip_, &info, name, sizeof name, nullptr, 0, nullptr, 0) != UNZ_OK)
        fail("not an xlsx file (corrupt zip directory)");
      std::string n(name, std::min<std::size_t>(info.size_filename, sizeof name - 1));
      if (info.size_filename >= sizeof name) fail(fmt::format("archive entry '{}…' has a name that is too long", printable(n)));
      if (escapes(n)) fail(fmt::format("archive entry '{}' escapes the archive", printable(n)));
      if (info.flag & 1u) fail(fmt::format("archive entry '{}' is encrypted", printable(n)));
      declared += info.uncompressed_size;
      if (declared > limits_.max_total_bytes)
        fail(fmt::format("archive expands beyond the {} limit", limit_text(limits_.max_total_bytes)));
      unz64_file_pos pos{};
      unzGetFilePos64(zip_, &pos);
      if (!entries_.emplace(n, pos).second) fail(fmt::format("archive has two entries named '{}'", printable(n)));
    }
    if (count == 0) fail("not an xlsx file (empty zip archive)");
  }

  std::string path_;
  std::string bytes_;
  XlsxLimits limits_;
  MemStream stream_;
  unzFile zip_ = nullptr;
  std::unordered_map<std::string, unz64_file_pos> entries_;
  std::size_t inflated_ = 0;
};

// ---- XML parts -----------------------------------------------------------------------------

std::string_view local_name(const char* qname) {
  std::string_view n(qname);
  std::size_t colon = n.find(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

pugi::xml_node child(pugi::xml_node n, std::string_view local) {
  for (pugi::xml_node c : n.children())
    if (c.type() == pugi::node_element && local_name(c.name()) == local) return c;
  return {};
}

template <typename F>
void each_child(pugi::xml_node n, std::string_view local, F f) {
  for (pugi::xml_node c : n.children())
    if (c.type() == pugi::node_element && local_name(c.name()) == local) f(c);
}

/// The r:id attribute, whatever prefix the relationships namespace has.
std::string rel_id(pugi::xml_node n) {
  for (pugi::xml_attribute a : n.attributes()) {
    std::string_view name = a.name();
    if (name.size() > 3 && name.substr(name.size() - 3) == ":id") return a.value();
  }
  return "";
}

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

/// Decodes the _xHHHH_ escapes of ECMA-376 string items (control characters).
std::string unescape_xstring(std::string_view s) {
  if (s.find("_x") == std::string_view::npos) return std::string(s);
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '_' && i + 6 < s.size() && s[i + 1] == 'x' && s[i + 6] == '_') {
      int a = hex(s[i + 2]), b = hex(s[i + 3]), c = hex(s[i + 4]), d = hex(s[i + 5]);
      if (a >= 0 && b >= 0 && c >= 0 && d >= 0) {
        auto cp = static_cast<unsigned>((a << 12) | (b << 8) | (c << 4) | d);
        if (cp < 0xD800 || cp > 0xDFFF) {
          append_utf8(out, cp);
          i += 6;
          continue;
        }
      }
    }
    out += s[i];
  }
  return out;
}

/// The text of a string item (<si> or <is>): plain <t>, or the <t> of every rich-text run;
/// phonetic runs (<rPh>) are not part of the value.
std::string string_item(pugi::xml_node si) {
  std::string out;
  for (pugi::xml_node c : si.children()) {
    if (c.type() != pugi::node_element) continue;
    std::string_view n = local_name(c.name());
    if (n == "t") out += c.text().get();
    else if (n == "r") out += child(c, "t").text().get();
  }
  return unescape_xstring(out);
}

/// Joins a relationship target to the folder of the part that names it.
std::string resolve_target(const std::string& base_dir, std::string_view target) {
  std::string joined = !target.empty() && target[0] == '/' ? std::string(target.substr(1))
                                                             : base_dir + std::string(target);
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= joined.size()) {
    std::size_t end = joined.find('/', start);
    if (end == std::string::npos) end = joined.size();
    std::string seg = joined.substr(start, end - start);
    if (seg == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!seg.empty() && seg != ".") {
      parts.push_back(seg);
    }
    start = end + 1;
  }
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

const char* describe(pugi::xml_parse_status status) {
  switch (status) {
    case pugi::status_end_element_mismatch: return "closing tag does not match the opening tag";
    case pugi::status_bad_start_element: return "malformed start tag";
    case pugi::status_bad_end_element: return "malformed end tag";
    case pugi::status_bad_attribute: return "malformed attribute";
    case pugi::status_bad_pcdata: return "malformed text";
    case pugi::status_no_document_element: return "no root element";
    default: return "cannot parse";
  }
}

class Reader {
 public:
  Reader(const std::string& path, const XlsxLimits& limits)
      : path_(path), zip_(path, read_file(path, limits.max_file_bytes).text, limits) {}

  XlsxBook read() {
    XlsxBook book;
    book.path = path_;
    std::string wb_part = office_document();
    std::string wb_dir = wb_part.substr(0, wb_part.rfind('/') + 1);
    pugi::xml_document wb;
    parse(wb_part, wb);
    pugi::xml_node root = wb.document_element();
    if (local_name(root.name()) != "workbook")
      zip_.fail(fmt::format("not an xlsx file ('{}' is not a workbook)", wb_part));
    pugi::xml_attribute d1904 = child(root, "workbookPr").attribute("date1904");
    book.date1904 = d1904 && (std::string_view(d1904.value()) == "1" || std::string_view(d1904.value()) == "true");

    // Relationships of the workbook: sheets, shared strings, styles.
    std::map<std::string, std::string> targets;
    std::string shared_part, styles_part;
    std::string rels_part = wb_dir + "_rels/" + wb_part.substr(wb_dir.size()) + ".rels";
    if (zip_.has(rels_part)) {
      pugi::xml_document rels;
      parse(rels_part, rels);
      each_child(rels.document_element(), "Relationship", [&](pugi::xml_node r) {
        if (std::string_view(r.attribute("TargetMode").value()) == "External") return;
        std::string target = resolve_target(wb_dir, r.attribute("Target").value());
        std::string_view type = r.attribute("Type").value();
        targets[r.attribute("Id").value()] = target;
        auto ends = [&](std::string_view suffix) {
          return type.size() >= suffix.size() && type.substr(type.size() - suffix.size()) == suffix;
        };
        if (ends("/sharedStrings")) shared_part = target;
        if (ends("/styles")) styles_part = target;
      });
    }
    if (shared_part.empty() && zip_.has(wb_dir + "sharedStrings.xml")) shared_part = wb_dir + "sharedStrings.xml";
    if (styles_part.empty() && zip_.has(wb_dir + "styles.xml")) styles_part = wb_dir + "styles.xml";
    if (!styles_part.empty() && zip_.has(styles_part)) read_styles(styles_part);
    if (!shared_part.empty() && zip_.has(shared_part)) read_shared_strings(shared_part);

    std::set<std::string> names;
    each_child(child(root, "sheets"), "sheet", [&](pugi::xml_node s) {
      XlsxSheet sheet;
      sheet.name = s.attribute("name").value();
      std::string_view state = s.attribute("state").value();
      sheet.hidden = state == "hidden" || state == "veryHidden";
      auto t = targets.find(rel_id(s));
      if (t == targets.end() || !zip_.has(t->second)) return;  // chart sheets, dialogs, broken links
      if (!names.insert(sheet.name).second) zip_.fail(fmt::format("workbook has two sheets named '{}'", sheet.name));
      read_sheet(t->second, sheet, book.date1904);
      book.sheets.push_back(std::move(sheet));
    });
    return book;
  }

 private:
  std::string office_document() {
    if (zip_.has("_rels/.rels")) {
      pugi::xml_document rels;
      parse("_rels/.rels", rels);
      std::string found;
      each_child(rels.document_element(), "Relationship", [&](pugi::xml_node r) {
        std::string_view type = r.attribute("Type").value();
        std::string_view suffix = "/officeDocument";
        if (found.empty() && type.size() >= suffix.size() && type.substr(type.size() - suffix.size()) == suffix)
          found = resolve_target("", r.attribute("Target").value());
      });
      if (!found.empty() && zip_.has(found)) return found;
    }
    if (zip_.has("xl/workbook.xml")) return "xl/workbook.xml";
    zip_.fail("not an xlsx file (no workbook part)");
  }

  void parse(const std::string& part, pugi::xml_document& doc) {
    std::string text = zip_.read(part);
    std::size_t start = 0;
    if (text.size() >= 2 && ((text[0] == '\xFF' && text[1] == '\xFE') || (text[0] == '\xFE' && text[1] == '\xFF')))
      zip_.fail(fmt::format("archive entry '{}' is not UTF-8 (UTF-16 is not supported)", part));
    if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) start = 3;
    std::size_t bad = 0;
    if (!valid_utf8(std::string_view(text).substr(start), &bad))
      zip_.fail(fmt::format("archive entry '{}' is not valid UTF-8 (byte 0x{:02X})", part,
                            static_cast<unsigned char>(text[start + bad])));
    pugi::xml_parse_result r = doc.load_buffer(text.data() + start, text.size() - start,
                                               pugi::parse_default | pugi::parse_ws_pcdata_single, pugi::encoding_utf8);
    if (!r) {
      auto [line, col] = line_col(std::string_view(text).substr(start), static_cast<std::size_t>(r.offset));
      zip_.fail(fmt::format("archive entry '{}' is malformed XML at {}:{}: {}", part, line, col, describe(r.status)));
    }
  }

  void read_styles(const std::string& part) {
    pugi::xml_document doc;
    parse(part, doc);
    pugi::xml_node root = doc.document_element();
    std::map<int, bool> custom;
    each_child(child(root, "numFmts"), "numFmt", [&](pugi::xml_node f) {
      custom[f.attribute("numFmtId").as_int(-1)] = is_date_format(f.attribute("formatCode").value());
    });
    each_child(child(root, "cellXfs"), "xf", [&](pugi::xml_node xf) {
      int id = xf.attribute("numFmtId").as_int(0);
      auto it = custom.find(id);
      xf_is_date_.push_back(it != custom.end() ? it->second : is_builtin_date_format(id));
    });
  }

  void read_shared_strings(const std::string& part) {
    pugi::xml_document doc;
    parse(part, doc);
    each_child(doc.document_element(), "si", [&](pugi::xml_node si) { shared_.push_back(string_item(si)); });
  }

  void read_sheet(const std::string& part, XlsxSheet& sheet, bool date1904) {
    pugi::xml_document doc;
    parse(part, doc);
    pugi::xml_node data = child(doc.document_element(), "sheetData");
    int row = -1;
    each_child(data, "row", [&](pugi::xml_node r) {
      if (pugi::xml_attribute ra = r.attribute("r")) {
        long v = ra.as_llong(0);
        if (v < 1 || v > kMaxRows) zip_.fail(fmt::format("archive entry '{}' has a bad row number '{}'", part, ra.value()));
        row = static_cast<int>(v - 1);
      } else {
        ++row;
      }
      int col = -1;
      each_child(r, "c", [&](pugi::xml_node c) {
        if (pugi::xml_attribute ca = c.attribute("r")) {
          int rr = 0;
          if (!parse_cell_ref(ca.value(), rr, col))
            zip_.fail(fmt::format("archive entry '{}' has a bad cell reference '{}'", part, ca.value()));
          row = rr;
        } else {
          ++col;
        }
        if (col >= kMaxCols) zip_.fail(fmt::format("archive entry '{}' has too many columns", part));
        sheet.set(row, col, read_cell(c, part, date1904));
      });
    });
  }

  XlsxCell read_cell(pugi::xml_node c, const std::string& part, bool date1904) {
    XlsxCell out;
    std::string_view t = c.attribute("t").value();
    pugi::xml_node v = child(c, "v");
    std::string_view value = v.text().get();
    out.formula = static_cast<bool>(child(c, "f"));
    if (t == "inlineStr") {
      out.kind = CellKind::string;
      out.text = string_item(child(c, "is"));
      if (out.text.empty() && !child(c, "is")) out.kind = CellKind::empty;
      return out;
    }
    if (!v || (value.empty() && t != "str")) return out;  // no cached value (a formula never calculated)
    if (t == "s") {
      long long idx = -1;
      auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), idx);
      if (ec != std::errc() || p != value.data() + value.size() || idx < 0 ||
          static_cast<unsigned long long>(idx) >= shared_.size())
        zip_.fail(fmt::format("archive entry '{}' names shared string '{}', which does not exist", part, value));
      out.kind = CellKind::string;
      out.text = shared_[static_cast<std::size_t>(idx)];
    } else if (t == "str") {
      out.kind = CellKind::string;
      out.text = unescape_xstring(value);
    } else if (t == "b") {
      out.kind = CellKind::boolean;
      bool yes = value == "1" || value == "true";
      out.number = yes ? 1 : 0;
      out.text = yes ? "TRUE" : "FALSE";
    } else if (t == "e") {
      out.kind = CellKind::error;
      out.text = std::string(value);
    } else if (t == "d") {
      out.kind = CellKind::date;
      out.text = std::string(value.substr(0, std::min<std::size_t>(value.size(), 10)));
      if (!Date::parse(out.text)) {
        out.kind = CellKind::string;
        out.text = std::string(value);
      }
    } else {
      // A number; fast and locale-independent parsing.
      std::string s(value);
      double d = 0;
      auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
      if (ec != std::errc() || p != s.data() + s.size())
        zip_.fail(fmt::format("archive entry '{}' has a bad number '{}'", part, s));
      out.kind = CellKind::number;
      out.number = d;
      if (d == std::floor(d) && std::fabs(d) < 1e15) out.text = fmt::format("{}", static_cast<long long>(d));
      else out.text = fmt::format("{}", d);
      int style = c.attribute("s").as_int(0);
      if (style >= 0 && static_cast<std::size_t>(style) < xf_is_date_.size() &&
          xf_is_date_[static_cast<std::size_t>(style)]) {
        std::string date = serial_to_date(d, date1904);
        if (!date.empty()) {
          out.kind = CellKind::date;
          out.text = date;
        }
      }
    }
    return out;
  }

  std::string path_;
  Archive zip_;
  std::vector<std::string> shared_;
  std::vector<bool> xf_is_date_;
};

}  // namespace

XlsxBook read_xlsx(const std::string& path, const XlsxLimits& limits) {
  Reader r(path, limits);
  return r.read();
}

}  // namespace capdo
