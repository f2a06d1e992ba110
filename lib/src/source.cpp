#include "capdo/source.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <random>

#include <fmt/format.h>

#include "capdo/error.h"

namespace capdo {

SourceText read_file(const std::string& path, std::size_t max_bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw_system_error(errno, "open file", path);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int e = errno;
    ::close(fd);
    throw_system_error(e, "read file", path);
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    throw IoError(fmt::format("cannot read file '{}': it is a directory", path));
  }
  auto too_large = [&] {
    ::close(fd);
    throw InputError(Diagnostic{path, 0, 0, {}, Severity::error,
                                fmt::format("file is larger than the {} limit",
                                            max_bytes % (1024 * 1024) == 0
                                                ? fmt::format("{} MiB", max_bytes / (1024 * 1024))
                                                : fmt::format("{} bytes", max_bytes))});
  };
  if (S_ISREG(st.st_mode) && static_cast<std::size_t>(st.st_size) > max_bytes) too_large();
  SourceText src{path, {}};
  // Read straight into the text: its size, plus one byte to see the end (the file may have
  // grown since fstat; a pipe has no size, and grows the text as it comes).
  std::size_t have = 0;
  src.text.resize(S_ISREG(st.st_mode) ? static_cast<std::size_t>(st.st_size) + 1 : 65536);
  for (;;) {
    if (have == src.text.size()) src.text.resize(std::min(2 * have, max_bytes + 1));
    ssize_t n = ::read(fd, src.text.data() + have, src.text.size() - have);
    if (n < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      ::close(fd);
      throw_system_error(e, "read file", path);
    }
    if (n == 0) break;
    have += static_cast<std::size_t>(n);
    if (have > max_bytes) too_large();
  }
  ::close(fd);
  src.text.resize(have);
  return src;
}

