// capdo import FILE.xlsx -o DOSSIER: a filled questionnaire workbook becomes a dossier;
// capdo import --audit FILE.xlsx --dossier D: an auditor's verdicts are merged into D.
#include <fmt/format.h>

#include "capdo/dossier.h"
#include "capdo/error.h"
#include "capdo/workbook_import.h"
#include "capdo/xlsx_reader.h"
#include "commands.h"

namespace capdo::tool {

namespace {

struct ImportCliOptions {
  std::string file;
  std::string output;
  std::string dossier;
  bool partial = false;
  bool audit = false;
};

}  // namespace

void setup_import(CLI::App& app, Globals& g, Outcome& out) {
  auto opt = std::make_shared<ImportCliOptions>();
  CLI::App* sub = app.add_subcommand("import", "Read a filled workbook (.xlsx) into a dossier");
  sub->add_option("FILE", opt->file, "The filled workbook (.xlsx)")->required();
  sub->add_option("-o,--output", opt->output, "The dossier to write (with --audit, default: the --dossier file)");
  sub->add_option("--dossier", opt->dossier,
                  "With --audit, the dossier to merge the verdicts into; otherwise a dossier to start from");
  sub->add_flag("--partial", opt->partial, "Keep the valid answers; invalid ones become unanswered (as warnings)");
  sub->add_flag("--audit", opt->audit, "The workbook is an auditor's (made by 'capdo template --audit')");
  sub->add_option("--regime", g.regime, "Regime id (default: the one the workbook names)");
  sub->add_option("--date", g.date, "Date for choosing the regime (YYYY-MM-DD, default today)");
  add_global_options(*sub, g);
  sub->callback([opt, &g, &out] {
    if (opt->audit && opt->dossier.empty()) throw UsageError("--audit needs --dossier");
    std::string output = !opt->output.empty() ? opt->output : opt->audit ? opt->dossier : std::string();
    if (output.empty()) throw UsageError("give the dossier to write with -o");
    Catalog cat = g.load_catalog();
    XlsxBook book = read_xlsx(opt->file);
    WorkbookMeta meta = read_workbook_meta(book);
    std::string named = opt->dossier.empty() ? meta.regime : peek_dossier_regime(opt->dossier);
    if (!g.regime.empty() && !named.empty() && named != g.regime)
      throw UsageError(fmt::format("'{}' is for regime '{}', not '{}'", opt->dossier.empty() ? opt->file : opt->dossier,
                                   named, g.regime));
    if (opt->dossier.empty() && g.regime.empty() && !cat.find(meta.regime))
      throw InputError(meta.error("regime", fmt::format("workbook is for unknown regime '{}'", meta.regime)));
    auto regime = g.pick_regime(cat, g.regime.empty() ? named : g.regime);

    Dossier base;
    if (!opt->dossier.empty()) {
      Diagnostics diags;
      base = read_dossier(opt->dossier, *regime, diags);
      print_diagnostics(diags);
      if (diags.has_errors()) {
        out.code = ExitCode::bad_data;
        return;
      }
    }
    ImportOptions io;
    io.partial = opt->partial;
    if (!opt->dossier.empty()) io.base = &base;
    ImportResult r = opt->audit ? import_audit(book, *regime, base, io) : import_workbook(book, *regime, io);
    print_diagnostics(r.diagnostics);
    if (!r.ok()) {
      std::size_t n = r.diagnostics.error_count();
      note(fmt::format("{} {}; nothing was written", n, n == 1 ? "error" : "errors"));
      out.code = ExitCode::bad_data;
      return;
    }
    save_dossier(output, r.dossier, *regime);
    if (opt->audit)
      note(fmt::format("wrote '{}': {} verdicts by '{}'", output, r.verdicts, r.dossier.audit->auditor));
    else
      note(fmt::format("wrote '{}': {} answers, {} assessed requirements", output, r.answers, r.assessments));
  });
}

}  // namespace capdo::tool
