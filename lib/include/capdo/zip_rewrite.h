// Rewriting a zip archive with some entries replaced: the way capdo writes a workbook part
// too large for libxlsxwriter to write quickly (the province's Gaps sheet). libxlsxwriter
// writes the workbook with that sheet holding only its header; rewrite_zip() then copies
// every other entry as it is (the compressed bytes, not recompressed) and streams the
// replacement, whose pieces may have been compressed on several threads at once.
//
// A piece is raw deflate data that ends on a byte boundary without a final block (a full
// flush), so pieces compressed separately join into one valid deflate stream, which
// rewrite_zip() ends with an empty final block; the entry's CRC-32 is combined from the
// pieces' (zlib's crc32_combine). This is how pigz compresses in parallel. Pieces are
// compressed with ISA-L's igzip, which is about six times as fast as zlib's fastest level on
// sheet XML (docs/benchmark.md). Their bytes depend only on their text, never on which
// thread made them.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace capdo {

/// The ISA-L compression level of pieces (0–3). capdo_bench_deflate on the Gaps sheet of
/// 10,000 systems (252 MB of XML, one thread): level 2, 0.19 s and 28.6 MB; level 3, 0.71 s
/// and 27.1 MB; zlib's level 1, 1.21 s and 29.7 MB; zlib's default (6, libxlsxwriter's),
/// 2.79 s and 24.3 MB.
inline constexpr int kPieceLevel = 2;

/// Text compressed on its own: see the file comment.
struct DeflatedPiece {
  std::string data;        ///< raw deflate, byte-aligned at the end, no final block
  std::uint32_t crc = 0;   ///< CRC-32 of the text
  std::uint64_t size = 0;  ///< length of the text in bytes
};

/// Compresses `text` into a piece. Thread-safe.
DeflatedPiece deflate_piece(std::string_view text, int level = kPieceLevel);

/// Receives the new content of a replaced entry, in order.
class EntrySink {
 public:
  virtual ~EntrySink() = default;
  /// Appends a piece compressed elsewhere.
  virtual void write(const DeflatedPiece& piece) = 0;
  /// Appends text, compressing it on this thread.
  void write(std::string_view text) { write(deflate_piece(text)); }
};

/// An entry whose content is replaced.
struct EntryReplacement {
  std::string name;  ///< the entry's name in the archive, e.g. "xl/worksheets/sheet4.xml"
  /// Whether the new content may reach 4 GiB (it then gets ZIP64 fields); only then, as
  /// Excel rejects ZIP64 fields it does not need.
  bool large = false;
  /// Writes the new content to `out`; `original` is the entry's current content.
  std::function<void(const std::string& original, EntrySink& out)> write;
};

/// Copies the zip archive `from` to a new archive `to`, entry by entry in the same order
/// with the same names, dates and attributes, with the entries of `replace` replaced. Every
/// entry of `replace` must exist. Throws IoError when a file cannot be read or written, and
/// Error (internal) for a missing entry.
void rewrite_zip(const std::string& from, const std::string& to, const std::vector<EntryReplacement>& replace);

}  // namespace capdo