namespace {

bool valid_utf8_scalar(std::string_view s, std::size_t* bad_offset) {
  // Well-formed UTF-8 per RFC 3629 (Unicode Table 3-7): no overlongs, no surrogates, at most
  // U+10FFFF. ASCII runs are skipped sixteen bytes at a time.
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  auto cont = [&](std::size_t k) { return k < n && (p[k] & 0xC0) == 0x80; };
  while (i < n) {
    while (i + 16 <= n) {
      std::uint64_t a, b;
      std::memcpy(&a, p + i, 8);
      std::memcpy(&b, p + i + 8, 8);
      if (((a | b) & 0x8080808080808080ull) != 0) break;
      i += 16;
    }
    while (i < n && p[i] < 0x80) ++i;
    if (i >= n) break;
    unsigned c = p[i];
    bool ok;
    std::size_t len;
    if (c < 0xC2) {
      ok = false;  // a continuation byte, or an overlong two-byte lead
      len = 1;
    } else if (c < 0xE0) {
      len = 2;
      ok = cont(i + 1);
    } else if (c < 0xF0) {
      len = 3;
      unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
      ok = i + 1 < n && p[i + 1] >= lo && p[i + 1] <= hi && cont(i + 2);
    } else if (c < 0xF5) {
      len = 4;
      unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
      ok = i + 1 < n && p[i + 1] >= lo && p[i + 1] <= hi && cont(i + 2) && cont(i + 3);
    } else {
      ok = false;
      len = 1;
    }
    if (!ok) {
      if (bad_offset) *bad_offset = i;
      return false;
    }
    i += len;
  }
  return true;
}

#if defined(__x86_64__) && defined(__GNUC__)
#define CAPDO_UTF8_AVX2 1

// Lemire and Keiser's "lookup" algorithm (Validating UTF-8 in less than one instruction per
// byte, Software: Practice and Experience 51(5), 2021), as simdjson implements it: three
// 16-entry tables classify each pair of adjacent bytes by their high and low nibbles into
// error bits, and a fourth check requires continuation bytes after three- and four-byte
// leads. 32 bytes at a time; about ten times as fast as the scalar check on Vietnamese text.
namespace avx2 {

using v32 = __m256i;

__attribute__((target("avx2"))) inline v32 prev_bytes(v32 input, v32 prev, int n) {
  // The 32 bytes that end n bytes before the end of `input`, the first n from `prev`.
  v32 joined = _mm256_permute2x128_si256(prev, input, 0x21);
  switch (n) {
    case 1: return _mm256_alignr_epi8(input, joined, 16 - 1);
    case 2: return _mm256_alignr_epi8(input, joined, 16 - 2);
    default: return _mm256_alignr_epi8(input, joined, 16 - 3);
  }
}

__attribute__((target("avx2"))) inline v32 table(std::uint8_t a0, std::uint8_t a1, std::uint8_t a2, std::uint8_t a3,
                                                 std::uint8_t a4, std::uint8_t a5, std::uint8_t a6, std::uint8_t a7,
                                                 std::uint8_t a8, std::uint8_t a9, std::uint8_t a10, std::uint8_t a11,
                                                 std::uint8_t a12, std::uint8_t a13, std::uint8_t a14, std::uint8_t a15) {
  return _mm256_setr_epi8(static_cast<char>(a0), static_cast<char>(a1), static_cast<char>(a2), static_cast<char>(a3),
                          static_cast<char>(a4), static_cast<char>(a5), static_cast<char>(a6), static_cast<char>(a7),
                          static_cast<char>(a8), static_cast<char>(a9), static_cast<char>(a10), static_cast<char>(a11),
                          static_cast<char>(a12), static_cast<char>(a13), static_cast<char>(a14), static_cast<char>(a15),
                          static_cast<char>(a0), static_cast<char>(a1), static_cast<char>(a2), static_cast<char>(a3),
                          static_cast<char>(a4), static_cast<char>(a5), static_cast<char>(a6), static_cast<char>(a7),
                          static_cast<char>(a8), static_cast<char>(a9), static_cast<char>(a10), static_cast<char>(a11),
                          static_cast<char>(a12), static_cast<char>(a13), static_cast<char>(a14), static_cast<char>(a15));
}

__attribute__((target("avx2"))) bool valid(std::string_view s) {
  // Error bits of a pair of bytes (byte 1, byte 2).
  constexpr std::uint8_t kTooShort = 1 << 0;   // 11______ 0_______ or 11______ 11______
  constexpr std::uint8_t kTooLong = 1 << 1;    // 0_______ 10______
  constexpr std::uint8_t kOverlong3 = 1 << 2;  // 11100000 100_____
  constexpr std::uint8_t kTooLarge = 1 << 3;   // 11110100 1001____ and above
  constexpr std::uint8_t kSurrogate = 1 << 4;  // 11101101 101_____
  constexpr std::uint8_t kOverlong2 = 1 << 5;  // 1100000_ 10______
  constexpr std::uint8_t kTooLarge1000 = 1 << 6;  // 11110101 1000____ and above
  constexpr std::uint8_t kOverlong4 = 1 << 6;     // 11110000 1000____
  constexpr std::uint8_t kTwoConts = 1 << 7;      // 10______ 10______ (an error unless a 3/4-byte lead needs it)
  constexpr std::uint8_t kCarry = kTooShort | kTooLong | kTwoConts;

  const v32 byte1_high = table(kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTooLong,
                               kTwoConts, kTwoConts, kTwoConts, kTwoConts, kTooShort | kOverlong2, kTooShort,
                               kTooShort | kOverlong3 | kSurrogate, kTooShort | kTooLarge | kTooLarge1000 | kOverlong4);
  const v32 byte1_low =
      table(kCarry | kOverlong3 | kOverlong2 | kOverlong4, kCarry | kOverlong2, kCarry, kCarry, kCarry | kTooLarge,
            kCarry | kTooLarge | kTooLarge1000, kCarry | kTooLarge | kTooLarge1000, kCarry | kTooLarge | kTooLarge1000,
            kCarry | kTooLarge | kTooLarge1000, kCarry | kTooLarge | kTooLarge1000, kCarry | kTooLarge | kTooLarge1000,
            kCarry | kTooLarge | kTooLarge1000, kCarry | kTooLarge | kTooLarge1000,
            kCarry | kTooLarge | kTooLarge1000 | kSurrogate, kCarry | kTooLarge | kTooLarge1000,
            kCarry | kTooLarge | kTooLarge1000);
  const v32 byte2_high =
      table(kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, kTooShort,
            kTooLong | kOverlong2 | kTwoConts | kOverlong3 | kTooLarge1000 | kOverlong4,
            kTooLong | kOverlong2 | kTwoConts | kOverlong3 | kTooLarge, kTooLong | kOverlong2 | kTwoConts | kSurrogate | kTooLarge,
            kTooLong | kOverlong2 | kTwoConts | kSurrogate | kTooLarge, kTooShort, kTooShort, kTooShort, kTooShort);
  const v32 nibble = _mm256_set1_epi8(0x0F);
  // The last three bytes of a block may not start a sequence the block does not finish.
  const v32 max_tail = _mm256_setr_epi8(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                        -1, -1, -1, -1, -1, -1, -1, -1, -1, static_cast<char>(0xF0 - 1),
                                        static_cast<char>(0xE0 - 1), static_cast<char>(0xC0 - 1));

  struct State {
    v32 error, prev, prev_incomplete;
  } st{_mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256()};
  const char* p = s.data();
  std::size_t n = s.size(), i = 0;
  for (;; i += 32) {
    v32 input;
    if (i + 32 <= n) {
      input = _mm256_loadu_si256(reinterpret_cast<const v32*>(p + i));
    } else if (i < n) {  // the tail, padded with ASCII
      alignas(32) char tail[32] = {};
      std::memcpy(tail, p + i, n - i);
      input = _mm256_load_si256(reinterpret_cast<const v32*>(tail));
    } else {
      break;
    }
    if (_mm256_movemask_epi8(input) == 0) {  // all ASCII: only an unfinished sequence before is wrong
      st.error = _mm256_or_si256(st.error, st.prev_incomplete);
      st.prev_incomplete = _mm256_setzero_si256();
      st.prev = input;
      continue;
    }
    v32 prev1 = prev_bytes(input, st.prev, 1);
    v32 b1h = _mm256_shuffle_epi8(byte1_high, _mm256_and_si256(_mm256_srli_epi16(prev1, 4), nibble));
    v32 b1l = _mm256_shuffle_epi8(byte1_low, _mm256_and_si256(prev1, nibble));
    v32 b2h = _mm256_shuffle_epi8(byte2_high, _mm256_and_si256(_mm256_srli_epi16(input, 4), nibble));
    v32 special = _mm256_and_si256(_mm256_and_si256(b1h, b1l), b2h);
    v32 third = _mm256_subs_epu8(prev_bytes(input, st.prev, 2), _mm256_set1_epi8(static_cast<char>(0xE0 - 0x80)));
    v32 fourth = _mm256_subs_epu8(prev_bytes(input, st.prev, 3), _mm256_set1_epi8(static_cast<char>(0xF0 - 0x80)));
    v32 must23 = _mm256_and_si256(_mm256_or_si256(third, fourth), _mm256_set1_epi8(static_cast<char>(0x80)));
    st.error = _mm256_or_si256(st.error, _mm256_xor_si256(must23, special));
    st.prev_incomplete = _mm256_subs_epu8(input, max_tail);
    st.prev = input;
  }
  v32 error = _mm256_or_si256(st.error, st.prev_incomplete);
  return _mm256_testz_si256(error, error) != 0;
}
}  // namespace avx2

bool have_avx2() {
  static const bool yes = __builtin_cpu_supports("avx2");
  return yes;
}
#endif

}  // namespace

