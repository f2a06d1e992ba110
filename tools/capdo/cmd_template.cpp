// capdo template -o FILE.xlsx: the questionnaire workbook (or, with --audit, the auditor's
// workbook) for a level or for an existing dossier.
#include <fmt/format.h>

#include "capdo/dossier.h"
#include "capdo/error.h"
#include "capdo/workbook_template.h"
#include "commands.h"

namespace capdo::tool {

namespace {

struct TemplateCliOptions {
  std::string output;
  std::string dossier;
  int level = 0;
  bool audit = false;
};

}  // namespace

void setup_template(CLI::App& app, Globals& g, Outcome& out) {
  auto opt = std::make_shared<TemplateCliOptions>();
  CLI::App* sub = app.add_subcommand("template", "Write a questionnaire workbook (.xlsx) to fill in Excel or LibreOffice");
  sub->add_option("-o,--output", opt->output, "The workbook to write (.xlsx)")->required();
  sub->add_option("--level", opt->level, "List the requirements of this level (conditions not applied)")
      ->check(CLI::Range(1, 5));
  sub->add_option("--dossier", opt->dossier, "Pre-fill from this dossier, for its level and its applicable requirements");
  sub->add_flag("--audit", opt->audit, "An auditor's workbook: the unit's answers read-only, columns for verdicts");
  sub->add_option("--regime", g.regime, "Regime id (default: the dossier's, else the one in force on --date)");
  sub->add_option("--date", g.date, "Date for choosing the regime (YYYY-MM-DD, default today)");
  add_global_options(*sub, g);
  sub->callback([opt, &g, &out] {
    if (opt->audit && opt->dossier.empty()) throw UsageError("--audit needs --dossier");
    if (opt->dossier.empty() && !opt->level) throw UsageError("give --level or --dossier");
    Catalog cat = g.load_catalog();
    std::string named = opt->dossier.empty() ? std::string() : peek_dossier_regime(opt->dossier);
    if (!g.regime.empty() && !named.empty() && named != g.regime)
      throw UsageError(fmt::format("'{}' is a dossier for regime '{}', not '{}'", opt->dossier, named, g.regime));
    auto regime = g.pick_regime(cat, g.regime.empty() ? named : g.regime);
    Dossier dossier;
    TemplateOptions to;
    to.level = opt->level;
    to.lang = g.lang();
    to.mode = opt->audit ? WorkbookMode::audit : WorkbookMode::self_assessment;
    if (!opt->dossier.empty()) {
      Diagnostics diags;
      dossier = read_dossier(opt->dossier, *regime, diags);
      print_diagnostics(diags);
      if (diags.has_errors()) {
        out.code = ExitCode::bad_data;
        return;
      }
      to.dossier = &dossier;
    }
    TemplateSummary s = write_template(opt->output, *regime, to);
    note(fmt::format("wrote '{}': {} questions, {} requirements of level {}{}", opt->output, s.questions,
                     s.requirements, s.level, s.conditions_applied ? " (conditions applied)" : ""));
  });
}

}  // namespace capdo::tool
