// Diagnostics: problems found in input data, with the place they were found.
#pragma once

#include <string>
#include <vector>

namespace capdo {

/// How bad a diagnostic is. Errors make the input unusable; warnings do not.
enum class Severity { error, warning, note };

/// "error", "warning" or "note".
const char* to_string(Severity s);

/// One problem in an input file. The place is FILE:LINE:COL for text files and
/// FILE:Sheet!B7 for workbooks (`cell` set, `line` 0).
struct Diagnostic {
  std::string file;
  int line = 0;  ///< 1-based; 0 when unknown
  int col = 0;   ///< 1-based, in characters; 0 when unknown
  std::string cell;  ///< "Sheet!B7" for workbook diagnostics
  Severity severity = Severity::error;
  std::string message;

  /// "FILE:LINE:COL: error: message" (the place parts that are known).
  std::string to_string() const;
  /// "FILE:LINE:COL" or "FILE:Sheet!B7" or "FILE".
  std::string place() const;
};

/// A list of diagnostics, in the order they were found.
class Diagnostics {
 public:
  void add(Diagnostic d) { items_.push_back(std::move(d)); }
  void error(std::string file, int line, int col, std::string message);
  void warning(std::string file, int line, int col, std::string message);
  void append(const Diagnostics& other);

  bool has_errors() const;
  std::size_t error_count() const;
  bool empty() const { return items_.empty(); }
  std::size_t size() const { return items_.size(); }
  const std::vector<Diagnostic>& items() const { return items_; }
  auto begin() const { return items_.begin(); }
  auto end() const { return items_.end(); }

  /// Sorts by file, line, column (stable), for reports that read top to bottom.
  void sort_by_place();

 private:
  std::vector<Diagnostic> items_;
};

}  // namespace capdo
