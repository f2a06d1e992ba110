// Turning user text (unit and system names or codes) into file names that stay inside an
// output folder.
#pragma once

#include <set>
#include <string>

namespace capdo {

/// A file-name component made of [A-Za-z0-9._-] only: Vietnamese letters lose their marks
/// ("Sở Y tế" -> "So_Y_te"), separators and anything else become '_', leading dots are
/// dropped, and the result is at most 60 bytes. Never empty, never "." or "..": a text with
/// nothing usable becomes "x" followed by a short hash of the text.
std::string safe_component(const std::string& text);

/// safe_component(text), made unique within `taken` by appending "-2", "-3"…; the result
/// is inserted into `taken`. Comparison ignores case, for case-insensitive file systems.
std::string unique_component(const std::string& text, std::set<std::string>& taken);

}  // namespace capdo
