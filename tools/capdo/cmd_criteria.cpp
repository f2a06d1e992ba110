// capdo criteria validate|list|show: browse and check the criteria catalogs.
#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "capdo/catalog_view.h"
#include "capdo/error.h"
#include "commands.h"

namespace capdo::tool {

namespace fs = std::filesystem;

namespace {

struct ValidateOptions {
  std::vector<std::string> files;
};
struct ListOptions {
  int level = 0;
  std::string group;
  std::string format = "text";
};
struct ShowOptions {
  std::string id;
};

void run_validate(const ValidateOptions& o, const Globals& g, Outcome& out) {
  std::vector<std::string> files = o.files;
  if (files.empty()) {
    std::string dir = g.criteria_path();
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw IoError(fmt::format("cannot open criteria folder '{}': not a directory", dir));
    for (const auto& d : fs::directory_iterator(dir))
      if (d.is_directory() && fs::exists(d.path() / "regime.xml")) files.push_back((d.path() / "regime.xml").string());
    std::sort(files.begin(), files.end());
  }
  std::size_t errors = 0, warnings = 0, read = 0;
  for (const std::string& f : files) {
    LoadResult r = validate_file(f);
    print_diagnostics(r.diagnostics);
    read += r.files.size();
    errors += r.diagnostics.error_count();
    warnings += r.diagnostics.size() - r.diagnostics.error_count();
  }
  fmt::print(stderr, "capdo: checked {} file{}: {} error{}, {} warning{}\n", read, read == 1 ? "" : "s", errors,
             errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
  out.code = errors ? ExitCode::bad_data : ExitCode::ok;
}

}  // namespace

void setup_criteria(CLI::App& app, Globals& g, Outcome& out) {
  CLI::App* crit = app.add_subcommand("criteria", "Browse and validate the criteria catalogs");
  crit->require_subcommand(1);

  auto vo = std::make_shared<ValidateOptions>();
  CLI::App* validate = crit->add_subcommand("validate", "Check criteria files; with no FILE, everything shipped");
  validate->add_option("FILE", vo->files, "Criteria files (regime.xml or a part)");
  add_global_options(*validate, g);
  validate->callback([vo, &g, &out] { run_validate(*vo, g, out); });

  auto lo = std::make_shared<ListOptions>();
  CLI::App* list = crit->add_subcommand("list", "List the requirements of a level");
  list->add_option("--regime", g.regime, "Regime id (default: the one in force on --date)");
  list->add_option("--date", g.date, "Date for choosing the regime (YYYY-MM-DD, default today)");
  list->add_option("--level", lo->level, "Security level 1–5")->required()->check(CLI::Range(1, 5));
  list->add_option("--group", lo->group, "Only this group or category");
  list->add_option("--format", lo->format, "text, tsv or xml")->check(CLI::IsMember({"text", "tsv", "xml"}));
  add_global_options(*list, g);
  list->callback([lo, &g] {
    Catalog cat = g.load_catalog();
    auto regime = g.pick_regime(cat, g.regime);
    if (!lo->group.empty() && !regime->group(lo->group) && !regime->category(lo->group)) {
      std::vector<std::string> ids;
      for (const auto& x : regime->groups) ids.push_back(x.id);
      for (const auto& x : regime->categories) ids.push_back(x.id);
      std::string m = closest_match(lo->group, ids);
      throw UsageError(fmt::format("unknown group '{}' in regime '{}'{}", lo->group, regime->id,
                                   m.empty() ? "" : fmt::format(", did you mean '{}'?", m)));
    }
    ListFormat f = lo->format == "tsv" ? ListFormat::tsv : lo->format == "xml" ? ListFormat::xml : ListFormat::text;
    fmt::print("{}", render_requirement_list(*regime, lo->level, lo->group, f, g.lang()));
  });

  auto so = std::make_shared<ShowOptions>();
  CLI::App* show = crit->add_subcommand("show", "Everything about one requirement, criterion or question");
  show->add_option("ID", so->id, "Requirement, criterion or question id")->required();
  show->add_option("--regime", g.regime, "Look only in this regime");
  add_global_options(*show, g);
  show->callback([so, &g] {
    Catalog cat = g.load_catalog();
    std::vector<std::shared_ptr<const Regime>> regimes;
    if (!g.regime.empty()) regimes.push_back(choose_regime(cat, g.regime, g.on_date()).regime);
    else regimes = cat.regimes();
    std::string all;
    std::vector<std::string> ids;
    for (const auto& r : regimes) {
      std::string s = render_item(*r, so->id, g.lang());
      if (!s.empty()) all += (all.empty() ? "" : "\n") + s;
      for (const auto& x : r->requirements) ids.push_back(x.id);
      for (const auto& x : r->criteria) ids.push_back(x.id);
      for (const auto& x : r->questions) ids.push_back(x.id);
    }
    if (all.empty()) {
      std::string m = closest_match(so->id, ids);
      throw UsageError(fmt::format("no requirement, criterion or question '{}'{}", so->id,
                                   m.empty() ? "" : fmt::format(", did you mean '{}'?", m)));
    }
    fmt::print("{}", all);
  });
}

}  // namespace capdo::tool
