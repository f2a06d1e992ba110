#include "capdo/xlsx_util.h"

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <random>

#include <fmt/format.h>

#include "capdo/error.h"
#include "capdo/xlsx_reader.h"

namespace capdo {

namespace {

lxw_row_t row_t(int row) { return static_cast<lxw_row_t>(row); }
lxw_col_t col_t(int col) { return static_cast<lxw_col_t>(col); }

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

/// Whether text[i] starts "_xHHHH_", which Excel reads as an escaped character.
bool excel_escape_at(std::string_view text, std::size_t i) {
  auto hex = [&](std::size_t k) { return std::isxdigit(static_cast<unsigned char>(text[k])) != 0; };
  return text[i] == '_' && i + 6 < text.size() && text[i + 1] == 'x' && text[i + 6] == '_' && hex(i + 2) && hex(i + 3) &&
         hex(i + 4) && hex(i + 5);
}

/// The text Excel shows as `text`: a literal "_xHHHH_" has its underscore escaped.
std::string excel_literal(std::string_view text) {
  std::string s;
  s.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (excel_escape_at(text, i)) s += "_x005F";
    s += text[i];
  }
  return s;
}

/// libxlsxwriter takes char* for properties it only reads.
char* c_str(std::string& s) { return s.empty() ? nullptr : s.data(); }

}  // namespace

void check_lxw(lxw_error err, std::string_view what) {
  if (err != LXW_NO_ERROR) throw Error(fmt::format("cannot write {}: {}", what, lxw_strerror(err)), ExitCode::internal);
}

XlsxOutput::XlsxOutput(const std::string& path, const WorkbookInfo& info) : path_(path), file_(path) {
  namespace fs = std::filesystem;
  fs::path target(path);
  fs::path dir = target.parent_path();
  if (dir.empty()) dir = ".";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw_system_error(ENOENT, "write file", path);
  lxw_workbook_options options{};
  options.constant_memory = info.constant_memory ? LXW_TRUE : LXW_FALSE;
  // Large evaluations: ZIP64 for parts over 4 GB, temporary files beside the output rather
  // than in a /tmp that may live in memory. (libxlsxwriter then gives every part ZIP64
  // fields, which Excel may reject; close() with parts to replace rewrites the file and
  // keeps ZIP64 fields only where a part needs them.)
  options.use_zip64 = info.constant_memory ? LXW_TRUE : LXW_FALSE;
  std::string tmpdir = dir.string();
  if (info.constant_memory) options.tmpdir = tmpdir.data();
  wb_ = workbook_new_opt(file_.temp_path().c_str(), &options);
  if (!wb_) throw IoError(fmt::format("cannot write file '{}': cannot create a workbook", path));

  try {
    init(info);
  } catch (...) {
    lxw_workbook_free(wb_);
    wb_ = nullptr;
    throw;
  }
}

