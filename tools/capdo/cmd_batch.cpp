// capdo batch INPUT... -o OUTDIR: the province's annual evaluation over every dossier.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <set>

#include <fmt/format.h>

#include "capdo/batch.h"
#include "capdo/batch_report.h"
#include "capdo/error.h"
#include "capdo/paths.h"
#include "capdo/result_xml.h"
#include "capdo/score_workbook.h"
#include "commands.h"

namespace capdo::tool {

namespace fs = std::filesystem;

namespace {

struct BatchCliOptions {
  std::vector<std::string> inputs;
  std::string out;
  int year = 0;
  std::string previous;
  int jobs = 0;
  std::string lang = "both";
  bool per_system = false;
};

// A progress bar on stderr, only when stderr is a terminal.
class Progress {
 public:
  Progress() : tty_(::isatty(2) != 0), start_(std::chrono::steady_clock::now()) {}
  void update(std::size_t done, std::size_t total) {
    if (!tty_ || total == 0) return;
    auto now = std::chrono::steady_clock::now();
    std::lock_guard<std::mutex> lock(mu_);
    if (done != total && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    double secs = std::chrono::duration<double>(now - start_).count();
    double rate = secs > 0 ? static_cast<double>(done) / secs : 0;
    double eta = rate > 0 ? static_cast<double>(total - done) / rate : 0;
    int width = 30;
    int filled = static_cast<int>(static_cast<double>(width) * static_cast<double>(done) / static_cast<double>(total));
    fmt::print(stderr, "\r[{}{}] {}/{} files, {:.0f} files/s, ETA {}:{:02}  ", std::string(static_cast<std::size_t>(filled), '#'),
               std::string(static_cast<std::size_t>(width - filled), ' '), done, total, rate,
               static_cast<int>(eta) / 60, static_cast<int>(eta) % 60);
    if (done == total) fmt::print(stderr, "\n");
  }

 private:
  bool tty_;
  std::chrono::steady_clock::time_point start_, last_;
  std::mutex mu_;
};

std::string pending(const std::string& dir, std::size_t index, const char* ext) {
  return (fs::path(dir) / fmt::format(".pending-{}{}", index, ext)).string();
}

}  // namespace

void setup_batch(CLI::App& app, Globals& g, Outcome& out) {
  auto opt = std::make_shared<BatchCliOptions>();
  CLI::App* sub = app.add_subcommand("batch", "Annual evaluation over every dossier of a province");
  sub->add_option("INPUT", opt->inputs, "Dossier files and folders (searched recursively)")->required();
  sub->add_option("-o,--output", opt->out, "Output folder")->required();
  sub->add_option("--year", opt->year, "Year of the evaluation (default: the year of --date)");
  sub->add_option("--date", g.date, "Evaluation date for overdue checks (YYYY-MM-DD, default today)");
  sub->add_option("--previous", opt->previous, "Last year's evaluation XML, for the year-over-year sheet");
  sub->add_option("--jobs", opt->jobs, "Threads (default: the number of cores)")->check(CLI::Range(1, 256));
  sub->add_option("--lang", opt->lang, "Workbook language: vi, en or both")->check(CLI::IsMember({"vi", "en", "both"}));
  sub->add_flag("--per-system", opt->per_system, "Also write each dossier's result, as capdo score does");
  sub->add_option("--criteria-dir", g.criteria_dir, "Folder of criteria (default: the installed ones)");
  sub->callback([opt, &g, &out] {
    Catalog cat = g.load_catalog();  // prints the criteria's diagnostics and stops if they have errors
    BatchOptions o;
    o.inputs = opt->inputs;
    o.catalog = &cat;
    o.previous = opt->previous;
    o.jobs = opt->jobs;
    Date today = g.on_date();
    o.year = opt->year ? opt->year : today.year;
    // Judge "overdue" at the end of a past year's reporting period (regime data: <report
    // period-end>, 14 December under both regimes), else today.
    o.date = today;
    if (g.date.empty() && o.year != today.year) {
      auto reg = cat.in_force(Date{o.year, 12, 31});
      if (!reg && !cat.regimes().empty()) reg = cat.regimes().front();
      std::string end = reg && reg->report ? reg->report->period_end : "12-31";
      o.date = Date::parse(fmt::format("{:04}-{}", o.year, end)).value_or(Date{o.year, 12, 31});
    }
    std::error_code ec;
    fs::create_directories(opt->out, ec);
    if (ec) throw IoError(fmt::format("cannot create folder '{}': {}", opt->out, ec.message()));
    Progress progress;
    o.progress = [&progress](std::size_t done, std::size_t total) { progress.update(done, total); };
    std::string systems_dir = (fs::path(opt->out) / "systems").string();
    if (opt->per_system) {
      fs::create_directories(systems_dir, ec);
      if (ec) throw IoError(fmt::format("cannot create folder '{}': {}", systems_dir, ec.message()));
      // Workers write under a pending name; names are given afterwards, in output order,
      // so they do not depend on timing, and duplicates get none.
      ReportLang lang = *parse_report_lang(opt->lang);
      o.per_system = [&, lang](std::size_t index, const Regime&, const Dossier& d, const ScoreResult& s) {
        write_file_atomic(pending(systems_dir, index, ".result.xml"), render_result_xml(s, d));
        write_score_workbook(s, d, pending(systems_dir, index, ".xlsx"), lang);
      };
    }
    BatchResult r = run_batch(o);
    if (opt->per_system) {
      std::set<std::string> taken;
      std::vector<bool> kept(r.files_seen, false);
      for (const SystemRecord& s : r.systems) {
        kept[s.index] = true;
        std::string unit = s.unit_code.empty() ? s.unit_name : s.unit_code;
        std::string system = s.system_code.empty() ? s.system_name : s.system_code;
        std::string name = unique_component(unit + "_" + system, taken);
        for (const char* ext : {".result.xml", ".xlsx"})
          fs::rename(pending(systems_dir, s.index, ext), fs::path(systems_dir) / (name + ext));
      }
      for (std::size_t i = 0; i < kept.size(); ++i)
        if (!kept[i])
          for (const char* ext : {".result.xml", ".xlsx"}) fs::remove(pending(systems_dir, i, ext), ec);
    }
    std::string xml = (fs::path(opt->out) / fmt::format("evaluation-{}.xml", o.year)).string();
    std::string xlsx = (fs::path(opt->out) / fmt::format("evaluation-{}.xlsx", o.year)).string();
    write_evaluation(r, xml, xlsx, *parse_report_lang(opt->lang), o.jobs);
    for (const FileError& e : r.errors)
      fmt::print(stderr, "{}{}: {}: {}\n", e.file, e.place.empty() ? "" : ":" + e.place,
                 e.message.rfind("duplicate:", 0) == 0 ? "warning" : "error", e.message);
    std::size_t compliant = 0, overdue = 0;
    for (const SystemRecord& s : r.systems) {
      compliant += s.compliant;
      overdue += s.overdue;
    }
    // Inputs and folders that could not be read are not among the files counted: said apart.
    std::size_t unread = 0;
    for (const FileError& e : r.errors) unread += e.index == SIZE_MAX;
    auto n = [](std::size_t k, const char* one, const char* many) { return fmt::format("{} {}", k, k == 1 ? one : many); };
    fmt::print("{}: {} scored, {} compliant, {} overdue, {} not used{}\n", n(r.files_seen, "file", "files"),
               n(r.systems.size(), "system", "systems"), compliant, overdue, n(r.errors.size() - unread, "file", "files"),
               unread ? ", " + n(unread, "path", "paths") + " not read" : std::string());
    fmt::print("wrote {}\nwrote {}\n", xlsx, xml);
    out.code = r.errors.empty() ? ExitCode::ok : ExitCode::incomplete;
  });
}

}  // namespace capdo::tool
