#include "capdo/text.h"

namespace capdo {

std::optional<Lang> parse_lang(std::string_view s) {
  if (s == "vi") return Lang::vi;
  if (s == "en") return Lang::en;
  return std::nullopt;
}

const char* to_string(Lang lang) { return lang == Lang::vi ? "vi" : "en"; }

}  // namespace capdo
