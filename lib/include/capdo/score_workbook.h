// The score workbook of one dossier (capdo score): Summary with charts, Level
// determination, Checklist, Gaps & remediation plan, Discrepancies, Unverified sources.
#pragma once

#include <string>

#include "capdo/dossier.h"
#include "capdo/scoring.h"

namespace capdo {

/// Languages of a report: Vietnamese, English, or both side by side.
enum class ReportLang { vi, en, both };
/// Parses "vi", "en" or "both".
std::optional<ReportLang> parse_report_lang(std::string_view s);

/// Sheet names per language (English names for `both`, so scripts can rely on them).
struct ScoreSheets {
  static const char* summary(ReportLang l);
  static const char* level(ReportLang l);
  static const char* checklist(ReportLang l);
  static const char* gaps(ReportLang l);
  static const char* discrepancies(ReportLang l);
  static const char* unverified(ReportLang l);
};

/// Writes the workbook atomically. Deterministic: same inputs, same bytes.
void write_score_workbook(const ScoreResult& r, const Dossier& d, const std::string& path, ReportLang lang);

/// "Đáp ứng đầy đủ / Met" for both, else one language.
std::string label(ReportLang lang, const char* vi, const char* en);
/// A bilingual text in the report language.
std::string label(ReportLang lang, const Text& t);

}  // namespace capdo
