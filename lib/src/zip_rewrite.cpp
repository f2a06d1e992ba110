#include "capdo/zip_rewrite.h"

#include <algorithm>
#include <cerrno>
#include <limits>
#include <map>
#include <memory>

#include <fmt/format.h>
#include <minizip/unzip.h>
#include <minizip/zip.h>
#include <zlib.h>

#include "capdo/error.h"

namespace capdo {

namespace {

constexpr std::uint64_t kZip32Limit = 0xFFFFFFFFull;

/// zlib's default memory level (zutil.h, not installed).
constexpr int kMemLevel = 8;

std::uint32_t crc_of(std::string_view s) {
  return static_cast<std::uint32_t>(crc32_z(0, reinterpret_cast<const Bytef*>(s.data()), s.size()));
}

/// Deflates with `flush` (Z_SYNC_FLUSH for a piece, Z_FINISH for the end of a stream).
std::string raw_deflate(std::string_view text, int level, int flush) {
  z_stream z{};
  if (deflateInit2(&z, level, Z_DEFLATED, -MAX_WBITS, kMemLevel, Z_DEFAULT_STRATEGY) != Z_OK)
    throw Error("cannot compress: zlib could not start", ExitCode::internal);
  std::unique_ptr<z_stream, int (*)(z_stream*)> guard(&z, deflateEnd);
  std::string out;
  out.resize(deflateBound(&z, static_cast<uLong>(text.size())) + 16);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, flush);
  // The output buffer is large enough for all of it in one call (deflateBound).
  if ((flush == Z_FINISH && rc != Z_STREAM_END) || (flush != Z_FINISH && (rc != Z_OK || z.avail_in != 0)))
    throw Error("cannot compress: zlib stopped early", ExitCode::internal);
  out.resize(out.size() - z.avail_out);
  return out;
}

struct UnzCloser {
  void operator()(void* f) const { unzClose(f); }
};
struct ZipCloser {
  void operator()(void* f) const { zipClose(f, nullptr); }
};

class ZipSink : public EntrySink {
 public:
  ZipSink(zipFile zf, std::string to) : zf_(zf), to_(std::move(to)) {}
  void write(const DeflatedPiece& p) override {
    if (p.size == 0) return;
    std::string_view d = p.data;
    while (!d.empty()) {  // zipWriteInFileInZip takes an unsigned length
      auto n = static_cast<unsigned>(std::min<std::size_t>(d.size(), 1u << 30));
      if (zipWriteInFileInZip(zf_, d.data(), n) != ZIP_OK) throw_system_error(errno ? errno : EIO, "write file", to_);
      d.remove_prefix(n);
    }
    crc_ = static_cast<std::uint32_t>(crc32_combine64(crc_, p.crc, static_cast<z_off64_t>(p.size)));
    size_ += p.size;
  }
  void finish() {
    std::string end = raw_deflate({}, kPieceLevel, Z_FINISH);  // an empty final block
    if (zipWriteInFileInZip(zf_, end.data(), static_cast<unsigned>(end.size())) != ZIP_OK)
      throw_system_error(errno ? errno : EIO, "write file", to_);
  }
  std::uint32_t crc() const { return crc_; }
  std::uint64_t size() const { return size_; }

 private:
  zipFile zf_;
  std::string to_;
  std::uint32_t crc_ = 0;
  std::uint64_t size_ = 0;
};

}  // namespace

DeflatedPiece deflate_piece(std::string_view text, int level) {
  DeflatedPiece p;
  p.size = text.size();
  p.crc = crc_of(text);
  // zlib takes at most 4 GiB at a time; pieces are far smaller, but stay correct.
  constexpr std::size_t kStep = std::numeric_limits<uInt>::max() / 2;
  for (std::size_t at = 0; at < text.size(); at += kStep)
    p.data += raw_deflate(text.substr(at, kStep), level, Z_SYNC_FLUSH);
  return p;
}

