// The annual evaluation workbook, evaluation-YEAR.xlsx: Overview (with charts), Systems,
// Units, Gaps, Errors and, with a previous evaluation, Year over year. Written in
// libxlsxwriter's constant-memory mode, row by row, so a national run stays small; the
// rows of the Systems and Gaps sheets, by far the largest, are rendered and compressed in
// parallel and put into libxlsxwriter's file when it is closed (zip_rewrite.h).
#pragma once

#include <string>

#include "capdo/batch.h"
#include "capdo/score_workbook.h"

namespace capdo {

/// Sheet names (English names for `both`).
struct EvaluationSheets {
  static const char* overview(ReportLang l);
  static const char* systems(ReportLang l);
  static const char* units(ReportLang l);
  static const char* gaps(ReportLang l);
  static const char* errors(ReportLang l);
  static const char* year_over_year(ReportLang l);
};

/// Excel's row limit: a Gaps sheet longer than this continues on "Gaps (2)", "Gaps (3)"…
/// (a system's gaps are never split between two sheets)
inline constexpr int kMaxSheetRows = 1048576;

/// Writes the workbook atomically, compressing the Gaps sheet on `jobs` threads (0: the
/// number of cores). Deterministic: same inputs, same bytes, whatever `jobs`.
/// `max_sheet_rows` (header included) is Excel's limit, smaller only in tests.
void write_evaluation_workbook(const BatchResult& r, const std::string& path, ReportLang lang, int jobs = 0,
                               int max_sheet_rows = kMaxSheetRows);

/// Writes evaluation-YEAR.xml and evaluation-YEAR.xlsx at the same time.
void write_evaluation(const BatchResult& r, const std::string& xml_path, const std::string& xlsx_path, ReportLang lang,
                      int jobs = 0);

}  // namespace capdo
