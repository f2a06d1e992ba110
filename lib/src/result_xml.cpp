#include "capdo/result_xml.h"

#include <cmath>
#include <sstream>

#include <fmt/format.h>

namespace capdo {

std::string format_points(double points) {
  double r = std::round(points * 2.0) / 2.0;
  if (r == std::floor(r)) return fmt::format("{:.0f}", r);
  return fmt::format("{:.1f}", r);
}

namespace {

void opt_attr(pugi::xml_node n, const char* name, const std::string& v) {
  if (!v.empty()) n.append_attribute(name) = v.c_str();
}

void tally(pugi::xml_node parent, const char* scope, const Tally& t) {
  pugi::xml_node n = parent.append_child("score");
  n.append_attribute("scope") = scope;
  opt_attr(n, "id", t.id);
  n.append_attribute("applicable") = t.applicable;
  n.append_attribute("met") = t.met;
  n.append_attribute("partial") = t.partial;
  n.append_attribute("not-met") = t.not_met;
  n.append_attribute("excluded") = t.excluded;
  n.append_attribute("unanswered") = t.unanswered;
  n.append_attribute("na-without-reason") = t.na_without_reason;
  n.append_attribute("counted") = t.counted();
  n.append_attribute("points") = format_points(t.points).c_str();
  if (auto p = t.percent()) n.append_attribute("percent") = format_percent(p).c_str();
  if (!t.name.empty()) {
    pugi::xml_node nm = n.append_child("name");
    nm.append_attribute("vi") = t.name.vi.c_str();
    nm.append_attribute("en") = t.name.en.c_str();
  }
}

std::string flags_of(const ItemScore& i) {
  std::string s;
  for (Flag f : i.flags) s += (s.empty() ? "" : " ") + std::string(to_string(f));
  return s;
}

}  // namespace

void write_result_xml(pugi::xml_node node, const ScoreResult& r, const Dossier& d) {
  const Regime& regime = *r.regime;
  node.set_name("result");
  node.append_attribute("format") = kResultFormat;
  node.append_attribute("regime") = regime.id.c_str();
  node.append_attribute("catalog-version") = regime.version.c_str();
  node.append_attribute("date") = r.today.to_string().c_str();

  pugi::xml_node sys = node.append_child("system");
  opt_attr(sys, "name", d.system.name);
  opt_attr(sys, "code", d.system.code);
  opt_attr(sys, "unit", d.unit.name);
  opt_attr(sys, "unit-code", d.unit.code);
  opt_attr(sys, "province", d.unit.province);
  opt_attr(sys, "owner", d.owner.name);

  pugi::xml_node lv = node.append_child("level");
  if (d.proposal.proposed) lv.append_attribute("proposed") = d.proposal.proposed;
  if (r.classification.level) lv.append_attribute("computed") = r.classification.level;
  lv.append_attribute("computed-status") = to_string(r.classification.status);
  if (d.approval && d.approval->level) lv.append_attribute("approved") = d.approval->level;
  if (d.approval) {
    opt_attr(lv, "decision", d.approval->decision);
    if (d.approval->date) lv.append_attribute("decision-date") = d.approval->date->to_string().c_str();
    opt_attr(lv, "approver", d.approval->approver);
  }
  if (r.level) lv.append_attribute("assessed") = r.level;
  lv.append_attribute("achieved") = r.achieved_level;

  pugi::xml_node v = node.append_child("verdict");
  v.append_attribute("compliant") = r.compliant;
  v.append_attribute("audited") = r.audited;
  v.append_attribute("gaps") = static_cast<unsigned>(r.gaps.size());
  v.append_attribute("gaps-without-plan") = r.gaps_without_plan;
  v.append_attribute("discrepancies") = static_cast<unsigned>(r.discrepancies.size());

  pugi::xml_node scores = node.append_child("scores");
  tally(scores, "overall", r.overall);
  for (const Tally& t : r.groups) tally(scores, "group", t);
  for (const Tally& t : r.categories) tally(scores, "category", t);
  pugi::xml_node f = node.append_child("formula");
  f.append_attribute("vi") = formula_text(r, Lang::vi).c_str();
  f.append_attribute("en") = formula_text(r, Lang::en).c_str();

  pugi::xml_node due = node.append_child("due");
  if (r.last_assessment) due.append_attribute("last-assessment") = r.last_assessment->to_string().c_str();
  if (r.assessment_rule) due.append_attribute("interval") = r.assessment_rule->every.to_string().c_str();
  if (r.next_assessment) due.append_attribute("next-assessment") = r.next_assessment->to_string().c_str();
  due.append_attribute("overdue") = r.assessment_overdue;
  if (r.report_due) due.append_attribute("report") = r.report_due->to_string().c_str();

  write_classification_xml(node.append_child("classification"), r.classification);

  pugi::xml_node items = node.append_child("items");
  for (const ItemScore& i : r.items) {
    pugi::xml_node n = items.append_child("item");
    n.append_attribute("requirement") = i.requirement->id.c_str();
    n.append_attribute("group") = i.requirement->group.c_str();
    n.append_attribute("category") = i.requirement->category.c_str();
    n.append_attribute("confidence") = to_string(i.confidence);
    n.append_attribute("status") = to_string(i.effective);
    n.append_attribute("self") = to_string(i.self);
    if (i.verdict) n.append_attribute("auditor") = to_string(i.verdict->status);
    if (i.excluded) n.append_attribute("excluded") = true;
    else n.append_attribute("points") = format_points(i.points).c_str();
    std::string flags = flags_of(i);
    if (!flags.empty()) n.append_attribute("flags") = flags.c_str();
  }

  pugi::xml_node gaps = node.append_child("gaps");
  for (const ItemScore* i : r.gaps) {
    pugi::xml_node g = gaps.append_child("gap");
    g.append_attribute("requirement") = i->requirement->id.c_str();
    g.append_attribute("status") = to_string(i->effective);
    std::string flags = flags_of(*i);
    if (!flags.empty()) g.append_attribute("flags") = flags.c_str();
    if (i->assessment && !i->assessment->remediation.empty()) {
      const Remediation& rem = i->assessment->remediation;
      pugi::xml_node rn = g.append_child("remediation");
      opt_attr(rn, "action", rem.action);
      opt_attr(rn, "owner", rem.owner);
      if (rem.due) rn.append_attribute("due") = rem.due->to_string().c_str();
    }
  }
  pugi::xml_node disc = node.append_child("discrepancies");
  for (const Discrepancy& x : r.discrepancies) {
    pugi::xml_node n = disc.append_child("discrepancy");
    n.append_attribute("requirement") = x.requirement->id.c_str();
    n.append_attribute("self") = to_string(x.self);
    n.append_attribute("auditor") = to_string(x.auditor);
    if (!x.note.empty()) n.text() = x.note.c_str();
  }
}

std::string render_result_xml(const ScoreResult& r, const Dossier& d) {
  pugi::xml_document doc;
  pugi::xml_node decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  write_result_xml(doc.append_child("result"), r, d);
  std::ostringstream os;
  doc.save(os, "  ", pugi::format_default, pugi::encoding_utf8);
  return os.str();
}

}  // namespace capdo