void XlsxOutput::add_validation(lxw_worksheet* ws, int first_row, int first_col, int last_row, int last_col,
                                lxw_data_validation& dv) {
  if (dv.validate == LXW_VALIDATION_TYPE_LIST && dv.value_list) {
    std::size_t bytes = 0;
    for (char** p = dv.value_list; *p; ++p) bytes += std::strlen(*p) + (p == dv.value_list ? 0 : 1);
    if (bytes > 255)  // libxlsxwriter 1.1.4 would overflow a buffer
      throw Error(fmt::format("cannot write a drop-down list of {} bytes (at most 255)", bytes), ExitCode::internal);
  }
  check_lxw(worksheet_data_validation_range(ws, row_t(first_row), col_t(first_col), row_t(last_row), col_t(last_col),
                                            &dv),
            "a data validation");
}
void XlsxOutput::init(const WorkbookInfo& info) {
  WorkbookInfo copy = info;
  lxw_doc_properties props{};
  props.title = c_str(copy.title);
  props.subject = c_str(copy.subject);
  props.author = c_str(copy.author);
  props.company = c_str(copy.company);
  props.comments = c_str(copy.comments);
  props.created = static_cast<time_t>(kWorkbookCreated);
  check_lxw(workbook_set_properties(wb_, &props), "the workbook properties");

  auto fill = [](lxw_format* f) {
    format_set_pattern(f, LXW_PATTERN_SOLID);
    format_set_bg_color(f, 0xFFF7D6);
    format_set_border(f, LXW_BORDER_THIN);
    format_set_border_color(f, 0xBFBFBF);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    format_set_unlocked(f);
  };
  formats_.title = add_format();
  format_set_bold(formats_.title);
  format_set_font_size(formats_.title, 14);
  auto shaded_bold = [this](lxw_color_t color, bool wrapped) {
    lxw_format* f = add_format();
    format_set_bold(f);
    if (wrapped) {
      format_set_text_wrap(f);
      format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    }
    format_set_pattern(f, LXW_PATTERN_SOLID);
    format_set_bg_color(f, color);
    return f;
  };
  formats_.header = shaded_bold(0xD9E1F2, true);
  format_set_border(formats_.header, LXW_BORDER_THIN);
  formats_.section = shaded_bold(0xEDEDED, false);
  formats_.label = shaded_bold(0xEDEDED, true);
  formats_.wrap = add_format();
  format_set_text_wrap(formats_.wrap);
  format_set_align(formats_.wrap, LXW_ALIGN_VERTICAL_TOP);
  formats_.text = add_format();
  format_set_text_wrap(formats_.text);
  format_set_align(formats_.text, LXW_ALIGN_VERTICAL_TOP);
  format_set_border(formats_.text, LXW_BORDER_THIN);
  format_set_border_color(formats_.text, 0xBFBFBF);
  formats_.muted = add_format();
  format_set_text_wrap(formats_.muted);
  format_set_align(formats_.muted, LXW_ALIGN_VERTICAL_TOP);
  format_set_pattern(formats_.muted, LXW_PATTERN_SOLID);
  format_set_bg_color(formats_.muted, 0xE7E6E6);
  format_set_font_color(formats_.muted, 0x7F7F7F);
  formats_.date = add_format();
  format_set_num_format(formats_.date, "yyyy-mm-dd");
  format_set_align(formats_.date, LXW_ALIGN_VERTICAL_TOP);
  format_set_align(formats_.date, LXW_ALIGN_LEFT);
  format_set_border(formats_.date, LXW_BORDER_THIN);
  format_set_border_color(formats_.date, 0xBFBFBF);
  formats_.input = add_format();
  format_set_text_wrap(formats_.input);
  fill(formats_.input);
  formats_.input_date = add_format();
  format_set_num_format(formats_.input_date, "yyyy-mm-dd");
  format_set_align(formats_.input_date, LXW_ALIGN_LEFT);
  fill(formats_.input_date);
  formats_.input_number = add_format();
  format_set_num_format(formats_.input_number, "0");
  format_set_align(formats_.input_number, LXW_ALIGN_LEFT);
  fill(formats_.input_number);
}

XlsxOutput::~XlsxOutput() {
  if (wb_) lxw_workbook_free(wb_);  // the AtomicFile removes the unfinished temporary file
}

lxw_worksheet* XlsxOutput::add_sheet(const std::string& name) {
  check_lxw(workbook_validate_sheet_name(wb_, name.c_str()), fmt::format("sheet '{}'", name));
  lxw_worksheet* ws = workbook_add_worksheet(wb_, name.c_str());
  if (!ws) throw Error(fmt::format("cannot add sheet '{}'", name), ExitCode::internal);
  sheets_.push_back(ws);
  return ws;
}

lxw_format* XlsxOutput::add_format() { return workbook_add_format(wb_); }

