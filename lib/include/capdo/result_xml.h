// The machine-readable result of scoring one dossier (templates/result.xsd).
#pragma once

#include <string>

#include <pugixml.hpp>

#include "capdo/dossier.h"
#include "capdo/scoring.h"

namespace capdo {

/// The result format this build writes.
inline constexpr const char* kResultFormat = "1.0";

/// Writes the result as children and attributes of `node` (a <result> element).
void write_result_xml(pugi::xml_node node, const ScoreResult& r, const Dossier& d);
/// A whole document with <result> as root. Deterministic: no clock, no paths.
std::string render_result_xml(const ScoreResult& r, const Dossier& d);

/// "157.5" (at most one decimal; points are multiples of 0.5).
std::string format_points(double points);

}  // namespace capdo
