// Views of a regime's catalog for people and scripts: the requirement list of a level
// (text, TSV, XML) and everything about one item.
#pragma once

#include <string>

#include "capdo/regime.h"

namespace capdo {

enum class ListFormat { text, tsv, xml };

/// Requirements applying at `level` (optionally of one group or category), one per line.
/// TSV columns: id, group, category, confidence, title_vi, title_en, annex_item, clause,
/// applies_if, parameters.
std::string render_requirement_list(const Regime& regime, int level, const std::string& group, ListFormat format,
                                    Lang lang);

/// Everything about a requirement, a criterion or a question with this id; empty if the
/// regime has none.
std::string render_item(const Regime& regime, const std::string& id, Lang lang);

/// The text a requirement has at a level: the per-level wording, else the summary.
const Text& requirement_text_at(const Requirement& req, int level);
/// "log_retention: 3 months; log_review: every 6 months" (suggested values marked).
std::string format_params(const Regime& regime, const LevelEntry& e, Lang lang);

}  // namespace capdo
