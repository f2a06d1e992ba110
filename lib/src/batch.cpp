#include "capdo/batch.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "capdo/error.h"
#include "capdo/parallel.h"
#include "capdo/result_xml.h"
#include "capdo/workbook_import.h"
#include "capdo/xlsx_reader.h"
#include "capdo/xml_source.h"
#include "xml_stream.h"

namespace capdo {

namespace fs = std::filesystem;

namespace {

std::string fold_key(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  std::size_t b = s.find_first_not_of(' '), e = s.find_last_not_of(' ');
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

int rank(Status s) {
  switch (s) {
    case Status::met: return 3;
    case Status::partial: return 2;
    default: return 1;
  }
}

// ---- the gap spill file: length-prefixed strings -----------------------------------------

void put_str(std::string& out, std::string_view s) {
  auto n = static_cast<std::uint32_t>(s.size());
  out.append(reinterpret_cast<const char*>(&n), sizeof n);
  out += s;
}

std::string_view get_str(const char*& p) {
  std::uint32_t n;
  std::memcpy(&n, p, sizeof n);
  p += sizeof n;
  std::string_view s(p, n);
  p += n;
  return s;
}

template <class T>
void put_pod(std::string& out, T v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

template <class T>
T get_pod(const char*& p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  p += sizeof v;
  return v;
}

/// The place of a requirement in its regime (Regime::requirements): how a record names the
/// requirements of its gaps.
std::uint16_t requirement_place(const Requirement* q, const Regime& regime) {
  const Requirement* begin = regime.requirements.data();
  const Requirement* end = begin + regime.requirements.size();
  std::less<const Requirement*> before;  // a total order, even for unrelated pointers
  if (before(q, begin) || !before(q, end) || static_cast<std::size_t>(q - begin) > UINT16_MAX)
    throw Error("a scored requirement is not one of its regime's", ExitCode::internal);
  return static_cast<std::uint16_t>(q - begin);
}

/// Appends one gap, in the order BatchResult::for_each_gap() reads it back; its requirement
/// is on the record (SystemRecord::gap_requirements), the due date is numbers (year 0: none).
void put_gap(std::string& out, const ItemScore& i) {
  static const Remediation none;
  const Remediation& r = i.assessment ? i.assessment->remediation : none;
  out += static_cast<char>(i.effective);
  out += static_cast<char>(i.has(Flag::gap_without_plan) ? 1 : 0);
  put_str(out, r.action);
  put_str(out, r.owner);
  Date due = r.due.value_or(Date{0, 0, 0});
  put_pod(out, static_cast<std::int16_t>(due.year));
  out += static_cast<char>(due.month);
  out += static_cast<char>(due.day);
}

bool lower_ext(const fs::path& p, const char* ext) {
  std::string e = p.extension().string();
  for (char& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return e == ext;
}

}  // namespace

std::string system_key(const std::string& unit_code, const std::string& unit_name, const std::string& system_code,
                       const std::string& system_name) {
  return fold_key(unit_code.empty() ? unit_name : unit_code) + "|" + fold_key(system_code.empty() ? system_name : system_code);
}

BatchResult::BatchResult() = default;
BatchResult::~BatchResult() {
  if (spill_) std::fclose(spill_);
}
BatchResult::BatchResult(BatchResult&& o) noexcept { *this = std::move(o); }
BatchResult& BatchResult::operator=(BatchResult&& o) noexcept {
  if (this == &o) return *this;
  if (spill_) std::fclose(spill_);
  year = o.year;
  date = o.date;
  files_seen = o.files_seen;
  systems = std::move(o.systems);
  errors = std::move(o.errors);
  changes = std::move(o.changes);
  has_previous = o.has_previous;
  catalog_ = std::move(o.catalog_);
  spill_ = o.spill_;
  o.spill_ = nullptr;
  return *this;
}

void BatchResult::for_each_gap(const SystemRecord& r, const std::function<void(const GapView&)>& f) const {
  if (!spill_ || r.gap_bytes == 0) return;
  std::string buf(r.gap_bytes, '\0');
  if (::pread(fileno(spill_), buf.data(), buf.size(), static_cast<off_t>(r.gap_offset)) != static_cast<ssize_t>(buf.size()))
    throw IoError("cannot read the evaluation's temporary gap file");
  std::shared_ptr<const Regime> regime = catalog_->find(r.regime);
  if (!regime) throw Error(fmt::format("regime '{}' is not in the catalog", r.regime), ExitCode::internal);
  const char* p = buf.data();
  const char* end = p + buf.size();
  for (std::size_t k = 0; p < end; ++k) {
    GapView g;
    g.requirement = &regime->requirements.at(r.gap_requirements.at(k));
    g.status = static_cast<Status>(*p++);
    g.without_plan = *p++ != 0;
    g.action = get_str(p);
    g.owner = get_str(p);
    auto due_year = get_pod<std::int16_t>(p);
    int month = static_cast<unsigned char>(*p++), day = static_cast<unsigned char>(*p++);
    if (due_year) g.due = Date{due_year, month, day};
    f(g);
  }
}

namespace {

/// Dossier files below `root` (.xml and .xlsx; hidden entries and folders skipped, folder
/// links not followed, unreadable folders skipped). Folders are read on several threads at
/// once: from disk, reading folders one after another waits for each in turn (a province's
/// 2,500 folders took 0.25 s, as long as a fifth of reading all the dossiers).
void walk_folder(const fs::path& root, std::vector<std::string>& files, std::vector<FileError>& errors) {
  constexpr int kWalkers = 8;  // folders read at once: the disk's latency, not the processor, bounds it
  std::mutex mu;
  std::condition_variable cv;
  std::vector<fs::path> todo{root};
  std::size_t busy = 0;  // folders being read
  // Each walker takes folders until none is left and none is being read (a walker that finds
  // the walk done returns at once). A walker that fails gives up the walk: the others finish
  // their folder, and parallel_for() rethrows the failure.
  parallel_for(kWalkers, kWalkers, [&](std::size_t) {
    std::vector<std::string> found;
    std::vector<FileError> failed;
    std::unique_lock<std::mutex> lock(mu);
    for (;;) {
      cv.wait(lock, [&] { return !todo.empty() || busy == 0; });
      if (todo.empty()) break;  // and nobody can add more
      fs::path dir = std::move(todo.back());
      todo.pop_back();
      ++busy;
      lock.unlock();
      std::vector<fs::path> subdirs;
      try {
        std::error_code ec;
        fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
        for (; !ec && it != end; it.increment(ec)) {
          const fs::path& p = it->path();
          std::string name = p.filename().string();
          if (!name.empty() && name[0] == '.') continue;  // hidden files and our own temporaries
          std::error_code tec;
          if (it->is_directory(tec) && !it->is_symlink(tec)) subdirs.push_back(p);
          else if (it->is_regular_file(tec) && (lower_ext(p, ".xml") || lower_ext(p, ".xlsx"))) found.push_back(p.string());
        }
        // Opening the folder or reading on failed (once, either way).
        if (ec) failed.push_back({SIZE_MAX, dir.string(), "", fmt::format("cannot read folder: {}", ec.message())});
        lock.lock();
        todo.insert(todo.end(), std::make_move_iterator(subdirs.begin()), std::make_move_iterator(subdirs.end()));
      } catch (...) {
        if (!lock.owns_lock()) lock.lock();
        todo.clear();
        --busy;
        cv.notify_all();
        throw;
      }
      --busy;
      cv.notify_all();
    }
    files.insert(files.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
    errors.insert(errors.end(), std::make_move_iterator(failed.begin()), std::make_move_iterator(failed.end()));
  });
}

}  // namespace

std::vector<std::string> discover_inputs(const std::vector<std::string>& inputs, std::vector<FileError>& errors) {
  std::vector<std::string> files;
  std::vector<FileError> walk_errors;
  for (const std::string& in : inputs) {
    std::error_code ec;
    fs::file_status st = fs::status(in, ec);
    if (ec || !fs::exists(st)) {
      errors.push_back({SIZE_MAX, in, "", "cannot open file or folder: No such file or directory"});
      continue;
    }
    if (fs::is_regular_file(st)) {
      files.push_back(in);
      continue;
    }
    if (!fs::is_directory(st)) {
      errors.push_back({SIZE_MAX, in, "", "not a file or directory"});
      continue;
    }
    walk_folder(in, files, walk_errors);
  }
  // The walk's threads finish in any order: sort what they found.
  std::sort(walk_errors.begin(), walk_errors.end(),
            [](const FileError& a, const FileError& b) { return std::tie(a.file, a.message) < std::tie(b.file, b.message); });
  errors.insert(errors.end(), walk_errors.begin(), walk_errors.end());
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}


namespace {

struct Outcome {
  std::unique_ptr<SystemRecord> record;  ///< on the heap: freed as soon as it is moved on
  std::optional<FileError> error;
};

// Scores one file into a record; never throws for bad input.
Outcome process(std::size_t index, const std::string& path, const Catalog& cat, const BatchOptions& o, std::FILE* spill,
                std::mutex& spill_mu, std::uint64_t& spill_end) {
  Outcome out;
  auto fail = [&](std::string place, std::string msg) {
    out.error = FileError{index, path, std::move(place), std::move(msg)};
  };
  try {
    Diagnostics diags;
    Dossier d;
    std::shared_ptr<const Regime> regime;
    if (lower_ext(path, ".xlsx")) {
      // A filled questionnaire workbook: imported exactly as capdo import does.
      XlsxLimits limits;
      limits.max_file_bytes = o.max_file_bytes;
      XlsxBook book = read_xlsx(path, limits);
      WorkbookMeta meta = read_workbook_meta(book);
      regime = cat.find(meta.regime);
      if (!regime) {
        fail(meta.cells.count("regime") ? meta.cells.at("regime") : "", fmt::format("unknown regime '{}'", meta.regime));
        return out;
      }
      ImportResult imp = import_workbook(book, *regime);
      diags = std::move(imp.diagnostics);
      d = std::move(imp.dossier);
    } else {
      XmlSource src = XmlSource::load(path, o.max_file_bytes);
      require_dossier_root(src);
      std::string rid = src.root().attribute("regime").value();
      if (rid.empty()) rid = o.regime;
      regime = cat.find(rid);
      if (!regime) {
        auto [l, c] = src.where(src.root(), "regime");
        fail(fmt::format("{}:{}", l, c), rid.empty() ? "the dossier names no regime" : fmt::format("unknown regime '{}'", rid));
        return out;
      }
      // Per-system outputs show implementation and evidence; the province's sheets do not.
      DossierReadOptions ro;
      ro.texts = static_cast<bool>(o.per_system);
      d = read_dossier(src, *regime, diags, ro);
    }
    if (diags.has_errors()) {
      const Diagnostic* first = nullptr;
      for (const Diagnostic& x : diags)
        if (x.severity == Severity::error) {
          first = &x;
          break;
        }
      std::size_t n = diags.error_count();
      fail(first->line ? fmt::format("{}:{}", first->line, first->col) : first->cell,
           n > 1 ? fmt::format("{} (and {} more error{})", first->message, n - 1, n > 2 ? "s" : "") : first->message);
      return out;
    }
    ScoreResult s = score(*regime, d, o.date);
    if (o.per_system) o.per_system(index, *regime, d, s);
    SystemRecord r;
    r.index = index;
    r.file = path;
    r.regime = regime->id;
    r.unit_name = d.unit.name;
    r.unit_code = d.unit.code;
    r.unit_type = unit_type(d.unit);
    r.province = d.unit.province;
    r.owner = d.owner.name;
    r.system_name = d.system.name;
    r.system_code = d.system.code;
    r.key = system_key(r.unit_code, r.unit_name, r.system_code, r.system_name);
    r.proposed = d.proposal.proposed;
    r.computed = s.classification.level;
    r.computed_status = to_string(s.classification.status);
    if (d.approval) {
      r.approved = d.approval->level;
      r.decision = d.approval->decision;
      if (d.approval->date) r.decision_date = d.approval->date->to_string();
    }
    r.assessed = s.level;
    r.achieved = s.achieved_level;
    r.overall = s.overall;
    r.overall.name = {};
    for (Tally t : s.groups) {
      t.name = {};
      r.groups.push_back(std::move(t));
    }
    r.compliant = s.compliant;
    r.gaps = static_cast<int>(s.gaps.size());
    r.gaps_without_plan = s.gaps_without_plan;
    r.discrepancies = static_cast<int>(s.discrepancies.size());
    r.audited = s.audited;
    if (s.next_assessment) r.next_assessment = s.next_assessment->to_string();
    r.overdue = s.assessment_overdue;
    r.no_assessment_date = !s.last_assessment;
    std::string blob;
    r.gap_requirements.reserve(s.gaps.size());
    for (const ItemScore* i : s.gaps) {
      r.gap_requirements.push_back(requirement_place(i->requirement, *regime));
      put_gap(blob, *i);
    }
    if (!blob.empty()) {
      std::lock_guard<std::mutex> lock(spill_mu);
      r.gap_offset = spill_end;
      r.gap_bytes = static_cast<std::uint32_t>(blob.size());
      if (::pwrite(fileno(spill), blob.data(), blob.size(), static_cast<off_t>(spill_end)) != static_cast<ssize_t>(blob.size()))
        throw IoError("cannot write the evaluation's temporary gap file");
      spill_end += blob.size();
    }
    out.record = std::make_unique<SystemRecord>(std::move(r));
  } catch (const InputError& e) {
    const Diagnostic& dg = e.diagnostic();
    fail(dg.line ? fmt::format("{}:{}", dg.line, dg.col) : dg.cell, dg.message);
  } catch (const IoError& e) {
    fail("", e.what());
  }
  return out;
}

/// Asks the kernel to read files before the workers reach them (posix_fadvise WILLNEED), a
/// window of `ahead` files past the next one a worker will take. The disk then works while
/// the workers compute, instead of each worker waiting for its file in turn: from disk, the
/// batch reads at the speed the disk gives. Only a hint: a file that cannot be opened here
/// is reported when a worker reads it.
class ReadAhead {
 public:
  ReadAhead(const std::vector<std::string>& files, std::size_t ahead)
      : files_(files), ahead_(std::max(ahead, kWakeEvery)), thread_([this] { run(); }) {}
  ~ReadAhead() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  ReadAhead(const ReadAhead&) = delete;
  ReadAhead& operator=(const ReadAhead&) = delete;
  /// A worker took file `i`: the window moves on. The read-ahead is woken once every
  /// kWakeEvery files, not for each: a wake-up per file cost 6 % of the batch's processor
  /// time in futex calls and rescheduling.
  void taken(std::size_t i) {
    std::size_t cur = next_.load();
    while (cur < i + 1 && !next_.compare_exchange_weak(cur, i + 1)) {
    }
    if ((i + 1) % kWakeEvery == 0) cv_.notify_one();
  }

 private:
  void run() {
    for (std::size_t i = 0; i < files_.size(); ++i) {
      i = std::max(i, next_.load());  // fallen behind the workers: skip what they have read
      if (i >= files_.size()) return;
      {
        std::unique_lock<std::mutex> lock(mu_);
        // A full window waits until a batch of files fits. Timed: a worker's move between
        // the check and the wait is not lost for long.
        if (i >= next_.load() + ahead_)
          while (!stop_ && i + kWakeEvery > next_.load() + ahead_) cv_.wait_for(lock, std::chrono::milliseconds(2));
        if (stop_) return;
      }
      // O_NONBLOCK: a named pipe given as input must not stop the read-ahead.
      int fd = ::open(files_[i].c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
      if (fd < 0) continue;
      struct stat st {};
      if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) ::posix_fadvise(fd, 0, 0, POSIX_FADV_WILLNEED);
      ::close(fd);
    }
  }

  static constexpr std::size_t kWakeEvery = 32;
  const std::vector<std::string>& files_;
  std::atomic<std::size_t> next_{0};  ///< past the highest file a worker has taken
  std::size_t ahead_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;  ///< last: starts once the rest is ready
};

bool record_less(const SystemRecord& a, const SystemRecord& b) {
  auto key = [](const SystemRecord& r) {
    return std::tie(r.province, r.unit_name, r.unit_code, r.system_name, r.system_code, r.file);
  };
  return key(a) < key(b);
}

}  // namespace

/// Files read ahead of the workers (about 17 MB of dossiers).
constexpr std::size_t kReadAheadFiles = 256;

std::size_t parse_only(const std::vector<std::string>& files, int jobs, bool read_ahead) {
  std::atomic<std::size_t> parsed{0};
  std::optional<ReadAhead> ahead;
  if (read_ahead) ahead.emplace(files, kReadAheadFiles);
  parallel_for(files.size(), jobs, [&](std::size_t i) {
    if (ahead) ahead->taken(i);
    try {
      SourceText s = read_file(files[i]);
      pugi::xml_document doc;
      if (doc.load_buffer(s.text.data(), s.text.size(), pugi::parse_default, pugi::encoding_utf8)) ++parsed;
    } catch (const Error&) {
    }
  });
  return parsed;
}

BatchResult run_batch(const BatchOptions& o) {
  BatchResult res;
  res.year = o.year;
  res.date = o.date;
  res.catalog_ = std::make_unique<Catalog>(o.catalog ? *o.catalog : Catalog::load(o.criteria_dir));
  if (res.catalog_->diagnostics().has_errors())
    throw Error(fmt::format("the criteria in '{}' have errors; run 'capdo criteria validate'", o.criteria_dir),
                ExitCode::bad_data);
  // Read last year's evaluation first: a bad --previous must fail before anything is written.
  std::map<std::string, PreviousSystem> prev;
  if (!o.previous.empty()) prev = read_previous_evaluation(o.previous);
  std::vector<std::string> files = discover_inputs(o.inputs, res.errors);
  res.files_seen = files.size();
  res.spill_ = std::tmpfile();
  if (!res.spill_) throw_system_error(errno, "create", "a temporary file");

  std::vector<Outcome> outcomes(files.size());
  std::atomic<std::size_t> done{0};
  std::mutex spill_mu;
  std::uint64_t spill_end = 0;
  ReadAhead read_ahead(files, kReadAheadFiles);
  parallel_for(files.size(), thread_count(o.jobs), [&](std::size_t i) {
    read_ahead.taken(i);
    outcomes[i] = process(i, files[i], *res.catalog_, o, res.spill_, spill_mu, spill_end);
    std::size_t n = ++done;
    if (o.progress) o.progress(n, files.size());
  });

  // Duplicates: the first file in path order counts, except that a dossier XML is preferred
  // over a workbook of the same system (the workbook is usually its filled copy).
  // Each record is moved once into a vector sized once, and its first home freed at once, so
  // that records are not held twice (nor a vector's doubling).
  std::unordered_map<std::string, std::size_t> first;  // key -> index into res.systems
  std::size_t records = 0;
  for (const Outcome& oc : outcomes) records += oc.record != nullptr;
  res.systems.reserve(records);
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    Outcome& oc = outcomes[i];
    if (oc.error) {
      res.errors.push_back(std::move(*oc.error));
      continue;
    }
    std::unique_ptr<SystemRecord> owned = std::move(oc.record);
    SystemRecord& r = *owned;
    auto it = first.find(r.key);
    if (it == first.end()) {
      first.emplace(r.key, res.systems.size());
      res.systems.push_back(std::move(r));
      continue;
    }
    SystemRecord& kept = res.systems[it->second];
    if (lower_ext(kept.file, ".xlsx") && !lower_ext(r.file, ".xlsx")) std::swap(kept, r);
    res.errors.push_back({r.index, r.file, "", fmt::format("duplicate: describes the same system as '{}' (unit '{}', system '{}'); not counted",
                                                           kept.file, r.unit_name, r.system_name)});
  }
  outcomes.clear();
  outcomes.shrink_to_fit();
  {
    // Sorted by index, then each record moved into place once, following the permutation's
    // cycles: records are large, and sorting them in place moved each some twenty times
    // (0.6 s at 100,000 systems, 0.4 s now), while a sorted copy would hold them twice.
    std::vector<SystemRecord>& sys = res.systems;
    std::vector<std::size_t> order(sys.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return record_less(sys[a], sys[b]); });
    for (std::size_t k = 0; k < order.size(); ++k) {
      if (order[k] == k) continue;  // in place, or its cycle is done
      SystemRecord held = std::move(sys[k]);
      std::size_t at = k;
      while (order[at] != k) {
        std::size_t from = order[at];
        sys[at] = std::move(sys[from]);
        order[at] = at;
        at = from;
      }
      sys[at] = std::move(held);
      order[at] = at;
    }
  }
  std::stable_sort(res.errors.begin(), res.errors.end(), [](const FileError& a, const FileError& b) { return a.file < b.file; });

  if (!o.previous.empty()) {
    res.has_previous = true;
    std::set<std::string> seen;
    for (const SystemRecord& r : res.systems) {
      const std::string& k = r.key;
      seen.insert(k);
      YearChange ch;
      ch.key = k;
      ch.unit_name = r.unit_name;
      ch.system_name = r.system_name;
      ch.level_now = r.assessed;
      ch.score_now = r.overall.percent();
      auto it = prev.find(k);
      if (it == prev.end()) {
        ch.kind = YearChange::Kind::added;
        res.changes.push_back(std::move(ch));
        continue;
      }
      const PreviousSystem& p = it->second;
      ch.level_before = p.level;
      ch.score_before = p.score;
      if (p.regime == r.regime) {
        res.for_each_gap(r, [&](const GapView& g) {
          const std::string& id = g.requirement->id;
          Status before;
          auto pg = p.gaps.find(id);
          if (pg != p.gaps.end()) {
            before = pg->second;
          } else {
            if (!g.requirement->at(p.level)) return;  // not required last year
            before = Status::met;
          }
          if (rank(before) > rank(g.status)) ch.regressed.push_back({id, {before, g.status}});
        });
      }
      res.changes.push_back(std::move(ch));
    }
    for (const auto& [k, p] : prev) {
      if (seen.count(k)) continue;
      YearChange ch;
      ch.key = k;
      ch.kind = YearChange::Kind::removed;
      ch.unit_name = p.unit_name;
      ch.system_name = p.system_name;
      ch.level_before = p.level;
      ch.score_before = p.score;
      res.changes.push_back(std::move(ch));
    }
    std::stable_sort(res.changes.begin(), res.changes.end(), [](const YearChange& a, const YearChange& b) {
      return std::tie(a.unit_name, a.system_name, a.key) < std::tie(b.unit_name, b.system_name, b.key);
    });
  }
  return res;
}

// ---- the evaluation XML --------------------------------------------------------------------

namespace {

std::string pct(const std::optional<double>& p) { return p ? format_percent(p) : std::string(); }

}  // namespace

void write_evaluation_xml(const BatchResult& r, const std::string& path) {
  AtomicFile out(path);
  detail::XmlStream x(out.stream());
  x.open("evaluation").attr("format", "1.0").attr("year", r.year).attr("date", r.date.to_string());

  // Summary.
  std::size_t compliant = 0, overdue = 0, duplicates = 0;
  std::map<int, std::pair<std::size_t, std::size_t>> per_level;  // level -> systems, compliant
  std::map<std::string, std::size_t> per_type;
  for (const SystemRecord& s : r.systems) {
    compliant += s.compliant;
    overdue += s.overdue;
    auto& pl = per_level[s.assessed];
    ++pl.first;
    pl.second += s.compliant;
    ++per_type[s.unit_type];
  }
  for (const FileError& e : r.errors) duplicates += e.message.rfind("duplicate:", 0) == 0;
  x.open("summary")
      .attr("files", static_cast<long long>(r.files_seen))
      .attr("systems", static_cast<long long>(r.systems.size()))
      .attr("errors", static_cast<long long>(r.errors.size() - duplicates))
      .attr("duplicates", static_cast<long long>(duplicates))
      .attr("compliant", static_cast<long long>(compliant))
      .attr("overdue", static_cast<long long>(overdue));
  for (const auto& [level, n] : per_level)
    x.open("level").attr("n", level).attr("systems", static_cast<long long>(n.first)).attr("compliant", static_cast<long long>(n.second)).close();
  for (const auto& [type, n] : per_type) x.open("unit-type").attr("type", type).attr("systems", static_cast<long long>(n)).close();
  x.close();

  x.open("systems");
  for (const SystemRecord& s : r.systems) {
    x.open("system")
        .attr("key", s.key)
        .attr("file", s.file)
        .attr("regime", s.regime)
        .attr_if("unit", s.unit_name)
        .attr_if("unit-code", s.unit_code)
        .attr("unit-type", s.unit_type)
        .attr_if("province", s.province)
        .attr_if("name", s.system_name)
        .attr_if("code", s.system_code);
    if (s.proposed) x.attr("proposed", s.proposed);
    if (s.computed) x.attr("computed", s.computed);
    x.attr("computed-status", s.computed_status);
    if (s.approved) x.attr("approved", s.approved);
    x.attr_if("decision", s.decision).attr_if("decision-date", s.decision_date);
    if (s.assessed) x.attr("assessed", s.assessed);
    x.attr("achieved", s.achieved).attr("compliant", s.compliant ? "true" : "false");
    x.attr_if("score", pct(s.overall.percent()));
    x.attr("gaps", s.gaps).attr("gaps-without-plan", s.gaps_without_plan);
    x.attr_if("next-assessment", s.next_assessment).attr("overdue", s.overdue ? "true" : "false");
    for (const Tally& t : s.groups)
      x.open("score").attr("group", t.id).attr("counted", t.counted()).attr("points", format_points(t.points)).attr_if("percent", pct(t.percent())).close();
    x.close();
  }
  x.close();

  x.open("gaps");
  for (const SystemRecord& s : r.systems) {
    const std::string& key = s.key;
    r.for_each_gap(s, [&](const GapView& g) {
      // Names are on the system's row; a gap names its system by key to keep the file small.
      x.open("gap").attr("system-key", key).attr("requirement", g.requirement->id).attr("status", to_string(g.status));
      if (g.without_plan) x.attr("without-plan", "true");
      x.attr_if("action", g.action).attr_if("owner", g.owner);
      if (g.due) x.attr("due", g.due->to_string());
      x.close();
    });
  }
  x.close();

  x.open("errors");
  for (const FileError& e : r.errors) x.open("error").attr("file", e.file).attr_if("place", e.place).text(e.message).close();
  x.close();

  if (r.has_previous) {
    x.open("year-over-year");
    for (const YearChange& c : r.changes) {
      x.open("change")
          .attr("kind", c.kind == YearChange::Kind::added ? "added" : c.kind == YearChange::Kind::removed ? "removed" : "changed")
          .attr("system-key", c.key)
          .attr_if("unit", c.unit_name)
          .attr_if("system", c.system_name);
      if (c.level_before) x.attr("level-before", c.level_before);
      if (c.level_now) x.attr("level-now", c.level_now);
      x.attr_if("score-before", pct(c.score_before)).attr_if("score-now", pct(c.score_now));
      for (const auto& [req, st] : c.regressed)
        x.open("regressed").attr("requirement", req).attr("before", to_string(st.first)).attr("now", to_string(st.second)).close();
      x.close();
    }
    x.close();
  }
  x.close();
  x.flush();
  out.commit();
}

std::map<std::string, PreviousSystem> read_previous_evaluation(const std::string& path) {
  XmlSource src = XmlSource::load(path, std::size_t{4} * 1024 * 1024 * 1024);
  pugi::xml_node root = src.root();
  if (std::string_view(root.name()) != "evaluation")
    throw InputError(src.diag(root, fmt::format("expected root element 'evaluation', found '{}'", root.name())));
  std::map<std::string, PreviousSystem> out;
  for (pugi::xml_node s : root.child("systems").children("system")) {
    PreviousSystem p;
    p.unit_name = s.attribute("unit").value();
    p.system_name = s.attribute("name").value();
    p.level = s.attribute("assessed").as_int(0);
    p.regime = s.attribute("regime").value();
    if (pugi::xml_attribute sc = s.attribute("score")) p.score = sc.as_double();
    out.emplace(s.attribute("key").value(), std::move(p));
  }
  for (pugi::xml_node g : root.child("gaps").children("gap")) {
    auto it = out.find(g.attribute("system-key").value());
    if (it == out.end()) continue;
    if (auto st = parse_status(g.attribute("status").value())) it->second.gaps[g.attribute("requirement").value()] = *st;
  }
  return out;
}

}  // namespace capdo
