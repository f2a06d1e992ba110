// The shipped criteria and the bundled example, loaded once for every test that needs them.
#pragma once

#include <string>

#include "capdo/criteria_loader.h"
#include "support/temp_dir.h"

namespace capdo::test {

inline const Catalog& shipped_catalog() {
  static Catalog cat = Catalog::load(criteria_dir());
  return cat;
}
inline const Regime& nd331() { return *shipped_catalog().find("nd331-2026"); }
inline const Regime& nd85() { return *shipped_catalog().find("nd85-2016"); }
/// templates/examples/portal-dossier.xml
inline std::string example_dossier() { return data_dir() + "/../../templates/examples/portal-dossier.xml"; }

}  // namespace capdo::test
