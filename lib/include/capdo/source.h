// Reading input files safely: size limit, UTF-8 check, and line/column from offsets.
#pragma once

#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>

namespace capdo {

/// The default limit on any input file: 64 MiB.
inline constexpr std::size_t kDefaultMaxInputBytes = 64u * 1024u * 1024u;

/// The text of an input file and the name it is reported under.
struct SourceText {
  std::string path;
  std::string text;
};

/// Reads a whole file. Throws IoError if it cannot be read and InputError if it is larger
/// than `max_bytes` ("file is larger than the 64 MiB limit").
SourceText read_file(const std::string& path, std::size_t max_bytes = kDefaultMaxInputBytes);

/// Checks that `s` is well-formed UTF-8; on failure, returns false and the offset of the
/// first bad byte.
bool valid_utf8(std::string_view s, std::size_t* bad_offset = nullptr);

namespace detail {
/// For tests: the vector check alone (AVX2), with `available` false when this processor
/// has none (the result is then the scalar check's), and the scalar check alone.
bool valid_utf8_vector(std::string_view s, bool* available);
bool valid_utf8_reference(std::string_view s);
}  // namespace detail

/// 1-based line and column (in characters) of a byte offset.
std::pair<int, int> line_col(std::string_view text, std::size_t offset);

/// Throws InputError "FILE:LINE:COL: error: file is not valid UTF-8 (byte 0xNN)" unless
/// `src` is valid UTF-8. A UTF-8 byte-order mark is allowed.
void require_utf8(const SourceText& src);

/// Writes `data` to `path` atomically: a temporary file in the same folder, fsync, rename.
/// A killed process leaves either the old file or the new one, never half of one. With
/// `sync` false the fsyncs are skipped (still never half a file, but a power cut may lose
/// the newest files): for bulk test data only.
void write_file_atomic(const std::string& path, std::string_view data, bool sync = true);

/// A file written in place of `path` through a temporary file in the same folder: commit()
/// flushes, fsyncs and renames it over `path`; destroying it uncommitted removes the
/// temporary file, so a failed or killed run never leaves a truncated output.
class AtomicFile {
 public:
  explicit AtomicFile(std::string path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  /// The temporary file's path, for writers that open files themselves (libxlsxwriter).
  const std::string& temp_path() const { return tmp_; }
  /// The temporary file opened for writing (opened on first use).
  std::FILE* stream();
  /// Makes the new file visible under `path`. Throws IoError. `sync` false skips the fsyncs.
  void commit(bool sync = true);

 private:
  std::string path_;
  std::string tmp_;
  std::FILE* f_ = nullptr;
  bool done_ = false;
};

}  // namespace capdo
