// capdo score DOSSIER -o OUTDIR: the workbook and the result XML of one dossier.
#include <filesystem>

#include <fmt/format.h>

#include "capdo/dossier.h"
#include "capdo/error.h"
#include "capdo/paths.h"
#include "capdo/result_xml.h"
#include "capdo/score_workbook.h"
#include "capdo/scoring.h"
#include "capdo/source.h"
#include "capdo/xml_source.h"
#include "commands.h"

namespace capdo::tool {

namespace fs = std::filesystem;

namespace {

struct ScoreOptions {
  std::string dossier;
  std::string out;
  std::string lang = "both";
};

}  // namespace

void setup_score(CLI::App& app, Globals& g, Outcome& out) {
  auto opt = std::make_shared<ScoreOptions>();
  CLI::App* sub = app.add_subcommand("score", "Score a dossier: workbook and result XML");
  sub->add_option("DOSSIER", opt->dossier, "Dossier file")->required();
  sub->add_option("-o,--output", opt->out, "Output folder")->required();
  sub->add_option("--lang", opt->lang, "Workbook language: vi, en or both")->check(CLI::IsMember({"vi", "en", "both"}));
  sub->add_option("--date", g.date, "Evaluation date for due dates (YYYY-MM-DD, default today)");
  sub->add_option("--criteria-dir", g.criteria_dir, "Folder of criteria (default: the installed ones)");
  sub->callback([opt, &g, &out] {
    Catalog cat = g.load_catalog();
    XmlSource src = XmlSource::load(opt->dossier);  // parsed once
    require_dossier_root(src);
    auto regime = g.dossier_regime(cat, src.root().attribute("regime").value());
    Diagnostics diags;
    Dossier d = read_dossier(src, *regime, diags);
    print_diagnostics(diags);
    if (diags.has_errors()) {
      out.code = ExitCode::bad_data;
      return;
    }
    if (d.assessed_level() == 0)
      throw Error(fmt::format("'{}' has no proposed or approved level to score against", opt->dossier), ExitCode::bad_data);
    ScoreResult r = score(*regime, d, g.on_date());
    std::error_code ec;
    fs::create_directories(opt->out, ec);
    if (ec) throw IoError(fmt::format("cannot create folder '{}': {}", opt->out, ec.message()));
    std::string name = safe_component(fs::path(opt->dossier).stem().string());
    std::string xlsx = (fs::path(opt->out) / (name + ".xlsx")).string();
    std::string xml = (fs::path(opt->out) / (name + ".result.xml")).string();
    write_score_workbook(r, d, xlsx, *parse_report_lang(opt->lang));
    write_file_atomic(xml, render_result_xml(r, d));
    Lang lang = opt->lang == "vi" ? Lang::vi : opt->lang == "en" ? Lang::en : g.lang();
    fmt::print("{}: {}\n{}: {}\n", tr(lang, "Sổ tính", "Workbook"), xlsx, tr(lang, "Kết quả XML", "Result XML"), xml);
    fmt::print("{} {}: {} {}%, {}; {} {}\n", tr(lang, "Cấp độ", "Level"), r.level, tr(lang, "điểm", "score"),
               format_percent(r.overall.percent()),
               r.compliant ? tr(lang, "đáp ứng đầy đủ", "compliant") : tr(lang, "chưa đáp ứng đầy đủ", "not compliant"),
               tr(lang, "cấp độ đạt được:", "achieved level"),
               r.achieved_level ? std::to_string(r.achieved_level) : std::string(tr(lang, "chưa có", "none")));
    fmt::print("{}: {} ({} {}); {}: {}\n", tr(lang, "Khoảng trống", "Gaps"), r.gaps.size(), r.gaps_without_plan,
               tr(lang, "chưa có kế hoạch", "without a plan"), tr(lang, "đánh giá tiếp theo", "next assessment"),
               r.next_assessment ? r.next_assessment->to_string() + (r.assessment_overdue ? tr(lang, " (quá hạn)", " (overdue)") : "")
                                 : std::string(tr(lang, "chưa xác định", "unknown")));
  });
}

}  // namespace capdo::tool
