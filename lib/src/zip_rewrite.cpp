#include "capdo/zip_rewrite.h"

#include <algorithm>
#include <cerrno>
#include <limits>
#include <map>
#include <memory>
#include <vector>

#include <fmt/format.h>
#include <isa-l/crc.h>
#include <isa-l/igzip_lib.h>
#include <minizip/unzip.h>
#include <minizip/zip.h>
#include <zlib.h>

#include "capdo/error.h"

namespace capdo {

namespace {

constexpr std::uint64_t kZip32Limit = 0xFFFFFFFFull;

/// zlib's default memory level (zutil.h, not installed), for minizip's copy.
constexpr int kMemLevel = 8;

/// The end of a deflate stream: a final block (BFINAL 1, fixed Huffman 01) holding only the
/// end-of-block code (seven zero bits): 0b011 then zeros, 0x03 0x00. zlib ends an empty
/// stream the same way.
constexpr char kFinalBlock[2] = {0x03, 0x00};

/// One ISA-L stateless compression of at most 4 GiB, ending with a full flush (byte-aligned,
/// not final).
void isal_piece(std::string_view text, int level, std::string& out) {
  std::vector<std::uint8_t> level_buf(ISAL_DEF_LVL2_DEFAULT > ISAL_DEF_LVL1_DEFAULT ? ISAL_DEF_LVL2_DEFAULT
                                                                                     : ISAL_DEF_LVL1_DEFAULT);
  // Deflate never needs more than the text in stored blocks (5 bytes per 64 KiB) and a
  // little; grow once more if ISA-L says otherwise.
  std::size_t room = text.size() + text.size() / 8192 + 1024;
  for (bool retried = false;; retried = true) {
    std::size_t at = out.size();
    out.resize(at + room);
    isal_zstream z;
    isal_deflate_stateless_init(&z);
    z.next_in = reinterpret_cast<std::uint8_t*>(const_cast<char*>(text.data()));
    z.avail_in = static_cast<std::uint32_t>(text.size());
    z.next_out = reinterpret_cast<std::uint8_t*>(out.data() + at);
    z.avail_out = static_cast<std::uint32_t>(room);
    z.level = static_cast<std::uint32_t>(level);
    z.level_buf = level_buf.data();
    z.level_buf_size = static_cast<std::uint32_t>(level_buf.size());
    z.flush = FULL_FLUSH;
    z.end_of_stream = 0;
    z.gzip_flag = IGZIP_DEFLATE;
    int rc = isal_deflate_stateless(&z);
    if (rc == COMP_OK) {
      out.resize(at + z.total_out);
      return;
    }
    out.resize(at);
    if (rc != STATELESS_OVERFLOW || retried)
      throw Error(fmt::format("cannot compress: ISA-L error {}", rc), ExitCode::internal);
    room = 2 * text.size() + 65536;
  }
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
    put(p.data);
    crc_ = static_cast<std::uint32_t>(crc32_combine64(crc_, p.crc, static_cast<z_off64_t>(p.size)));
    size_ += p.size;
  }
  void finish() { put(std::string_view(kFinalBlock, sizeof kFinalBlock)); }
  std::uint32_t crc() const { return crc_; }
  std::uint64_t size() const { return size_; }

 private:
  void put(std::string_view d) {
    while (!d.empty()) {  // zipWriteInFileInZip takes an unsigned length
      auto n = static_cast<unsigned>(std::min<std::size_t>(d.size(), 1u << 30));
      if (zipWriteInFileInZip(zf_, d.data(), n) != ZIP_OK) throw_system_error(errno ? errno : EIO, "write file", to_);
      d.remove_prefix(n);
    }
  }
  zipFile zf_;
  std::string to_;
  std::uint32_t crc_ = 0;
  std::uint64_t size_ = 0;
};

}  // namespace

DeflatedPiece deflate_piece(std::string_view text, int level) {
  DeflatedPiece p;
  p.size = text.size();
  p.crc = crc32_gzip_refl(0, reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
  // ISA-L takes at most 4 GiB at a time; pieces are far smaller, but stay correct.
  constexpr std::size_t kStep = std::size_t{1} << 30;
  for (std::size_t at = 0; at < text.size(); at += kStep) isal_piece(text.substr(at, kStep), level, p.data);
  p.data.shrink_to_fit();  // pieces wait in memory for their turn: keep only what they hold
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
    if (unzGetCurrentFileInfo64(in.get(), &info, name, sizeof name, nullptr, 0, nullptr, 0) != UNZ_OK ||
        info.size_filename >= sizeof name)  // minizip does not end a name it had to cut
      read_fail();
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
