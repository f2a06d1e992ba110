// capdo generate -o DIR -n N: synthetic dossiers for tests and benchmarks (docs/generator.md).
#include <fmt/format.h>

#include "capdo/criteria_loader.h"
#include "capdo/error.h"
#include "capdo/synth.h"
#include "commands.h"

namespace capdo::tool {

namespace {

struct GenerateOptions {
  std::string dir;
  std::size_t count = 0;
  std::uint64_t seed = 1;
  double damaged = 0;
  std::string regime = "nd331-2026";
  std::size_t units = 0;
  int year = 0;
  std::string province = SynthOptions{}.province;
  std::size_t duplicates = 0;
  unsigned jobs = 0;
  bool force = false;
  bool durable = false;
};

}  // namespace

void setup_generate(CLI::App& app, Globals& g, Outcome& out) {
  auto opt = std::make_shared<GenerateOptions>();
  CLI::App* sub = app.add_subcommand("generate", "Write synthetic dossiers for tests and benchmarks");
  sub->add_option("-o,--output", opt->dir, "Folder to write (DIR/<unit-code>/<system-code>.xml, DIR/MANIFEST.tsv)")
      ->required();
  sub->add_option("-n,--count", opt->count, "Number of dossiers")->required();
  sub->add_option("--seed", opt->seed, "Seed: the same seed and options give the same bytes (default 1)");
  sub->add_option("--damaged", opt->damaged, "Share of deliberately broken files, 0–1 (e.g. 0.05)")
      ->check(CLI::Range(0.0, 1.0));
  sub->add_option("--regime", opt->regime, "Regime id (default nd331-2026)");
  sub->add_option("--units", opt->units, "Number of units (default: about N/4)");
  sub->add_option("--year", opt->year, "Dates are relative to 30 November of this year (default: this year)")
      ->check(CLI::Range(2000, 2200));
  sub->add_option("--province", opt->province, "Province name used in the units' names and addresses");
  sub->add_option("--duplicates", opt->duplicates, "Extra copies of existing systems under another file name");
  sub->add_option("--jobs", opt->jobs, "Threads (default: the number of cores); the output never depends on it");
  sub->add_flag("--force", opt->force, "Write into a folder that is not empty");
  sub->add_flag("--durable", opt->durable, "fsync every file (much slower; files are always renamed into place)");
  sub->add_option("--criteria-dir", g.criteria_dir, "Folder of criteria (default: the installed ones)");
  sub->callback([opt, &g, &out] {
    Catalog cat = g.load_catalog();
    std::shared_ptr<const Regime> regime = cat.find(opt->regime);
    if (!regime) {
      std::vector<std::string> ids;
      for (const auto& r : cat.regimes()) ids.push_back(r->id);
      std::string m = closest_match(opt->regime, ids);
      throw UsageError(fmt::format("unknown regime '{}'{}", opt->regime,
                                   m.empty() ? "" : fmt::format(", did you mean '{}'?", m)));
    }
    SynthOptions o;
    o.count = opt->count;
    o.seed = opt->seed;
    o.damaged = opt->damaged;
    o.units = opt->units;
    o.year = opt->year ? opt->year : Date::today().year;
    o.province = opt->province;
    o.duplicates = opt->duplicates;
    o.jobs = opt->jobs;
    o.overwrite = opt->force;
    o.durable = opt->durable;
    SynthSummary s = generate_dossiers(*regime, o, opt->dir);
    fmt::print("Wrote {} dossiers of {} units to {} (regime {}, seed {}, year {})\n", o.count, s.plan.units.size(),
               opt->dir, regime->id, o.seed, o.year);
    fmt::print("  levels: 1: {}, 2: {}, 3: {}, 4: {}, 5: {}\n", s.levels[1], s.levels[2], s.levels[3], s.levels[4],
               s.levels[5]);
    if (s.damaged) {
      std::string kinds;
      for (SynthDamage d : kSynthDamageKinds) {
        std::size_t n = 0;
        for (const SynthFile& f : s.plan.files) n += !f.duplicate_of && f.damage == d;
        if (n) kinds += fmt::format("{}{} {}", kinds.empty() ? "" : ", ", to_string(d), n);
      }
      fmt::print("  damaged: {} ({})\n", s.damaged, kinds);
    }
    if (s.duplicates) fmt::print("  duplicates: {}\n", s.duplicates);
    fmt::print("  manifest: {}\n", s.manifest);
    out.code = ExitCode::ok;
  });
}

}  // namespace capdo::tool
