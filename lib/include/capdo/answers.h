// A system's answers to a regime's questions: the input of level determination, embedded
// in the dossier. Format: docs/answers-format.md.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <pugixml.hpp>

#include "capdo/diagnostic.h"

namespace capdo {

class Regime;
struct Question;
class XmlSource;

/// One answer, typed by its question: `yes` for yes-no, `choice` for one-of, text and
/// date (ISO), `choices` for many-of, `number` for number.
struct AnswerValue {
  bool yes = false;
  std::string choice;
  std::vector<std::string> choices;
  long long number = 0;

  bool operator==(const AnswerValue& o) const {
    return yes == o.yes && choice == o.choice && choices == o.choices && number == o.number;
  }
};

/// Answers of one component (Decree 85 Art. 5(2); Decree 331 Art. 8(2)).
struct ComponentAnswers {
  std::string id;
  std::string name;
  std::map<std::string, AnswerValue> answers;

  bool operator==(const ComponentAnswers& o) const {
    return id == o.id && name == o.name && answers == o.answers;
  }
};

/// All answers of a system. Component-scope answers given outside any component describe
/// the system as a single component.
struct Answers {
  std::string regime;
  std::map<std::string, AnswerValue> system;
  std::vector<ComponentAnswers> components;

  bool operator==(const Answers& o) const {
    return regime == o.regime && system == o.system && components == o.components;
  }
  /// The components to evaluate: the listed ones, or one implicit component.
  std::vector<ComponentAnswers> effective_components() const;
};

/// Parses the text of an answer for question `q`. Returns false with a message such as
/// "'maybe' is not one of: yes, no" when the text is not a valid answer.
bool parse_answer(const Question& q, const std::string& text, AnswerValue& out, std::string& error);
/// The canonical text of an answer ("yes", "public personal", "10000").
std::string format_answer(const Question& q, const AnswerValue& v);

/// Reads an <answers> element (the root of an answers file, or embedded in a dossier).
/// Every problem is added to `diags`; invalid answers are left out.
Answers read_answers(const XmlSource& src, pugi::xml_node node, const Regime& regime, Diagnostics& diags);
/// Writes `answers` as children and attributes of `node` (an <answers> element).
void write_answers(pugi::xml_node node, const Answers& answers, const Regime& regime);

/// Loads an answers file (root <answers regime="…">). The regime named in the file must be
/// `regime`. Throws InputError on unusable files; answer problems go to `diags`.
Answers load_answers_file(const std::string& path, const Regime& regime, Diagnostics& diags);
/// The same, from a file already parsed (root and format checked here).
Answers read_answers_file(const XmlSource& src, const Regime& regime, Diagnostics& diags);

}  // namespace capdo
