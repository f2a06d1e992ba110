// What every subcommand shares: global options, locating data, reporting diagnostics.
#pragma once

#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "capdo/criteria_loader.h"
#include "capdo/date.h"
#include "capdo/diagnostic.h"
#include "capdo/exit_code.h"
#include "capdo/text.h"

namespace capdo::tool {

/// Options every subcommand understands.
struct Globals {
  std::string criteria_dir;
  std::string lang_name;
  std::string regime;
  std::string date;

  Lang lang() const;
  Date on_date() const;  ///< --date, or today
  /// The criteria folder: --criteria-dir, $CAPDO_CRITERIA_DIR, <exe>/../share/capdo/criteria,
  /// or the source tree's criteria/.
  std::string criteria_path() const;
  /// Loads the catalog; prints its diagnostics and throws if a shipped file is broken.
  Catalog load_catalog() const;
  /// Picks the regime (--regime or by date) and prints the notice to stderr.
  std::shared_ptr<const Regime> pick_regime(const Catalog& cat, const std::string& requested) const;
  /// The regime an existing dossier was made under. Scoring or evaluating it stays possible
  /// after the regime's transitional period (systems keep their approved level), with a
  /// warning instead of the error pick_regime gives for new determinations.
  std::shared_ptr<const Regime> dossier_regime(const Catalog& cat, const std::string& id) const;
};

/// Adds --regime, --date, --lang and --criteria-dir to a subcommand.
void add_global_options(CLI::App& app, Globals& g);

/// Prints diagnostics to stderr, one per line.
void print_diagnostics(const Diagnostics& d);

/// "capdo: warning: …" on stderr.
void warn(const std::string& msg);
void note(const std::string& msg);

/// Sets the exit code of the command being run.
struct Outcome {
  ExitCode code = ExitCode::ok;
};

}  // namespace capdo::tool
