#include "common.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "capdo/error.h"

namespace capdo::tool {

namespace fs = std::filesystem;

Lang Globals::lang() const {
  if (auto l = parse_lang(lang_name)) return *l;
  for (const char* var : {"CAPDO_LANG", "LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(var);
    if (v && *v) return std::string_view(v).rfind("vi", 0) == 0 ? Lang::vi : Lang::en;
  }
  return Lang::en;
}

Date Globals::on_date() const {
  if (date.empty()) return Date::today();
  auto d = Date::parse(date);
  if (!d) throw UsageError(fmt::format("'{}' is not a date (YYYY-MM-DD)", date));
  return *d;
}

std::string Globals::criteria_path() const {
  if (!criteria_dir.empty()) return criteria_dir;
  if (const char* env = std::getenv("CAPDO_CRITERIA_DIR"); env && *env) return env;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path installed = exe.parent_path().parent_path() / "share" / "capdo" / "criteria";
    if (fs::is_directory(installed, ec)) return installed.string();
  }
  return (fs::path(CAPDO_SOURCE_DATA_DIR) / "criteria").string();
}

Catalog Globals::load_catalog() const {
  Catalog cat = Catalog::load(criteria_path());
  if (cat.diagnostics().has_errors()) {
    print_diagnostics(cat.diagnostics());
    throw Error(fmt::format("the criteria in '{}' have errors; run 'capdo criteria validate'", cat.dir()),
                ExitCode::bad_data);
  }
  return cat;
}

std::shared_ptr<const Regime> Globals::pick_regime(const Catalog& cat, const std::string& requested) const {
  RegimeChoice c = choose_regime(cat, requested, on_date());
  for (const std::string& w : c.warnings) warn(w);
  note(c.notice);
  return c.regime;
}

std::shared_ptr<const Regime> Globals::dossier_regime(const Catalog& cat, const std::string& id) const {
  auto r = cat.find(id);
  if (!r) return pick_regime(cat, id);  // the usual "unknown regime" error with a suggestion
  Date d = on_date();
  if (r->transitional_until && d > *r->transitional_until)
    warn(fmt::format("regime '{}' ended on {}; the dossier is scored under it as approved, and a re-determination "
                     "under the current regime is recommended", r->id, r->transitional_until->to_string()));
  else if (r->valid_until && d > *r->valid_until)
    warn(fmt::format("regime '{}' applies after {} only to transitional appraisals (until {})", r->id,
                     r->valid_until->to_string(), r->transitional_until ? r->transitional_until->to_string() : "–"));
  note(fmt::format("using regime '{}'", r->id));
  return r;
}

void add_global_options(CLI::App& app, Globals& g) {
  app.add_option("--criteria-dir", g.criteria_dir, "Folder of criteria (default: the installed ones)");
  app.add_option("--lang", g.lang_name, "Output language: vi or en (default: from $LANG)")
      ->check(CLI::IsMember({"vi", "en"}));
}

void print_diagnostics(const Diagnostics& d) {
  for (const Diagnostic& x : d) fmt::print(stderr, "{}\n", x.to_string());
}

void warn(const std::string& msg) { fmt::print(stderr, "capdo: warning: {}\n", msg); }
void note(const std::string& msg) { fmt::print(stderr, "capdo: {}\n", msg); }

}  // namespace capdo::tool
