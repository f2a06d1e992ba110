// The exception hierarchy: I/O failures and unusable input end a command; data
// problems that can be listed are returned as Diagnostics instead.
#pragma once

#include <stdexcept>
#include <string>

#include "capdo/diagnostic.h"
#include "capdo/exit_code.h"

namespace capdo {

/// Base of every exception capdo throws on purpose.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& what, ExitCode code = ExitCode::internal)
      : std::runtime_error(what), code_(code) {}
  ExitCode code() const { return code_; }

 private:
  ExitCode code_;
};

/// A file could not be read or written.
class IoError : public Error {
 public:
  explicit IoError(const std::string& what) : Error(what, ExitCode::io) {}
};

/// An input is unusable as a whole (not UTF-8, too large, not XML, wrong root ...).
class InputError : public Error {
 public:
  explicit InputError(Diagnostic d)
      : Error(d.to_string(), ExitCode::bad_data), diag_(std::move(d)) {}
  const Diagnostic& diagnostic() const { return diag_; }

 private:
  Diagnostic diag_;
};

/// The command line asked for something impossible (unknown regime, bad date ...).
class UsageError : public Error {
 public:
  explicit UsageError(const std::string& what) : Error(what, ExitCode::usage) {}
};

/// Throws IoError "cannot VERB 'path': strerror(errno)".
[[noreturn]] void throw_system_error(int err, const std::string& verb, const std::string& path);

}  // namespace capdo