std::string XlsxOutput::part_name(lxw_worksheet* ws) const {
  // libxlsxwriter numbers worksheet parts from 1 in the order the sheets were added.
  auto it = std::find(sheets_.begin(), sheets_.end(), ws);
  if (it == sheets_.end()) throw Error("not a sheet of this workbook", ExitCode::internal);
  return fmt::format("xl/worksheets/sheet{}.xml", it - sheets_.begin() + 1);
}

void XlsxOutput::close(const std::vector<EntryReplacement>& replace) {
  lxw_workbook* wb = wb_;
  wb_ = nullptr;
  lxw_error err = workbook_close(wb);  // frees the workbook whatever happens
  if (err != LXW_NO_ERROR) throw IoError(fmt::format("cannot write file '{}': {}", path_, lxw_strerror(err)));
  if (replace.empty()) {
    file_.commit();
    return;
  }
  AtomicFile rewritten(path_);  // file_'s destructor removes libxlsxwriter's file
  rewrite_zip(file_.temp_path(), rewritten.temp_path(), replace);
  rewritten.commit();
}

void SheetRows::begin_row(int row) {
  auto [end, ec] = std::to_chars(row_, row_ + sizeof row_, row + 1);
  (void)ec;  // 12 characters hold any int
  row_len_ = static_cast<std::size_t>(end - row_);
  out_ += "<row r=\"";
  out_.append(row_, row_len_);
  out_ += "\">";
}

int SheetRows::xf_index(lxw_format* format) { return format ? lxw_format_get_xf_index(format) : 0; }

void SheetRows::cell_start(int col, int xf) {
  // One append per cell: `<c r="` + column letters + row number + `"` (+ ` s="N"`).
  char buf[48] = "<c r=\"";
  std::size_t n = 6;
  char letters[4];
  int k = 0;
  for (int c = col + 1; c > 0; c = (c - 1) / 26) letters[k++] = static_cast<char>('A' + (c - 1) % 26);
  while (k) buf[n++] = letters[--k];
  std::memcpy(buf + n, row_, row_len_);
  n += row_len_;
  buf[n++] = '"';
  if (xf) {
    std::memcpy(buf + n, " s=\"", 4);
    n += 4;
    n = static_cast<std::size_t>(std::to_chars(buf + n, buf + sizeof buf - 1, xf).ptr - buf);
    buf[n++] = '"';
  }
  out_.append(buf, n);
}

namespace {

/// Bytes the cell text escapes: control characters, XML's '&', '<' and '>', and '_' (which
/// may start Excel's "_xHHHH_").
constexpr std::array<bool, 256> kCellSpecial = [] {
  std::array<bool, 256> t{};
  for (std::size_t c = 0; c < 0x20; ++c) t[c] = true;
  t['&'] = t['<'] = t['>'] = t['_'] = true;
  return t;
}();

/// Appends what follows a text cell's reference: its type, the escaped text and the end tag.
void append_text_cell(std::string& out, std::string_view text) {
  std::string cut;
  if (text.size() > kMaxCellChars && utf8_length(text) > kMaxCellChars) text = cut = truncate_chars(text, kMaxCellChars);
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  out += space(text.front()) || space(text.back()) ? " t=\"inlineStr\"><is><t xml:space=\"preserve\">" : " t=\"inlineStr\"><is><t>";
  // One pass: runs of ordinary bytes are copied whole.
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char u = p[i];
    if (!kCellSpecial[u]) continue;
    out.append(text.data() + run, i - run);
    run = i + 1;
    if (u == '&') out += "&amp;";
    else if (u == '<') out += "&lt;";
    else if (u == '>') out += "&gt;";
    else if (u == '_') out += excel_escape_at(text, i) ? "_x005F_" : "_";
    else if (u == '\t' || u == '\n') out += static_cast<char>(u);
    else fmt::format_to(std::back_inserter(out), "_x{:04X}_", u);  // not allowed in XML
  }
  out.append(text.data() + run, text.size() - run);
  out += "</t></is></c>";
}

}  // namespace

