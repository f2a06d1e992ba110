// Reading a filled questionnaire workbook back into a dossier (capdo import), and merging
// an auditor's workbook into a dossier's audit section (capdo import --audit). Every
// problem is reported at once as FILE:Sheet!Cell. Format: docs/workbook-format.md.
#pragma once

#include <map>
#include <string>

#include "capdo/diagnostic.h"
#include "capdo/dossier.h"
#include "capdo/regime.h"
#include "capdo/workbook_template.h"
#include "capdo/xlsx_reader.h"

namespace capdo {

/// The meta sheet of a capdo workbook.
struct WorkbookMeta {
  std::string file;
  int format = 0;
  std::string regime;
  std::string catalog_version;
  WorkbookMode mode = WorkbookMode::self_assessment;
  int level = 0;
  Lang lang = Lang::vi;
  int components = 0;       ///< component answer columns
  std::string system_name;  ///< of the dossier an audit workbook was made from
  std::map<std::string, std::string> sheets;  ///< role → sheet name
  std::map<std::string, std::string> cells;   ///< key → "_meta!B4", where it was read

  /// An error placed at the meta cell of `key`.
  Diagnostic error(const std::string& key, std::string message) const;
};

/// Reads the meta sheet. Throws InputError for a workbook that capdo did not make
/// ("not a capdo workbook (no '_meta' sheet)") or whose template format this build
/// does not read ("FILE:_meta!B3: error: unknown workbook format '9' (this capdo reads
/// format 1)").
WorkbookMeta read_workbook_meta(const XlsxBook& book);

struct ImportOptions {
  /// Keep the valid answers; invalid values become unanswered and are reported as
  /// warnings.
  bool partial = false;
  /// Start from this dossier: its approval, audit and history are kept; identity,
  /// system, answers, proposal and the assessments of the listed requirements come from
  /// the workbook.
  const Dossier* base = nullptr;
};

/// The outcome of an import. `dossier` is meaningful only when ok().
struct ImportResult {
  Dossier dossier;
  Diagnostics diagnostics;
  std::size_t answers = 0;      ///< answered questions (per component)
  std::size_t assessments = 0;  ///< requirements with a status or any other entry
  std::size_t verdicts = 0;     ///< audit: requirements with a verdict

  bool ok() const { return !diagnostics.has_errors(); }
};

/// Builds a dossier from a filled self-assessment workbook. Does no I/O; the caller saves
/// the dossier (save_dossier) only when ok().
ImportResult import_workbook(const XlsxBook& book, const Regime& regime, const ImportOptions& opt = {});

/// Merges the verdicts of a filled audit workbook into a copy of `dossier`: the audit
/// section gets the auditor, organisation, date and verdicts, the history one entry; the
/// unit's answers and assessments are left untouched.
ImportResult import_audit(const XlsxBook& book, const Regime& regime, const Dossier& dossier,
                          const ImportOptions& opt = {});

}  // namespace capdo
