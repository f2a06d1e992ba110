// A deterministic generator of synthetic dossiers for tests and benchmarks of the annual
// batch: realistic units and systems of a Vietnamese province, answers that really give the
// intended level, self-assessments, approvals and audits in Vietnamese, a chosen share of
// deliberately damaged files, and a manifest. See docs/generator.md.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "capdo/date.h"
#include "capdo/dossier.h"
#include "capdo/regime.h"

namespace capdo {

/// How a generated file is deliberately broken (docs/generator.md, "Damaged files").
enum class SynthDamage {
  none,
  truncated,            ///< cut in the middle: malformed XML
  invalid_status,       ///< an item with status="done"
  invalid_level,        ///< proposed level 7
  invalid_count,        ///< users count="nhiều"
  invalid_date,         ///< a date of 30 February
  format_version,       ///< format="2.0"
  unknown_requirement,  ///< an item naming a requirement the regime does not have
  not_utf8,             ///< re-encoded as Latin-1 (declared UTF-8)
  wrong_root,           ///< root element other than 'dossier'
};
/// Every damage kind, in the order the generator deals them out.
inline constexpr std::array<SynthDamage, 9> kSynthDamageKinds = {
    SynthDamage::truncated,      SynthDamage::invalid_status, SynthDamage::invalid_level,
    SynthDamage::invalid_count,  SynthDamage::invalid_date,   SynthDamage::format_version,
    SynthDamage::unknown_requirement, SynthDamage::not_utf8,  SynthDamage::wrong_root};
/// "ok", "truncated", "invalid-status", … (the manifest's words).
const char* to_string(SynthDamage d);
std::optional<SynthDamage> parse_synth_damage(std::string_view s);

/// What to generate. Everything that is written follows from these values alone.
struct SynthOptions {
  std::size_t count = 100;     ///< dossiers (duplicates come on top)
  std::uint64_t seed = 1;
  double damaged = 0;          ///< share of the dossiers to break, 0–1
  std::size_t units = 0;       ///< 0: about count / 4 (never more than count)
  int year = 2026;             ///< dates are relative to 30 November of this year
  std::string province = "Hòa Bình Xanh";
  std::size_t duplicates = 0;  ///< extra copies of existing systems under another file name
  unsigned jobs = 0;           ///< writer threads; 0: the number of cores. Never changes the output.
  bool overwrite = false;      ///< allow a folder that is not empty
  /// fsync every file (write_file_atomic). Off by default: each file is still written to a
  /// temporary name and renamed, so no half file ever appears, but a crash may lose recent
  /// files; MANIFEST.tsv is written last. fsync makes 100,000 files several times slower.
  bool durable = false;
};

/// A unit (cơ quan, đơn vị) of the generated province.
struct SynthUnit {
  std::string kind;  ///< "office", "tech", "department", "agriculture", "security", "irrigation",
                     ///< "commune", "district", "hospital", "school" or "centre"
  Organisation org;  ///< name, code, province, address, contact
  std::string abbrev;           ///< ASCII, for e-mail domains
  std::string head;             ///< who signs its own decisions: "Giám đốc Sở Y tế tỉnh …"
  std::string decision_suffix;  ///< "QĐ-SYT"
  Organisation owner;           ///< chủ quản
  std::string owner_head;       ///< who approves level 3 and above
  std::string owner_suffix;     ///< "QĐ-UBND"
  std::string security_unit;    ///< đơn vị chuyên trách
  bool high_levels = false;     ///< may own level 4–5 systems (SCADA, defence)
};

/// One file of the plan.
struct SynthFile {
  std::string path;  ///< relative to the output folder, '/'-separated: "H99.0003/EMAIL.xml"
  std::size_t unit = 0;             ///< index into SynthPlan::units
  std::size_t system_template = 0;  ///< the generator's internal system catalogue
  std::string system_code;          ///< ASCII, unique within the unit
  std::string system_name;
  int level = 0;  ///< intended level, equal to the computed one
  SynthDamage damage = SynthDamage::none;
  std::optional<std::size_t> duplicate_of;  ///< index of the original, for duplicates
};

/// The deterministic decisions of a run: units, and per file its unit, system, level and
/// damage. Built sequentially; the content of each file then depends only on its index.
struct SynthPlan {
  std::string regime;
  SynthOptions options;
  Date as_of;  ///< 30 November of options.year
  std::vector<SynthUnit> units;
  std::vector<SynthFile> files;  ///< options.count dossiers, then the duplicates
};

/// Plans a run. Throws UsageError for impossible options (damaged share outside 0–1).
SynthPlan plan_synthetic(const Regime& regime, const SynthOptions& options);
/// The valid dossier of file `index` (for a duplicate, the copy as saved). Its answers are
/// checked with classify(): a computed level other than the intended one throws Error.
Dossier synthetic_dossier(const Regime& regime, const SynthPlan& plan, std::size_t index);
/// The bytes of file `index`, damaged if the plan says so.
std::string synthetic_file(const Regime& regime, const SynthPlan& plan, std::size_t index);
/// "ok", the damage kind, or "duplicate-of <path>".
std::string manifest_state(const SynthPlan& plan, std::size_t index);
/// MANIFEST.tsv: a header, then one line per file sorted by path: file, unit code, system
/// code, intended level, state, unit name, system name (tab-separated).
std::string render_manifest(const SynthPlan& plan);

struct SynthSummary {
  SynthPlan plan;
  std::array<std::size_t, 6> levels{};  ///< dossiers per intended level (index 1–5)
  std::size_t damaged = 0;
  std::size_t duplicates = 0;
  std::string manifest;  ///< path of MANIFEST.tsv
};

/// Writes the plan's files under `dir` (created if needed) as DIR/<unit-code>/<system-code>.xml,
/// in parallel, each through a temporary file and a rename, then DIR/MANIFEST.tsv. The bytes
/// never depend on the number of threads. Throws UsageError if `dir` is not empty and options.overwrite is
/// false, IoError if a file cannot be written.
SynthSummary generate_dossiers(const Regime& regime, const SynthOptions& options, const std::string& dir);

}  // namespace capdo
