// Benchmark of the annual evaluation (issue: 10,000 dossiers in at most 1.3 x the time of
// parsing them, peak RSS at most 200 MB; 100,000 in at most 11 x the time of 10,000).
//
// Usage: capdo_bench_batch CRITERIA_DIR INPUT_DIR OUT_DIR [JOBS] [cold]
// Runs, in one process and with the same threads: (1) parse-only: read and parse every file
// with pugixml, nothing else; (2) the full batch, writing every output. Prints wall times,
// throughput and the peak resident set size after each phase. With "cold" (as root), the
// page cache is dropped before each phase, so both read the files from disk as an annual
// run does; otherwise the batch reads what the baseline left in the cache.
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include "capdo/batch.h"
#include "capdo/batch_report.h"

namespace {

void drop_caches() {
  ::sync();
  std::FILE* f = std::fopen("/proc/sys/vm/drop_caches", "w");
  if (!f || std::fputs("3\n", f) < 0) std::fprintf(stderr, "note: cannot drop the page cache (not root?)\n");
  if (f) std::fclose(f);
}

double peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: capdo_bench_batch CRITERIA_DIR INPUT_DIR OUT_DIR [JOBS]\n");
    return 2;
  }
  int jobs = argc > 4 ? std::atoi(argv[4]) : static_cast<int>(std::thread::hardware_concurrency());
  bool cold = argc > 5 && std::string(argv[5]) == "cold";
  std::vector<capdo::FileError> errors;
  auto files = capdo::discover_inputs({argv[2]}, errors);
  using clock = std::chrono::steady_clock;

  if (cold) drop_caches();
  auto t0 = clock::now();
  std::size_t parsed = capdo::parse_only(files, jobs);
  auto t1 = clock::now();
  double parse_s = std::chrono::duration<double>(t1 - t0).count();
  double rss_parse = peak_rss_mb();

  capdo::BatchOptions o;
  o.inputs = {argv[2]};
  o.criteria_dir = argv[1];
  o.year = 2026;
  o.date = capdo::Date{2026, 11, 24};
  o.jobs = jobs;
  std::filesystem::create_directories(argv[3]);
  if (cold) drop_caches();
  auto t2 = clock::now();
  capdo::BatchResult r = capdo::run_batch(o);
  auto t3 = clock::now();
  std::string base = (std::filesystem::path(argv[3]) / "evaluation-2026").string();
  capdo::write_evaluation(r, base + ".xml", base + ".xlsx", capdo::ReportLang::both, jobs);
  auto t4 = clock::now();
  double score_s = std::chrono::duration<double>(t3 - t2).count();
  double batch_s = std::chrono::duration<double>(t4 - t2).count();

  std::printf("files %zu (parsed %zu), systems %zu, errors %zu, jobs %d, %s cache\n", files.size(), parsed,
              r.systems.size(), r.errors.size(), jobs, cold ? "cold" : "warm");
  std::printf("parse-only   %8.2f s  %8.0f files/s  peak RSS %6.1f MB\n", parse_s, static_cast<double>(files.size()) / parse_s,
              rss_parse);
  std::printf("batch        %8.2f s  %8.0f files/s  peak RSS %6.1f MB  (scoring %.2f s, writing %.2f s)\n", batch_s,
              static_cast<double>(files.size()) / batch_s, peak_rss_mb(), score_s, batch_s - score_s);
  std::printf("ratio batch / parse-only: %.2f\n", batch_s / parse_s);
  return 0;
}
