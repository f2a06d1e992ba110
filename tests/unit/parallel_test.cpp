#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>
#include <vector>

#include "capdo/parallel.h"

using namespace capdo;

TEST_CASE("parallel_for: every index once, whatever the threads", "[parallel]") {
  for (int threads : {1, 2, 3, 8}) {
    for (std::size_t n : {0u, 1u, 5u, 1000u}) {
      std::vector<std::atomic<int>> seen(n);
      parallel_for(n, threads, [&](std::size_t i) { ++seen[i]; });
      for (std::size_t i = 0; i < n; ++i) REQUIRE(seen[i] == 1);
    }
  }
  REQUIRE(thread_count(3) == 3);
  REQUIRE(thread_count(0) >= 1);
}

TEST_CASE("parallel_for: the first exception stops the work and is rethrown", "[parallel]") {
  std::atomic<std::size_t> ran{0};
  REQUIRE_THROWS_WITH(parallel_for(100000, 2,
                                   [&](std::size_t i) {
                                     ++ran;
                                     if (i == 10) throw std::runtime_error("file 10 is bad");
                                   }),
                      "file 10 is bad");
  REQUIRE(ran < 100000);  // the others took no more once it failed
}
