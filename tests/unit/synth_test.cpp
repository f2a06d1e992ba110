#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "capdo/criteria_loader.h"
#include "capdo/dossier.h"
#include "capdo/error.h"
#include "capdo/scoring.h"
#include "capdo/source.h"
#include "capdo/synth.h"
#include "support/temp_dir.h"

using namespace capdo;
namespace fs = std::filesystem;

namespace {

const Catalog& catalog() {
  static Catalog cat = Catalog::load(test::criteria_dir());
  return cat;
}
const Regime& nd331() { return *catalog().find("nd331-2026"); }
const Regime& nd85() { return *catalog().find("nd85-2016"); }

SynthOptions options(std::size_t count, std::uint64_t seed = 7) {
  SynthOptions o;
  o.count = count;
  o.seed = seed;
  o.year = 2026;
  return o;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream os;
  os << in.rdbuf();
  return os.str();
}

// Every regular file under `dir`, by relative path, with its bytes.
std::map<std::string, std::string> tree(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) out[fs::relative(e.path(), dir).generic_string()] = slurp(e.path());
  return out;
}

struct Row {
  std::string file, unit, system, state;
  int level = 0;
};

std::vector<Row> manifest(const fs::path& dir) {
  std::istringstream in(slurp(dir / "MANIFEST.tsv"));
  std::string line;
  std::getline(in, line);
  REQUIRE(line == "file\tunit\tsystem\tlevel\tstate\tunit-name\tsystem-name");
  std::vector<Row> rows;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::istringstream ls(line);
    for (std::string x; std::getline(ls, x, '\t');) f.push_back(x);
    REQUIRE(f.size() == 7);
    rows.push_back({f[0], f[1], f[2], f[4], std::stoi(f[3])});
  }
  return rows;
}

bool safe_name(const std::string& s) {
  if (s.empty() || s[0] == '.' || s[0] == '-') return false;
  for (char c : s)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
          c == '_'))
      return false;
  return true;
}

}  // namespace

TEST_CASE("Synth: the same seed gives the same bytes, whatever the number of threads", "[synth]") {
  test::TempDir dir;
  SynthOptions o = options(60);
  o.damaged = 0.2;
  o.duplicates = 3;
  o.jobs = 1;
  generate_dossiers(nd331(), o, (dir.path() / "a").string());
  o.jobs = 3;
  generate_dossiers(nd331(), o, (dir.path() / "b").string());
  auto a = tree(dir.path() / "a");
  auto b = tree(dir.path() / "b");
  REQUIRE(a.size() == 60 + 3 + 1);
  REQUIRE(a == b);

  o.seed = 8;
  generate_dossiers(nd331(), o, (dir.path() / "c").string());
  REQUIRE(tree(dir.path() / "c") != a);
}

TEST_CASE("Synth: damage and duplicates leave the other files as they were", "[synth]") {
  SynthPlan clean = plan_synthetic(nd331(), options(60));
  SynthOptions o = options(60);
  o.damaged = 0.3;
  o.duplicates = 5;
  SynthPlan broken = plan_synthetic(nd331(), o);
  REQUIRE(broken.files.size() == 65);
  int damaged = 0;
  for (std::size_t i = 0; i < 60; ++i) {
    REQUIRE(broken.files[i].path == clean.files[i].path);
    REQUIRE(broken.files[i].level == clean.files[i].level);
    if (broken.files[i].damage != SynthDamage::none) {
      ++damaged;
      REQUIRE(synthetic_file(nd331(), broken, i) != synthetic_file(nd331(), clean, i));
    } else {
      REQUIRE(synthetic_file(nd331(), broken, i) == synthetic_file(nd331(), clean, i));
    }
  }
  REQUIRE(damaged == 18);
  // Copies: every other one byte-identical, the others a later save of the same system.
  for (std::size_t i = 60; i < 65; ++i) {
    std::size_t orig = *broken.files[i].duplicate_of;
    bool same = synthetic_file(nd331(), broken, i) == synthetic_file(nd331(), broken, orig);
    REQUIRE(same == ((i - 60) % 2 == 0));
    Dossier a = synthetic_dossier(nd331(), broken, i), b = synthetic_dossier(nd331(), broken, orig);
    REQUIRE(a.system == b.system);
    REQUIRE(a.unit == b.unit);
  }
}

