// A small streaming XML writer for outputs too large for a DOM (the annual evaluation).
// Private to the library.
#pragma once

#include <array>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace capdo::detail {

class XmlStream {
 public:
  explicit XmlStream(std::FILE* f) : f_(f) { put("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"); }
  ~XmlStream() { flush(); }
  XmlStream(const XmlStream&) = delete;
  XmlStream& operator=(const XmlStream&) = delete;
  /// Writes what is buffered to the file.
  void flush() {
    if (len_) std::fwrite(buf_.data(), 1, len_, f_);
    len_ = 0;
  }

  /// Opens <name; add attributes with attr(), then child elements or text.
  XmlStream& open(std::string_view name) {
    close_start(false);
    indent();
    put("<");
    put(name);
    stack_.emplace_back(name);
    start_open_ = true;
    has_children_.push_back(false);
    return *this;
  }
  XmlStream& attr(std::string_view name, std::string_view value) {
    if (name.size() + 3 > buf_.size() - len_) flush();  // ` name="`: markup, always short
    char* o = buf_.data() + len_;
    *o++ = ' ';
    if (!name.empty()) std::memcpy(o, name.data(), name.size());
    o += name.size();
    *o++ = '=';
    *o++ = '"';
    len_ = static_cast<std::size_t>(o - buf_.data());
    escape(value, true);
    put("\"");
    return *this;
  }
  XmlStream& attr(std::string_view name, long long value) { return attr(name, std::to_string(value)); }
  XmlStream& attr_if(std::string_view name, std::string_view value) {
    if (!value.empty()) attr(name, value);
    return *this;
  }
  /// Text content of the current element (no children may follow).
  XmlStream& text(std::string_view t) {
    if (start_open_) {
      put(">");
      start_open_ = false;
    }
    escape(t, false);
    text_ = true;
    return *this;
  }
  XmlStream& close() {
    bool children = has_children_.back();
    has_children_.pop_back();
    if (start_open_) {
      put("/>\n");
      start_open_ = false;
    } else {
      if (children && !text_) indent(stack_.size() - 1);
      put("</");
      put(stack_.back());
      put(">\n");
    }
    stack_.pop_back();
    text_ = false;
    return *this;
  }

 private:
  void close_start(bool) {
    if (!has_children_.empty()) has_children_.back() = true;
    if (start_open_) {
      put(">\n");
      start_open_ = false;
    }
  }
  void indent() { indent(stack_.size()); }
  void indent(std::size_t depth) {
    for (std::size_t i = 0; i < depth; ++i) put("  ");
  }
  void put(std::string_view s) {
    if (s.size() == 1 && len_ < buf_.size()) {  // most markup: one character
      buf_[len_++] = s[0];
      return;
    }
    if (s.empty()) return;
    if (s.size() > buf_.size() - len_) {
      flush();
      if (s.size() > buf_.size()) {
        std::fwrite(s.data(), 1, s.size(), f_);
        return;
      }
    }
    std::memcpy(buf_.data() + len_, s.data(), s.size());
    len_ += s.size();
  }
  /// Bytes that may need an escape: control characters and & < > ".
  static constexpr std::array<bool, 256> kSpecial = [] {
    std::array<bool, 256> t{};
    for (std::size_t c = 0; c < 0x20; ++c) t[c] = true;
    t['&'] = t['<'] = t['>'] = t['"'] = true;
    return t;
  }();
  /// What a special byte becomes (at most 6 bytes); in text, '"', tab and newline stay.
  static std::string_view replacement(unsigned char c, bool attr) {
    switch (c) {
      case '&': return "&amp;";
      case '<': return "&lt;";
      case '>': return "&gt;";
      case '"': return attr ? "&quot;" : "\"";
      case '\n': return attr ? "&#10;" : "\n";
      case '\t': return attr ? "&#9;" : "\t";
      case '\r': return "&#13;";
      default: return "\xEF\xBF\xBD";  // a control character, not allowed in XML 1.0
    }
  }
  /// Escapes `s` straight into the buffer, a slice at a time: a byte becomes at most 6, so a
  /// slice of a sixth of the buffer always fits once the buffer is flushed.
  void escape(std::string_view s, bool attr) {
    constexpr std::size_t kSlice = kBufBytes / 6;
    while (!s.empty()) {
      std::string_view part = s.substr(0, kSlice);
      s.remove_prefix(part.size());
      if (6 * part.size() > buf_.size() - len_) flush();
      const auto* p = reinterpret_cast<const unsigned char*>(part.data());
      char* o = buf_.data() + len_;
      std::size_t run = 0;  // runs of bytes that need no escape are copied whole
      for (std::size_t i = 0; i < part.size(); ++i) {
        if (!kSpecial[p[i]]) continue;
        std::memcpy(o, part.data() + run, i - run);
        o += i - run;
        run = i + 1;
        std::string_view rep = replacement(p[i], attr);
        std::memcpy(o, rep.data(), rep.size());
        o += rep.size();
      }
      std::memcpy(o, part.data() + run, part.size() - run);
      len_ = static_cast<std::size_t>(o + (part.size() - run) - buf_.data());
    }
  }

  std::FILE* f_;
  static constexpr std::size_t kBufBytes = 1 << 16;
  std::array<char, kBufBytes> buf_;  ///< what is not yet written; a plain array: put() is called for every piece of markup
  std::size_t len_ = 0;
  std::vector<std::string> stack_;
  std::vector<bool> has_children_;
  bool start_open_ = false;
  bool text_ = false;
};

}  // namespace capdo::detail
