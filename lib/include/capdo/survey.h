// The questionnaire engine behind `capdo survey`: walks a dossier through its three parts
// (system description, level questions and the proposed level, self-assessment of every
// applicable requirement), one prompt at a time. It does no terminal I/O: the tool prints
// current(), reads a line, passes it to answer() and saves the dossier when it changed.
// The list of prompts is derived from the dossier each time, so resuming a saved dossier
// starts at its first unanswered prompt.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "capdo/classify.h"
#include "capdo/dossier.h"
#include "capdo/regime.h"
#include "capdo/text.h"

namespace capdo {

/// One choice offered by a prompt: `key` is what to type (its number, from 1, works too).
struct PromptChoice {
  std::string key;
  std::string label;
};

/// What the user is asked now, fully rendered in the survey's language.
struct Prompt {
  std::string key;       ///< stable id: "unit.name", "q:system_type@portal", "level", "req:G01.03:status"
  int part = 0;          ///< 1 system description, 2 level questions and level, 3 self-assessment
  std::string section;   ///< "Part 3/3 — Self-assessment at level 3 › Technical requirements › Security logging"
  std::string progress;  ///< "12/66": requirement number in part 3, position in the part otherwise
  std::string text;      ///< the question, possibly several lines (requirement wording, rationale)
  std::string help;      ///< shown by `?`
  std::string citation;  ///< shown by `?`; empty when the prompt rests on no legal text
  std::vector<PromptChoice> choices;
  std::string current;   ///< the present answer, empty when unanswered
  bool required = false; ///< an empty answer is refused (justifications)
};

/// How the engine took an answer.
struct SurveyReply {
  enum class Kind {
    accepted,    ///< stored (or cleared with "-"); the survey moved on
    skipped,     ///< empty answer: nothing changed; the survey moved on
    reprompt,    ///< refused; `message` says why; same prompt again
    help,        ///< `?`: `message` holds the help text and the citation; same prompt again
    moved_back,  ///< `back`: the previous prompt is current
  };
  Kind kind = Kind::skipped;
  std::string message;
  bool changed = false;  ///< the dossier changed and should be saved
};

struct SurveyOptions {
  Lang lang = Lang::en;
  std::string who;  ///< recorded in the history entries of this session
};

/// The questionnaire over one dossier. The dossier is modified in place; the caller saves it
/// whenever a reply says `changed`. One history entry is recorded per part in which this
/// session changed something (and one per change of the proposed level).
class Survey {
 public:
  /// Starts at the first unanswered prompt (done() if there is none). After each answer or
  /// skip it moves to the next prompt that needs an answer, passing over those answered in
  /// earlier sessions; `back` goes to the prompt just before the current one, answered or not.
  Survey(const Regime& regime, Dossier& dossier, SurveyOptions options);

  /// Whether the survey went past its last prompt.
  bool done() const { return cursor_ >= items_.size(); }
  /// The prompt to show; only valid while !done().
  const Prompt& current() const { return prompt_; }
  /// Takes one line of input: an answer, "" (skip), "-" (clear), "?" (help) or "back".
  SurveyReply answer(const std::string& text);

  /// Whether nothing required is missing: the required description fields, the level
  /// questions that apply, the proposed level (with a justification when it differs from the
  /// computed one) and every applicable requirement with its status and what the status
  /// requires (a justification for not-applicable; action, owner and due date for partial
  /// and not-met).
  bool complete() const;
  /// One line: "dossier complete", or "incomplete; still to answer: 2 description fields, …".
  std::string summary() const;
  /// The lines printed when a session starts: what is being filled in and the commands.
  std::string welcome(const std::string& file, bool is_new) const;

  /// Position of the current prompt among all prompts (for tests and progress).
  std::size_t position() const { return cursor_; }
  std::size_t size() const { return items_.size(); }
  /// The keys of all prompts, in order (for tests).
  std::vector<std::string> keys() const;

  /// One prompt of the list, before rendering (internal).
  struct Item {
    enum class Kind {
      org_field, sys_field, component_id, component_name, component_kind, connection_system,
      connection_direction, connection_data, question, level, level_justification, req_status,
      req_justification, req_implementation, evidence_title, evidence_location, evidence_date,
      remediation_action, remediation_owner, remediation_due,
    };
    Kind kind = Kind::org_field;
    std::string key;
    int part = 1;
    int org = 0;               ///< 0 unit, 1 owner, 2 operating unit, 3 security unit
    int field = 0;             ///< which field of the organisation or the system
    std::size_t index = 0;     ///< component, connection or evidence index
    bool adds = false;         ///< the "add another" prompt of a list: open until a later prompt is answered
    const Question* question = nullptr;
    int component = -1;        ///< component index of a question; -1: the system (or implicit component)
    const Requirement* req = nullptr;
    std::size_t number = 0;    ///< position in the part (requirement number in part 3)
    std::size_t total = 0;
  };

 private:
  struct Applied;
  void rebuild();
  void refresh_prompt();
  std::size_t next_open(std::size_t from) const;
  bool answered(const Item& it) const;
  Prompt make_prompt(const Item& it) const;
  Applied apply(const Item& it, const std::string& text);
  void note_change(int part);
  void sort_assessments();
  void prune_answers();

  const Regime& regime_;
  Dossier& d_;
  SurveyOptions opt_;
  std::vector<Item> items_;
  Classification cls_;  ///< of the current answers, refreshed by rebuild()
  std::size_t cursor_ = 0;
  Prompt prompt_;
  bool recorded_[4] = {false, false, false, false};
};

/// The prompt as the terminal shows it: section heading (when `with_section`), progress and
/// text, numbered choices, the current answer.
std::string render_prompt(const Prompt& p, Lang lang, bool with_section);

/// Reads a status as typed in the survey: "met", "m", "đạt", "partial", "p", "một phần",
/// "not-met", "n", "chưa đạt", "not-applicable", "na", "không áp dụng", or 1–4. Case and
/// Vietnamese marks are ignored ("Không áp dụng", "khong ap dung"), precomposed or combining.
std::optional<Status> parse_survey_status(std::string_view text);

}  // namespace capdo
