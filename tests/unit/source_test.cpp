#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "capdo/error.h"
#include "capdo/source.h"
#include "support/temp_dir.h"

using namespace capdo;

TEST_CASE("Source: valid_utf8 accepts Vietnamese and rejects broken sequences", "[source]") {
  REQUIRE(valid_utf8("Cấp độ an toàn hệ thống thông tin – Đắk Lắk"));
  std::size_t bad = 0;
  REQUIRE_FALSE(valid_utf8("ab\xC3", &bad));
  REQUIRE(bad == 2);
  REQUIRE_FALSE(valid_utf8("\xC0\xAF", &bad));  // overlong '/'
  REQUIRE_FALSE(valid_utf8("\xED\xA0\x80", &bad));  // surrogate
  REQUIRE_FALSE(valid_utf8("x\xFFy", &bad));
  REQUIRE(bad == 1);
}

TEST_CASE("Source: line_col counts characters, not bytes", "[source]") {
  std::string t = "ab\nđể x";
  REQUIRE(line_col(t, 0) == std::make_pair(1, 1));
  REQUIRE(line_col(t, 3) == std::make_pair(2, 1));
  REQUIRE(line_col(t, t.find('x')) == std::make_pair(2, 4));
}

TEST_CASE("Source: read_file enforces the size limit and names the file", "[source]") {
  test::TempDir dir;
  std::string p = dir.write("big.xml", std::string(2048, 'a'));
  REQUIRE(read_file(p, 4096).text.size() == 2048);
  try {
    read_file(p, 1024);
    FAIL("no exception");
  } catch (const InputError& e) {
    REQUIRE(e.diagnostic().to_string() == p + ": error: file is larger than the 1024 bytes limit");
  }
  REQUIRE_THROWS_WITH(read_file((dir.path() / "nope.xml").string()),
                      "cannot open file '" + (dir.path() / "nope.xml").string() + "': No such file or directory");
}

TEST_CASE("Source: require_utf8 reports the place of the first bad byte", "[source]") {
  SourceText s{"x.xml", "<a>\n  caf\xE9</a>"};
  try {
    require_utf8(s);
    FAIL("no exception");
  } catch (const InputError& e) {
    REQUIRE(e.diagnostic().to_string() == "x.xml:2:6: error: file is not valid UTF-8 (byte 0xE9)");
  }
}

TEST_CASE("Source: write_file_atomic replaces the file and leaves no temporary", "[source]") {
  test::TempDir dir;
  std::string p = (dir.path() / "out.xml").string();
  write_file_atomic(p, "one");
  write_file_atomic(p, "two");
  REQUIRE(read_file(p).text == "two");
  std::size_t n = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) (void)e, ++n;
  REQUIRE(n == 1);
  REQUIRE_THROWS_AS(write_file_atomic((dir.path() / "no" / "such" / "dir.xml").string(), "x"), IoError);
}
