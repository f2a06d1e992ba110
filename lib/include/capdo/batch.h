// The annual evaluation: one run over every dossier of a province (or a ministry, or the
// country). Files are scored in parallel into compact records; nothing holds all dossiers
// at once, outputs are sorted by unit then system, and the bytes do not depend on timing or
// on the number of threads.
#pragma once

#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "capdo/criteria_loader.h"
#include "capdo/date.h"
#include "capdo/diagnostic.h"
#include "capdo/dossier.h"
#include "capdo/scoring.h"
#include "capdo/source.h"

namespace capdo {

/// One gap of one system, as listed on the province's Gaps sheet, read back by
/// BatchResult::for_each_gap(); the texts are views.
struct GapView {
  const Requirement* requirement = nullptr;  ///< of the system's regime, in the catalog
  Status status = Status::unanswered;
  bool without_plan = false;
  std::string_view action, owner;
  std::optional<Date> due;
};

/// What the evaluation keeps of one dossier: enough for every sheet, nothing more.
struct SystemRecord {
  std::size_t index = 0;  ///< position of the file in input order
  std::string file;  ///< as given on the command line (below an input folder)
  std::string regime;
  std::string unit_name, unit_code, unit_type, province, owner;
  std::string system_name, system_code;
  int proposed = 0, computed = 0, approved = 0, assessed = 0, achieved = 0;
  std::string computed_status;
  std::string decision, decision_date;
  Tally overall;
  std::vector<Tally> groups;  ///< ids and counts only (names come from the regime)
  bool compliant = false;
  int gaps = 0, gaps_without_plan = 0, discrepancies = 0;
  bool audited = false;
  std::string next_assessment;
  bool overdue = false;
  bool no_assessment_date = false;
  /// The rest of each gap (status, plan, owner, due date), for the Gaps sheet and the year
  /// over year: kept on disk (spill file) between scoring and writing, so memory stays flat.
  std::uint64_t gap_offset = 0;
  std::uint32_t gap_bytes = 0;
  /// The requirements of its gaps, in the spill file's order, by place in the regime
  /// (Regime::requirements): 2 bytes a gap, and all the Units sheet needs, so that sheet does
  /// not read the spill file.
  std::vector<std::uint16_t> gap_requirements;

  /// The identity of the system across files and years (system_key()).
  std::string key;
};

/// The identity of a system across files and years: unit code and system code (names when
/// codes are missing), case-folded, as "unit|system".
std::string system_key(const std::string& unit_code, const std::string& unit_name, const std::string& system_code,
                       const std::string& system_name);

/// A file that could not be used, and why.
struct FileError {
  std::size_t index = SIZE_MAX;  ///< position in input order, when the file was read
  std::string file;
  std::string place;  ///< "12:7" (XML line:column), "Sheet!B7" (workbook) or ""
  std::string message;
};

/// Last year's evaluation, read back from its XML, for the year-over-year comparison.
struct PreviousSystem {
  std::string unit_name, system_name;
  int level = 0;  ///< assessed level
  std::optional<double> score;
  std::map<std::string, Status> gaps;  ///< requirement -> status (absent = counted as met)
  std::string regime;
};

/// The change of one system since last year.
struct YearChange {
  std::string key;
  std::string unit_name, system_name;
  enum class Kind { changed, added, removed } kind = Kind::changed;
  int level_before = 0, level_now = 0;
  std::optional<double> score_before, score_now;
  std::vector<std::pair<std::string, std::pair<Status, Status>>> regressed;  ///< requirement: before -> now
};

struct BatchOptions {
  std::vector<std::string> inputs;  ///< files and folders (searched recursively)
  int year = 0;
  Date date;                        ///< the evaluation date (overdue is judged against it)
  std::string previous;             ///< previous evaluation XML, or ""
  int jobs = 0;                     ///< 0: the number of cores
  std::string criteria_dir;         ///< where to load the criteria from, unless `catalog` is given
  const Catalog* catalog = nullptr;  ///< criteria already loaded by the caller
  std::string regime;               ///< force a regime for files that do not name one
  std::size_t max_file_bytes = kDefaultMaxInputBytes;
  /// Called from worker threads after each file (done, total); may be empty.
  std::function<void(std::size_t, std::size_t)> progress;
  /// Called for every dossier that scored, with its input index, for per-system outputs.
  /// Runs on worker threads in any order; must be thread-safe. Duplicates are called too:
  /// the caller keeps the outputs of BatchResult::systems only. May be empty.
  std::function<void(std::size_t index, const Regime&, const Dossier&, const ScoreResult&)> per_system;
};

/// Everything the evaluation found, sorted by unit then system.
class BatchResult {
 public:
  BatchResult();
  ~BatchResult();
  BatchResult(BatchResult&&) noexcept;
  BatchResult& operator=(BatchResult&&) noexcept;

  const Catalog& catalog() const { return *catalog_; }
  int year = 0;
  Date date;
  std::size_t files_seen = 0;
  std::vector<SystemRecord> systems;   ///< counted systems, sorted
  std::vector<FileError> errors;       ///< unusable files and duplicates, sorted by file
  std::vector<YearChange> changes;     ///< only with a previous evaluation
  bool has_previous = false;

  /// Calls `f` with each gap of a system, in order, read back from the spill file. Thread-
  /// safe (pread); the texts of a GapView are valid only during its call.
  void for_each_gap(const SystemRecord& r, const std::function<void(const GapView&)>& f) const;

 private:
  friend BatchResult run_batch(const BatchOptions& o);
  std::unique_ptr<Catalog> catalog_;
  std::FILE* spill_ = nullptr;
};

/// Runs the evaluation. Throws UsageError/IoError for a bad command line or unreadable
/// criteria; bad dossiers never stop it: they become FileErrors.
BatchResult run_batch(const BatchOptions& o);

/// The files an evaluation would read: .xml and .xlsx below the inputs, sorted, without
/// duplicates. Unreadable inputs become FileErrors.
std::vector<std::string> discover_inputs(const std::vector<std::string>& inputs, std::vector<FileError>& errors);

/// Reads and parses every file with pugixml and nothing else, with the same threads: the
/// baseline the batch is benchmarked against. With `read_ahead`, files are read ahead of the
/// threads as the batch reads them (run_batch), so that from disk the two compare with the
/// same reading. Returns the number of files parsed.
std::size_t parse_only(const std::vector<std::string>& files, int jobs, bool read_ahead = false);

/// Writes evaluation-YEAR.xml (templates/evaluation.xsd), streaming, atomically.
void write_evaluation_xml(const BatchResult& r, const std::string& path);

/// Reads a previous evaluation XML into key -> PreviousSystem.
std::map<std::string, PreviousSystem> read_previous_evaluation(const std::string& path);

}  // namespace capdo
