#include "capdo/diagnostic.h"

#include <algorithm>

#include <fmt/format.h>

namespace capdo {

const char* to_string(Severity s) {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::note: return "note";
  }
  return "error";
}

std::string Diagnostic::place() const {
  if (!cell.empty()) return fmt::format("{}:{}", file, cell);
  if (line > 0 && col > 0) return fmt::format("{}:{}:{}", file, line, col);
  if (line > 0) return fmt::format("{}:{}", file, line);
  return file;
}

std::string Diagnostic::to_string() const {
  std::string p = place();
  if (p.empty()) return fmt::format("{}: {}", capdo::to_string(severity), message);
  return fmt::format("{}: {}: {}", p, capdo::to_string(severity), message);
}

void Diagnostics::error(std::string file, int line, int col, std::string message) {
  items_.push_back({std::move(file), line, col, {}, Severity::error, std::move(message)});
}

void Diagnostics::warning(std::string file, int line, int col, std::string message) {
  items_.push_back({std::move(file), line, col, {}, Severity::warning, std::move(message)});
}

void Diagnostics::append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

bool Diagnostics::has_errors() const { return error_count() > 0; }

std::size_t Diagnostics::error_count() const {
  return static_cast<std::size_t>(std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) {
    return d.severity == Severity::error;
  }));
}

void Diagnostics::sort_by_place() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.file != b.file) return a.file < b.file;
    if (a.line != b.line) return a.line < b.line;
    return a.col < b.col;
  });
}

}  // namespace capdo
