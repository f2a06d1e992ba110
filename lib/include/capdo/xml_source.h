// An XML input file parsed with pugixml, remembering its text so that every node and
// attribute can be reported as FILE:LINE:COL.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include <pugixml.hpp>

#include "capdo/diagnostic.h"
#include "capdo/source.h"

namespace capdo {

class XmlSource {
 public:
  /// Reads and parses a file. Throws IoError if it cannot be read, InputError if it is
  /// too large, not UTF-8 or not well-formed XML ("FILE:3:14: error: malformed XML: …").
  static XmlSource load(const std::string& path, std::size_t max_bytes = kDefaultMaxInputBytes);
  /// Parses text already in memory; `path` is only the name used in messages.
  static XmlSource parse(std::string path, std::string text);

  XmlSource(XmlSource&&) = default;
  XmlSource& operator=(XmlSource&&) = default;

  const std::string& path() const { return src_.path; }
  const std::string& text() const { return src_.text; }
  pugi::xml_node root() const { return doc_.document_element(); }

  /// Line and column of a node (for elements, of its '<').
  std::pair<int, int> where(pugi::xml_node node) const;
  /// Line and column of the value of attribute `attr` of element `node`; of the element
  /// itself when the attribute is absent. `index` moves that many bytes into the decoded
  /// value, so expression errors can point at the token.
  std::pair<int, int> where(pugi::xml_node node, const char* attr, std::size_t index = 0) const;

  /// A diagnostic at a node or at an attribute's value.
  Diagnostic diag(pugi::xml_node node, std::string message, Severity s = Severity::error) const;
  Diagnostic diag(pugi::xml_node node, const char* attr, std::string message,
                  Severity s = Severity::error) const;

 private:
  XmlSource() = default;
  std::size_t element_offset(pugi::xml_node node) const;
  std::pair<int, int> line_col_at(std::size_t offset) const;

  SourceText src_;
  pugi::xml_document doc_;
  mutable std::vector<std::size_t> line_starts_;  ///< built on first use
};

}  // namespace capdo
