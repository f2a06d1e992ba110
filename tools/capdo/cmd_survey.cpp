// capdo survey DOSSIER: the terminal questionnaire. The engine (capdo/survey.h) decides what to
// ask; this loop prints the prompt, reads a line, passes it on and saves after every change.
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "capdo/dossier.h"
#include "capdo/error.h"
#include "capdo/survey.h"
#include "commands.h"

namespace capdo::tool {

namespace {

struct SurveyCmdOptions {
  std::string file;
};

volatile std::sig_atomic_t g_interrupted = 0;

extern "C" void on_sigint(int) { g_interrupted = 1; }

// SIGINT is blocked except while waiting for input, so a save is never cut short and a
// Ctrl-C between two checks is not lost.
class InterruptGuard {
 public:
  InterruptGuard() {
    struct sigaction sa {};
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    sigaction(SIGINT, &sa, &old_action_);
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigprocmask(SIG_BLOCK, &block, &old_mask_);
    wait_mask_ = old_mask_;
    sigdelset(&wait_mask_, SIGINT);
  }
  ~InterruptGuard() {
    sigprocmask(SIG_SETMASK, &old_mask_, nullptr);
    sigaction(SIGINT, &old_action_, nullptr);
  }
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;
  const sigset_t* wait_mask() const { return &wait_mask_; }

 private:
  struct sigaction old_action_ {};
  sigset_t old_mask_{};
  sigset_t wait_mask_{};
};

// Reads standard input line by line with read(2), so that Ctrl-C interrupts the wait.
class LineReader {
 public:
  enum class Result { line, eof, interrupted };
  explicit LineReader(const InterruptGuard& guard) : guard_(guard) {}

  Result next(std::string& line) {
    for (;;) {
      if (g_interrupted) return Result::interrupted;
      std::size_t nl = buf_.find('\n');
      if (nl != std::string::npos) {
        line = buf_.substr(0, nl);
        buf_.erase(0, nl + 1);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return Result::line;
      }
      if (eof_) {
        if (buf_.empty()) return Result::eof;
        line = std::move(buf_);
        buf_.clear();
        return Result::line;
      }
      pollfd p{0, POLLIN, 0};
      if (::ppoll(&p, 1, nullptr, guard_.wait_mask()) < 0) {
        if (errno == EINTR) continue;
        throw_system_error(errno, "read", "standard input");
      }
      char chunk[4096];
      ssize_t n = ::read(0, chunk, sizeof chunk);
      if (n < 0) {
        if (errno == EINTR || errno == EAGAIN) continue;
        throw_system_error(errno, "read", "standard input");
      }
      if (n == 0) eof_ = true;
      else buf_.append(chunk, static_cast<std::size_t>(n));
    }
  }

 private:
  const InterruptGuard& guard_;
  std::string buf_;
  bool eof_ = false;
};

std::string who() {
  for (const char* var : {"USER", "LOGNAME"})
    if (const char* v = std::getenv(var); v && *v) return v;
  return "unknown";
}

}  // namespace

void setup_survey(CLI::App& app, Globals& g, Outcome& out) {
  auto opt = std::make_shared<SurveyCmdOptions>();
  CLI::App* sub = app.add_subcommand("survey", "Fill in a dossier in the terminal (new, or resume an existing one)");
  sub->add_option("DOSSIER", opt->file, "Dossier file; created if it does not exist")->required();
  sub->add_option("--regime", g.regime, "Regime id for a new dossier (default: the one in force)");
  sub->add_option("--date", g.date, "Date for choosing the regime (YYYY-MM-DD, default today)");
  add_global_options(*sub, g);
  sub->callback([opt, &g, &out] {
    namespace fs = std::filesystem;
    const Lang lang = g.lang();
    Catalog cat = g.load_catalog();
    std::error_code ec;
    const bool exists = fs::exists(opt->file, ec);
    std::string named = exists ? peek_dossier_regime(opt->file) : std::string();
    if (!g.regime.empty() && !named.empty() && named != g.regime)
      throw UsageError(fmt::format("'{}' is a dossier for regime '{}', not '{}'", opt->file, named, g.regime));
    auto regime = g.pick_regime(cat, named.empty() ? g.regime : named);

    Dossier dossier;
    if (exists) {
      Diagnostics diags;
      dossier = read_dossier(opt->file, *regime, diags);
      print_diagnostics(diags);
      if (diags.has_errors()) {
        out.code = ExitCode::bad_data;
        return;
      }
    }
    InterruptGuard guard;
    Survey survey(*regime, dossier, SurveyOptions{lang, who()});
    // A new dossier is written at once: the folder is known to be writable before any answer.
    if (!exists) {
      fs::path parent = fs::path(opt->file).parent_path();
      if (!parent.empty() && !fs::is_directory(parent, ec))
        throw IoError(fmt::format("cannot create file '{}': no folder '{}'", opt->file, parent.string()));
      save_dossier(opt->file, dossier, *regime);
    }

    const bool tty = ::isatty(0) == 1;
    fmt::print("{}", survey.welcome(opt->file, !exists));
    LineReader reader(guard);
    std::string last_section;
    bool show = true;
    while (!survey.done()) {
      const Prompt& p = survey.current();
      if (show) {
        fmt::print("{}", render_prompt(p, lang, p.section != last_section));
        last_section = p.section;
      }
      if (tty) fmt::print("> ");
      std::fflush(stdout);
      std::string line;
      LineReader::Result got = reader.next(line);
      if (got == LineReader::Result::interrupted) {
        if (tty) fmt::print("\n");
        std::fflush(stdout);
        fmt::print(stderr, "{}\n",
                   fmt::format(fmt::runtime(tr(lang, "capdo: đã dừng; mọi câu trả lời đã nhập được lưu trong '{}'",
                                               "capdo: interrupted; every answer given so far is saved in '{}'")),
                               opt->file));
        out.code = ExitCode::interrupted;
        return;
      }
      if (got == LineReader::Result::eof) {
        if (tty) fmt::print("\n");
        break;
      }
      SurveyReply r = survey.answer(line);
      if (r.changed) save_dossier(opt->file, dossier, *regime);
      switch (r.kind) {
        case SurveyReply::Kind::reprompt:
          fmt::print("  ! {}\n", r.message);
          show = false;
          break;
        case SurveyReply::Kind::help:
          fmt::print("{}\n", r.message);
          show = true;
          break;
        default: show = true; break;
      }
    }
    std::fflush(stdout);
    fmt::print(stderr, "capdo: '{}': {}\n", opt->file, survey.summary());
    out.code = survey.complete() ? ExitCode::ok : ExitCode::incomplete;
  });
}

}  // namespace capdo::tool