void SheetRows::text(int col, std::string_view text) {
  if (text.empty()) return;
  cell_start(col, 0);
  append_text_cell(out_, text);
}

std::string SheetRows::prepare_text(std::string_view text) {
  std::string s;
  if (!text.empty()) append_text_cell(s, text);
  return s;
}

void SheetRows::prepared_text(int col, std::string_view prepared) {
  if (prepared.empty()) return;
  cell_start(col, 0);
  out_.append(prepared.data(), prepared.size());
}

void SheetRows::number(int col, double value, int xf) {
  cell_start(col, xf);
  if (value == std::floor(value) && std::fabs(value) < 1e15)
    fmt::format_to(std::back_inserter(out_), "><v>{}</v></c>", static_cast<long long>(value));
  else
    fmt::format_to(std::back_inserter(out_), "><v>{}</v></c>", value);
}

void SheetRows::date(int col, const Date& date, int xf) {
  // Excel's serial day: 1 is 1900-01-01, and 60 the fictitious 1900-02-29, so days before
  // 1900-03-01 (serial 61) are one lower than the count from 1970 gives (as libxlsxwriter).
  long days = date.days_since_epoch();
  number(col, static_cast<double>(days + 25569 - (days < -25508 ? 1 : 0)), xf);
}


void write_text(lxw_worksheet* ws, int row, int col, std::string_view text, lxw_format* format) {
  if (utf8_length(text) > kMaxCellChars)
    throw Error(fmt::format("cannot write cell {}: the text is longer than the {} characters a cell can hold",
                            cell_ref(row, col), kMaxCellChars),
                ExitCode::bad_data);
  // worksheet_write_string() always stores a string (t="s", or t="inlineStr" in constant-
  // memory mode), never a formula: text such as =HYPERLINK("http://x","y") stays text.
  std::string s = excel_literal(text);
  if (s.empty()) {
    if (format) check_lxw(worksheet_write_blank(ws, row_t(row), col_t(col), format), "a cell");
    return;
  }
  check_lxw(worksheet_write_string(ws, row_t(row), col_t(col), s.c_str(), format), "a cell");
}

void write_number(lxw_worksheet* ws, int row, int col, double value, lxw_format* format) {
  check_lxw(worksheet_write_number(ws, row_t(row), col_t(col), value, format), "a cell");
}

void write_date(lxw_worksheet* ws, int row, int col, const Date& date, lxw_format* format) {
  lxw_datetime dt{date.year, date.month, date.day, 0, 0, 0.0};
  check_lxw(worksheet_write_datetime(ws, row_t(row), col_t(col), &dt, format), "a cell");
}

void write_blank(lxw_worksheet* ws, int row, int col, lxw_format* format) {
  check_lxw(worksheet_write_blank(ws, row_t(row), col_t(col), format), "a cell");
}

void set_columns(lxw_worksheet* ws, int first, int last, double width, lxw_format* format, bool hidden) {
  lxw_row_col_options opt{};
  opt.hidden = hidden ? 1 : 0;
  check_lxw(worksheet_set_column_opt(ws, col_t(first), col_t(last), width, format, &opt), "a column");
}

int wrapped_lines(std::string_view text, double width, bool bold) {
  // A column of width w holds about w digits of the default font; running text is a
  // little narrower than digits, bold text a little wider. Lines break between words, as
  // Excel and LibreOffice wrap; a word longer than a line fills lines of its own.
  const std::size_t per_line = std::max<std::size_t>(1, static_cast<std::size_t>(width * (bold ? 0.95 : 1.1)));
  int lines = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view paragraph = text.substr(start, end - start);
    int n = 1;
    std::size_t used = 0;  // characters on the current line
    std::size_t w = 0;
    while (w <= paragraph.size()) {
      std::size_t space = paragraph.find(' ', w);
      if (space == std::string_view::npos) space = paragraph.size();
      std::size_t len = utf8_length(paragraph.substr(w, space - w));
      if (used > 0 && used + 1 + len <= per_line) {
        used += 1 + len;
      } else {
        if (used > 0) ++n;  // the word starts a new line
        n += static_cast<int>((std::max<std::size_t>(len, 1) - 1) / per_line);
        used = len - (std::max<std::size_t>(len, 1) - 1) / per_line * per_line;
      }
      w = space + 1;
    }
    lines += n;
    start = end + 1;
  }
  return lines;
}

