// Every exit status of the capdo command, in one enum (documented in docs/exit-codes.md
// and capdo(1)).
#pragma once

namespace capdo {

enum class ExitCode : int {
  ok = 0,           ///< done; the result is complete
  incomplete = 1,   ///< done, but the result is partial: level undetermined, files skipped
  usage = 2,        ///< bad command line
  bad_data = 3,     ///< an input file is invalid; nothing was written
  io = 4,           ///< a file could not be read or written
  internal = 5,     ///< a bug in capdo
  interrupted = 130 ///< stopped by Ctrl-C (answers given so far are saved)
};

/// A short lowercase name ("bad-data").
const char* to_string(ExitCode code);

}  // namespace capdo
