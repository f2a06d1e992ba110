// Level determination: evaluates a regime's criteria over a system's answers and returns
// the level with its cited rationale (Decree 85 Arts. 5–11; Decree 331 Arts. 8–15).
#pragma once

#include <string>
#include <vector>

#include <pugixml.hpp>

#include "capdo/answers.h"
#include "capdo/regime.h"

namespace capdo {

/// A criterion that a component meets.
struct CriterionMatch {
  const Criterion* criterion = nullptr;
  int level = 0;
};

/// A criterion that could not be decided because questions it reads are unanswered.
struct UndecidedCriterion {
  const Criterion* criterion = nullptr;
  std::vector<const Question*> unanswered;
};

/// A question that applies but has no answer.
struct MissingAnswer {
  const Question* question = nullptr;
  std::string component;  ///< empty for system-scope questions
};

/// The result for one component.
struct ComponentResult {
  std::string id;
  std::string name;
  int level = 0;                             ///< highest matched level; 0 = none matched
  bool complete = true;                      ///< no undecided criterion could raise the level
  std::vector<CriterionMatch> matched;       ///< highest level first, then catalog order
  std::vector<UndecidedCriterion> undecided; ///< only those above `level`
  std::vector<const Gap*> gaps;              ///< why nothing matched, when nothing did
};

/// A consistency check that fired.
struct Finding {
  const Check* check = nullptr;
  std::vector<std::string> components;  ///< where it fired ("" = the system)
};

enum class LevelStatus {
  determined,    ///< every component decided; `level` is the system's level
  partial,       ///< `level` is a lower bound: some component or criterion is undecided
  undetermined,  ///< no level: nothing matched, or a blocking check fired
};
const char* to_string(LevelStatus s);

struct Classification {
  const Regime* regime = nullptr;
  LevelStatus status = LevelStatus::undetermined;
  int level = 0;  ///< 0 when undetermined
  std::vector<ComponentResult> components;
  std::vector<Finding> findings;
  std::vector<Text> reasons;  ///< why the level is not (fully) determined
  std::vector<MissingAnswer> missing;
  std::vector<MissingAnswer> ignored;  ///< answered, but the question does not apply
};

/// Determines the level. Pure: no I/O.
Classification classify(const Regime& regime, const Answers& answers);

/// Evaluates an expression that may use matched() (requirement conditions) for one
/// component of a classified system.
Tri eval_for_component(const Expr& expr, const Regime& regime, const Answers& answers,
                       const ComponentAnswers& component, const ComponentResult* result);

/// Human-readable rationale, in one language.
std::string render_classification_text(const Classification& c, Lang lang);
/// The result as XML (both languages); `node` becomes a <classification> element.
void write_classification_xml(pugi::xml_node node, const Classification& c);
/// A whole XML document with <classification> as root.
std::string render_classification_xml(const Classification& c);

}  // namespace capdo
