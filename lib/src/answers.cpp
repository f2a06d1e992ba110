#include "capdo/answers.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "capdo/error.h"
#include "capdo/regime.h"
#include "capdo/xml_source.h"

namespace capdo {

std::vector<ComponentAnswers> Answers::effective_components() const {
  if (!components.empty()) return components;
  return {ComponentAnswers{}};
}

namespace {

std::string trim(const std::string& s) {
  std::size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  std::size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::string choice_list(const Question& q) {
  std::string all;
  for (const Choice& c : q.choices) all += (all.empty() ? "" : ", ") + c.id;
  return all;
}

}  // namespace

bool parse_answer(const Question& q, const std::string& raw, AnswerValue& out, std::string& error) {
  std::string text = trim(raw);
  out = AnswerValue{};
  switch (q.type) {
    case QuestionType::yes_no:
      if (text == "yes") out.yes = true;
      else if (text == "no") out.yes = false;
      else {
        error = fmt::format("'{}' is not yes or no", text);
        return false;
      }
      return true;
    case QuestionType::one_of:
      if (!q.choice(text)) {
        error = fmt::format("'{}' is not one of: {}", text, choice_list(q));
        return false;
      }
      out.choice = text;
      return true;
    case QuestionType::many_of: {
      std::size_t i = 0;
      while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == ',' || text[i] == '\t' || text[i] == '\n')) ++i;
        std::size_t j = i;
        while (j < text.size() && text[j] != ' ' && text[j] != ',' && text[j] != '\t' && text[j] != '\n') ++j;
        if (j > i) {
          std::string id = text.substr(i, j - i);
          if (!q.choice(id)) {
            error = fmt::format("'{}' is not one of: {}", id, choice_list(q));
            return false;
          }
          if (std::find(out.choices.begin(), out.choices.end(), id) == out.choices.end()) out.choices.push_back(id);
        }
        i = j;
      }
      if (out.choices.empty()) {
        error = fmt::format("choose at least one of: {}", choice_list(q));
        return false;
      }
      // Keep the catalog's order so that equal answers compare equal.
      std::vector<std::string> ordered;
      for (const Choice& c : q.choices)
        if (std::find(out.choices.begin(), out.choices.end(), c.id) != out.choices.end()) ordered.push_back(c.id);
      out.choices = std::move(ordered);
      return true;
    }
    case QuestionType::number: {
      // Plain digits, or digits grouped by thousands with '.', ',' or a space: 10000,
      // 10.000 (Vietnamese), 10,000, 10 000. "1,5" is not a whole number.
      std::string digits;
      bool ok = !text.empty() && text.size() <= 20;
      std::size_t group = 0;
      bool grouped = false;
      for (std::size_t i = 0; ok && i < text.size(); ++i) {
        char c = text[i];
        if (c >= '0' && c <= '9') {
          digits += c;
          ++group;
        } else if ((c == '.' || c == ',' || c == ' ') && group > 0 && (grouped ? group == 3 : group <= 3)) {
          grouped = true;
          group = 0;
        } else {
          ok = false;
        }
      }
      ok = ok && !digits.empty() && (!grouped || group == 3) && digits.size() <= 15;
      if (!ok) {
        error = fmt::format("'{}' is not a whole number", text);
        return false;
      }
      out.number = std::stoll(digits);
      if ((q.min && out.number < *q.min) || (q.max && out.number > *q.max)) {
        error = q.max ? fmt::format("{} is outside {}–{}", out.number, q.min.value_or(0), *q.max)
                      : fmt::format("{} is less than {}", out.number, *q.min);
        return false;
      }
      return true;
    }
    case QuestionType::date:
      if (!Date::parse(text)) {
        error = fmt::format("'{}' is not a date (YYYY-MM-DD)", text);
        return false;
      }
      out.choice = text;
      return true;
    case QuestionType::text:
      if (text.empty()) {
        error = "the answer is empty";
        return false;
      }
      out.choice = text;
      return true;
  }
  return false;
}

std::string format_answer(const Question& q, const AnswerValue& v) {
  switch (q.type) {
    case QuestionType::yes_no: return v.yes ? "yes" : "no";
    case QuestionType::number: return std::to_string(v.number);
    case QuestionType::many_of: {
      std::string s;
      for (const std::string& c : v.choices) s += (s.empty() ? "" : " ") + c;
      return s;
    }
    default: return v.choice;
  }
}

