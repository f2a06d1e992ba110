// capdo: one program, one subcommand per task. Argument parsing only; the work is in
// the library.
#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "capdo/error.h"
#include "commands.h"
#include "common.h"

int main(int argc, char** argv) {
  using namespace capdo;
  using namespace capdo::tool;
  CLI::App app{"capdo: security levels (cấp độ) of information systems under Vietnamese law"};
  app.set_version_flag("--version", std::string("capdo ") + CAPDO_VERSION);
  app.require_subcommand(1);
  app.footer("Exit status: 0 ok, 1 incomplete result, 2 usage error, 3 invalid input, 4 I/O error, "
             "5 internal error, 130 interrupted. See capdo(1).");
  Globals globals;
  Outcome outcome;
  setup_criteria(app, globals, outcome);
  setup_classify(app, globals, outcome);
  setup_survey(app, globals, outcome);
  setup_template(app, globals, outcome);
  setup_import(app, globals, outcome);
  setup_generate(app, globals, outcome);
  setup_score(app, globals, outcome);
  setup_batch(app, globals, outcome);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return static_cast<int>(ExitCode::usage);
  } catch (const InputError& e) {
    fmt::print(stderr, "{}\n", e.what());
    return static_cast<int>(e.code());
  } catch (const UsageError& e) {
    fmt::print(stderr, "capdo: error: {}\nRun with --help for more information.\n", e.what());
    return static_cast<int>(e.code());
  } catch (const Error& e) {
    fmt::print(stderr, "capdo: error: {}\n", e.what());
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    fmt::print(stderr, "capdo: internal error: {}\n", e.what());
    return static_cast<int>(ExitCode::internal);
  }
  return static_cast<int>(outcome.code);
}
