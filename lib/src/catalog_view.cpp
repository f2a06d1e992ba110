#include "capdo/catalog_view.h"

#include <sstream>

#include <fmt/format.h>
#include <pugixml.hpp>

namespace capdo {

const Text& requirement_text_at(const Requirement& req, int level) {
  const LevelEntry* e = req.at(level);
  if (e && !e->text.empty()) return e->text;
  return req.summary;
}

std::string format_params(const Regime& regime, const LevelEntry& e, Lang lang) {
  std::string s;
  for (const ParamValue& p : e.params) {
    const ParameterDef* def = regime.parameter(p.ref);
    if (!s.empty()) s += "; ";
    s += fmt::format("{}: {}{}", def ? def->name.get(lang) : p.ref, p.text.get(lang),
                     p.suggested ? tr(lang, " (gợi ý)", " (suggested)") : "");
  }
  return s;
}

namespace {

std::string tsv_clean(std::string s) {
  for (char& c : s)
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  return s;
}

bool selected(const Requirement& r, const std::string& group) {
  return group.empty() || r.group == group || r.category == group;
}

}  // namespace

std::string render_requirement_list(const Regime& regime, int level, const std::string& group, ListFormat format,
                                    Lang lang) {
  std::string out;
  if (format == ListFormat::tsv) {
    out += "id\tgroup\tcategory\tconfidence\ttitle_vi\ttitle_en\tannex_item\tclause\tapplies_if\tparameters\n";
    for (const Requirement* r : regime.requirements_at(level)) {
      if (!selected(*r, group)) continue;
      const LevelEntry& e = *r->at(level);
      out += fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n", r->id, r->group, r->category,
                         to_string(r->confidence_at(level)), tsv_clean(r->title.vi), tsv_clean(r->title.en),
                         e.annex_item, e.clause, tsv_clean(r->applies_if.source()),
                         tsv_clean(format_params(regime, e, lang)));
    }
    return out;
  }
  if (format == ListFormat::xml) {
    pugi::xml_document doc;
    pugi::xml_node decl = doc.append_child(pugi::node_declaration);
    decl.append_attribute("version") = "1.0";
    decl.append_attribute("encoding") = "UTF-8";
    pugi::xml_node root = doc.append_child("requirement-list");
    root.append_attribute("regime") = regime.id.c_str();
    root.append_attribute("catalog-version") = regime.version.c_str();
    root.append_attribute("level") = level;
    if (!group.empty()) root.append_attribute("group") = group.c_str();
    for (const Requirement* r : regime.requirements_at(level)) {
      if (!selected(*r, group)) continue;
      const LevelEntry& e = *r->at(level);
      pugi::xml_node n = root.append_child("requirement");
      n.append_attribute("id") = r->id.c_str();
      n.append_attribute("group") = r->group.c_str();
      n.append_attribute("category") = r->category.c_str();
      n.append_attribute("confidence") = to_string(r->confidence_at(level));
      if (!e.annex_item.empty()) n.append_attribute("annex-item") = e.annex_item.c_str();
      if (!e.clause.empty()) n.append_attribute("clause") = e.clause.c_str();
      if (!r->applies_if.empty()) n.append_attribute("applies-if") = r->applies_if.source().c_str();
      pugi::xml_node t = n.append_child("title");
      t.append_attribute("vi") = r->title.vi.c_str();
      t.append_attribute("en") = r->title.en.c_str();
      const Text& text = requirement_text_at(*r, level);
      pugi::xml_node tx = n.append_child("text");
      tx.append_attribute("vi") = text.vi.c_str();
      tx.append_attribute("en") = text.en.c_str();
      for (const ParamValue& p : e.params) {
        pugi::xml_node pn = n.append_child("param");
        pn.append_attribute("ref") = p.ref.c_str();
        if (!p.value.empty()) pn.append_attribute("value") = p.value.c_str();
        pn.append_attribute("vi") = p.text.vi.c_str();
        pn.append_attribute("en") = p.text.en.c_str();
        if (p.suggested) pn.append_attribute("suggested") = true;
      }
    }
    std::ostringstream os;
    doc.save(os, "  ", pugi::format_default, pugi::encoding_utf8);
    return os.str();
  }
  std::string current_cat;
  std::size_t count = 0;
  for (const Requirement* r : regime.requirements_at(level)) {
    if (!selected(*r, group)) continue;
    if (r->category != current_cat) {
      current_cat = r->category;
      const Category* cat = regime.category(current_cat);
      out += fmt::format("\n{}\n", cat ? cat->name.get(lang) : current_cat);
    }
    ++count;
    out += fmt::format("  {:<10} {}{}{}\n", r->id, r->title.get(lang), confidence_mark(r->confidence_at(level), lang),
                       r->applies_if.empty() ? "" : tr(lang, " (có điều kiện)", " (conditional)"));
  }
  out = fmt::format("{} — {} {}: {} {}\n", regime.name.get(lang), tr(lang, "cấp độ", "level"), level, count,
                    tr(lang, "yêu cầu", "requirements")) +
        out;
  return out;
}