bool valid_utf8(std::string_view s, std::size_t* bad_offset) {
#ifdef CAPDO_UTF8_AVX2
  // The vector check says whether; the scalar one, run only on failure, says where.
  if (have_avx2() && avx2::valid(s)) return true;
#endif
  return valid_utf8_scalar(s, bad_offset);
}

namespace detail {
bool valid_utf8_vector(std::string_view s, bool* available) {
#ifdef CAPDO_UTF8_AVX2
  if (have_avx2()) {
    *available = true;
    return avx2::valid(s);
  }
#endif
  *available = false;
  return valid_utf8_scalar(s, nullptr);
}
bool valid_utf8_reference(std::string_view s) { return valid_utf8_scalar(s, nullptr); }
}  // namespace detail

std::pair<int, int> line_col(std::string_view text, std::size_t offset) {
  if (offset > text.size()) offset = text.size();
  int line = 1, col = 1;
  for (std::size_t i = 0; i < offset; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++line;
      col = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++col;  // count characters, not continuation bytes
    }
  }
  return {line, col};
}

void require_utf8(const SourceText& src) {
  std::size_t bad = 0;
  if (valid_utf8(src.text, &bad)) return;
  auto [line, col] = line_col(src.text, bad);
  throw InputError(Diagnostic{
      src.path, line, col, {}, Severity::error,
      fmt::format("file is not valid UTF-8 (byte 0x{:02X})", static_cast<unsigned char>(src.text[bad]))});
}