TEST_CASE("Synth: dates follow the year, never the clock", "[synth]") {
  SynthPlan p = plan_synthetic(nd331(), options(30));
  REQUIRE(p.as_of == Date{2026, 11, 30});
  std::string before = synthetic_file(nd331(), p, 5);
  SynthOptions o = options(30);
  o.year = 2027;
  SynthPlan q = plan_synthetic(nd331(), o);
  Dossier d = synthetic_dossier(nd331(), q, 5);
  REQUIRE(synthetic_file(nd331(), p, 5) == before);
  for (const HistoryEntry& h : d.history) {
    REQUIRE(h.time.size() == 20);
    REQUIRE(h.time < "2027-11-30");
    REQUIRE(h.time > "2025-01-01");
  }
  if (d.approval) {
    REQUIRE(*d.approval->date <= Date{2027, 11, 30});
    REQUIRE(*d.approval->date >= Date{2025, 11, 30});
  }
}

TEST_CASE("Synth: levels follow the national mix and are what the criteria give", "[synth]") {
  const Regime& r = nd331();
  SynthPlan p = plan_synthetic(r, options(2000));
  std::array<int, 6> levels{};
  int approved_low = 0, low = 0, approved_high = 0, high = 0, overdue = 0, approved = 0, composite = 0;
  std::map<Status, int> statuses;
  int items = 0, audited = 0, na_no_reason = 0, gap_no_plan = 0, compliant = 0;
  for (std::size_t i = 0; i < p.files.size(); ++i) {
    Dossier d = synthetic_dossier(r, p, i);
    Classification c = classify(r, d.answers);
    INFO(p.files[i].path);
    REQUIRE(c.status == LevelStatus::determined);
    REQUIRE(c.level == p.files[i].level);
    REQUIRE(d.proposal.proposed == c.level);
    ++levels[static_cast<std::size_t>(c.level)];
    bool is_high = c.level >= 3;
    (is_high ? high : low)++;
    if (d.approval) {
      (is_high ? approved_high : approved_low)++;
      ++approved;
      REQUIRE(d.approval->level == c.level);
      REQUIRE(*d.approval->date >= Date{2024, 11, 30});
      REQUIRE(*d.approval->date < p.as_of);
      if (score(r, d, p.as_of).assessment_overdue) ++overdue;
    }
    composite += !d.system.components.empty();
    // Every assessed requirement applies at the level.
    auto app = applicable_requirements(r, d.answers, c, c.level);
    REQUIRE(d.assessments.size() <= app.size());
    for (const Assessment& a : d.assessments) {
      ++statuses[a.status];
      ++items;
      na_no_reason += a.status == Status::not_applicable && a.justification.empty();
      gap_no_plan += (a.status == Status::partial || a.status == Status::not_met) && a.remediation.action.empty();
    }
    // Some systems meet every requirement: each one answered met, or N/A with its reason.
    bool all_met = d.assessments.size() == app.size();
    for (const Assessment& a : d.assessments)
      all_met = all_met && (a.status == Status::met || (a.status == Status::not_applicable && !a.justification.empty()));
    bool is_compliant = score(r, d, p.as_of).compliant;
    REQUIRE((!is_compliant || all_met));
    compliant += is_compliant;
    if (d.audit) {
      ++audited;
      bool differs = false;
      for (const Verdict& v : d.audit->verdicts) differs = differs || d.assessment(v.requirement)->status != v.status;
      REQUIRE(differs != all_met);  // an audit finds something, but not where there is nothing to find
    }
  }
  // About 10 % of systems comply (a quarter of strong units', one in sixteen of typical ones').
  CHECK(100.0 * compliant / 2000.0 == Approx(11).margin(2.5));
  // The mix is dealt exactly (largest remainder), so the tolerance is only for rounding.
  auto share = [&](int l) { return 100.0 * levels[static_cast<std::size_t>(l)] / 2000.0; };
  CHECK(share(1) == Approx(46.3).margin(0.1));
  CHECK(share(2) == Approx(40.3).margin(0.1));
  CHECK(share(3) == Approx(13.0).margin(0.1));
  CHECK(levels[4] == 6);
  CHECK(levels[5] == 2);
  // Approvals: most level 3+, about 70 % of level 1–2; some overdue.
  CHECK(100.0 * approved_high / high == Approx(90).margin(4));
  CHECK(100.0 * approved_low / low == Approx(70).margin(4));
  CHECK(overdue > approved / 20);
  CHECK(overdue < approved / 2);
  CHECK(composite > 100);
  // Statuses (docs/generator.md): met ~72 %, partial ~14 %, not met ~7 %, N/A ~3 %,
  // unanswered ~4 % (half of the unanswered are left out of the file, so ~2 % are written
  // and the written shares of the others are a little higher).
  auto pct = [&](Status s) { return 100.0 * statuses[s] / items; };
  CHECK(pct(Status::met) == Approx(73.5).margin(3));
  CHECK(pct(Status::partial) == Approx(14).margin(2));
  CHECK(pct(Status::not_met) == Approx(7.5).margin(1.5));
  CHECK(pct(Status::not_applicable) == Approx(3).margin(1));
  CHECK(pct(Status::unanswered) == Approx(2).margin(1));
  CHECK(na_no_reason > 0);
  CHECK(gap_no_plan > 0);
  CHECK(audited > 50);
}