std::string render_item(const Regime& regime, const std::string& id, Lang lang) {
  std::string s;
  if (const Requirement* r = regime.requirement(id)) {
    const Group* g = regime.group(r->group);
    const Category* c = regime.category(r->category);
    s += fmt::format("{} — {}{}\n", r->id, r->title.get(lang), confidence_mark(r->confidence, lang));
    s += fmt::format("{}: {} ({})\n", tr(lang, "Chế độ", "Regime"), regime.name.get(lang), regime.id);
    s += fmt::format("{}: {} / {}\n", tr(lang, "Nhóm", "Group"), g ? g->name.get(lang) : r->group,
                     c ? c->name.get(lang) : r->category);
    s += fmt::format("{}: {}\n", tr(lang, "Độ tin cậy", "Confidence"), confidence_label(r->confidence, lang));
    if (!r->note.empty()) s += fmt::format("{}: {}\n", tr(lang, "Ghi chú", "Note"), r->note.get(lang));
    if (!r->cites.empty()) s += fmt::format("{}: {}\n", tr(lang, "Căn cứ", "Citation"), format_cites(r->cites, regime, lang));
    if (!r->applies_if.empty()) s += fmt::format("{}: {}\n", tr(lang, "Chỉ áp dụng khi", "Applies only if"), r->applies_if.source());
    s += fmt::format("{}: {}\n", tr(lang, "Nội dung", "Summary"), r->summary.get(lang));
    std::string levels;
    for (const LevelEntry& e : r->levels) levels += fmt::format("{}{}", levels.empty() ? "" : ", ", e.level);
    s += fmt::format("{}: {}\n", tr(lang, "Áp dụng ở cấp độ", "Applies at levels"), levels);
    for (const LevelEntry& e : r->levels) {
      s += fmt::format("\n  {} {}", tr(lang, "Cấp độ", "Level"), e.level);
      if (!e.annex_item.empty()) s += fmt::format(" — {} {}", tr(lang, "mục phụ lục", "annex item"), e.annex_item);
      if (!e.clause.empty()) {
        const Document* std_doc = regime.document(regime.standard);
        s += fmt::format(" — {} {}", std_doc ? std_doc->name.get(lang) : regime.standard, e.clause);
      }
      if (e.confidence) s += confidence_mark(*e.confidence, lang);
      s += "\n";
      if (!e.text.empty()) s += fmt::format("    {}\n", e.text.get(lang));
      for (const Variant& v : e.variants)
        s += fmt::format("    {} {}: {}\n", tr(lang, "Khi", "When"), v.when.source(), v.text.get(lang));
      for (const ParamValue& p : e.params) {
        const ParameterDef* def = regime.parameter(p.ref);
        s += fmt::format("    {}: {}{}\n", def ? def->name.get(lang) : p.ref, p.text.get(lang),
                         p.suggested ? tr(lang, " (gợi ý)", " (suggested)") : "");
      }
    }
    return s;
  }
  if (const Criterion* c = regime.criterion(id)) {
    s += fmt::format("{} — {} {}{}{}\n", c->id, tr(lang, "tiêu chí cấp độ", "criterion for level"),
                     c->level ? std::to_string(c->level) : fmt::format("({})", c->level_from),
                     kind_mark(c->kind, lang), confidence_mark(c->confidence, lang));
    s += fmt::format("{}: {} ({})\n", tr(lang, "Chế độ", "Regime"), regime.name.get(lang), regime.id);
    s += fmt::format("{}\n", c->text.get(lang));
    s += fmt::format("{}: {}\n", tr(lang, "Căn cứ", "Citation"), format_cites(c->cites, regime, lang));
    s += fmt::format("{}: {}\n", tr(lang, "Điều kiện", "Condition"), c->when.source());
    if (!c->note.empty()) s += fmt::format("{}: {}\n", tr(lang, "Ghi chú", "Note"), c->note.get(lang));
    return s;
  }
  if (const Question* q = regime.question(id)) {
    s += fmt::format("{} — {} ({}){}\n", q->id, tr(lang, "câu hỏi", "question"), to_string(q->type),
                     confidence_mark(q->confidence, lang));
    s += fmt::format("{}\n", q->text.get(lang));
    if (!q->help.empty()) s += fmt::format("{}\n", q->help.get(lang));
    for (const Choice& ch : q->choices) s += fmt::format("  {:<16} {}\n", ch.id, ch.text.get(lang));
    if (!q->when.empty()) s += fmt::format("{}: {}\n", tr(lang, "Hỏi khi", "Asked when"), q->when.source());
    if (!q->cites.empty()) s += fmt::format("{}: {}\n", tr(lang, "Căn cứ", "Citation"), format_cites(q->cites, regime, lang));
    return s;
  }
  return s;
}

}  // namespace capdo