void rewrite_zip(const std::string& from, const std::string& to, const std::vector<EntryReplacement>& replace) {
  std::unique_ptr<void, UnzCloser> in(unzOpen64(from.c_str()));
  if (!in) throw IoError(fmt::format("cannot read file '{}': not a zip archive", from));
  std::unique_ptr<void, ZipCloser> out(zipOpen64(to.c_str(), APPEND_STATUS_CREATE));
  if (!out) throw_system_error(errno ? errno : EIO, "create file", to);
  std::map<std::string, const EntryReplacement*> todo;
  for (const EntryReplacement& r : replace) todo[r.name] = &r;

  auto read_fail = [&] { throw IoError(fmt::format("cannot read file '{}': damaged zip archive", from)); };
  auto write_fail = [&] { throw_system_error(errno ? errno : EIO, "write file", to); };
  std::string buf(1 << 16, '\0');
  for (int rc = unzGoToFirstFile(in.get()); rc != UNZ_END_OF_LIST_OF_FILE; rc = unzGoToNextFile(in.get())) {
    if (rc != UNZ_OK) read_fail();
    unz_file_info64 info{};
    char name[1024];
    if (unzGetCurrentFileInfo64(in.get(), &info, name, sizeof name, nullptr, 0, nullptr, 0) != UNZ_OK) read_fail();
    zip_fileinfo zi{};
    zi.tmz_date.tm_sec = info.tmu_date.tm_sec;
    zi.tmz_date.tm_min = info.tmu_date.tm_min;
    zi.tmz_date.tm_hour = info.tmu_date.tm_hour;
    zi.tmz_date.tm_mday = info.tmu_date.tm_mday;
    zi.tmz_date.tm_mon = info.tmu_date.tm_mon;
    zi.tmz_date.tm_year = info.tmu_date.tm_year;
    zi.internal_fa = info.internal_fa;
    zi.external_fa = info.external_fa;

    auto it = todo.find(name);
    if (it == todo.end()) {  // copy the compressed bytes as they are
      int method = 0, level = 0;
      if (unzOpenCurrentFile2(in.get(), &method, &level, 1) != UNZ_OK) read_fail();
      bool zip64 = info.uncompressed_size >= kZip32Limit || info.compressed_size >= kZip32Limit;
      if (zipOpenNewFileInZip3_64(out.get(), name, &zi, nullptr, 0, nullptr, 0, nullptr, method, level, 1, -MAX_WBITS,
                                  kMemLevel, Z_DEFAULT_STRATEGY, nullptr, 0, zip64 ? 1 : 0) != ZIP_OK)
        write_fail();
      for (;;) {
        int n = unzReadCurrentFile(in.get(), buf.data(), static_cast<unsigned>(buf.size()));
        if (n < 0) read_fail();
        if (n == 0) break;
        if (zipWriteInFileInZip(out.get(), buf.data(), static_cast<unsigned>(n)) != ZIP_OK) write_fail();
      }
      unzCloseCurrentFile(in.get());
      if (zipCloseFileInZipRaw64(out.get(), info.uncompressed_size, info.crc) != ZIP_OK) write_fail();
      continue;
    }

    const EntryReplacement& r = *it->second;
    todo.erase(it);
    std::string original;
    if (unzOpenCurrentFile(in.get()) != UNZ_OK) read_fail();
    for (;;) {
      int n = unzReadCurrentFile(in.get(), buf.data(), static_cast<unsigned>(buf.size()));
      if (n < 0) read_fail();
      if (n == 0) break;
      original.append(buf.data(), static_cast<std::size_t>(n));
    }
    if (unzCloseCurrentFile(in.get()) != UNZ_OK) read_fail();  // checks the CRC
    if (zipOpenNewFileInZip3_64(out.get(), name, &zi, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED, kPieceLevel, 1,
                                -MAX_WBITS, kMemLevel, Z_DEFAULT_STRATEGY, nullptr, 0, r.large ? 1 : 0) != ZIP_OK)
      write_fail();
    ZipSink sink(out.get(), to);
    r.write(original, sink);
    sink.finish();
    if (!r.large && sink.size() >= kZip32Limit)
      throw Error(fmt::format("cannot write '{}' in '{}': over 4 GiB without ZIP64", name, to), ExitCode::internal);
    if (zipCloseFileInZipRaw64(out.get(), sink.size(), sink.crc()) != ZIP_OK) write_fail();
  }
  if (!todo.empty())
    throw Error(fmt::format("cannot rewrite '{}': it has no entry '{}'", from, todo.begin()->first), ExitCode::internal);
  if (zipClose(out.release(), nullptr) != ZIP_OK) write_fail();
}

}  // namespace capdo
