#include "capdo/classify.h"

#include <algorithm>
#include <sstream>

#include <fmt/format.h>

namespace capdo {

const char* to_string(LevelStatus s) {
  switch (s) {
    case LevelStatus::determined: return "determined";
    case LevelStatus::partial: return "partial";
    case LevelStatus::undetermined: return "undetermined";
  }
  return "undetermined";
}

namespace {

class Context : public EvalContext {
 public:
  Context(const Regime& r, const std::map<std::string, AnswerValue>& system,
          const std::map<std::string, AnswerValue>& component, const ComponentResult* result)
      : r_(r), system_(system), component_(component), result_(result) {}

  const AnswerValue* answer(std::size_t qi) const override {
    const AnswerValue* a = raw(qi);
    // An answer to a question that does not apply is ignored (and reported as such).
    if (a && !r_.questions[qi].when.empty() && applies(qi) == Tri::no) return nullptr;
    return a;
  }

  const AnswerValue* raw(std::size_t qi) const {
    const Question& q = r_.questions[qi];
    if (q.scope == Scope::component) {
      auto it = component_.find(q.id);
      if (it != component_.end()) return &it->second;
    }
    auto it = system_.find(q.id);
    return it == system_.end() ? nullptr : &it->second;
  }

  Tri applies(std::size_t qi) const {
    // Conditions of questions only name other questions; guard against cycles anyway.
    if (depth_ > 8) return Tri::unknown;
    ++depth_;
    Tri t = r_.questions[qi].when.eval(*this);
    --depth_;
    return t;
  }

  bool not_applicable(std::size_t qi) const override { return applies(qi) == Tri::no; }

  Tri matched(std::string_view prefix) const override {
    if (!result_) return Tri::unknown;
    for (const CriterionMatch& m : result_->matched) {
      const std::string& id = m.criterion->id;
      if (id == prefix || (id.size() > prefix.size() && id.compare(0, prefix.size(), prefix) == 0 && id[prefix.size()] == '.'))
        return Tri::yes;
    }
    return Tri::no;
  }

