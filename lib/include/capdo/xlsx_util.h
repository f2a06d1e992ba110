// Writing .xlsx workbooks with libxlsxwriter, the capdo way: deterministic bytes (fixed
// document properties, no timestamps), user text always as string cells (never formulas),
// common formats, and an atomic write (temporary file in the target folder, then rename).
// Shared by the questionnaire template, the score workbook and the annual batch.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <xlsxwriter.h>

#include "capdo/date.h"
#include "capdo/source.h"
#include "capdo/zip_rewrite.h"

namespace capdo {

/// The creation time written into every workbook (2026-01-01T00:00:00Z), so that the same
/// input always gives byte-identical files.
inline constexpr long long kWorkbookCreated = 1767225600;
/// Excel's limit on the characters in one cell.
inline constexpr std::size_t kMaxCellChars = 32767;

/// Document properties (File > Properties).
struct WorkbookInfo {
  std::string title;
  std::string subject;
  std::string author = "capdo";
  std::string company;
  std::string comments;
  /// Write rows straight to disk (libxlsxwriter's constant_memory mode): memory stays flat
  /// for very large sheets, but rows must be written in order.
  bool constant_memory = false;
};

/// The formats every capdo workbook uses. All are locked (the default) unless their name
/// says input; input formats are unlocked, so users can fill them on a protected sheet.
struct XlsxFormats {
  lxw_format* title = nullptr;         ///< large bold
  lxw_format* header = nullptr;        ///< bold, wrapped, shaded, bordered
  lxw_format* section = nullptr;       ///< bold, light shading (a section row of a form; overflows)
  lxw_format* label = nullptr;         ///< bold, wrapped, light shading (the key of a key-value row)
  lxw_format* wrap = nullptr;          ///< wrapped, top-aligned (running text)
  lxw_format* text = nullptr;          ///< wrapped, top-aligned, bordered
  lxw_format* muted = nullptr;         ///< like text, grey: a cell that is not to be filled
  lxw_format* date = nullptr;          ///< yyyy-mm-dd, locked
  lxw_format* input = nullptr;         ///< wrapped, unlocked, light yellow
  lxw_format* input_date = nullptr;    ///< yyyy-mm-dd, unlocked, light yellow
  lxw_format* input_number = nullptr;  ///< whole number, unlocked, light yellow
};

/// A workbook being written to `path`. Nothing appears at `path` until close() succeeds:
/// libxlsxwriter writes a temporary file in the same folder, which is then renamed.
class XlsxOutput {
 public:
  XlsxOutput(const std::string& path, const WorkbookInfo& info);
  ~XlsxOutput();
  XlsxOutput(const XlsxOutput&) = delete;
  XlsxOutput& operator=(const XlsxOutput&) = delete;

  lxw_workbook* workbook() const { return wb_; }
  const XlsxFormats& formats() const { return formats_; }
  /// Adds a worksheet; throws Error for a name Excel does not accept.
  lxw_worksheet* add_sheet(const std::string& name);
  /// A new format for this workbook.
  lxw_format* add_format();
  /// Adds a data validation to a range (worksheet_data_validation_range). Prefer inline
  /// lists (LXW_VALIDATION_TYPE_LIST, at most 255 bytes with the commas) to range lists:
  /// libxlsxwriter 1.1.4 leaks a copy of every LXW_VALIDATION_TYPE_LIST_FORMULA formula,
  /// and overflows a buffer on an inline list over 255 bytes.
  void add_validation(lxw_worksheet* ws, int first_row, int first_col, int last_row, int last_col,
                      lxw_data_validation& dv);
  /// The name of a worksheet's part in the file ("xl/worksheets/sheet4.xml"), for close().
  std::string part_name(lxw_worksheet* ws) const;
  /// Writes the file: closes the workbook, fsyncs and renames the temporary file onto
  /// `path`. Throws IoError ("cannot write file 'x.xlsx': …", with lxw_strerror()).
  /// `replace` lists parts whose content capdo writes itself (see zip_rewrite.h and
  /// SheetRows): libxlsxwriter's file is then rewritten with them before the rename.
  void close(const std::vector<EntryReplacement>& replace = {});

 private:
  void init(const WorkbookInfo& info);

  std::string path_;
  AtomicFile file_;  ///< the temporary file libxlsxwriter writes, renamed onto path_ by close()
  lxw_workbook* wb_ = nullptr;
  XlsxFormats formats_;
  std::vector<lxw_worksheet*> sheets_;  ///< in the order added, which numbers their parts
};

/// Renders worksheet rows as SpreadsheetML, for a sheet part capdo writes itself, with the
/// same cells write_text(), write_number() and write_date() make: text as inline strings
/// (never formulas), Excel's "_xHHHH_" escape kept literal, control characters escaped.
/// Rows and columns are 0-based, as in libxlsxwriter.
class SheetRows {
 public:
  explicit SheetRows(std::string& out) : out_(out) {}
  void begin_row(int row);
  void end_row() { out_ += "</row>"; }
  /// A text cell; empty text writes nothing. Text longer than a cell holds is shortened
  /// with "…" (truncate_chars).
  void text(int col, std::string_view text);
  /// A text cell written on many rows (a system's name on each of its gaps, a catalog
  /// title), escaped once: `prepared` is prepare_text(text). Writes what text(col, text) does.
  void prepared_text(int col, std::string_view prepared);
  static std::string prepare_text(std::string_view text);
  /// A number cell; `xf` is a style index from xf_index(), 0 for none.
  void number(int col, double value, int xf = 0);
  void date(int col, const Date& date, int xf);
  /// The style index of a format, for number() and date(). Take it before the workbook is
  /// closed: closing frees the formats.
  static int xf_index(lxw_format* format);