void set_row_lines(lxw_worksheet* ws, int row, int lines) {
  check_lxw(worksheet_set_row(ws, row_t(row), std::min(409.0, 15.0 * lines), nullptr), "a row");
}

void RowFit::columns(lxw_worksheet* ws, int first, int last, double width, lxw_format* format, bool hidden) {
  set_columns(ws, first, last, width, format, hidden);
  for (int c = first; c <= last; ++c) columns_[ws][c] = Column{hidden ? 0 : width, format};
}

double RowFit::width(lxw_worksheet* ws, int col) const {
  auto sheet = columns_.find(ws);
  if (sheet == columns_.end()) return kDefaultColumnWidth;
  auto c = sheet->second.find(col);
  return c == sheet->second.end() ? kDefaultColumnWidth : c->second.width;
}

void RowFit::note(lxw_worksheet* ws, int row, double width, std::string_view s, const lxw_format* format) {
  if (!s.empty() && width > 0 && format && format->text_wrap) at_least(ws, row, wrapped_lines(s, width, format->bold));
}

void RowFit::text(lxw_worksheet* ws, int row, int col, std::string_view s, lxw_format* format) {
  write_text(ws, row, col, s, format);
  if (!format) {  // libxlsxwriter shows the cell in its column's format
    auto sheet = columns_.find(ws);
    if (sheet != columns_.end())
      if (auto c = sheet->second.find(col); c != sheet->second.end()) format = c->second.format;
  }
  note(ws, row, width(ws, col), s, format);
}

void RowFit::merged(lxw_worksheet* ws, int row, int first, int last, std::string_view s, lxw_format* format) {
  check_lxw(worksheet_merge_range(ws, row_t(row), col_t(first), row_t(row), col_t(last), "", format), "merged cells");
  write_text(ws, row, first, s, format);  // over the merged range's blank first cell
  double total = 0;
  for (int c = first; c <= last; ++c) total += width(ws, c);
  note(ws, row, total, s, format);
}

void RowFit::at_least(lxw_worksheet* ws, int row, int lines) {
  int& n = lines_[ws][row];
  n = std::max(n, lines);
}

void RowFit::fit_now(lxw_worksheet* ws, int row, int lines) {
  at_least(ws, row, lines);
  if (int n = this->lines(ws, row); n > 1) set_row_lines(ws, row, n);
}

int RowFit::lines(lxw_worksheet* ws, int row) const {
  auto sheet = lines_.find(ws);
  if (sheet == lines_.end()) return 1;
  auto r = sheet->second.find(row);
  return r == sheet->second.end() ? 1 : std::max(1, r->second);
}

void RowFit::fit(lxw_worksheet* ws) const {
  auto rows = lines_.find(ws);
  if (rows == lines_.end()) return;
  for (const auto& [row, n] : rows->second)
    if (n > 1) set_row_lines(ws, row, n);
}

std::string truncate_chars(std::string_view text, std::size_t max_chars) {
  if (utf8_length(text) <= max_chars) return std::string(text);
  std::string out;
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool lead = (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    if (lead && ++n > max_chars - 1) break;
    out += text[i];
  }
  return out + "…";
}

std::string quote_sheet(std::string_view name) {
  std::string out = "'";
  for (char c : name) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

}  // namespace capdo

