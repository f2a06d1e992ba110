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

TEST_CASE("parallel_ordered: consumed in order, never more than the window ahead", "[parallel]") {
  for (int threads : {1, 2, 3, 8}) {
    for (std::size_t window : {1u, 2u, 8u}) {
      for (std::size_t n : {0u, 1u, 7u, 500u}) {
        std::vector<std::size_t> slots(window, 0), order;
        std::atomic<std::size_t> consumed{0};
        std::atomic<bool> too_far{false};
        parallel_ordered(
            n, threads, window,
            [&](std::size_t i) {
              if (i >= consumed + window) too_far = true;  // its slot would still be in use
              slots[i % window] = i * i;
            },
            [&](std::size_t i) {
              REQUIRE(slots[i % window] == i * i);  // produced, and not overwritten
              order.push_back(i);
              ++consumed;
            });
        REQUIRE_FALSE(too_far);
        REQUIRE(order.size() == n);
        for (std::size_t i = 0; i < n; ++i) REQUIRE(order[i] == i);
      }
    }
  }
}

TEST_CASE("parallel_ordered: an exception on either side stops it and is rethrown", "[parallel]") {
  std::atomic<std::size_t> produced{0};
  std::size_t consumed = 0;
  REQUIRE_THROWS_WITH(parallel_ordered(
                          100000, 2, 4,
                          [&](std::size_t i) {
                            ++produced;
                            if (i == 10) throw std::runtime_error("piece 10 failed");
                          },
                          [&](std::size_t) { ++consumed; }),
                      "piece 10 failed");
  REQUIRE(consumed <= 10);
  REQUIRE(produced < 100000);
  consumed = 0;
  REQUIRE_THROWS_WITH(parallel_ordered(
                          100000, 2, 4, [](std::size_t) {},
                          [&](std::size_t i) {
                            ++consumed;
                            if (i == 3) throw std::runtime_error("disk full");
                          }),
                      "disk full");
  REQUIRE(consumed == 4);
}