namespace {

void read_answer_list(const XmlSource& src, pugi::xml_node parent, const Regime& regime, Diagnostics& diags,
                      std::map<std::string, AnswerValue>& out, bool in_component) {
  std::vector<std::string> ids;
  for (const Question& q : regime.questions) ids.push_back(q.id);
  for (pugi::xml_node a : parent.children("answer")) {
    std::string qid = a.attribute("q").value();
    if (qid.empty()) {
      diags.add(src.diag(a, "'answer' needs attribute 'q'"));
      continue;
    }
    const Question* q = regime.question(qid);
    if (!q) {
      diags.add(src.diag(a, "q", fmt::format("unknown question '{}' in regime '{}'", qid, regime.id)));
      continue;
    }
    if (in_component && q->scope == Scope::system) {
      diags.add(src.diag(a, "q", fmt::format("question '{}' is about the whole system; answer it outside 'component'", qid)));
      continue;
    }
    if (out.count(qid)) {
      diags.add(src.diag(a, "q", fmt::format("question '{}' is answered twice", qid)));
      continue;
    }
    AnswerValue v;
    std::string err;
    if (!parse_answer(*q, a.child_value(), v, err)) {
      diags.add(src.diag(a, fmt::format("answer to '{}': {}", qid, err)));
      continue;
    }
    out.emplace(qid, std::move(v));
  }
}

}  // namespace

Answers read_answers(const XmlSource& src, pugi::xml_node node, const Regime& regime, Diagnostics& diags) {
  Answers ans;
  ans.regime = node.attribute("regime").value();
  if (!ans.regime.empty() && ans.regime != regime.id)
    diags.add(src.diag(node, "regime", fmt::format("answers are for regime '{}', not '{}'", ans.regime, regime.id)));
  ans.regime = regime.id;
  for (pugi::xml_node c : node.children()) {
    if (c.type() != pugi::node_element) continue;
    std::string_view n = c.name();
    if (n != "answer" && n != "component")
      diags.add(src.diag(c, fmt::format("unexpected element '{}' in 'answers' (expected 'answer' or 'component')", n)));
  }
  read_answer_list(src, node, regime, diags, ans.system, false);
  std::set<std::string> comp_ids;
  for (pugi::xml_node c : node.children("component")) {
    ComponentAnswers comp;
    comp.id = c.attribute("id").value();
    comp.name = c.attribute("name").value();
    if (comp.id.empty()) diags.add(src.diag(c, "'component' needs attribute 'id'"));
    else if (!comp_ids.insert(comp.id).second) diags.add(src.diag(c, "id", fmt::format("duplicate component id '{}'", comp.id)));
    for (pugi::xml_node x : c.children()) {
      if (x.type() == pugi::node_element && std::string_view(x.name()) != "answer")
        diags.add(src.diag(x, fmt::format("unexpected element '{}' in 'component' (expected 'answer')", x.name())));
    }
    read_answer_list(src, c, regime, diags, comp.answers, true);
    ans.components.push_back(std::move(comp));
  }
  // Component-scope answers outside any component only make sense with no components.
  if (!ans.components.empty()) {
    for (const auto& [qid, v] : ans.system) {
      const Question* q = regime.question(qid);
      if (q && q->scope == Scope::component)
        diags.add(src.diag(node, fmt::format("question '{}' is asked per component; answer it inside each 'component'", qid)));
    }
  }
  return ans;
}

void write_answers(pugi::xml_node node, const Answers& answers, const Regime& regime) {
  node.append_attribute("regime") = answers.regime.c_str();
  auto write_list = [&](pugi::xml_node parent, const std::map<std::string, AnswerValue>& list) {
    // Catalog order, so the file reads like the questionnaire.
    for (const Question& q : regime.questions) {
      auto it = list.find(q.id);
      if (it == list.end()) continue;
      pugi::xml_node a = parent.append_child("answer");
      a.append_attribute("q") = q.id.c_str();
      a.text() = format_answer(q, it->second).c_str();
    }
  };
  write_list(node, answers.system);
  for (const ComponentAnswers& c : answers.components) {
    pugi::xml_node cn = node.append_child("component");
    cn.append_attribute("id") = c.id.c_str();
    if (!c.name.empty()) cn.append_attribute("name") = c.name.c_str();
    write_list(cn, c.answers);
  }
}

Answers load_answers_file(const std::string& path, const Regime& regime, Diagnostics& diags) {
  return read_answers_file(XmlSource::load(path), regime, diags);
}

Answers read_answers_file(const XmlSource& src, const Regime& regime, Diagnostics& diags) {
  pugi::xml_node root = src.root();
  if (std::string_view(root.name()) != "answers")
    throw InputError(src.diag(root, fmt::format("expected root element 'answers', found '{}'", root.name())));
  std::string_view f = root.attribute("format").value();
  if (!f.empty() && f != "1" && f.rfind("1.", 0) != 0)
    throw InputError(src.diag(root, "format", fmt::format("unsupported answers format '{}' (this capdo reads format 1)", f)));
  return read_answers(src, root, regime, diags);
}

}  // namespace capdo