TEST_CASE("Synth: Decree 85 dossiers get the intended level too", "[synth]") {
  const Regime& r = nd85();
  SynthPlan p = plan_synthetic(r, options(2000, 3));
  std::array<int, 6> levels{};
  for (std::size_t i = 0; i < p.files.size(); ++i) {
    Dossier d = synthetic_dossier(r, p, i);
    Classification c = classify(r, d.answers);
    INFO(p.files[i].path);
    REQUIRE(c.status == LevelStatus::determined);
    REQUIRE(c.level == p.files[i].level);
    ++levels[static_cast<std::size_t>(c.level)];
  }
  REQUIRE(levels == std::array<int, 6>{0, 926, 806, 260, 6, 2});
}

TEST_CASE("Synth: every system template gives its level under both regimes", "[synth]") {
  // Plans are cheap: collect one file per system template over a few seeds, then build each
  // (synthetic_dossier throws if the computed level is not the intended one).
  for (const Regime* r : {&nd331(), &nd85()}) {
    std::set<std::string> codes;
    auto cover = [&](const SynthOptions& o) {
      SynthPlan p = plan_synthetic(*r, o);
      for (std::size_t i = 0; i < p.files.size(); ++i) {
        if (!codes.insert(p.files[i].system_code.substr(0, p.files[i].system_code.find('-'))).second) continue;
        INFO(r->id << " " << p.files[i].path);
        Dossier d = synthetic_dossier(*r, p, i);
        REQUIRE(classify(*r, d.answers).level == p.files[i].level);
      }
    };
    for (std::uint64_t seed = 1; seed <= 8; ++seed) cover(options(3000, seed));
    // Two units only (the provincial hub): level 4–5 systems fall back to classified networks.
    SynthOptions o = options(3000);
    o.units = 2;
    cover(o);
    CHECK(codes.size() == 57);
  }
}

TEST_CASE("Synth: undamaged files read cleanly and every damaged file is rejected", "[synth]") {
  test::TempDir dir;
  SynthOptions o = options(150);
  o.damaged = 0.12;
  o.duplicates = 4;
  SynthSummary s = generate_dossiers(nd331(), o, dir.path().string());
  REQUIRE(s.damaged == 18);
  REQUIRE(s.duplicates == 4);
  std::vector<Row> rows = manifest(dir.path());
  REQUIRE(rows.size() == 154);
  std::map<std::string, int> kinds;
  std::map<std::string, std::pair<std::string, std::string>> identity;
  for (const Row& row : rows) {
    INFO(row.file << " " << row.state);
    std::string path = (dir.path() / row.file).string();
    Diagnostics d;
    if (row.state == "ok" || row.state.rfind("duplicate-of ", 0) == 0) {
      Dossier x = read_dossier(path, nd331(), d);
      for (const Diagnostic& g : d) UNSCOPED_INFO(g.to_string());
      REQUIRE(d.empty());
      REQUIRE(x.unit.code == row.unit);
      REQUIRE(x.system.code == row.system);
      REQUIRE(classify(nd331(), x.answers).level == row.level);
      REQUIRE(x.assessed_level() == row.level);
      if (row.state == "ok") REQUIRE(row.file == row.unit + "/" + row.system + ".xml");
      else REQUIRE(row.file.rfind(row.unit + "/" + row.system + "-ban-sao", 0) == 0);
      identity[row.file] = {x.unit.code, x.system.code};
      continue;
    }
    ++kinds[row.state];
    auto kind = parse_synth_damage(row.state);
    REQUIRE(kind);
    switch (*kind) {
      case SynthDamage::truncated:
        REQUIRE_THROWS_AS(read_dossier(path, nd331(), d), InputError);
        REQUIRE_THROWS_WITH(read_dossier(path, nd331(), d), Catch::Contains("malformed XML"));
        break;
      case SynthDamage::not_utf8:
        REQUIRE_THROWS_WITH(read_dossier(path, nd331(), d), Catch::Contains("file is not valid UTF-8"));
        break;
      case SynthDamage::wrong_root:
        REQUIRE_THROWS_WITH(read_dossier(path, nd331(), d), Catch::Contains("expected root element 'dossier', found 'ho-so'"));
        break;
      case SynthDamage::format_version:
        REQUIRE_THROWS_WITH(read_dossier(path, nd331(), d), Catch::Contains("unsupported dossier format '2.0'"));
        break;
      default: {
        read_dossier(path, nd331(), d);
        REQUIRE(d.has_errors());
        std::string all;
        for (const Diagnostic& g : d) all += g.to_string() + "\n";
        const char* expected = *kind == SynthDamage::invalid_status  ? "unknown status 'done'"
                               : *kind == SynthDamage::invalid_level ? "level '7' is outside 1–5"
                               : *kind == SynthDamage::invalid_count ? "'nhiều' is not a whole number"
                               : *kind == SynthDamage::invalid_date  ? "-02-30' is not a date (YYYY-MM-DD)"
                                                                     : "unknown requirement '";
        REQUIRE_THAT(all, Catch::Contains(expected));
        REQUIRE(d.error_count() == 1);
      }
    }
  }
  // Every kind, dealt out evenly.
  REQUIRE(kinds.size() == kSynthDamageKinds.size());
  for (const auto& [k, n] : kinds) REQUIRE(n == 2);
  // Duplicates name the same unit and system as their original.
  for (const Row& row : rows) {
    if (row.state.rfind("duplicate-of ", 0) != 0) continue;
    std::string orig = row.state.substr(13);
    REQUIRE(identity.count(orig));
    REQUIRE(identity[orig] == identity[row.file]);
  }
}