namespace {

std::string temp_name_for(const std::string& path) {
  namespace fs = std::filesystem;
  fs::path target(path);
  fs::path dir = target.parent_path();
  if (dir.empty()) dir = ".";
  std::random_device rd;
  return (dir / fmt::format(".{}.tmp-{}-{:08x}", target.filename().string(), ::getpid(), rd())).string();
}

void sync_dir_of(const std::string& path) {
  std::filesystem::path dir = std::filesystem::path(path).parent_path();
  if (dir.empty()) dir = ".";
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

}  // namespace

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)), tmp_(temp_name_for(path_)) {}

AtomicFile::~AtomicFile() {
  if (f_) std::fclose(f_);
  if (!done_) ::unlink(tmp_.c_str());
}

std::FILE* AtomicFile::stream() {
  if (!f_) {
    int fd = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) throw_system_error(errno, "create file", tmp_);
    f_ = ::fdopen(fd, "wb");
    if (!f_) {
      int e = errno;
      ::close(fd);
      throw_system_error(e, "create file", tmp_);
    }
  }
  return f_;
}

void AtomicFile::commit(bool sync) {
  if (f_) {
    bool bad = std::fflush(f_) != 0 || std::ferror(f_) || (sync && ::fsync(fileno(f_)) != 0);
    int e = errno;
    bool close_bad = std::fclose(f_) != 0;
    f_ = nullptr;
    if (bad || close_bad) throw_system_error(e ? e : EIO, "write file", path_);
  } else if (sync) {
    // Written by someone else (libxlsxwriter): make it durable.
    int fd = ::open(tmp_.c_str(), O_WRONLY | O_CLOEXEC);  // writable: fsync may need it
    if (fd < 0) throw_system_error(errno, "write file", path_);
    if (::fsync(fd) != 0) {  // the data may not have reached the disk: do not put it in place
      int e = errno;
      ::close(fd);
      throw_system_error(e, "write file", path_);
    }
    ::close(fd);
  }
  if (::rename(tmp_.c_str(), path_.c_str()) != 0) throw_system_error(errno, "write file", path_);
  done_ = true;
  if (sync) sync_dir_of(path_);
}

void write_file_atomic(const std::string& path, std::string_view data, bool sync) {
  AtomicFile f(path);
  std::FILE* out = f.stream();
  if (!data.empty() && std::fwrite(data.data(), 1, data.size(), out) != data.size())
    throw_system_error(errno, "write file", path);
  f.commit(sync);
}

}  // namespace capdo
