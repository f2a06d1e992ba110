#include <catch2/catch.hpp>

#include "capdo/error.h"
#include "capdo/xml_source.h"

using namespace capdo;

TEST_CASE("XmlSource: malformed XML is one error with line and column", "[xml]") {
  try {
    XmlSource::parse("bad.xml", "<a>\n  <b></c>\n</a>");
    FAIL("no exception");
  } catch (const InputError& e) {
    REQUIRE(e.diagnostic().to_string() == "bad.xml:2:8: error: malformed XML: closing tag does not match the opening tag");
  }
  REQUIRE_THROWS_WITH(XmlSource::parse("e.xml", ""), "e.xml:1:1: error: malformed XML: no root element");
}

TEST_CASE("XmlSource: attribute positions skip entities and count characters", "[xml]") {
  XmlSource x = XmlSource::parse("a.xml", "<r>\n  <c id=\"đ\" when=\"a &lt; 10 and b\"/>\n</r>");
  pugi::xml_node c = x.root().child("c");
  REQUIRE(x.where(c) == std::make_pair(2, 3));
  REQUIRE(x.where(c, "id") == std::make_pair(2, 10));
  REQUIRE(x.where(c, "when") == std::make_pair(2, 19));
  // Byte 13 of the decoded value "a < 10 and b" is 'b'; in the raw text the entity takes 4 characters.
  std::string decoded = c.attribute("when").value();
  REQUIRE(x.where(c, "when", decoded.find('b')) == std::make_pair(2, 19 + 14));
  REQUIRE(x.where(c, "missing") == std::make_pair(2, 3));
}