TEST_CASE("Synth: the manifest lists exactly the files written, with safe names", "[synth]") {
  test::TempDir dir;
  SynthOptions o = options(90);
  o.damaged = 0.1;
  o.duplicates = 2;
  o.units = 12;
  o.province = "../../etc/<Thừa \"Thiên\">";
  generate_dossiers(nd331(), o, dir.path().string());
  std::set<std::string> listed;
  for (const Row& row : manifest(dir.path())) {
    REQUIRE(listed.insert(row.file).second);
    auto slash = row.file.find('/');
    REQUIRE(slash != std::string::npos);
    REQUIRE(row.file.find('/', slash + 1) == std::string::npos);
    REQUIRE(safe_name(row.file.substr(0, slash)));
    REQUIRE(safe_name(row.file.substr(slash + 1)));
    REQUIRE(row.file.substr(row.file.size() - 4) == ".xml");
    REQUIRE(row.level >= 1);
    REQUIRE(row.level <= 5);
  }
  std::set<std::string> written;
  for (const auto& [path, bytes] : tree(dir.path()))
    if (path != "MANIFEST.tsv") written.insert(path);
  REQUIRE(written == listed);  // no temporary file left behind either
  REQUIRE(listed.size() == 92);
}

TEST_CASE("Synth: the plan deals damage and duplicates as asked", "[synth]") {
  SynthOptions o = options(1000);
  o.damaged = 0.05;
  o.duplicates = 7;
  SynthPlan p = plan_synthetic(nd331(), o);
  REQUIRE(p.files.size() == 1007);
  std::map<SynthDamage, int> kinds;
  std::set<std::string> paths;
  std::set<std::string> units;
  for (std::size_t i = 0; i < p.files.size(); ++i) {
    const SynthFile& f = p.files[i];
    REQUIRE(paths.insert(f.path).second);
    units.insert(p.units[f.unit].org.code);
    if (i < 1000) {
      REQUIRE(!f.duplicate_of);
      ++kinds[f.damage];
    } else {
      REQUIRE(f.duplicate_of);
      REQUIRE(p.files[*f.duplicate_of].damage == SynthDamage::none);
      REQUIRE(manifest_state(p, i) == "duplicate-of " + p.files[*f.duplicate_of].path);
    }
  }
  REQUIRE(kinds[SynthDamage::none] == 950);
  for (SynthDamage k : kSynthDamageKinds) REQUIRE(kinds[k] >= 5);
  REQUIRE(units.size() == 250);
  REQUIRE(p.units.size() == 250);
  // The provincial hub comes first, and units that may own level 4–5 systems exist.
  REQUIRE(p.units[0].org.name == "Văn phòng Ủy ban nhân dân tỉnh Hòa Bình Xanh");
  for (std::size_t i = 0; i < 1000; ++i)
    if (p.files[i].level >= 4) REQUIRE(p.units[p.files[i].unit].high_levels);

  o.damaged = 1.5;
  REQUIRE_THROWS_AS(plan_synthetic(nd331(), o), UsageError);
}

TEST_CASE("Synth: a folder that is not empty is refused", "[synth]") {
  test::TempDir dir;
  dir.write("keep.txt", "x");
  REQUIRE_THROWS_WITH(generate_dossiers(nd331(), options(3), dir.path().string()),
                      "'" + dir.path().string() + "' is not empty; choose a new folder, or pass --force to write into it");
  SynthOptions o = options(3);
  o.overwrite = true;
  generate_dossiers(nd331(), o, dir.path().string());
  REQUIRE(fs::exists(dir.path() / "keep.txt"));
  REQUIRE(fs::exists(dir.path() / "MANIFEST.tsv"));
}
