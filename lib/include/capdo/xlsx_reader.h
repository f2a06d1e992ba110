// Reading .xlsx workbooks (Office Open XML spreadsheets) safely: minizip for the archive,
// pugixml for the parts. Cached values only; formulas are never evaluated. Zip bombs,
// entries that escape the archive and parts that are not UTF-8 are rejected with an
// InputError naming the file.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "capdo/source.h"

namespace capdo {

/// What a workbook may cost to read.
struct XlsxLimits {
  std::size_t max_file_bytes = kDefaultMaxInputBytes;   ///< size of the .xlsx file itself
  std::size_t max_total_bytes = kDefaultMaxInputBytes;  ///< all entries, uncompressed
  std::size_t max_entries = 10000;                      ///< entries in the archive
};

/// What a cell holds. Dates are numbers whose number format is a date format.
enum class CellKind { empty, string, number, boolean, date, error };
/// "empty", "string", "number", "boolean", "date", "error".
const char* to_string(CellKind k);

/// One cell's value (for formulas, the value cached by the program that saved the file).
struct XlsxCell {
  CellKind kind = CellKind::empty;
  /// The value as text: the string; a number in shortest form ("10000", "0.5"); a date as
  /// "YYYY-MM-DD" (time of day dropped); "TRUE"/"FALSE"; an error code ("#N/A").
  std::string text;
  double number = 0;  ///< numbers and dates (the serial); booleans as 0/1
  bool formula = false;  ///< the cell has a formula (its cached value is used)
};

/// One worksheet. Rows and columns are 0-based, as in libxlsxwriter: "A1" is (0, 0).
class XlsxSheet {
 public:
  std::string name;
  bool hidden = false;  ///< state="hidden" or "veryHidden"

  /// The cell at a position or reference; nullptr when the cell is absent or empty.
  const XlsxCell* cell(int row, int col) const;
  const XlsxCell* cell(std::string_view ref) const;
  /// The text of a cell, "" when absent.
  const std::string& text(int row, int col) const;
  const std::string& text(std::string_view ref) const;

  /// Every non-empty cell, in row-major order; the key is (row, col).
  const std::map<std::pair<int, int>, XlsxCell>& cells() const { return cells_; }
  /// The last row and column holding a cell; -1 when the sheet is empty.
  int max_row() const { return max_row_; }
  int max_col() const { return max_col_; }

  /// Stores a cell; an empty one removes it. (The reader fills sheets with it; tests use
  /// it to play a user editing a workbook.)
  void set(int row, int col, XlsxCell c);

 private:
  std::map<std::pair<int, int>, XlsxCell> cells_;
  int max_row_ = -1;
  int max_col_ = -1;
};

/// A whole workbook: its sheets in workbook order.
struct XlsxBook {
  std::string path;
  std::vector<XlsxSheet> sheets;
  bool date1904 = false;

  /// The sheet with this name (exact match), or nullptr.
  const XlsxSheet* sheet(std::string_view name) const;
};

/// Reads a workbook. Throws IoError when the file cannot be read, and InputError for an
/// unusable one, for example "book.xlsx: error: not an xlsx file (not a zip archive)",
/// "book.xlsx: error: archive expands beyond the 64 MiB limit" or
/// "book.xlsx: error: archive entry '../evil' escapes the archive".
XlsxBook read_xlsx(const std::string& path, const XlsxLimits& limits = {});

/// "A" for 0, "Z" for 25, "AA" for 26.
std::string column_name(int col);
/// "B7" for (6, 1).
std::string cell_ref(int row, int col);
/// Parses "B7" or "$B$7" into (6, 1); false unless it is a cell inside A1:XFD1048576.
bool parse_cell_ref(std::string_view ref, int& row, int& col);
/// Whether a number format code shows a date or time ("yyyy-mm-dd", "d/m/yy h:mm").
bool is_date_format(std::string_view code);
/// Whether a built-in number format id is a date or time format (14–22, 27–36, 45–47, 50–58).
bool is_builtin_date_format(int id);
/// An Excel serial day number as "YYYY-MM-DD" (the 1900 or the 1904 date system); "" when
/// the serial is not a date (negative, or beyond 9999-12-31).
std::string serial_to_date(double serial, bool date1904 = false);

}  // namespace capdo
