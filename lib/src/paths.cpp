#include "capdo/paths.h"

#include <cstdint>
#include <cstring>

#include <fmt/format.h>

namespace capdo {

namespace {

// Base letters of the Vietnamese precomposed letters (lowercase and uppercase), by UTF-8.
const char* base_of(std::string_view s, std::size_t& len) {
  struct Map {
    const char* letters;
    const char* base;
  };
  static const Map kMaps[] = {
      {"àáảãạăằắẳẵặâầấẩẫậ", "a"}, {"ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", "A"}, {"èéẻẽẹêềếểễệ", "e"}, {"ÈÉẺẼẸÊỀẾỂỄỆ", "E"},
      {"ìíỉĩị", "i"},               {"ÌÍỈĨỊ", "I"},               {"òóỏõọôồốổỗộơờớởỡợ", "o"}, {"ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", "O"},
      {"ùúủũụưừứửữự", "u"},         {"ÙÚỦŨỤƯỪỨỬỮỰ", "U"},         {"ỳýỷỹỵ", "y"},               {"ỲÝỶỸỴ", "Y"},
      {"đ", "d"},                   {"Đ", "D"},
  };
  unsigned char c = static_cast<unsigned char>(s[0]);
  len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
  if (len > s.size()) len = s.size();
  if (len == 1) return nullptr;
  std::string_view ch = s.substr(0, len);
  for (const Map& m : kMaps) {
    std::string_view letters(m.letters);
    for (std::size_t i = 0; i < letters.size();) {
      std::size_t l = (static_cast<unsigned char>(letters[i]) & 0xF0) == 0xE0 ? 3 : 2;
      if (letters.substr(i, l) == ch) return m.base;
      i += l;
    }
  }
  return nullptr;
}

std::uint32_t fnv1a(const std::string& s) {
  std::uint32_t h = 2166136261u;
  for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  return h;
}

}  // namespace

std::string safe_component(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t len = 1;
    char c = text[i];
    if (c == '.') {
      if (!out.empty() && out.back() != '.' && out.back() != '_') out += c;  // no "..", no "_."
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-') {
      out += c;
    } else if (const char* base = base_of(std::string_view(text).substr(i), len)) {
      out += base;
    } else {
      if (static_cast<unsigned char>(c) >= 0x80) base_of(std::string_view(text).substr(i), len);
      if (!out.empty() && out.back() == '.') out.back() = '_';
      else if (!out.empty() && out.back() != '_') out += '_';
    }
    i += len;
  }
  std::size_t b = out.find_first_not_of("._");
  out = b == std::string::npos ? std::string() : out.substr(b);
  while (!out.empty() && (out.back() == '_' || out.back() == '.')) out.pop_back();
  if (out.size() > 60) out.resize(60);
  while (!out.empty() && (out.back() == '_' || out.back() == '.')) out.pop_back();
  if (out.empty()) out = fmt::format("x{:08x}", fnv1a(text));
  return out;
}

std::string unique_component(const std::string& text, std::set<std::string>& taken) {
  std::string base = safe_component(text);
  auto lower = [](std::string s) {
    for (char& c : s)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
  };
  std::string name = base;
  for (int n = 2; taken.count(lower(name)); ++n) name = fmt::format("{}-{}", base, n);
  taken.insert(lower(name));
  return name;
}

}  // namespace capdo
