// The questionnaire workbook (capdo template): an .xlsx that a unit fills in Excel or
// LibreOffice instead of the terminal survey, and its auditor variant. The layout below is
// shared with the importer (workbook_import.h). Format: docs/workbook-format.md.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "capdo/dossier.h"
#include "capdo/regime.h"
#include "capdo/text.h"

namespace capdo {

/// The workbook layout version this build writes and reads (the meta sheet's
/// 'template-format'). Any change to sheets, columns or keys below raises it.
inline constexpr int kWorkbookFormat = 1;

/// A workbook for the unit (self-assessment) or for an auditor (the unit's answers
/// read-only, columns for verdicts).
enum class WorkbookMode { self_assessment, audit };
/// "self-assessment" or "audit".
const char* to_string(WorkbookMode m);

/// What `capdo template` is asked for.
struct TemplateOptions {
  /// The level whose requirements are listed; 0 takes the dossier's assessed level, else
  /// its computed level.
  int level = 0;
  /// Pre-fill from this dossier (and apply the requirements' conditions to its answers).
  const Dossier* dossier = nullptr;
  WorkbookMode mode = WorkbookMode::self_assessment;
  /// The language of headers, questions and drop-down labels; the instructions sheet has
  /// both.
  Lang lang = Lang::vi;
};

/// What was written.
struct TemplateSummary {
  int level = 0;
  std::size_t questions = 0;
  std::size_t requirements = 0;
  bool conditions_applied = false;  ///< requirements filtered by the dossier's answers
};

/// Writes the workbook atomically to `path`. Throws UsageError when no level can be
/// decided or an audit workbook has no dossier, IoError when the file cannot be written.
/// The same inputs give byte-identical files.
TemplateSummary write_template(const std::string& path, const Regime& regime, const TemplateOptions& opt);

/// The layout of the workbook, shared by the writer and the importer. Rows and columns
/// are 0-based; row 0 of every sheet is its header.
namespace workbook_layout {

/// The hidden, protected sheet of key/value pairs (column A key, column B value).
inline constexpr const char* kMetaSheet = "_meta";
/// The value of the meta key 'format', which marks a capdo workbook.
inline constexpr const char* kMagic = "capdo-workbook";

/// The visible sheets; their names depend on the language and are recorded in the meta
/// sheet under "sheet.<role>".
enum class Sheet { instructions, system, questions, requirements, auditor };
/// "instructions", "system", "questions", "requirements", "auditor".
const char* role(Sheet s);
/// "Hướng dẫn" / "Instructions" and so on.
const char* sheet_name(Sheet s, Lang lang);

/// System and auditor sheets: column A holds the machine key of the row ("unit.name",
/// "component.2", "audit.date"), B the label, C the value (for component rows B–E are
/// id, name, kind, description; for connection rows B–D are system, direction, data).
inline constexpr int kKeyCol = 0;
inline constexpr int kLabelCol = 1;
inline constexpr int kValueCol = 2;

/// Questions sheet: A question id (hidden), B number, C question, D how to answer,
/// E notes (condition, help, citation), then one answer column per component slot
/// starting at F. System-scope questions are answered in F only.
inline constexpr int kQuestionIdCol = 0;
inline constexpr int kFirstAnswerCol = 5;

/// Requirements sheet columns.
enum RequirementCol : int {
  kReqId = 0,  ///< hidden, authoritative
  kReqNo,
  kReqCode,
  kReqGroup,
  kReqCategory,
  kReqTitleVi,
  kReqTitleEn,
  kReqText,
  kReqParams,
  kReqCondition,
  kReqStatus,
  kReqImplementation,
  kReqEvidenceTitle,
  kReqEvidenceLocation,
  kReqEvidenceDate,
  kReqRemediationAction,
  kReqRemediationOwner,
  kReqRemediationDue,
  kReqJustification,
  kReqVerdict,  ///< audit workbooks only
  kReqNote,     ///< audit workbooks only
};

/// One row of the system sheet's form. Rows whose key starts with "section." are headings.
struct FormField {
  const char* key;  ///< "unit.name", "system.users", "level.proposed"
  const char* vi;
  const char* en;
  bool required = false;
  enum class Kind { text, whole_number, level, unit_type, heading } kind = Kind::text;
};
/// The form rows of the system sheet, in order (component and connection rows follow).
const std::vector<FormField>& system_fields();
/// The text member of a dossier that a form key names ("unit.contact.email"); nullptr for
/// numbers, headings and unknown keys.
std::string* dossier_text_field(Dossier& d, std::string_view key);
const std::string* dossier_text_field(const Dossier& d, std::string_view key);

/// The component slots of a workbook: at least this many answer columns.
inline constexpr int kMinComponentSlots = 3;
/// Connection rows on the system sheet: at least this many.
inline constexpr int kMinConnectionRows = 3;

}  // namespace workbook_layout

}  // namespace capdo
