#include "capdo/error.h"

#include <cstring>

#include <fmt/format.h>

namespace capdo {

const char* to_string(ExitCode code) {
  switch (code) {
    case ExitCode::ok: return "ok";
    case ExitCode::incomplete: return "incomplete";
    case ExitCode::usage: return "usage";
    case ExitCode::bad_data: return "bad-data";
    case ExitCode::io: return "io";
    case ExitCode::internal: return "internal";
    case ExitCode::interrupted: return "interrupted";
  }
  return "internal";
}

void throw_system_error(int err, const std::string& verb, const std::string& path) {
  throw IoError(fmt::format("cannot {} '{}': {}", verb, path, std::strerror(err)));
}

}  // namespace capdo