 private:
  const Regime& r_;
  const std::map<std::string, AnswerValue>& system_;
  const std::map<std::string, AnswerValue>& component_;
  const ComponentResult* result_;
  mutable int depth_ = 0;
};

const std::map<std::string, AnswerValue>& empty_map() {
  static const std::map<std::string, AnswerValue> m;
  return m;
}

}  // namespace

Tri eval_for_component(const Expr& expr, const Regime& regime, const Answers& answers,
                       const ComponentAnswers& component, const ComponentResult* result) {
  const auto& comp = answers.components.empty() ? answers.system : component.answers;
  return expr.eval(Context(regime, answers.system, comp, result));
}

Classification classify(const Regime& regime, const Answers& answers) {
  Classification out;
  out.regime = &regime;
  const bool implicit = answers.components.empty();
  std::vector<ComponentAnswers> comps = answers.effective_components();

  // Questions that apply but are unanswered, or answered but do not apply.
  {
    Context sys(regime, answers.system, implicit ? answers.system : empty_map(), nullptr);
    for (const Question& q : regime.questions) {
      if (q.scope != Scope::system && !implicit) continue;
      Tri asked = q.when.eval(sys);
      bool has = answers.system.count(q.id) > 0;
      if (asked == Tri::yes && !has && q.required) out.missing.push_back({&q, ""});
      if (asked == Tri::no && has) out.ignored.push_back({&q, ""});
    }
  }
  if (!implicit) {
    for (const ComponentAnswers& c : comps) {
      Context ctx(regime, answers.system, c.answers, nullptr);
      for (const Question& q : regime.questions) {
        if (q.scope != Scope::component) continue;
        Tri asked = q.when.eval(ctx);
        bool has = c.answers.count(q.id) > 0;
        if (asked == Tri::yes && !has && q.required) out.missing.push_back({&q, c.id});
        if (asked == Tri::no && has) out.ignored.push_back({&q, c.id});
      }
    }
  }

  bool blocked = false;
  for (const ComponentAnswers& c : comps) {
    ComponentResult res;
    res.id = c.id;
    res.name = c.name;
    const auto& comp_answers = implicit ? answers.system : c.answers;
    Context ctx(regime, answers.system, comp_answers, nullptr);
    for (const Criterion& cr : regime.criteria) {
      if (cr.kind == CriterionKind::raise) continue;  // second pass, below
      Tri t = cr.when.eval(ctx);
      int level = cr.level;
      if (t != Tri::no && !cr.level_from.empty()) {
        const AnswerValue* v = ctx.answer(cr.level_from_q);
        if (!v) t = t == Tri::yes ? Tri::unknown : t;
        else level = static_cast<int>(v->number);
      }
      if (t == Tri::yes) {
        res.matched.push_back({&cr, level});
      } else if (t == Tri::unknown) {
        UndecidedCriterion u{&cr, {}};
        bool all_optional = true;
        std::vector<std::size_t> qs;
        if (!cr.level_from.empty()) qs.push_back(cr.level_from_q);
        for (std::size_t qi : cr.when.questions()) qs.push_back(qi);
        for (std::size_t qi : qs) {
          if (!ctx.answer(qi)) {
            const Question* q = &regime.questions[qi];
            // Only questions that are asked (or may be asked) count as missing.
            if (q->when.eval(ctx) == Tri::no) continue;
            if (std::find(u.unanswered.begin(), u.unanswered.end(), q) == u.unanswered.end()) u.unanswered.push_back(q);
            if (q->required) all_optional = false;
          }
        }
        if (!all_optional && !u.unanswered.empty()) res.undecided.push_back(std::move(u));
      }
    }
    std::stable_sort(res.matched.begin(), res.matched.end(),
                     [](const CriterionMatch& a, const CriterionMatch& b) { return a.level > b.level; });
    res.level = res.matched.empty() ? 0 : res.matched.front().level;
    // Raising criteria apply only on top of a level the criteria set, and only upwards.
    if (res.level > 0) {
      for (const Criterion& cr : regime.criteria) {
        if (cr.kind != CriterionKind::raise || cr.when.eval(ctx) != Tri::yes) continue;
        int level = cr.level;
        if (!cr.level_from.empty()) {
          const AnswerValue* v = ctx.answer(cr.level_from_q);
          if (!v) continue;
          level = static_cast<int>(v->number);
        }
        if (level > res.level) {
          res.matched.insert(res.matched.begin(), {&cr, level});
          res.level = level;
        }
      }
    }
    // Undecided criteria matter only if they could raise the level. A criterion whose
    // level comes from an answer may raise it to anything.
    res.undecided.erase(std::remove_if(res.undecided.begin(), res.undecided.end(),
                                       [&](const UndecidedCriterion& u) {
                                         return u.criterion->level_from.empty() && u.criterion->level <= res.level;
                                       }),
                        res.undecided.end());
    res.complete = res.undecided.empty() && res.level > 0;
    if (res.level == 0) {
      for (const Gap& g : regime.gaps)
        if (g.when.eval(ctx) == Tri::yes) res.gaps.push_back(&g);
    }
    // Consistency checks.
    for (const Check& ch : regime.checks) {
      if (ch.when.eval(ctx) != Tri::yes) continue;
      auto it = std::find_if(out.findings.begin(), out.findings.end(), [&](const Finding& f) { return f.check == &ch; });
      if (it == out.findings.end()) {
        out.findings.push_back({&ch, {c.id}});
      } else if (std::find(it->components.begin(), it->components.end(), c.id) == it->components.end()) {
        it->components.push_back(c.id);
      }
      if (ch.severity == CheckSeverity::block) blocked = true;
    }
    out.components.push_back(std::move(res));
  }

  // Highest level wins, over criteria and over components.
  int level = 0;
  bool complete = true;
  for (const ComponentResult& r : out.components) {
    level = std::max(level, r.level);
    complete = complete && r.complete;
  }
  auto comp_label = [&](const ComponentResult& r) {
    return r.id.empty() ? std::string() : fmt::format(" '{}'", r.id);
  };
  for (const ComponentResult& r : out.components) {
    if (r.level == 0) {
      for (const Gap* g : r.gaps) out.reasons.push_back(g->message);
      if (r.gaps.empty() && r.undecided.empty())
        out.reasons.push_back(r.id.empty()
                                  ? Text{"Không đáp ứng tiêu chí nào của cấp độ 1–5", "no criterion of levels 1–5 matches"}
                                  : Text{fmt::format("Thành phần{} không đáp ứng tiêu chí nào của cấp độ 1–5", comp_label(r)),
                                         fmt::format("component{} matches no criterion of levels 1–5", comp_label(r))});
    }
    if (!r.undecided.empty()) {
      std::string ids, qs;
      for (const UndecidedCriterion& u : r.undecided) {
        ids += (ids.empty() ? "" : ", ") + u.criterion->id;
        for (const Question* q : u.unanswered)
          if (qs.find("'" + q->id + "'") == std::string::npos) qs += (qs.empty() ? "'" : ", '") + q->id + "'";
      }
      std::string vi = fmt::format("chưa thể xét tiêu chí {} vì câu hỏi {} chưa được trả lời", ids, qs);
      std::string en = fmt::format("criteria {} cannot be decided because question {} is unanswered", ids, qs);
      if (r.id.empty()) {
        vi[0] = 'C';  // "chưa" -> "Chưa"
        out.reasons.push_back({vi, en});
      } else {
        out.reasons.push_back({fmt::format("Thành phần{}: {}", comp_label(r), vi), fmt::format("component{}: {}", comp_label(r), en)});
      }
    }
  }
  if (blocked) {
    for (const Finding& f : out.findings)
      if (f.check->severity == CheckSeverity::block) out.reasons.insert(out.reasons.begin(), f.check->message);
    out.status = LevelStatus::undetermined;
    out.level = 0;
  } else if (level == 0) {
    out.status = LevelStatus::undetermined;
  } else {
    out.level = level;
    out.status = complete ? LevelStatus::determined : LevelStatus::partial;
  }
  return out;
}

// ---- rendering ---------------------------------------------------------------------------

std::string render_classification_text(const Classification& c, Lang lang) {
  const Regime& r = *c.regime;
  std::string s;
  s += fmt::format("{}: {} ({})\n", tr(lang, "Chế độ pháp lý", "Regime"), r.name.get(lang), r.id);
  switch (c.status) {
    case LevelStatus::determined:
      s += fmt::format("{}: {}\n", tr(lang, "Cấp độ đề xuất", "Proposed level"), c.level);
      break;
    case LevelStatus::partial:
      s += fmt::format("{}: {} {}\n", tr(lang, "Cấp độ đề xuất", "Proposed level"), tr(lang, "ít nhất", "at least"), c.level);
      break;
    case LevelStatus::undetermined:
      s += fmt::format("{}: {}\n", tr(lang, "Cấp độ đề xuất", "Proposed level"), tr(lang, "chưa xác định được", "undetermined"));
      break;
  }
  if (!c.reasons.empty()) {
    s += fmt::format("{}:\n", tr(lang, "Lý do", "Reason"));
    for (const Text& t : c.reasons) s += fmt::format("  - {}\n", t.get(lang));
  }
  s += fmt::format("\n{}:\n", tr(lang, "Căn cứ xác định", "Rationale"));
  for (const ComponentResult& comp : c.components) {
    std::string indent = "  ";
    if (!comp.id.empty() || c.components.size() > 1) {
      std::string label = comp.name.empty() ? comp.id : fmt::format("{} ({})", comp.name, comp.id);
      s += fmt::format("  {} {}: {}\n", tr(lang, "Thành phần", "Component"), label,
                       comp.level ? fmt::format("{} {}", tr(lang, "cấp độ", "level"), comp.level)
                                  : std::string(tr(lang, "chưa xác định", "undetermined")));
      indent = "    ";
    }
    if (comp.matched.empty()) s += fmt::format("{}{}\n", indent, tr(lang, "(không có tiêu chí nào được đáp ứng)", "(no criterion matched)"));
    for (const CriterionMatch& m : comp.matched) {
      const Criterion& cr = *m.criterion;
      s += fmt::format("{}[{}] {} {} {}{}{}\n", indent, m.criterion == comp.matched.front().criterion ? "x" : "+", cr.id,
                       tr(lang, "→ cấp độ", "→ level"), m.level, kind_mark(cr.kind, lang),
                       confidence_mark(cr.confidence, lang));
      s += fmt::format("{}    {}\n", indent, cr.text.get(lang));
      s += fmt::format("{}    {}\n", indent, format_cites(cr.cites, r, lang));
      if (!cr.note.empty()) s += fmt::format("{}    {}\n", indent, cr.note.get(lang));
    }
    for (const Gap* g : comp.gaps) {
      s += fmt::format("{}{}: {}{}\n", indent, tr(lang, "Khoảng trống", "Gap"), g->message.get(lang), confidence_mark(g->confidence, lang));
      if (!g->cites.empty()) s += fmt::format("{}    {}\n", indent, format_cites(g->cites, r, lang));
    }
  }
  if (!r.composition_text.empty()) {
    s += fmt::format("  {}", r.composition_text.get(lang));
    if (!r.composition_cites.empty()) s += fmt::format(" ({})", format_cites(r.composition_cites, r, lang));
    s += "\n";
  }
  if (!c.findings.empty()) {
    s += fmt::format("\n{}:\n", tr(lang, "Lưu ý", "Findings"));
    for (const Finding& f : c.findings) {
      const char* sev = f.check->severity == CheckSeverity::block ? tr(lang, "chặn", "blocking")
                        : f.check->severity == CheckSeverity::warn ? tr(lang, "cảnh báo", "warning")
                                                                   : tr(lang, "ghi chú", "note");
      s += fmt::format("  - [{}] {}{}\n", sev, f.check->message.get(lang), confidence_mark(f.check->confidence, lang));
      if (!f.check->cites.empty()) s += fmt::format("    {}\n", format_cites(f.check->cites, r, lang));
    }
  }
  auto list_questions = [&](const std::vector<MissingAnswer>& v, const char* vi, const char* en) {
    if (v.empty()) return;
    s += fmt::format("\n{}:\n", tr(lang, vi, en));
    for (const MissingAnswer& m : v) {
      s += fmt::format("  - {}{}: {}\n", m.question->id, m.component.empty() ? "" : fmt::format(" [{}]", m.component),
                       m.question->text.get(lang));
    }
  };
  list_questions(c.missing, "Câu hỏi chưa trả lời", "Unanswered questions");
  list_questions(c.ignored, "Câu trả lời bị bỏ qua (câu hỏi không áp dụng)", "Ignored answers (the question does not apply)");
  return s;
}

namespace {

void text_attrs(pugi::xml_node n, const Text& t) {
  n.append_attribute("vi") = t.vi.c_str();
  n.append_attribute("en") = t.en.c_str();
}

void cite_nodes(pugi::xml_node parent, const std::vector<Cite>& cites, const Regime& r) {
  for (const Cite& c : cites) {
    pugi::xml_node n = parent.append_child("cite");
    n.append_attribute("doc") = c.doc.c_str();
    n.append_attribute("vi") = format_cite(c, r, Lang::vi).c_str();
    n.append_attribute("en") = format_cite(c, r, Lang::en).c_str();
  }
}

}  // namespace

void write_classification_xml(pugi::xml_node node, const Classification& c) {
  const Regime& r = *c.regime;
  node.set_name("classification");
  node.append_attribute("regime") = r.id.c_str();
  node.append_attribute("catalog-version") = r.version.c_str();
  node.append_attribute("status") = to_string(c.status);
  if (c.level) node.append_attribute("level") = c.level;
  for (const Text& t : c.reasons) text_attrs(node.append_child("reason"), t);
  for (const ComponentResult& comp : c.components) {
    pugi::xml_node cn = node.append_child("component");
    if (!comp.id.empty()) cn.append_attribute("id") = comp.id.c_str();
    if (!comp.name.empty()) cn.append_attribute("name") = comp.name.c_str();
    if (comp.level) cn.append_attribute("level") = comp.level;
    cn.append_attribute("complete") = comp.complete;
    for (const CriterionMatch& m : comp.matched) {
      pugi::xml_node mn = cn.append_child("match");
      mn.append_attribute("criterion") = m.criterion->id.c_str();
      mn.append_attribute("level") = m.level;
      if (m.criterion->kind != CriterionKind::criterion) mn.append_attribute("kind") = to_string(m.criterion->kind);
      mn.append_attribute("confidence") = to_string(m.criterion->confidence);
      text_attrs(mn.append_child("text"), m.criterion->text);
      cite_nodes(mn, m.criterion->cites, r);
    }
    for (const UndecidedCriterion& u : comp.undecided) {
      pugi::xml_node un = cn.append_child("undecided");
      un.append_attribute("criterion") = u.criterion->id.c_str();
      if (u.criterion->level) un.append_attribute("level") = u.criterion->level;
      for (const Question* q : u.unanswered) un.append_child("unanswered").append_attribute("q") = q->id.c_str();
    }
    for (const Gap* g : comp.gaps) {
      pugi::xml_node gn = cn.append_child("gap");
      gn.append_attribute("id") = g->id.c_str();
      gn.append_attribute("confidence") = to_string(g->confidence);
      text_attrs(gn.append_child("message"), g->message);
      cite_nodes(gn, g->cites, r);
    }
  }
  for (const Finding& f : c.findings) {
    pugi::xml_node fn = node.append_child("finding");
    fn.append_attribute("check") = f.check->id.c_str();
    fn.append_attribute("severity") = f.check->severity == CheckSeverity::block ? "block"
                                      : f.check->severity == CheckSeverity::warn ? "warn"
                                                                                 : "info";
    std::string comps;
    for (const std::string& id : f.components)
      if (!id.empty()) comps += (comps.empty() ? "" : " ") + id;
    if (!comps.empty()) fn.append_attribute("components") = comps.c_str();
    fn.append_attribute("confidence") = to_string(f.check->confidence);
    text_attrs(fn.append_child("message"), f.check->message);
    cite_nodes(fn, f.check->cites, r);
  }
  for (const MissingAnswer& m : c.missing) {
    pugi::xml_node mn = node.append_child("unanswered");
    mn.append_attribute("q") = m.question->id.c_str();
    if (!m.component.empty()) mn.append_attribute("component") = m.component.c_str();
  }
  for (const MissingAnswer& m : c.ignored) {
    pugi::xml_node mn = node.append_child("ignored");
    mn.append_attribute("q") = m.question->id.c_str();
    if (!m.component.empty()) mn.append_attribute("component") = m.component.c_str();
  }
}

std::string render_classification_xml(const Classification& c) {
  pugi::xml_document doc;
  pugi::xml_node decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  write_classification_xml(doc.append_child("classification"), c);
  std::ostringstream os;
  doc.save(os, "  ", pugi::format_default, pugi::encoding_utf8);
  return os.str();
}

}  // namespace capdo