 private:
  void cell_start(int col, int xf);
  std::string& out_;
  char row_[12] = {};  ///< the current row's number, 1-based, as text
  std::size_t row_len_ = 0;
};


/// Writes user text as a string cell. It never becomes a formula, whatever it starts with
/// ('=', '+', '-', '@'). Throws Error if it is longer than a cell can hold.
void write_text(lxw_worksheet* ws, int row, int col, std::string_view text, lxw_format* format = nullptr);
/// Writes a number cell.
void write_number(lxw_worksheet* ws, int row, int col, double value, lxw_format* format = nullptr);
/// Writes a date cell (use a date format such as XlsxFormats::date).
void write_date(lxw_worksheet* ws, int row, int col, const Date& date, lxw_format* format);
/// Writes an empty cell carrying a format (for example an unlocked input cell).
void write_blank(lxw_worksheet* ws, int row, int col, lxw_format* format);
/// Sets the width (in characters) of columns first..last, optionally hidden.
void set_columns(lxw_worksheet* ws, int first, int last, double width, lxw_format* format = nullptr,
                 bool hidden = false);
/// The width of a column whose width was not set (Excel's default, in characters).
inline constexpr double kDefaultColumnWidth = 8.43;
/// About how many lines `text` takes in a wrapped column `width` characters wide, in the
/// default font, bold or not: lines break between words. (Excel and LibreOffice do not grow
/// a row for wrapped text written by libxlsxwriter, so writers set row heights from this.)
int wrapped_lines(std::string_view text, double width, bool bold = false);
/// Sets the height of a row to show `lines` lines of 11-point text (at most 409 points,
/// Excel's limit).
void set_row_lines(lxw_worksheet* ws, int row, int lines);

/// Makes rows tall enough for their wrapped text. Neither Excel nor LibreOffice grows a row
/// for wrapped text in a file written by a program (LibreOffice 7.4 draws it over the rows
/// below), so a writer sets columns and writes text cells through a RowFit, then calls
/// fit(): every row whose wrapped text takes more than one line gets the height for it.
/// Only cells whose format (or, without one, their column's) wraps count; a column whose
/// width was not given is taken to be kDefaultColumnWidth wide. A constant-memory sheet's
/// rows are on disk before fit() could run: set each row's height with fit_now() first.
class RowFit {
 public:
  /// set_columns(), remembering the width.
  void columns(lxw_worksheet* ws, int first, int last, double width, lxw_format* format = nullptr,
               bool hidden = false);
  /// write_text(), remembering how many lines the text takes in its column.
  void text(lxw_worksheet* ws, int row, int col, std::string_view s, lxw_format* format = nullptr);
  /// Text across columns first..last of a row (cells merged), as write_text() writes it,
  /// remembering how many lines it takes in their width together.
  void merged(lxw_worksheet* ws, int row, int first, int last, std::string_view s, lxw_format* format);
  /// Remembers that a row needs at least `lines` lines, whatever its cells.
  void at_least(lxw_worksheet* ws, int row, int lines);
  /// Sets the height of every row of `ws` that needs more than one line.
  void fit(lxw_worksheet* ws) const;
  /// at_least(), and the row's height set at once: for a constant-memory sheet, before the
  /// row's cells are written.
  void fit_now(lxw_worksheet* ws, int row, int lines);
  /// How many lines a row was made to hold (1 when none was noted).
  int lines(lxw_worksheet* ws, int row) const;

 private:
  struct Column {
    double width = 0;  ///< 0 when hidden
    lxw_format* format = nullptr;
  };
  /// Notes the lines `s` takes in `width` if `format` wraps.
  void note(lxw_worksheet* ws, int row, double width, std::string_view s, const lxw_format* format);
  double width(lxw_worksheet* ws, int col) const;
  std::map<lxw_worksheet*, std::map<int, Column>> columns_;
  std::map<lxw_worksheet*, std::map<int, int>> lines_;
};
/// Shortens `text` to at most `max_chars` characters (not bytes), ending with "…" when cut.
std::string truncate_chars(std::string_view text, std::size_t max_chars);
/// Quotes a sheet name for formulas: 'Yêu cầu'!$A$1.
std::string quote_sheet(std::string_view name);
/// Throws Error "cannot write 'what': lxw_strerror(err)" unless err is LXW_NO_ERROR.
void check_lxw(lxw_error err, std::string_view what);

}  // namespace capdo
