#include "capdo/xml_source.h"

#include <algorithm>

#include <fmt/format.h>

#include "capdo/error.h"

namespace capdo {
namespace {

const char* describe(pugi::xml_parse_status status) {
  switch (status) {
    case pugi::status_unrecognized_tag: return "unrecognized tag";
    case pugi::status_bad_pi: return "malformed processing instruction";
    case pugi::status_bad_comment: return "malformed comment";
    case pugi::status_bad_cdata: return "malformed CDATA section";
    case pugi::status_bad_doctype: return "malformed document type declaration";
    case pugi::status_bad_pcdata: return "malformed text";
    case pugi::status_bad_start_element: return "malformed start tag";
    case pugi::status_bad_attribute: return "malformed attribute";
    case pugi::status_bad_end_element: return "malformed end tag";
    case pugi::status_end_element_mismatch: return "closing tag does not match the opening tag";
    case pugi::status_append_invalid_root:
    case pugi::status_no_document_element: return "no root element";
    default: return "cannot parse";
  }
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

XmlSource XmlSource::load(const std::string& path, std::size_t max_bytes) {
  SourceText src = read_file(path, max_bytes);
  return parse(std::move(src.path), std::move(src.text));
}

XmlSource XmlSource::parse(std::string path, std::string text) {
  XmlSource x;
  x.src_.path = std::move(path);
  x.src_.text = std::move(text);
  require_utf8(x.src_);
  pugi::xml_parse_result r = x.doc_.load_buffer(x.src_.text.data(), x.src_.text.size(),
                                                pugi::parse_default | pugi::parse_ws_pcdata_single,
                                                pugi::encoding_utf8);
  if (!r) {
    auto [line, col] = line_col(x.src_.text, static_cast<std::size_t>(r.offset));
    throw InputError(Diagnostic{x.src_.path, line, col, {}, Severity::error,
                                fmt::format("malformed XML: {}", describe(r.status))});
  }
  if (!x.doc_.document_element()) {
    throw InputError(Diagnostic{x.src_.path, 1, 1, {}, Severity::error, "malformed XML: no root element"});
  }
  return x;
}

std::size_t XmlSource::element_offset(pugi::xml_node node) const {
  std::ptrdiff_t off = node.offset_debug();
  if (off < 0) return 0;
  auto o = static_cast<std::size_t>(off);
  // For elements pugixml points at the name; step back to the '<'.
  if (node.type() == pugi::node_element && o > 0 && src_.text[o - 1] == '<') --o;
  return o;
}

std::pair<int, int> XmlSource::line_col_at(std::size_t offset) const {
  const std::string& t = src_.text;
  if (line_starts_.empty()) {
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < t.size(); ++i)
      if (t[i] == '\n') line_starts_.push_back(i + 1);
  }
  if (offset > t.size()) offset = t.size();
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  std::size_t line = static_cast<std::size_t>(it - line_starts_.begin());
  std::size_t start = line_starts_[line - 1];
  int col = line_col(std::string_view(t).substr(start, offset - start), offset - start).second;
  return {static_cast<int>(line), col};
}

std::pair<int, int> XmlSource::where(pugi::xml_node node) const {
  return line_col_at(element_offset(node));
}

std::pair<int, int> XmlSource::where(pugi::xml_node node, const char* attr, std::size_t index) const {
  std::size_t start = element_offset(node);
  const std::string& t = src_.text;
  std::size_t i = start;
  if (i < t.size() && t[i] == '<') ++i;
  while (i < t.size() && !is_space(t[i]) && t[i] != '>' && t[i] != '/') ++i;  // element name
  std::string_view want(attr);
  while (i < t.size()) {
    while (i < t.size() && is_space(t[i])) ++i;
    if (i >= t.size() || t[i] == '>' || t[i] == '/') break;
    std::size_t name_start = i;
    while (i < t.size() && !is_space(t[i]) && t[i] != '=' && t[i] != '>') ++i;
    std::string_view name(t.data() + name_start, i - name_start);
    while (i < t.size() && is_space(t[i])) ++i;
    if (i >= t.size() || t[i] != '=') break;
    ++i;
    while (i < t.size() && is_space(t[i])) ++i;
    if (i >= t.size() || (t[i] != '"' && t[i] != '\'')) break;
    char quote = t[i++];
    std::size_t value_start = i;
    while (i < t.size() && t[i] != quote) ++i;
    if (name == want) {
      // Walk `index` decoded bytes into the raw value; an entity decodes to one byte.
      std::size_t raw = value_start;
      for (std::size_t k = 0; k < index && raw < i; ++k) {
        if (t[raw] == '&') {
          while (raw < i && t[raw] != ';') ++raw;
        }
        ++raw;
      }
      return line_col_at(raw);
    }
    ++i;
  }
  return line_col_at(start);
}

Diagnostic XmlSource::diag(pugi::xml_node node, std::string message, Severity s) const {
  auto [line, col] = where(node);
  return Diagnostic{src_.path, line, col, {}, s, std::move(message)};
}

Diagnostic XmlSource::diag(pugi::xml_node node, const char* attr, std::string message, Severity s) const {
  auto [line, col] = where(node, attr);
  return Diagnostic{src_.path, line, col, {}, s, std::move(message)};
}

}  // namespace capdo
