// Bilingual text: every user-facing string of the criteria and the reports exists in
// Vietnamese and English.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace capdo {

/// An output language.
enum class Lang { vi, en };

/// Parses "vi" or "en"; nullopt otherwise.
std::optional<Lang> parse_lang(std::string_view s);
const char* to_string(Lang lang);

/// A text in both languages.
struct Text {
  std::string vi;
  std::string en;

  const std::string& get(Lang lang) const { return lang == Lang::vi ? vi : en; }
  bool empty() const { return vi.empty() && en.empty(); }
  bool operator==(const Text& o) const { return vi == o.vi && en == o.en; }
};

/// Picks `vi` or `en` from a pair of literals: tr(lang, "Cấp độ", "Level").
inline const char* tr(Lang lang, const char* vi, const char* en) {
  return lang == Lang::vi ? vi : en;
}

}  // namespace capdo
