#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

#include <pugixml.hpp>

#include "../lib/src/xml_stream.h"  // private to the library

using capdo::detail::XmlStream;

namespace {

/// What an XmlStream writes, read back from a temporary file.
template <class F>
std::string written(F&& f) {
  std::FILE* tmp = std::tmpfile();
  REQUIRE(tmp);
  {
    XmlStream x(tmp);
    f(x);
  }
  std::fflush(tmp);
  std::string out(static_cast<std::size_t>(std::ftell(tmp)), '\0');
  std::rewind(tmp);
  REQUIRE(std::fread(out.data(), 1, out.size(), tmp) == out.size());
  std::fclose(tmp);
  return out;
}

}  // namespace

TEST_CASE("XmlStream: attributes and text are escaped, control characters replaced", "[xml]") {
  const std::string nasty = "A & B <c> \"q\" 'a'\ttab\nline\rcr\x01\x1F Đơn vị ]]>";
  std::string out = written([&](XmlStream& x) {
    x.open("root").attr("v", nasty).attr("n", 42LL).attr_if("empty", "");
    x.open("child").text(nasty).close();
    x.open("leaf").attr("empty", std::string_view{}).close();  // a view with no data at all
    x.close();
  });
  REQUIRE(out ==
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<root v=\"A &amp; B &lt;c&gt; &quot;q&quot; 'a'&#9;tab&#10;line&#13;cr\xEF\xBF\xBD\xEF\xBF\xBD Đơn vị ]]&gt;\" n=\"42\">\n"
          "  <child>A &amp; B &lt;c&gt; \"q\" 'a'\ttab\nline&#13;cr\xEF\xBF\xBD\xEF\xBF\xBD Đơn vị ]]&gt;</child>\n"
          "  <leaf empty=\"\"/>\n"
          "</root>\n");
  // A parser gives the text back (less the control characters, which XML cannot hold).
  pugi::xml_document doc;
  REQUIRE(doc.load_string(out.c_str()));
  std::string back = nasty;
  back.replace(back.find('\x01'), 2, "\xEF\xBF\xBD\xEF\xBF\xBD");
  REQUIRE(doc.child("root").attribute("v").value() == back);
}

TEST_CASE("XmlStream: values longer than its buffer are written whole", "[xml]") {
  // Past the 64 KiB buffer, with escapes across it: the slow path and the flushes.
  std::string big;
  for (int i = 0; i < 30000; ++i) big += i % 7 == 0 ? "&<\"" : "Việt";
  std::string out = written([&](XmlStream& x) {
    x.open("r");
    for (int i = 0; i < 5; ++i) x.open("e").attr("v", big).attr("w", "x").close();
    x.close();
  });
  pugi::xml_document doc;
  REQUIRE(doc.load_string(out.c_str()));
  int n = 0;
  for (pugi::xml_node e : doc.child("r").children("e")) {
    REQUIRE(e.attribute("v").value() == big);
    REQUIRE(std::string(e.attribute("w").value()) == "x");
    ++n;
  }
  REQUIRE(n == 5);
}
