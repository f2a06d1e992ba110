// Benchmark of the annual evaluation (issue: 10,000 dossiers in at most 1.3 x the time of
// parsing them, peak RSS at most 200 MB; 100,000 in at most 11 x the time of 10,000).
//
// Usage: capdo_bench_batch CRITERIA_DIR INPUT_DIR OUT_DIR [JOBS] [cold|warm] [phases]
// Runs, in one process and with the same threads: (1) parse-only: read and parse every file
// with pugixml, nothing else (the baseline); (2) the same with the batch's read-ahead
// (from disk, the batch reads files ahead of its threads; this shows what that alone gives);
// (3) the full batch, finding the files and writing every output. Prints wall times,
// throughput and the peak resident set size after each phase. With "cold" (as root), the
// page cache is dropped before each phase, so each reads the files from disk as an annual
// run does; otherwise the files are read once first, and every phase reads them from the
// page cache (as far as the machine keeps them: see docs/benchmark.md).
//
// With "phases", it times the batch's parts instead: finding the files (from disk when
// cold), scoring (wall and processor time), then, after a sync, the evaluation XML alone,
// the workbook alone, and both at once as the batch writes them.
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <utility>

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

/// Processor time of the process so far, in seconds: user, system.
std::pair<double, double> cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return {s(u.ru_utime), s(u.ru_stime)};
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

  auto seconds = [&](auto&& f) {
    auto t0 = clock::now();
    f();
    return std::chrono::duration<double>(clock::now() - t0).count();
  };
  auto timed = [&](auto&& f) {  // a phase: from disk when cold
    if (cold) drop_caches();
    return seconds(f);
  };
  if (!cold) capdo::parse_only(files, jobs, true);  // warm: every phase reads from the page cache

  capdo::BatchOptions o;
  o.inputs = {argv[2]};
  o.criteria_dir = argv[1];
  o.year = 2026;
  o.date = capdo::Date{2026, 11, 24};
  o.jobs = jobs;
  std::filesystem::create_directories(argv[3]);
  std::string base = (std::filesystem::path(argv[3]) / "evaluation-2026").string();
  auto remove_outputs = [&] {
    for (const char* ext : {".xml", ".xlsx"}) std::filesystem::remove(base + ext);
    ::sync();
  };

  if (argc > 6 && std::string(argv[6]) == "phases") {
    std::vector<capdo::FileError> found_errors;
    double find_s = timed([&] { capdo::discover_inputs({argv[2]}, found_errors); });
    if (cold) drop_caches();
    auto cpu0 = cpu_seconds();  // after the cache is dropped: dropping it costs processor time
    capdo::BatchResult r;
    double score_s = seconds([&] { r = capdo::run_batch(o); });
    auto cpu1 = cpu_seconds();
    double user = cpu1.first - cpu0.first, sys = cpu1.second - cpu0.second;
    remove_outputs();
    double xml_s = seconds([&] { capdo::write_evaluation_xml(r, base + ".xml"); });
    remove_outputs();
    double xlsx_s = seconds([&] { capdo::write_evaluation_workbook(r, base + ".xlsx", capdo::ReportLang::both, jobs); });
    remove_outputs();
    double both_s = seconds([&] { capdo::write_evaluation(r, base + ".xml", base + ".xlsx", capdo::ReportLang::both, jobs); });
    std::printf("files %zu, jobs %d, %s cache\n", files.size(), jobs, cold ? "cold" : "warm");
    std::printf("finding the files  %6.3f s\n", find_s);
    std::printf("scoring            %6.3f s  (processor %.2f s of %.2f s on %d threads: user %.2f, system %.2f)\n",
                score_s, user + sys, score_s * jobs, jobs, user, sys);
    std::printf("XML alone          %6.3f s\nworkbook alone     %6.3f s\nboth at once       %6.3f s\n", xml_s, xlsx_s,
                both_s);
    return 0;
  }
  std::size_t parsed = 0;
  double parse_s = timed([&] { parsed = capdo::parse_only(files, jobs); });
  double rss_parse = peak_rss_mb();
  double ahead_s = timed([&] { capdo::parse_only(files, jobs, true); });

  double score_s = 0;
  std::size_t systems = 0, errors_n = 0;
  // Last run's outputs are removed first: replacing them would add freeing their pages to
  // the time (about 0.1 s for the 1.1 GB of a 100,000-dossier run, measured with rm).
  remove_outputs();
  double batch_s = timed([&] {
    auto t2 = clock::now();
    capdo::BatchResult r = capdo::run_batch(o);
    score_s = std::chrono::duration<double>(clock::now() - t2).count();
    capdo::write_evaluation(r, base + ".xml", base + ".xlsx", capdo::ReportLang::both, jobs);
    systems = r.systems.size();
    errors_n = r.errors.size();
  });

  auto per_s = [&](double s) { return static_cast<double>(files.size()) / s; };
  std::printf("files %zu (parsed %zu), systems %zu, errors %zu, jobs %d, %s cache\n", files.size(), parsed, systems,
              errors_n, jobs, cold ? "cold" : "warm");
  std::printf("parse-only               %8.2f s  %8.0f files/s  peak RSS %6.1f MB\n", parse_s, per_s(parse_s), rss_parse);
  std::printf("parse-only, read ahead   %8.2f s  %8.0f files/s\n", ahead_s, per_s(ahead_s));
  std::printf("batch                    %8.2f s  %8.0f files/s  peak RSS %6.1f MB  (scoring %.2f s, writing %.2f s)\n",
              batch_s, per_s(batch_s), peak_rss_mb(), score_s, batch_s - score_s);
  std::printf("ratio batch / parse-only: %.2f (against parse-only with read-ahead: %.2f)\n", batch_s / parse_s,
              batch_s / ahead_s);
  return 0;
}
