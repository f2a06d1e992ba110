// One setup function per subcommand (CLI11's subcom_in_files pattern).
#pragma once

#include <CLI/CLI.hpp>

#include "common.h"

namespace capdo::tool {

void setup_criteria(CLI::App& app, Globals& g, Outcome& out);
void setup_classify(CLI::App& app, Globals& g, Outcome& out);
void setup_survey(CLI::App& app, Globals& g, Outcome& out);
void setup_template(CLI::App& app, Globals& g, Outcome& out);
void setup_import(CLI::App& app, Globals& g, Outcome& out);
void setup_generate(CLI::App& app, Globals& g, Outcome& out);
void setup_batch(CLI::App& app, Globals& g, Outcome& out);
void setup_score(CLI::App& app, Globals& g, Outcome& out);

}  // namespace capdo::tool
