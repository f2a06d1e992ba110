#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <vector>

#include <fmt/format.h>

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

TEST_CASE("Source: the vector UTF-8 check agrees with the scalar one", "[source]") {
  bool available = false;
  detail::valid_utf8_vector("", &available);
  if (!available) WARN("no AVX2 on this processor: only the scalar check runs");
  auto same = [&](const std::string& t) {
    bool vec = detail::valid_utf8_vector(t, &available);
    bool ref = detail::valid_utf8_reference(t);
    if (vec != ref) {
      std::string hex;
      for (char c : t) hex += fmt::format("{:02X} ", static_cast<unsigned char>(c));
      FAIL("vector " << vec << ", scalar " << ref << ": " << hex);
    }
    std::size_t bad = 0;
    REQUIRE(valid_utf8(t, &bad) == ref);
  };
  // Every sequence of one to four bytes from the interesting values (each boundary of
  // Unicode Table 3-7), at every position around the 32-byte blocks, after ASCII and after
  // a complete multi-byte character.
  const std::vector<unsigned char> bytes = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2,
                                            0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF};
  std::size_t checked = 0;
  for (std::size_t len = 1; len <= 3; ++len) {
    std::vector<std::size_t> idx(len, 0);
    for (;;) {
      std::string seq;
      for (std::size_t k : idx) seq += static_cast<char>(bytes[k]);
      for (std::size_t pad : {0u, 1u, 29u, 30u, 31u, 32u, 61u, 63u}) {
        same(std::string(pad, 'a') + seq);
        same(std::string(pad, 'a') + seq + "tail");
        same("đ" + std::string(pad, 'a') + seq + "ệ");
        ++checked;
      }
      std::size_t k = 0;
      while (k < len && ++idx[k] == bytes.size()) idx[k++] = 0;
      if (k == len) break;
    }
  }
  // Four-byte sequences: every lead with every pair of followers, at the block boundary.
  for (unsigned char a : bytes)
    for (unsigned char b : bytes)
      for (char c : {'\x80', '\xBF', 'A'})
        for (char d : {'\x80', '\xBF', 'A'}) {
          std::string seq{static_cast<char>(a), static_cast<char>(b), c, d};
          same(std::string(30, 'a') + seq);
          same(std::string(28, 'a') + seq + "x");
        }
  // Random Vietnamese text with random damage, of every length up to 200.
  std::mt19937 rng(20261124);
  const std::string good = "Cấp độ an toàn hệ thống thông tin – Đắk Lắk 𝔸 ✓ ";
  for (int round = 0; round < 4000; ++round) {
    std::string t;
    std::size_t n = rng() % 200;
    while (t.size() < n) t += good[rng() % good.size()];  // bytes of good text, shuffled: often broken
    if (round % 2 == 0) {
      t.clear();
      while (t.size() < n) t += good;
      t.resize(n);  // cut anywhere: may end in the middle of a character
      if (!t.empty() && round % 4 == 0) t[rng() % t.size()] = static_cast<char>(rng() % 256);
    }
    same(t);
  }
  REQUIRE(checked > 100000);
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
