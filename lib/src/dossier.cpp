#include "capdo/dossier.h"

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <set>
#include <unordered_set>
#include <sstream>

#include <fmt/format.h>

#include "capdo/criteria_loader.h"
#include "capdo/error.h"
#include "capdo/xml_source.h"

namespace capdo {

const char* to_string(Status s) {
  switch (s) {
    case Status::unanswered: return "unanswered";
    case Status::met: return "met";
    case Status::partial: return "partial";
    case Status::not_met: return "not-met";
    case Status::not_applicable: return "not-applicable";
  }
  return "unanswered";
}

std::optional<Status> parse_status(std::string_view s) {
  if (s == "met") return Status::met;
  if (s == "partial") return Status::partial;
  if (s == "not-met") return Status::not_met;
  if (s == "not-applicable") return Status::not_applicable;
  if (s == "unanswered") return Status::unanswered;
  return std::nullopt;
}

const char* status_label(Status s, Lang lang) {
  switch (s) {
    case Status::unanswered: return tr(lang, "Chưa trả lời", "Unanswered");
    case Status::met: return tr(lang, "Đáp ứng đầy đủ", "Met");
    case Status::partial: return tr(lang, "Đáp ứng một phần", "Partly met");
    case Status::not_met: return tr(lang, "Chưa đáp ứng", "Not met");
    case Status::not_applicable: return tr(lang, "Không áp dụng", "Not applicable");
  }
  return "";
}

const std::vector<std::string>& unit_types() {
  static const std::vector<std::string> k = {"department", "district", "commune", "hospital", "school", "other"};
  return k;
}

namespace {

// Lowercases ASCII and the Vietnamese capitals that start unit names.
std::string fold(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  for (auto [from, to] : {std::pair<const char*, const char*>{"Ủ", "ủ"}, {"Ở", "ở"}, {"Đ", "đ"}, {"Ệ", "ệ"}}) {
    for (std::size_t p; (p = s.find(from)) != std::string::npos;) s.replace(p, std::string(from).size(), to);
  }
  return s;
}

bool starts(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

std::string unit_type(const Organisation& unit) {
  if (!unit.type.empty()) return unit.type;
  std::string n = fold(unit.name);
  if (starts(n, "sở ") || starts(n, "ban ") || starts(n, "văn phòng ") || starts(n, "thanh tra ")) return "department";
  if (starts(n, "ubnd huyện") || starts(n, "ubnd thị xã") || starts(n, "ubnd thành phố") ||
      starts(n, "ủy ban nhân dân huyện") || starts(n, "ủy ban nhân dân thị xã") || starts(n, "ủy ban nhân dân thành phố"))
    return "district";
  if (starts(n, "ubnd xã") || starts(n, "ubnd phường") || starts(n, "ubnd thị trấn") || starts(n, "ủy ban nhân dân xã") ||
      starts(n, "ủy ban nhân dân phường") || starts(n, "ủy ban nhân dân thị trấn"))
    return "commune";
  if (starts(n, "bệnh viện") || starts(n, "trung tâm y tế") || starts(n, "trạm y tế")) return "hospital";
  if (starts(n, "trường ")) return "school";
  return "other";
}

const char* unit_type_label(const std::string& type, Lang lang) {
  if (type == "department") return tr(lang, "Sở, ban, ngành", "Departments");
  if (type == "district") return tr(lang, "UBND cấp huyện", "District committees");
  if (type == "commune") return tr(lang, "UBND cấp xã", "Commune committees");
  if (type == "hospital") return tr(lang, "Cơ sở y tế", "Hospitals and health centres");
  if (type == "school") return tr(lang, "Cơ sở giáo dục", "Schools");
  return tr(lang, "Khác", "Other");
}

bool Dossier::operator==(const Dossier& o) const {
  return format_major == o.format_major && format_minor == o.format_minor && regime == o.regime &&
         catalog_version == o.catalog_version && unit == o.unit && owner == o.owner &&
         operating_unit == o.operating_unit && security_unit == o.security_unit && system == o.system &&
         answers == o.answers && proposal == o.proposal && approval == o.approval && assessments == o.assessments &&
         audit == o.audit && history == o.history;
}

int Dossier::assessed_level() const {
  if (approval && approval->level >= 1 && approval->level <= 5) return approval->level;
  return proposal.proposed;
}

Assessment* Dossier::assessment(std::string_view requirement) {
  for (Assessment& a : assessments)
    if (a.requirement == requirement) return &a;
  return nullptr;
}

const Assessment* Dossier::assessment(std::string_view requirement) const {
  for (const Assessment& a : assessments)
    if (a.requirement == requirement) return &a;
  return nullptr;
}

void Dossier::record(const std::string& who, const std::string& what) {
  std::string time;
  if (const char* env = std::getenv("CAPDO_NOW"); env && *env) {
    time = env;
  } else {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    time = buf;
  }
  history.push_back({time, who, what});
}

// ---- applicability -------------------------------------------------------------------------

namespace {

const ComponentResult* result_for(const Classification& c, const std::string& id) {
  for (const ComponentResult& r : c.components)
    if (r.id == id) return &r;
  return nullptr;
}

Tri any_component(const Expr& e, const Regime& regime, const Answers& answers, const Classification& c) {
  Tri out = Tri::no;
  for (const ComponentAnswers& comp : answers.effective_components()) {
    out = tri_or(out, eval_for_component(e, regime, answers, comp, result_for(c, comp.id)));
    if (out == Tri::yes) break;
  }
  return out;
}

}  // namespace

std::vector<const Requirement*> applicable_requirements(const Regime& regime, const Answers& answers,
                                                        const Classification& c, int level) {
  std::vector<const Requirement*> out;
  for (const Requirement* r : regime.requirements_at(level))
    if (requirement_applies(regime, *r, answers, c)) out.push_back(r);
  return out;
}

bool requirement_applies(const Regime& regime, const Requirement& req, const Answers& answers, const Classification& c) {
  return req.applies_if.empty() || any_component(req.applies_if, regime, answers, c) != Tri::no;
}

const Text& effective_text(const Regime& regime, const Requirement& req, int level, const Answers& answers,
                           const Classification& c) {
  const LevelEntry* e = req.at(level);
  if (e) {
    for (const Variant& v : e->variants)
      if (any_component(v.when, regime, answers, c) == Tri::yes) return v.text;
    if (!e->text.empty()) return e->text;
  }
  return req.summary;
}

// ---- writing -------------------------------------------------------------------------------

namespace {

void attr(pugi::xml_node n, const char* name, const std::string& v) {
  if (!v.empty()) n.append_attribute(name) = v.c_str();
}

void text_child(pugi::xml_node n, const char* name, const std::string& v) {
  if (!v.empty()) n.append_child(name).text() = v.c_str();
}

void write_org(pugi::xml_node parent, const char* name, const Organisation& o) {
  if (o.empty() && o.contact.name.empty() && o.contact.phone.empty() && o.contact.email.empty()) return;
  pugi::xml_node n = parent.append_child(name);
  attr(n, "name", o.name);
  attr(n, "type", o.type);
  attr(n, "code", o.code);
  attr(n, "province", o.province);
  attr(n, "address", o.address);
  const Contact& c = o.contact;
  if (!c.name.empty() || !c.role.empty() || !c.phone.empty() || !c.email.empty()) {
    pugi::xml_node cn = n.append_child("contact");
    attr(cn, "name", c.name);
    attr(cn, "role", c.role);
    attr(cn, "phone", c.phone);
    attr(cn, "email", c.email);
  }
}

std::string date_str(const std::optional<Date>& d) { return d ? d->to_string() : std::string(); }

}  // namespace

std::string write_dossier(const Dossier& d, const Regime& regime) {
  pugi::xml_document doc;
  pugi::xml_node decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  pugi::xml_node root = doc.append_child("dossier");
  root.append_attribute("format") = fmt::format("{}.{}", d.format_major, d.format_minor).c_str();
  root.append_attribute("regime") = regime.id.c_str();
  root.append_attribute("catalog-version") = regime.version.c_str();
  write_org(root, "unit", d.unit);
  write_org(root, "owner", d.owner);
  write_org(root, "operating-unit", d.operating_unit);
  write_org(root, "security-unit", d.security_unit);

  const SystemInfo& s = d.system;
  pugi::xml_node sys = root.append_child("system");
  attr(sys, "name", s.name);
  attr(sys, "code", s.code);
  text_child(sys, "purpose", s.purpose);
  if (s.users || !s.users_note.empty()) {
    pugi::xml_node u = sys.append_child("users");
    if (s.users) u.append_attribute("count") = std::to_string(*s.users).c_str();
    if (!s.users_note.empty()) u.text() = s.users_note.c_str();
  }
  if (s.data_subjects || !s.data_subjects_note.empty()) {
    pugi::xml_node u = sys.append_child("data-subjects");
    if (s.data_subjects) u.append_attribute("count") = std::to_string(*s.data_subjects).c_str();
    if (!s.data_subjects_note.empty()) u.text() = s.data_subjects_note.c_str();
  }
  if (!s.hosting_provider.empty() || !s.hosting_location.empty()) {
    pugi::xml_node h = sys.append_child("hosting");
    attr(h, "provider", s.hosting_provider);
    attr(h, "location", s.hosting_location);
  }
  for (const SystemComponent& c : s.components) {
    pugi::xml_node cn = sys.append_child("component");
    attr(cn, "id", c.id);
    attr(cn, "name", c.name);
    attr(cn, "kind", c.kind);
    if (!c.description.empty()) cn.text() = c.description.c_str();
  }
  for (const Connection& c : s.connections) {
    pugi::xml_node cn = sys.append_child("connection");
    attr(cn, "system", c.system);
    attr(cn, "direction", c.direction);
    attr(cn, "data", c.data);
  }

  Answers answers = d.answers;
  answers.regime = regime.id;
  write_answers(root.append_child("answers"), answers, regime);

  Classification c = classify(regime, answers);
  pugi::xml_node lv = root.append_child("level");
  if (d.proposal.proposed) lv.append_attribute("proposed") = d.proposal.proposed;
  text_child(lv, "justification", d.proposal.justification);
  write_classification_xml(lv.append_child("classification"), c);

  if (d.approval) {
    pugi::xml_node a = root.append_child("approval");
    if (d.approval->level) a.append_attribute("level") = d.approval->level;
    attr(a, "decision", d.approval->decision);
    attr(a, "date", date_str(d.approval->date));
    attr(a, "approver", d.approval->approver);
  }

  pugi::xml_node sa = root.append_child("self-assessment");
  if (d.assessed_level()) sa.append_attribute("level") = d.assessed_level();
  for (const Assessment& a : d.assessments) {
    pugi::xml_node item = sa.append_child("item");
    item.append_attribute("requirement") = a.requirement.c_str();
    item.append_attribute("status") = to_string(a.status);
    text_child(item, "implementation", a.implementation);
    text_child(item, "justification", a.justification);
    for (const Evidence& e : a.evidence) {
      pugi::xml_node en = item.append_child("evidence");
      attr(en, "title", e.title);
      attr(en, "location", e.location);
      attr(en, "date", date_str(e.date));
    }
    if (!a.remediation.empty()) {
      pugi::xml_node r = item.append_child("remediation");
      attr(r, "action", a.remediation.action);
      attr(r, "owner", a.remediation.owner);
      attr(r, "due", date_str(a.remediation.due));
    }
  }

  if (d.audit) {
    pugi::xml_node au = root.append_child("audit");
    attr(au, "auditor", d.audit->auditor);
    attr(au, "organisation", d.audit->organisation);
    attr(au, "date", date_str(d.audit->date));
    for (const Verdict& v : d.audit->verdicts) {
      pugi::xml_node vn = au.append_child("verdict");
      vn.append_attribute("requirement") = v.requirement.c_str();
      vn.append_attribute("status") = to_string(v.status);
      if (!v.note.empty()) vn.text() = v.note.c_str();
    }
  }

  if (!d.history.empty()) {
    pugi::xml_node h = root.append_child("history");
    for (const HistoryEntry& e : d.history) {
      pugi::xml_node cn = h.append_child("change");
      attr(cn, "time", e.time);
      attr(cn, "who", e.who);
      if (!e.what.empty()) cn.text() = e.what.c_str();
    }
  }
  std::ostringstream os;
  doc.save(os, "  ", pugi::format_default, pugi::encoding_utf8);
  return os.str();
}

void save_dossier(const std::string& path, const Dossier& d, const Regime& regime) {
  write_file_atomic(path, write_dossier(d, regime));
}

// ---- reading -------------------------------------------------------------------------------

namespace {

class Reader {
 public:
  Reader(const XmlSource& src, const Regime& regime, Diagnostics& diags, const DossierReadOptions& options)
      : src_(src), regime_(regime), diags_(diags), options_(options) {}

  void error(pugi::xml_node n, const char* a, std::string msg) { diags_.add(src_.diag(n, a, std::move(msg))); }
  void error(pugi::xml_node n, std::string msg) { diags_.add(src_.diag(n, std::move(msg))); }
  void warning(pugi::xml_node n, std::string msg) { diags_.add(src_.diag(n, std::move(msg), Severity::warning)); }

  // Reports attributes outside `allowed` (forward-compatible: warnings only).
  void known_attrs(pugi::xml_node n, std::initializer_list<const char*> allowed) {
    for (pugi::xml_attribute a : n.attributes()) {
      bool ok = false;
      for (const char* x : allowed) ok = ok || std::string_view(a.name()) == x;
      if (!ok) diags_.add(src_.diag(n, a.name(), fmt::format("unknown attribute '{}' on '{}' ignored", a.name(), n.name()), Severity::warning));
    }
  }

  std::optional<Date> date(pugi::xml_node n, const char* a) {
    pugi::xml_attribute at = n.attribute(a);
    if (!at || !*at.value()) return std::nullopt;
    auto d = Date::parse(at.value());
    if (!d) error(n, a, fmt::format("'{}' is not a date (YYYY-MM-DD)", at.value()));
    return d;
  }

  std::optional<long long> count(pugi::xml_node n) {
    pugi::xml_attribute at = n.attribute("count");
    if (!at) return std::nullopt;
    std::string_view v = at.value();
    if (v.empty() || v.size() > 15 || !std::all_of(v.begin(), v.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
      error(n, "count", fmt::format("'{}' is not a whole number", v));
      return std::nullopt;
    }
    return std::stoll(std::string(v));
  }

  int level_attr(pugi::xml_node n, const char* a) {
    pugi::xml_attribute at = n.attribute(a);
    if (!at) return 0;
    std::string_view v = at.value();
    if (v.size() != 1 || v[0] < '1' || v[0] > '5') {
      error(n, a, fmt::format("level '{}' is outside 1–5", v));
      return 0;
    }
    return v[0] - '0';
  }

  Status status(pugi::xml_node n) {
    std::string_view v = n.attribute("status").value();
    if (auto s = parse_status(v)) return *s;
    error(n, "status",
          fmt::format("unknown status '{}' (expected met, partial, not-met, not-applicable or unanswered){}", v,
                      [&] {
                        std::string m = closest_match(v, {"met", "partial", "not-met", "not-applicable", "unanswered"});
                        return m.empty() ? std::string() : fmt::format(", did you mean '{}'?", m);
                      }()));
    return Status::unanswered;
  }

  Organisation org(pugi::xml_node n) {
    Organisation o;
    if (!n) return o;
    known_attrs(n, {"name", "type", "code", "province", "address"});
    o.name = n.attribute("name").value();
    o.type = n.attribute("type").value();
    if (!o.type.empty()) {
      const auto& types = unit_types();
      if (std::find(types.begin(), types.end(), o.type) == types.end())
        error(n, "type", fmt::format("unknown unit type '{}' (expected department, district, commune, hospital, school or other)", o.type));
    }
    o.code = n.attribute("code").value();
    o.province = n.attribute("province").value();
    o.address = n.attribute("address").value();
    if (pugi::xml_node c = n.child("contact")) {
      known_attrs(c, {"name", "role", "phone", "email"});
      o.contact = {c.attribute("name").value(), c.attribute("role").value(), c.attribute("phone").value(),
                   c.attribute("email").value()};
    }
    return o;
  }

  Dossier read(pugi::xml_node root) {
    Dossier d;
    d.regime = regime_.id;
    d.catalog_version = root.attribute("catalog-version").value();
    static const std::set<std::string> top = {"unit", "owner", "operating-unit", "security-unit", "system", "answers",
                                              "level", "approval", "self-assessment", "audit", "history"};
    for (pugi::xml_node c : root.children())
      if (c.type() == pugi::node_element && !top.count(c.name()))
        warning(c, fmt::format("unknown element '{}' in 'dossier' ignored", c.name()));
    d.unit = org(root.child("unit"));
    d.owner = org(root.child("owner"));
    d.operating_unit = org(root.child("operating-unit"));
    d.security_unit = org(root.child("security-unit"));
    read_system(root.child("system"), d.system);
    if (pugi::xml_node a = root.child("answers")) d.answers = read_answers(src_, a, regime_, diags_);
    d.answers.regime = regime_.id;
    check_components(d, root.child("answers"));
    if (pugi::xml_node lv = root.child("level")) {
      d.proposal.proposed = level_attr(lv, "proposed");
      d.proposal.justification = lv.child_value("justification");
    }
    if (pugi::xml_node ap = root.child("approval")) {
      Approval a;
      a.level = level_attr(ap, "level");
      a.decision = ap.attribute("decision").value();
      a.date = date(ap, "date");
      a.approver = ap.attribute("approver").value();
      d.approval = a;
    }
    pugi::xml_node sa = root.child("self-assessment");
    std::size_t n = 0;
    for (pugi::xml_node item = sa.child("item"); item; item = item.next_sibling("item")) ++n;
    d.assessments.reserve(n);
    item_nodes_.reserve(n);
    std::unordered_set<std::string_view> seen;
    seen.reserve(n);
    for (pugi::xml_node item = sa.child("item"); item; item = item.next_sibling("item")) {
      Assessment a;
      const char* req = item.attribute("requirement").value();
      a.requirement = req;
      if (a.requirement.empty()) error(item, "'item' needs attribute 'requirement'");
      else if (!seen.insert(req).second)
        error(item, "requirement", fmt::format("requirement '{}' is assessed twice", a.requirement));
      a.status = status(item);
      // One pass over the item's children (the first of each kind counts, as child() gives).
      bool implementation = false, justification = false, remediation = false;
      for (pugi::xml_node c = item.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) continue;
        std::string_view name = c.name();
        if (name == "evidence") {
          std::optional<Date> when = date(c, "date");
          if (options_.texts) a.evidence.push_back({c.attribute("title").value(), c.attribute("location").value(), when});
        } else if (name == "justification" && !justification) {
          justification = true;
          a.justification = c.child_value();
        } else if (name == "implementation" && !implementation) {
          implementation = true;
          if (options_.texts) a.implementation = c.child_value();
        } else if (name == "remediation" && !remediation) {
          remediation = true;
          a.remediation = {c.attribute("action").value(), c.attribute("owner").value(), date(c, "due")};
        }
      }
      item_nodes_.push_back(item);
      d.assessments.push_back(std::move(a));
    }
    if (pugi::xml_node au = root.child("audit")) {
      Audit a;
      a.auditor = au.attribute("auditor").value();
      a.organisation = au.attribute("organisation").value();
      a.date = date(au, "date");
      std::set<std::string> vseen;
      for (pugi::xml_node v : au.children("verdict")) {
        Verdict x{v.attribute("requirement").value(), status(v), v.child_value()};
        if (!vseen.insert(x.requirement).second)
          error(v, "requirement", fmt::format("requirement '{}' has two verdicts", x.requirement));
        verdict_nodes_.push_back(v);
        a.verdicts.push_back(std::move(x));
      }
      d.audit = std::move(a);
    }
    for (pugi::xml_node c : root.child("history").children("change"))
      d.history.push_back({c.attribute("time").value(), c.attribute("who").value(), c.child_value()});
    return d;
  }

  void read_system(pugi::xml_node n, SystemInfo& s) {
    if (!n) return;
    s.name = n.attribute("name").value();
    s.code = n.attribute("code").value();
    s.purpose = n.child_value("purpose");
    if (pugi::xml_node u = n.child("users")) {
      s.users = count(u);
      s.users_note = u.child_value();
    }
    if (pugi::xml_node u = n.child("data-subjects")) {
      s.data_subjects = count(u);
      s.data_subjects_note = u.child_value();
    }
    if (pugi::xml_node h = n.child("hosting")) {
      s.hosting_provider = h.attribute("provider").value();
      s.hosting_location = h.attribute("location").value();
    }
    std::set<std::string> ids;
    for (pugi::xml_node c : n.children("component")) {
      SystemComponent sc{c.attribute("id").value(), c.attribute("name").value(), c.attribute("kind").value(), c.child_value()};
      if (sc.id.empty()) error(c, "'component' needs attribute 'id'");
      else if (!ids.insert(sc.id).second) error(c, "id", fmt::format("duplicate component id '{}'", sc.id));
      s.components.push_back(std::move(sc));
    }
    for (pugi::xml_node c : n.children("connection")) {
      Connection x{c.attribute("system").value(), c.attribute("direction").value(), c.attribute("data").value()};
      if (!x.direction.empty() && x.direction != "in" && x.direction != "out" && x.direction != "both")
        error(c, "direction", fmt::format("unknown direction '{}' (expected in, out or both)", x.direction));
      s.connections.push_back(std::move(x));
    }
  }

  void check_components(const Dossier& d, pugi::xml_node answers) {
    if (d.system.components.empty()) return;
    for (pugi::xml_node c : answers.children("component")) {
      std::string id = c.attribute("id").value();
      bool found = std::any_of(d.system.components.begin(), d.system.components.end(),
                               [&](const SystemComponent& sc) { return sc.id == id; });
      if (!found) error(c, "id", fmt::format("answers name component '{}', which the system description does not list", id));
    }
  }

  std::vector<pugi::xml_node> item_nodes_, verdict_nodes_;  ///< parallel to assessments and verdicts

 private:
  const XmlSource& src_;
  const Regime& regime_;
  Diagnostics& diags_;
  const DossierReadOptions& options_;
};

XmlSource open_dossier(const std::string& path) {
  XmlSource src = XmlSource::load(path);
  require_dossier_root(src);
  return src;
}

}  // namespace

void require_dossier_root(const XmlSource& src) {
  pugi::xml_node root = src.root();
  if (std::string_view(root.name()) != "dossier")
    throw InputError(src.diag(root, fmt::format("expected root element 'dossier', found '{}'", root.name())));
  std::string f = root.attribute("format").value();
  if (f.empty()) throw InputError(src.diag(root, "'dossier' needs attribute 'format'"));
  std::string major = f.substr(0, f.find('.'));
  if (major != std::to_string(kDossierFormatMajor))
    throw InputError(src.diag(root, "format",
                              fmt::format("unsupported dossier format '{}' (this capdo reads format {}.x)", f, kDossierFormatMajor)));
}

std::string peek_dossier_regime(const std::string& path) {
  XmlSource src = open_dossier(path);
  return src.root().attribute("regime").value();
}

Dossier read_dossier(const std::string& path, const Regime& regime, Diagnostics& diags) {
  XmlSource src = open_dossier(path);
  return read_dossier(src, regime, diags);
}

Dossier read_dossier(const XmlSource& src, const Regime& regime, Diagnostics& diags, const DossierReadOptions& options) {
  require_dossier_root(src);
  pugi::xml_node root = src.root();
  std::string rid = root.attribute("regime").value();
  if (rid != regime.id)
    throw InputError(src.diag(root, "regime", fmt::format("dossier is for regime '{}', not '{}'", rid, regime.id)));
  Reader r(src, regime, diags, options);
  Dossier d = r.read(root);
  std::string f = root.attribute("format").value();
  auto dot = f.find('.');
  d.format_major = kDossierFormatMajor;
  d.format_minor = dot == std::string::npos ? 0 : std::atoi(f.c_str() + dot + 1);
  // Semantic checks with the places they came from.
  std::vector<std::string> req_ids;
  for (std::size_t i = 0; i < d.assessments.size(); ++i) {
    const Assessment& a = d.assessments[i];
    if (a.requirement.empty() || regime.requirement(a.requirement)) continue;
    if (req_ids.empty())
      for (const Requirement& q : regime.requirements) req_ids.push_back(q.id);
    std::string m = closest_match(a.requirement, req_ids);
    r.error(r.item_nodes_[i], "requirement",
            fmt::format("unknown requirement '{}' in regime '{}'{}", a.requirement, regime.id,
                        m.empty() ? "" : fmt::format(", did you mean '{}'?", m)));
  }
  if (d.audit)
    for (std::size_t i = 0; i < d.audit->verdicts.size(); ++i)
      if (const Verdict& v = d.audit->verdicts[i]; !v.requirement.empty() && !regime.requirement(v.requirement))
        r.error(r.verdict_nodes_[i], "requirement",
                fmt::format("unknown requirement '{}' in regime '{}'", v.requirement, regime.id));
  return d;
}

}  // namespace capdo
