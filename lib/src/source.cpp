#include "capdo/source.h"

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
  if (S_ISREG(st.st_mode)) src.text.reserve(static_cast<std::size_t>(st.st_size));
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      ::close(fd);
      throw_system_error(e, "read file", path);
    }
    if (n == 0) break;
    src.text.append(buf, static_cast<std::size_t>(n));
    if (src.text.size() > max_bytes) too_large();
  }
  ::close(fd);
  return src;
}

bool valid_utf8(std::string_view s, std::size_t* bad_offset) {
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
    int fd = ::open(tmp_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw_system_error(errno, "write file", path_);
    ::fsync(fd);
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
