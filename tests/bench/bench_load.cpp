// Benchmark: how long loading every shipped criteria file takes (target: under 20 ms).
// Usage: capdo_bench_load [CRITERIA_DIR] [RUNS]. Prints min, median and max wall time.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "capdo/criteria_loader.h"

int main(int argc, char** argv) {
  std::string dir = argc > 1 ? argv[1] : "criteria";
  int runs = argc > 2 ? std::atoi(argv[2]) : 50;
  if (runs < 1) runs = 1;
  std::vector<double> ms;
  std::size_t requirements = 0, regimes = 0;
  for (int i = 0; i < runs; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    capdo::Catalog cat = capdo::Catalog::load(dir);
    auto t1 = std::chrono::steady_clock::now();
    if (cat.diagnostics().has_errors()) {
      std::fprintf(stderr, "criteria have errors\n");
      return 1;
    }
    regimes = cat.regimes().size();
    requirements = 0;
    for (const auto& r : cat.regimes()) requirements += r->requirements.size();
    ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  std::printf("loaded %zu regimes, %zu requirements, %d runs: min %.2f ms, median %.2f ms, max %.2f ms\n", regimes,
              requirements, runs, ms.front(), ms[ms.size() / 2], ms.back());
  return 0;
}
