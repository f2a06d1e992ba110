// Loading and validating criteria files (docs/criteria-format.md). Every problem of every
// file is collected, each with FILE:LINE:COL; nothing stops at the first one.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "capdo/date.h"
#include "capdo/diagnostic.h"
#include "capdo/regime.h"

namespace capdo {

/// The format major version this build reads.
inline constexpr int kCriteriaFormat = 1;

/// A loaded regime (null if the entry file itself is unusable) and everything found wrong.
struct LoadResult {
  std::shared_ptr<const Regime> regime;
  Diagnostics diagnostics;
  /// The files read, entry file first.
  std::vector<std::string> files;

  bool ok() const { return regime && !diagnostics.has_errors(); }
};

/// Loads a regime from its entry file (root <regime>), following <include>s.
LoadResult load_regime(const std::string& regime_xml);

/// Validates one file: a regime entry file, or a part (root <part>), which is checked
/// together with the regime.xml of its folder so that references resolve.
LoadResult validate_file(const std::string& path);

/// Every regime under a criteria folder (each <dir>/<id>/regime.xml).
class Catalog {
 public:
  /// Loads every regime; problems go to diagnostics(). Regimes with errors are left out.
  static Catalog load(const std::string& criteria_dir);

  const std::string& dir() const { return dir_; }
  const Diagnostics& diagnostics() const { return diags_; }
  const std::vector<std::shared_ptr<const Regime>>& regimes() const { return regimes_; }
  std::shared_ptr<const Regime> find(std::string_view id) const;
  /// The regime in force on `date` (latest valid-from wins); null if none.
  std::shared_ptr<const Regime> in_force(const Date& date) const;

 private:
  std::string dir_;
  Diagnostics diags_;
  std::vector<std::shared_ptr<const Regime>> regimes_;
};

/// The regime a command will use, and what to tell the user about the choice.
struct RegimeChoice {
  std::shared_ptr<const Regime> regime;
  std::string notice;                 ///< "using regime 'nd331-2026' (in force on 2026-11-24)"
  std::vector<std::string> warnings;  ///< e.g. "regime 'nd85-2016' is only for transitional appraisals after 2026-08-18"
};

/// Picks `requested` if not empty, else the regime in force on `date`. Throws UsageError
/// for an unknown id ("unknown regime 'nd85', did you mean 'nd85-2016'?"), for a date no
/// regime covers, and for a regime asked for after its transitional period.
RegimeChoice choose_regime(const Catalog& catalog, std::string_view requested, const Date& date);

/// "did you mean 'x'?" helper: the closest candidate within a small edit distance, or "".
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace capdo
