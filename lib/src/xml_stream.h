// A small streaming XML writer for outputs too large for a DOM (the annual evaluation).
// Private to the library.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace capdo::detail {

class XmlStream {
 public:
  explicit XmlStream(std::FILE* f) : f_(f) {
    buf_.reserve(1 << 16);
    put("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  }
  ~XmlStream() { flush(); }
  XmlStream(const XmlStream&) = delete;
  XmlStream& operator=(const XmlStream&) = delete;
  /// Writes what is buffered to the file.
  void flush() {
    if (!buf_.empty()) std::fwrite(buf_.data(), 1, buf_.size(), f_);
    buf_.clear();
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
    put(" ");
    put(name);
    put("=\"");
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
    std::string name = stack_.back();
    stack_.pop_back();
    bool children = has_children_.back();
    has_children_.pop_back();
    if (start_open_) {
      put("/>\n");
      start_open_ = false;
    } else {
      if (children && !text_) indent();
      put("</");
      put(name);
      put(">\n");
    }
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
  void indent() {
    for (std::size_t i = 0; i < stack_.size(); ++i) put("  ");
  }
  void put(std::string_view s) {
    buf_.append(s.data(), s.size());
    if (buf_.size() >= (1 << 16)) flush();
  }
  void escape(std::string_view s, bool attr) {
    std::size_t start = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(s[i]);
      if (c > '>' || (c >= 0x20 && c != '&' && c != '<' && c != '>' && c != '"')) continue;
      const char* rep = nullptr;
      if (c == '&') rep = "&amp;";
      else if (c == '<') rep = "&lt;";
      else if (c == '>') rep = "&gt;";
      else if (c == '"' && attr) rep = "&quot;";
      else if (c == '\n' && attr) rep = "&#10;";
      else if (c == '\t' && attr) rep = "&#9;";
      else if (c == '\r') rep = "&#13;";
      else if (c < 0x20 && c != '\n' && c != '\t') rep = "\xEF\xBF\xBD";  // not allowed in XML 1.0
      if (rep) {
        put(s.substr(start, i - start));
        put(rep);
        start = i + 1;
      }
    }
    put(s.substr(start));
  }

  std::FILE* f_;
  std::string buf_;
  std::vector<std::string> stack_;
  std::vector<bool> has_children_;
  bool start_open_ = false;
  bool text_ = false;
};

}  // namespace capdo::detail
