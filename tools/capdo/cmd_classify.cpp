// capdo classify FILE: the level of a system from its answers, with the cited rationale.
#include <fmt/format.h>

#include "capdo/answers.h"
#include "capdo/classify.h"
#include "capdo/dossier.h"
#include "capdo/xml_source.h"
#include "capdo/error.h"
#include "commands.h"

namespace capdo::tool {

namespace {

struct ClassifyOptions {
  std::string file;
  std::string format = "text";
};

}  // namespace

void setup_classify(CLI::App& app, Globals& g, Outcome& out) {
  auto opt = std::make_shared<ClassifyOptions>();
  CLI::App* sub = app.add_subcommand("classify", "Determine the security level from a system's answers");
  sub->add_option("FILE", opt->file, "Answers file (<answers regime=\"…\">) or dossier")->required();
  sub->add_option("--format", opt->format, "Output format: text or xml")->check(CLI::IsMember({"text", "xml"}));
  sub->add_option("--regime", g.regime, "Regime id (default: the one the file names, else the one in force)");
  sub->add_option("--date", g.date, "Date for choosing the regime (YYYY-MM-DD, default today)");
  add_global_options(*sub, g);
  sub->callback([opt, &g, &out] {
    Catalog cat = g.load_catalog();
    XmlSource src = XmlSource::load(opt->file);  // parsed once, read below
    bool is_dossier = std::string_view(src.root().name()) == "dossier";
    if (is_dossier) require_dossier_root(src);
    std::string named = src.root().attribute("regime").value();
    if (!g.regime.empty() && !named.empty() && named != g.regime)
      throw UsageError(fmt::format("'{}' holds answers for regime '{}', not '{}'", opt->file, named, g.regime));
    auto regime = g.pick_regime(cat, g.regime.empty() ? named : g.regime);
    Diagnostics diags;
    Answers answers = is_dossier ? read_dossier(src, *regime, diags).answers : read_answers_file(src, *regime, diags);
    print_diagnostics(diags);
    if (diags.has_errors()) {
      out.code = ExitCode::bad_data;
      return;
    }
    Classification c = classify(*regime, answers);
    if (opt->format == "xml") fmt::print("{}", render_classification_xml(c));
    else fmt::print("{}", render_classification_text(c, g.lang()));
    out.code = c.status == LevelStatus::determined ? ExitCode::ok : ExitCode::incomplete;
  });
}

}  // namespace capdo::tool
