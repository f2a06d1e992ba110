// Benchmark of compressing a sheet part, behind the figures of docs/benchmark.md and
// zip_rewrite.h: capdo's pieces (ISA-L, the level capdo uses) against zlib at levels 1 and 6
// (libxlsxwriter's), one thread, in pieces of about 3.6 MB as the evaluation cuts them.
//
// Usage: capdo_bench_deflate SHEET.xml [RUNS]
//   e.g. unzip -p out/evaluation-2026.xlsx xl/worksheets/sheet4.xml > /tmp/gaps.xml
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <zlib.h>

#include "capdo/source.h"
#include "capdo/zip_rewrite.h"

namespace {

constexpr std::size_t kPiece = 3600000;

std::size_t zlib_pieces(const std::string& text, int level) {
  std::size_t total = 0;
  std::string out;
  for (std::size_t at = 0; at < text.size(); at += kPiece) {
    std::size_t n = std::min(kPiece, text.size() - at);
    z_stream z{};
    deflateInit2(&z, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    out.resize(deflateBound(&z, static_cast<uLong>(n)) + 16);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data() + at));
    z.avail_in = static_cast<uInt>(n);
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_SYNC_FLUSH);
    total += out.size() - z.avail_out;
    deflateEnd(&z);
  }
  return total;
}

std::size_t capdo_pieces(const std::string& text, int level) {
  std::size_t total = 0;
  for (std::size_t at = 0; at < text.size(); at += kPiece)
    total += capdo::deflate_piece(std::string_view(text).substr(at, kPiece), level).data.size();
  return total;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: capdo_bench_deflate SHEET.xml [RUNS]\n");
    return 2;
  }
  std::string text = capdo::read_file(argv[1], std::size_t{4} << 30).text;
  int runs = argc > 2 ? std::atoi(argv[2]) : 3;
  std::printf("%s: %.1f MB, pieces of %.1f MB, one thread, best of %d\n", argv[1], static_cast<double>(text.size()) / 1e6,
              static_cast<double>(kPiece) / 1e6, runs);
  struct Way {
    const char* name;
    std::size_t (*run)(const std::string&, int);
    int level;
  };
  const Way ways[] = {{"ISA-L level 1", capdo_pieces, 1},
                      {"ISA-L level 2 (capdo)", capdo_pieces, capdo::kPieceLevel},
                      {"ISA-L level 3", capdo_pieces, 3},
                      {"zlib level 1", zlib_pieces, 1},
                      {"zlib level 6 (libxlsxwriter)", zlib_pieces, 6}};
  for (const Way& w : ways) {
    double best = 1e9;
    std::size_t size = 0;
    for (int r = 0; r < runs; ++r) {
      auto t0 = std::chrono::steady_clock::now();
      size = w.run(text, w.level);
      best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    std::printf("%-30s %6.2f s  %7.1f MB/s  %6.1f MB\n", w.name, best,
                static_cast<double>(text.size()) / 1e6 / best, static_cast<double>(size) / 1e6);
  }
  return 0;
}
