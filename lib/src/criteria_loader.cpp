#include "capdo/criteria_loader.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "capdo/error.h"
#include "capdo/xml_source.h"

namespace capdo {

namespace fs = std::filesystem;

std::string closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  // A unique candidate that the word abbreviates ("nd85" for "nd85-2016") is the best guess.
  if (word.size() >= 3) {
    std::string prefixed;
    int n = 0;
    for (const std::string& c : candidates)
      if (c.size() > word.size() && c.compare(0, word.size(), word) == 0) {
        prefixed = c;
        ++n;
      }
    if (n == 1) return prefixed;
  }
  std::string best;
  std::size_t best_d = SIZE_MAX;
  for (const std::string& c : candidates) {
    // Levenshtein distance with two rows.
    std::vector<std::size_t> prev(c.size() + 1), cur(c.size() + 1);
    for (std::size_t j = 0; j <= c.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= word.size(); ++i) {
      cur[0] = i;
      for (std::size_t j = 1; j <= c.size(); ++j) {
        std::size_t sub = prev[j - 1] + (word[i - 1] == c[j - 1] ? 0 : 1);
        cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
      }
      std::swap(prev, cur);
    }
    std::size_t d = prev[c.size()];
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  std::size_t limit = std::max<std::size_t>(1, word.size() / 3);
  if (word.size() >= 4 && best_d <= limit + 1) limit = limit + 1;
  return best_d <= limit && best_d > 0 ? best : std::string();
}

namespace {

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  std::string m = closest_match(word, candidates);
  return m.empty() ? std::string() : fmt::format(", did you mean '{}'?", m);
}

bool valid_id(std::string_view s) {
  if (s.empty()) return false;
  auto ok_first = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  auto ok = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == ':' || c == '-';
  };
  if (!ok_first(s[0])) return false;
  return std::all_of(s.begin(), s.end(), ok);
}

bool valid_question_id(std::string_view s) {
  if (s.empty() || !(s[0] >= 'a' && s[0] <= 'z')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

// Which attributes and children each element may have.
struct ElementSpec {
  std::vector<std::string> attrs;
  std::vector<std::string> required;
};

const std::map<std::string, ElementSpec>& specs() {
  static const std::map<std::string, ElementSpec> k = {
      {"regime", {{"id", "format", "version", "standard"}, {"id", "format", "version"}}},
      {"part", {{"regime", "format"}, {"regime", "format"}}},
      {"include", {{"href"}, {"href"}}},
      {"composition", {{"vi", "en"}, {}}},
      {"valid", {{"from", "until", "transitional-until"}, {"from"}}},
      {"document", {{"id", "kind", "number", "date", "confidence"}, {"id", "kind"}}},
      {"level", {{"n"}, {"n"}}},
      {"group", {{"id"}, {"id"}}},
      {"category", {{"id", "group"}, {"id", "group"}}},
      {"parameter", {{"id", "kind"}, {"id", "kind"}}},
      {"question", {{"id", "type", "scope", "purpose", "when", "min", "max", "required", "confidence"}, {"id", "type"}}},
      {"choice", {{"id", "vi", "en"}, {"id"}}},
      {"criterion", {{"id", "level", "level-from", "kind", "when", "confidence"}, {"id", "when"}}},
      {"check", {{"id", "severity", "when", "confidence"}, {"id", "severity", "when"}}},
      {"gap", {{"id", "when", "confidence"}, {"id", "when"}}},
      {"requirement", {{"id", "group", "category", "confidence", "applies-if"}, {"id", "group", "category", "confidence"}}},
      {"at", {{"level", "annex-item", "clause", "confidence"}, {"level"}}},
      {"variant", {{"when"}, {"when"}}},
      {"param", {{"ref", "value", "vi", "en", "suggested"}, {"ref"}}},
      {"see", {{"ref"}, {"ref"}}},
      {"cite", {{"doc", "art", "clause", "point", "annex", "section", "form"}, {"doc"}}},
      {"assessment", {{"levels", "every"}, {"levels", "every"}}},
      {"report", {{"period-start", "period-end", "unit-due", "owner-due"}, {"period-start", "period-end", "owner-due"}}},
  };
  return k;
}

// A pending expression to check once every question is known.
struct PendingExpr {
  const XmlSource* src;
  pugi::xml_node node;
  std::string attr;
  bool allow_matched;
  std::function<Expr&(Regime&)> get;
};

class Loader {
 public:
  explicit Loader(LoadResult& out) : out_(out), regime_(std::make_shared<Regime>()) {}

  void load(const std::string& entry, const std::vector<std::string>& extra_parts) {
    const XmlSource* src = open(entry);
    if (!src) return;
    pugi::xml_node root = src->root();
    if (std::string_view(root.name()) != "regime") {
      error(*src, root, fmt::format("expected root element 'regime', found '{}'", root.name()));
      return;
    }
    regime_->source_file = entry;
    read_regime(*src, root);
    for (const std::string& p : extra_parts) {
      if (included_.count(fs::weakly_canonical(p).string())) continue;
      read_part_file(p, nullptr, {});
    }
    finish();
    out_.regime = regime_;
  }

 private:
  // ---- diagnostics -------------------------------------------------------------------
  void error(const XmlSource& src, pugi::xml_node n, std::string msg) { out_.diagnostics.add(src.diag(n, std::move(msg))); }
  void error(const XmlSource& src, pugi::xml_node n, const char* attr, std::string msg) {
    out_.diagnostics.add(src.diag(n, attr, std::move(msg)));
  }
  std::string where(const XmlSource& src, pugi::xml_node n) const {
    auto [l, c] = src.where(n);
    return fmt::format("{}:{}:{}", src.path(), l, c);
  }

  const XmlSource* open(const std::string& path) {
    out_.files.push_back(path);
    try {
      sources_.push_back(std::make_unique<XmlSource>(XmlSource::load(path)));
      return sources_.back().get();
    } catch (const InputError& e) {
      out_.diagnostics.add(e.diagnostic());
    } catch (const IoError& e) {
      out_.diagnostics.add(Diagnostic{path, 0, 0, {}, Severity::error, e.what()});
    }
    return nullptr;
  }

  // ---- attribute helpers -------------------------------------------------------------
  void check_attrs(const XmlSource& src, pugi::xml_node n) {
    auto it = specs().find(n.name());
    if (it == specs().end()) return;
    const ElementSpec& spec = it->second;
    for (pugi::xml_attribute a : n.attributes()) {
      std::string_view an = a.name();
      if (an.rfind("xmlns", 0) == 0 || an.rfind("xsi:", 0) == 0) continue;
      if (std::find(spec.attrs.begin(), spec.attrs.end(), an) == spec.attrs.end())
        error(src, n, a.name(), fmt::format("unknown attribute '{}' on '{}'{}", an, n.name(), did_you_mean(an, spec.attrs)));
    }
    for (const std::string& r : spec.required)
      if (!n.attribute(r.c_str())) error(src, n, fmt::format("'{}' needs attribute '{}'", n.name(), r));
  }

  std::optional<int> read_level(const XmlSource& src, pugi::xml_node n, const char* attr) {
    pugi::xml_attribute a = n.attribute(attr);
    if (!a) return std::nullopt;
    std::string_view v = a.value();
    int level = 0;
    bool digits = !v.empty() && v.size() <= 3 && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (digits) level = std::stoi(std::string(v));
    if (!digits || level < 1 || level > 5) {
      error(src, n, attr, fmt::format("level '{}' is outside 1–5", v));
      return std::nullopt;
    }
    return level;
  }

  Confidence read_confidence(const XmlSource& src, pugi::xml_node n, Confidence def) {
    pugi::xml_attribute a = n.attribute("confidence");
    if (!a) return def;
    if (auto c = parse_confidence(a.value())) return *c;
    error(src, n, "confidence",
          fmt::format("unknown confidence '{}' (expected verified, secondary or unverified){}", a.value(),
                      did_you_mean(a.value(), {"verified", "secondary", "unverified"})));
    return def;
  }

  Text read_text_element(const XmlSource& src, pugi::xml_node n) {
    check_text_attrs(src, n);
    return Text{n.attribute("vi").value(), n.attribute("en").value()};
  }

  void check_text_attrs(const XmlSource& src, pugi::xml_node n) {
    for (pugi::xml_attribute a : n.attributes()) {
      std::string_view an = a.name();
      if (an != "vi" && an != "en")
        error(src, n, a.name(), fmt::format("unknown attribute '{}' on '{}'{}", an, n.name(), did_you_mean(an, {"vi", "en"})));
    }
    require_bilingual(src, n);
  }

  void require_bilingual(const XmlSource& src, pugi::xml_node n) {
    auto blank = [](const char* s) {
      std::string_view v(s);
      return v.find_first_not_of(" \t\r\n") == std::string_view::npos;
    };
    if (blank(n.attribute("vi").value()))
      error(src, n, fmt::format("missing Vietnamese text ('vi') on '{}'", n.name()));
    if (blank(n.attribute("en").value()))
      error(src, n, fmt::format("missing English text ('en') on '{}'", n.name()));
    if (!n.text().empty() && std::string_view(n.child_value()).find_first_not_of(" \t\r\n") != std::string_view::npos)
      error(src, n, fmt::format("'{}' takes its text in the 'vi' and 'en' attributes, not as content", n.name()));
  }

  Cite read_cite(const XmlSource& src, pugi::xml_node n) {
    check_attrs(src, n);
    Cite c{n.attribute("doc").value(),     n.attribute("art").value(),     n.attribute("clause").value(),
           n.attribute("point").value(),   n.attribute("annex").value(),   n.attribute("section").value(),
           n.attribute("form").value()};
    if (!c.doc.empty()) cite_refs_.push_back({&src, n, c.doc});
    return c;
  }

  // Reads the common children: text elements and cites. Calls `other` for the rest;
  // `other` returns false for an unexpected element.
  template <typename F>
  void children(const XmlSource& src, pugi::xml_node n, const std::vector<std::string>& texts,
                std::map<std::string, Text*> slots, std::vector<Cite>* cites, F other) {
    std::set<std::string> seen;
    for (pugi::xml_node c : n.children()) {
      if (c.type() != pugi::node_element) continue;
      std::string name = c.name();
      if (slots.count(name)) {
        if (!seen.insert(name).second) error(src, c, fmt::format("'{}' appears twice in '{}'", name, n.name()));
        *slots[name] = read_text_element(src, c);
      } else if (name == "cite" && cites) {
        cites->push_back(read_cite(src, c));
      } else if (!other(c)) {
        std::vector<std::string> allowed = texts;
        if (cites) allowed.push_back("cite");
        error(src, c, fmt::format("unexpected element '{}' in '{}'{}", name, n.name(), did_you_mean(name, allowed)));
      }
    }
  }

  static auto none() {
    return [](pugi::xml_node) { return false; };
  }

  void add_id(const XmlSource& src, pugi::xml_node n, const std::string& kind, const std::string& id, bool question = false) {
    if (id.empty()) return;
    if (question ? !valid_question_id(id) : !valid_id(id)) {
      error(src, n, "id",
            question ? fmt::format("invalid question id '{}' (use lowercase letters, digits and '_')", id)
                     : fmt::format("invalid id '{}'", id));
    }
    auto key = kind + "\x1f" + id;
    auto it = ids_.find(key);
    if (it != ids_.end()) {
      // Positions are computed only when needed: most ids are unique.
      auto [l, c] = it->second.first->where(it->second.second, "id");
      error(src, n, "id",
            fmt::format("duplicate {} id '{}' (first defined at {}:{}:{})", kind, id, it->second.first->path(), l, c));
      return;
    }
    ids_.emplace(key, std::make_pair(&src, n));
  }

  void expr(const XmlSource& src, pugi::xml_node n, const char* attr, bool allow_matched,
            std::function<Expr&(Regime&)> get) {
    pugi::xml_attribute a = n.attribute(attr);
    if (!a) return;
    Expr& e = get(*regime_);
    std::string err;
    std::size_t pos = 0;
    if (!Expr::parse(a.value(), e, err, pos)) {
      auto [l, c] = src.where(n, attr, pos);
      out_.diagnostics.add(Diagnostic{src.path(), l, c, {}, Severity::error, fmt::format("in '{}': {}", attr, err)});
      return;
    }
    pending_.push_back({&src, n, attr, allow_matched, std::move(get)});
  }

  // ---- files ---------------------------------------------------------------------------
  void read_regime(const XmlSource& src, pugi::xml_node root) {
    check_attrs(src, root);
    Regime& r = *regime_;
    r.id = root.attribute("id").value();
    if (!r.id.empty() && !valid_id(r.id)) error(src, root, "id", fmt::format("invalid regime id '{}'", r.id));
    r.version = root.attribute("version").value();
    r.standard = root.attribute("standard").value();
    if (!r.standard.empty()) cite_refs_.push_back({&src, root, r.standard, "standard"});
    if (!check_format(src, root)) return;
    bool have_valid = false;
    for (pugi::xml_node c : root.children()) {
      if (c.type() != pugi::node_element) continue;
      std::string_view name = c.name();
      if (name == "name") {
        r.name = read_text_element(src, c);
      } else if (name == "note") {
        r.note = read_text_element(src, c);
      } else if (name == "composition") {
        check_attrs(src, c);
        require_bilingual(src, c);
        r.composition_text = Text{c.attribute("vi").value(), c.attribute("en").value()};
        children(src, c, {}, {}, &r.composition_cites, none());
      } else if (name == "valid") {
        have_valid = true;
        read_valid(src, c);
      } else if (name == "include") {
        check_attrs(src, c);
        std::string href = c.attribute("href").value();
        if (href.empty()) continue;
        if (href.find("..") != std::string::npos || href.find('/') != std::string::npos || href[0] == '.') {
          error(src, c, "href", fmt::format("include '{}' must name a file in the same folder", href));
          continue;
        }
        std::string path = (fs::path(src.path()).parent_path() / href).string();
        read_part_file(path, &src, c);
      } else if (!read_section(src, c)) {
        error(src, c, fmt::format("unexpected element '{}' in 'regime'{}", name, did_you_mean(name, section_names())));
      }
    }
    if (r.name.empty()) error(src, root, "'regime' needs a 'name'");
    if (!have_valid) error(src, root, "'regime' needs a 'valid' element with the dates it applies");
  }

  bool check_format(const XmlSource& src, pugi::xml_node root) {
    std::string_view f = root.attribute("format").value();
    if (f.empty()) return true;  // reported by check_attrs
    if (f != std::to_string(kCriteriaFormat) && f.rfind(std::to_string(kCriteriaFormat) + ".", 0) != 0) {
      error(src, root, "format",
            fmt::format("unsupported criteria format '{}' (this capdo reads format {})", f, kCriteriaFormat));
      return false;
    }
    return true;
  }

  void read_part_file(const std::string& path, const XmlSource* from, pugi::xml_node include) {
    std::string key = fs::weakly_canonical(path).string();
    if (!included_.insert(key).second) {
      if (from) error(*from, include, "href", fmt::format("'{}' is included twice", include.attribute("href").value()));
      return;
    }
    if (from && !fs::exists(path)) {
      error(*from, include, "href", fmt::format("cannot open included file '{}'", path));
      return;
    }
    const XmlSource* src = open(path);
    if (!src) return;
    pugi::xml_node root = src->root();
    if (std::string_view(root.name()) != "part") {
      error(*src, root, fmt::format("expected root element 'part', found '{}'", root.name()));
      return;
    }
    check_attrs(*src, root);
    if (!check_format(*src, root)) return;
    std::string_view rid = root.attribute("regime").value();
    if (!rid.empty() && rid != regime_->id)
      error(*src, root, "regime", fmt::format("part belongs to regime '{}', not '{}'", rid, regime_->id));
    for (pugi::xml_node c : root.children()) {
      if (c.type() != pugi::node_element) continue;
      if (!read_section(*src, c))
        error(*src, c, fmt::format("unexpected element '{}' in 'part'{}", c.name(), did_you_mean(c.name(), section_names())));
    }
  }

  static const std::vector<std::string>& section_names() {
    static const std::vector<std::string> k = {"documents", "levels", "groups", "parameters", "questions",
                                               "criteria",  "checks", "gaps",   "requirements", "schedule"};
    return k;
  }

  bool read_section(const XmlSource& src, pugi::xml_node sec) {
    std::string_view name = sec.name();
    auto each = [&](const char* child, auto fn) {
      for (pugi::xml_node c : sec.children()) {
        if (c.type() != pugi::node_element) continue;
        if (std::string_view(c.name()) == child) {
          check_attrs(src, c);
          fn(c);
        } else {
          error(src, c, fmt::format("unexpected element '{}' in '{}'{}", c.name(), name, did_you_mean(c.name(), {child})));
        }
      }
    };
    if (name == "documents") {
      each("document", [&](pugi::xml_node c) { read_document(src, c); });
    } else if (name == "levels") {
      each("level", [&](pugi::xml_node c) { read_level_info(src, c); });
    } else if (name == "groups") {
      for (pugi::xml_node c : sec.children()) {
        if (c.type() != pugi::node_element) continue;
        check_attrs(src, c);
        if (std::string_view(c.name()) == "group") read_group(src, c);
        else if (std::string_view(c.name()) == "category") read_category(src, c);
        else error(src, c, fmt::format("unexpected element '{}' in 'groups'{}", c.name(), did_you_mean(c.name(), {"group", "category"})));
      }
    } else if (name == "parameters") {
      each("parameter", [&](pugi::xml_node c) { read_parameter(src, c); });
    } else if (name == "questions") {
      each("question", [&](pugi::xml_node c) { read_question(src, c); });
    } else if (name == "criteria") {
      each("criterion", [&](pugi::xml_node c) { read_criterion(src, c); });
    } else if (name == "checks") {
      each("check", [&](pugi::xml_node c) { read_check(src, c); });
    } else if (name == "gaps") {
      each("gap", [&](pugi::xml_node c) { read_gap(src, c); });
    } else if (name == "requirements") {
      each("requirement", [&](pugi::xml_node c) { read_requirement(src, c); });
    } else if (name == "schedule") {
      for (pugi::xml_node c : sec.children()) {
        if (c.type() != pugi::node_element) continue;
        check_attrs(src, c);
        if (std::string_view(c.name()) == "assessment") read_assessment(src, c);
        else if (std::string_view(c.name()) == "report") read_report(src, c);
        else error(src, c, fmt::format("unexpected element '{}' in 'schedule'{}", c.name(), did_you_mean(c.name(), {"assessment", "report"})));
      }
    } else {
      return false;
    }
    return true;
  }

  void read_valid(const XmlSource& src, pugi::xml_node n) {
    check_attrs(src, n);
    auto date = [&](const char* attr) -> std::optional<Date> {
      pugi::xml_attribute a = n.attribute(attr);
      if (!a) return std::nullopt;
      auto d = Date::parse(a.value());
      if (!d) error(src, n, attr, fmt::format("'{}' is not a date (YYYY-MM-DD)", a.value()));
      return d;
    };
    if (auto d = date("from")) regime_->valid_from = *d;
    regime_->valid_until = date("until");
    regime_->transitional_until = date("transitional-until");
    if (regime_->valid_until && *regime_->valid_until < regime_->valid_from)
      error(src, n, "until", "'until' is before 'from'");
  }

  void read_document(const XmlSource& src, pugi::xml_node n) {
    Document d;
    d.id = n.attribute("id").value();
    d.kind = n.attribute("kind").value();
    d.number = n.attribute("number").value();
    d.date = n.attribute("date").value();
    d.confidence = read_confidence(src, n, Confidence::verified);
    static const std::vector<std::string> kinds = {"law", "decree", "circular", "decision", "standard", "other"};
    if (!d.kind.empty() && std::find(kinds.begin(), kinds.end(), d.kind) == kinds.end())
      error(src, n, "kind", fmt::format("unknown document kind '{}'{}", d.kind, did_you_mean(d.kind, kinds)));
    if (!d.date.empty() && !Date::parse(d.date)) error(src, n, "date", fmt::format("'{}' is not a date (YYYY-MM-DD)", d.date));
    children(src, n, {"name"}, {{"name", &d.name}}, nullptr, none());
    if (d.name.empty()) error(src, n, "'document' needs a 'name'");
    add_id(src, n, "document", d.id);
    regime_->documents.push_back(std::move(d));
  }

  void read_level_info(const XmlSource& src, pugi::xml_node n) {
    LevelInfo l;
    l.n = read_level(src, n, "n").value_or(0);
    children(src, n, {"name", "harm"}, {{"name", &l.name}, {"harm", &l.harm}}, &l.cites, none());
    if (l.n) {
      for (const LevelInfo& o : regime_->levels)
        if (o.n == l.n) error(src, n, "n", fmt::format("level {} is described twice", l.n));
    }
    regime_->levels.push_back(std::move(l));
  }

  void read_group(const XmlSource& src, pugi::xml_node n) {
    Group g;
    g.id = n.attribute("id").value();
    children(src, n, {"name"}, {{"name", &g.name}}, nullptr, none());
    if (g.name.empty()) error(src, n, "'group' needs a 'name'");
    add_id(src, n, "group", g.id);
    regime_->groups.push_back(std::move(g));
  }

  void read_category(const XmlSource& src, pugi::xml_node n) {
    Category c;
    c.id = n.attribute("id").value();
    c.group = n.attribute("group").value();
    children(src, n, {"name"}, {{"name", &c.name}}, &c.cites, none());
    if (c.name.empty()) error(src, n, "'category' needs a 'name'");
    add_id(src, n, "category", c.id);
    group_refs_.push_back({&src, n, c.group});
    regime_->categories.push_back(std::move(c));
  }

  void read_parameter(const XmlSource& src, pugi::xml_node n) {
    ParameterDef p;
    p.id = n.attribute("id").value();
    std::string_view kind = n.attribute("kind").value();
    static const std::vector<std::string> kinds = {"duration", "frequency", "number", "distance-km", "text"};
    if (kind == "duration") p.kind = ParamKind::duration;
    else if (kind == "frequency") p.kind = ParamKind::frequency;
    else if (kind == "number") p.kind = ParamKind::number;
    else if (kind == "distance-km") p.kind = ParamKind::distance_km;
    else if (kind == "text") p.kind = ParamKind::text;
    else if (!kind.empty()) error(src, n, "kind", fmt::format("unknown parameter kind '{}'{}", kind, did_you_mean(kind, kinds)));
    children(src, n, {"name"}, {{"name", &p.name}}, nullptr, none());
    if (p.name.empty()) error(src, n, "'parameter' needs a 'name'");
    add_id(src, n, "parameter", p.id);
    regime_->parameters.push_back(std::move(p));
  }

  std::optional<long long> read_int(const XmlSource& src, pugi::xml_node n, const char* attr) {
    pugi::xml_attribute a = n.attribute(attr);
    if (!a) return std::nullopt;
    std::string_view v = a.value();
    std::size_t start = !v.empty() && v[0] == '-' ? 1 : 0;
    if (v.size() <= start || v.size() > 16 || !std::all_of(v.begin() + static_cast<long>(start), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      error(src, n, attr, fmt::format("'{}' is not a whole number", v));
      return std::nullopt;
    }
    return std::stoll(std::string(v));
  }

  void read_question(const XmlSource& src, pugi::xml_node n) {
    Question q;
    q.id = n.attribute("id").value();
    std::string_view type = n.attribute("type").value();
    static const std::vector<std::string> types = {"yes-no", "one-of", "many-of", "number", "text", "date"};
    if (type == "yes-no") q.type = QuestionType::yes_no;
    else if (type == "one-of") q.type = QuestionType::one_of;
    else if (type == "many-of") q.type = QuestionType::many_of;
    else if (type == "number") q.type = QuestionType::number;
    else if (type == "text") q.type = QuestionType::text;
    else if (type == "date") q.type = QuestionType::date;
    else if (!type.empty()) error(src, n, "type", fmt::format("unknown question type '{}'{}", type, did_you_mean(type, types)));
    std::string_view scope = n.attribute("scope").value();
    if (scope.empty() || scope == "system") q.scope = Scope::system;
    else if (scope == "component") q.scope = Scope::component;
    else error(src, n, "scope", fmt::format("unknown scope '{}' (expected system or component)", scope));
    std::string_view purpose = n.attribute("purpose").value();
    if (purpose.empty() || purpose == "level") q.purpose = Purpose::level;
    else if (purpose == "boundary") q.purpose = Purpose::boundary;
    else if (purpose == "applicability") q.purpose = Purpose::applicability;
    else error(src, n, "purpose", fmt::format("unknown purpose '{}' (expected boundary, level or applicability)", purpose));
    std::string_view req = n.attribute("required").value();
    if (req == "false") q.required = false;
    else if (!req.empty() && req != "true") error(src, n, "required", "'required' must be true or false");
    q.confidence = read_confidence(src, n, Confidence::verified);
    q.min = read_int(src, n, "min");
    q.max = read_int(src, n, "max");
    if ((q.min || q.max) && q.type != QuestionType::number) error(src, n, "'min' and 'max' are only for number questions");
    if (q.min && q.max && *q.min > *q.max) error(src, n, "max", "'max' is smaller than 'min'");
    std::set<std::string> choice_ids;
    children(src, n, {"text", "help"}, {{"text", &q.text}, {"help", &q.help}}, &q.cites, [&](pugi::xml_node c) {
      if (std::string_view(c.name()) != "choice") return false;
      check_attrs(src, c);
      Choice ch;
      ch.id = c.attribute("id").value();
      require_bilingual(src, c);
      ch.text = Text{c.attribute("vi").value(), c.attribute("en").value()};
      if (!ch.id.empty() && !valid_question_id(ch.id))
        error(src, c, "id", fmt::format("invalid choice id '{}' (use lowercase letters, digits and '_')", ch.id));
      if (!choice_ids.insert(ch.id).second) error(src, c, "id", fmt::format("duplicate choice '{}' in question '{}'", ch.id, q.id));
      q.choices.push_back(std::move(ch));
      return true;
    });
    if (q.text.empty()) error(src, n, "'question' needs a 'text'");
    bool choicey = q.type == QuestionType::one_of || q.type == QuestionType::many_of;
    if (choicey && q.choices.empty()) error(src, n, fmt::format("{} question '{}' has no choices", to_string(q.type), q.id));
    if (!choicey && !q.choices.empty()) error(src, n, fmt::format("{} question '{}' cannot have choices", to_string(q.type), q.id));
    add_id(src, n, "question", q.id, true);
    std::size_t i = regime_->questions.size();
    regime_->questions.push_back(std::move(q));
    expr(src, n, "when", false, [i](Regime& r) -> Expr& { return r.questions[i].when; });
  }

  void read_criterion(const XmlSource& src, pugi::xml_node n) {
    Criterion c;
    c.id = n.attribute("id").value();
    bool has_level = n.attribute("level"), has_from = n.attribute("level-from");
    if (has_level == has_from) error(src, n, "'criterion' needs either 'level' or 'level-from'");
    if (has_level) c.level = read_level(src, n, "level").value_or(0);
    c.level_from = n.attribute("level-from").value();
    std::string_view kind = n.attribute("kind").value();
    if (kind == "floor") c.kind = CriterionKind::floor;
    else if (kind == "raise") c.kind = CriterionKind::raise;
    else if (!kind.empty() && kind != "criterion")
      error(src, n, "kind", fmt::format("unknown criterion kind '{}' (expected criterion, floor or raise)", kind));
    c.confidence = read_confidence(src, n, Confidence::verified);
    children(src, n, {"text", "note"}, {{"text", &c.text}, {"note", &c.note}}, &c.cites, none());
    if (c.text.empty()) error(src, n, "'criterion' needs a 'text'");
    if (c.cites.empty()) error(src, n, fmt::format("criterion '{}' has no 'cite'", c.id));
    add_id(src, n, "criterion", c.id);
    std::size_t i = regime_->criteria.size();
    if (has_from) level_from_refs_.push_back({&src, n, i});
    regime_->criteria.push_back(std::move(c));
    expr(src, n, "when", false, [i](Regime& r) -> Expr& { return r.criteria[i].when; });
  }

  void read_check(const XmlSource& src, pugi::xml_node n) {
    Check c;
    c.id = n.attribute("id").value();
    std::string_view sev = n.attribute("severity").value();
    if (sev == "block") c.severity = CheckSeverity::block;
    else if (sev == "warn") c.severity = CheckSeverity::warn;
    else if (sev == "info") c.severity = CheckSeverity::info;
    else if (!sev.empty())
      error(src, n, "severity", fmt::format("unknown severity '{}' (expected block, warn or info){}", sev,
                                            did_you_mean(sev, {"block", "warn", "info"})));
    c.confidence = read_confidence(src, n, Confidence::verified);
    children(src, n, {"message"}, {{"message", &c.message}}, &c.cites, none());
    if (c.message.empty()) error(src, n, "'check' needs a 'message'");
    add_id(src, n, "check", c.id);
    std::size_t i = regime_->checks.size();
    regime_->checks.push_back(std::move(c));
    expr(src, n, "when", false, [i](Regime& r) -> Expr& { return r.checks[i].when; });
  }

  void read_gap(const XmlSource& src, pugi::xml_node n) {
    Gap g;
    g.id = n.attribute("id").value();
    g.confidence = read_confidence(src, n, Confidence::verified);
    children(src, n, {"message"}, {{"message", &g.message}}, &g.cites, none());
    if (g.message.empty()) error(src, n, "'gap' needs a 'message'");
    add_id(src, n, "gap", g.id);
    std::size_t i = regime_->gaps.size();
    regime_->gaps.push_back(std::move(g));
    expr(src, n, "when", false, [i](Regime& r) -> Expr& { return r.gaps[i].when; });
  }

  void read_requirement(const XmlSource& src, pugi::xml_node n) {
    Requirement q;
    q.id = n.attribute("id").value();
    q.group = n.attribute("group").value();
    q.category = n.attribute("category").value();
    q.confidence = read_confidence(src, n, Confidence::unverified);
    std::size_t ri = regime_->requirements.size();
    std::vector<std::pair<pugi::xml_node, std::size_t>> at_nodes;
    children(src, n, {"title", "summary", "note"}, {{"title", &q.title}, {"summary", &q.summary}, {"note", &q.note}},
             &q.cites, [&](pugi::xml_node c) {
               std::string_view cn = c.name();
               if (cn == "see") {
                 check_attrs(src, c);
                 see_refs_.push_back({&src, c, c.attribute("ref").value()});
                 return true;
               }
               if (cn != "at") return false;
               check_attrs(src, c);
               LevelEntry e;
               e.level = read_level(src, c, "level").value_or(0);
               e.annex_item = c.attribute("annex-item").value();
               e.clause = c.attribute("clause").value();
               if (c.attribute("confidence")) e.confidence = read_confidence(src, c, q.confidence);
               for (const LevelEntry& o : q.levels)
                 if (e.level && o.level == e.level) error(src, c, "level", fmt::format("level {} is listed twice in requirement '{}'", e.level, q.id));
               at_nodes.emplace_back(c, q.levels.size());
               read_level_entry(src, c, e);
               q.levels.push_back(std::move(e));
               return true;
             });
    if (q.title.empty()) error(src, n, "'requirement' needs a 'title'");
    if (q.levels.empty()) error(src, n, fmt::format("requirement '{}' applies at no level (add an 'at' element)", q.id));
    add_id(src, n, "requirement", q.id);
    req_refs_.push_back({&src, n, ri});
    regime_->requirements.push_back(std::move(q));
    expr(src, n, "applies-if", true, [ri](Regime& r) -> Expr& { return r.requirements[ri].applies_if; });
    for (auto& [node, li] : at_nodes) {
      std::size_t vi = 0;
      for (pugi::xml_node v : node.children("variant")) {
        std::size_t vidx = vi++;
        std::size_t l = li;
        expr(src, v, "when", true, [ri, l, vidx](Regime& r) -> Expr& { return r.requirements[ri].levels[l].variants[vidx].when; });
      }
    }
  }

  void read_level_entry(const XmlSource& src, pugi::xml_node at, LevelEntry& e) {
    children(src, at, {"text"}, {{"text", &e.text}}, nullptr, [&](pugi::xml_node c) {
      std::string_view cn = c.name();
      if (cn == "variant") {
        check_attrs(src, c);
        Variant v;
        children(src, c, {"text"}, {{"text", &v.text}}, nullptr, none());
        if (v.text.empty()) error(src, c, "'variant' needs a 'text'");
        e.variants.push_back(std::move(v));
        return true;
      }
      if (cn == "param") {
        check_attrs(src, c);
        ParamValue p;
        p.ref = c.attribute("ref").value();
        p.value = c.attribute("value").value();
        require_bilingual(src, c);
        p.text = Text{c.attribute("vi").value(), c.attribute("en").value()};
        std::string_view s = c.attribute("suggested").value();
        if (s == "true") p.suggested = true;
        else if (!s.empty() && s != "false") error(src, c, "suggested", "'suggested' must be true or false");
        for (const ParamValue& o : e.params)
          if (o.ref == p.ref) error(src, c, "ref", fmt::format("parameter '{}' is given twice at level {}", p.ref, e.level));
        param_refs_.push_back({&src, c, p.ref, p.value});
        e.params.push_back(std::move(p));
        return true;
      }
      return false;
    });
  }

  std::vector<int> read_level_list(const XmlSource& src, pugi::xml_node n, const char* attr) {
    std::vector<int> out;
    std::string v = n.attribute(attr).value();
    std::size_t i = 0;
    while (i < v.size()) {
      while (i < v.size() && v[i] == ' ') ++i;
      std::size_t j = i;
      while (j < v.size() && v[j] != ' ') ++j;
      if (j > i) {
        std::string tok = v.substr(i, j - i);
        if (tok.size() == 1 && tok[0] >= '1' && tok[0] <= '5') out.push_back(tok[0] - '0');
        else error(src, n, attr, fmt::format("level '{}' is outside 1–5", tok));
      }
      i = j;
    }
    return out;
  }

  void read_assessment(const XmlSource& src, pugi::xml_node n) {
    AssessmentRule a;
    a.levels = read_level_list(src, n, "levels");
    std::string every = n.attribute("every").value();
    if (auto p = Period::parse(every)) a.every = *p;
    else if (!every.empty()) error(src, n, "every", fmt::format("'{}' is not a period such as P1Y or P6M", every));
    children(src, n, {"text"}, {{"text", &a.text}}, &a.cites, none());
    for (int l : a.levels)
      if (regime_->assessment_for(l)) error(src, n, "levels", fmt::format("level {} has two assessment rules", l));
    regime_->assessments.push_back(std::move(a));
  }

  void read_report(const XmlSource& src, pugi::xml_node n) {
    ReportRule r;
    auto md = [&](const char* attr) {
      std::string v = n.attribute(attr).value();
      if (!v.empty() && !Date::parse("2000-" + v)) error(src, n, attr, fmt::format("'{}' is not a day of the year (MM-DD)", v));
      return v;
    };
    r.period_start = md("period-start");
    r.period_end = md("period-end");
    r.unit_due = md("unit-due");
    r.owner_due = md("owner-due");
    children(src, n, {"text"}, {{"text", &r.text}}, &r.cites, none());
    if (regime_->report) error(src, n, "the schedule has two 'report' rules");
    regime_->report = std::move(r);
  }

  // ---- cross-references ------------------------------------------------------------------
  struct Ref {
    const XmlSource* src;
    pugi::xml_node node;
    std::string id;
    std::string extra = {};
  };
  struct IndexRef {
    const XmlSource* src;
    pugi::xml_node node;
    std::size_t index;
  };

  void finish() {
    Regime& r = *regime_;
    r.build_index();
    std::sort(r.levels.begin(), r.levels.end(), [](const LevelInfo& a, const LevelInfo& b) { return a.n < b.n; });
    auto ids_of = [](const auto& v) {
      std::vector<std::string> out;
      for (const auto& x : v) out.push_back(x.id);
      return out;
    };
    std::vector<std::string> docs = ids_of(r.documents);
    for (const Ref& ref : cite_refs_) {
      if (!r.document(ref.id)) {
        const char* attr = ref.extra == "standard" ? "standard" : "doc";
        error(*ref.src, ref.node, attr, fmt::format("unknown document '{}'{}", ref.id, did_you_mean(ref.id, docs)));
      }
    }
    std::vector<std::string> groups = ids_of(r.groups);
    for (const Ref& ref : group_refs_)
      if (!r.group(ref.id)) error(*ref.src, ref.node, "group", fmt::format("unknown group '{}'{}", ref.id, did_you_mean(ref.id, groups)));
    std::vector<std::string> cats = ids_of(r.categories);
    for (const IndexRef& ref : req_refs_) {
      Requirement& q = r.requirements[ref.index];
      std::sort(q.levels.begin(), q.levels.end(), [](const LevelEntry& a, const LevelEntry& b) { return a.level < b.level; });
      if (!q.group.empty() && !r.group(q.group))
        error(*ref.src, ref.node, "group", fmt::format("unknown group '{}'{}", q.group, did_you_mean(q.group, groups)));
      const Category* cat = r.category(q.category);
      if (!q.category.empty() && !cat)
        error(*ref.src, ref.node, "category", fmt::format("unknown category '{}'{}", q.category, did_you_mean(q.category, cats)));
      else if (cat && !q.group.empty() && cat->group != q.group)
        error(*ref.src, ref.node, "category", fmt::format("category '{}' belongs to group '{}', not '{}'", q.category, cat->group, q.group));
    }
    std::vector<std::string> params = ids_of(r.parameters);
    for (const Ref& ref : param_refs_) {
      const ParameterDef* p = r.parameter(ref.id);
      if (!p) {
        error(*ref.src, ref.node, "ref", fmt::format("unknown parameter '{}'{}", ref.id, did_you_mean(ref.id, params)));
        continue;
      }
      const std::string& v = ref.extra;
      if (v.empty()) continue;
      bool ok = true;
      switch (p->kind) {
        case ParamKind::duration:
        case ParamKind::frequency: ok = Period::parse(v).has_value(); break;
        case ParamKind::number:
        case ParamKind::distance_km:
          ok = std::all_of(v.begin(), v.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
          break;
        case ParamKind::text: ok = false; break;
      }
      if (!ok)
        error(*ref.src, ref.node, "value",
              p->kind == ParamKind::text ? fmt::format("text parameter '{}' takes no machine value", p->id)
                                         : fmt::format("'{}' is not a valid {} value for parameter '{}'", v, to_string(p->kind), p->id));
    }
    std::vector<std::string> reqs = ids_of(r.requirements);
    for (const Ref& ref : see_refs_)
      if (!r.requirement(ref.id))
        error(*ref.src, ref.node, "ref", fmt::format("unknown requirement '{}'{}", ref.id, did_you_mean(ref.id, reqs)));
    for (const IndexRef& ref : level_from_refs_) {
      Criterion& c = r.criteria[ref.index];
      auto qi = r.question_index(c.level_from);
      if (!qi) {
        std::vector<std::string> qs = ids_of(r.questions);
        error(*ref.src, ref.node, "level-from", fmt::format("unknown question '{}'{}", c.level_from, did_you_mean(c.level_from, qs)));
        continue;
      }
      const Question& q = r.questions[*qi];
      if (q.type != QuestionType::number || !q.min || !q.max || *q.min < 1 || *q.max > 5)
        error(*ref.src, ref.node, "level-from", fmt::format("'level-from' needs a number question with min 1 and max 5, but '{}' is not", q.id));
      c.level_from_q = *qi;
    }
    std::vector<std::string> qs = ids_of(r.questions);
    for (PendingExpr& p : pending_) {
      Expr& e = p.get(r);
      for (const Expr::Issue& issue : e.check(r, p.allow_matched)) {
        std::string msg = issue.message;
        if (msg.rfind("unknown question '", 0) == 0) {
          std::string q = msg.substr(18, msg.size() - 19);
          msg += did_you_mean(q, qs);
        }
        auto [l, c] = p.src->where(p.node, p.attr.c_str(), issue.pos);
        out_.diagnostics.add(Diagnostic{p.src->path(), l, c, {}, Severity::error, fmt::format("in '{}': {}", p.attr, msg)});
      }
    }
    for (int n = 1; n <= 5; ++n)
      if (!r.levels.empty() && !r.level_info(n)) out_.diagnostics.error(r.source_file, 0, 0, fmt::format("level {} is not described in 'levels'", n));
  }

  LoadResult& out_;
  std::shared_ptr<Regime> regime_;
  std::vector<std::unique_ptr<XmlSource>> sources_;
  std::set<std::string> included_;
  std::unordered_map<std::string, std::pair<const XmlSource*, pugi::xml_node>> ids_;
  std::vector<PendingExpr> pending_;
  std::vector<Ref> cite_refs_, group_refs_, param_refs_, see_refs_;
  std::vector<IndexRef> req_refs_, level_from_refs_;
};

}  // namespace

LoadResult load_regime(const std::string& regime_xml) {
  LoadResult out;
  Loader(out).load(regime_xml, {});
  return out;
}

LoadResult validate_file(const std::string& path) {
  LoadResult out;
  // Decide by the root element: a part is validated with its folder's regime.xml.
  std::string root;
  try {
    XmlSource x = XmlSource::load(path);
    root = x.root().name();
  } catch (const InputError& e) {
    out.files.push_back(path);
    out.diagnostics.add(e.diagnostic());
    return out;
  } catch (const IoError& e) {
    out.files.push_back(path);
    out.diagnostics.add(Diagnostic{path, 0, 0, {}, Severity::error, e.what()});
    return out;
  }
  if (root == "part") {
    fs::path entry = fs::path(path).parent_path() / "regime.xml";
    if (fs::exists(entry)) {
      Loader(out).load(entry.string(), {path});
      return out;
    }
  }
  Loader(out).load(path, {});
  return out;
}

Catalog Catalog::load(const std::string& criteria_dir) {
  Catalog cat;
  cat.dir_ = criteria_dir;
  std::error_code ec;
  if (!fs::is_directory(criteria_dir, ec)) {
    throw IoError(fmt::format("cannot open criteria folder '{}': not a directory", criteria_dir));
  }
  std::vector<fs::path> entries;
  for (const auto& d : fs::directory_iterator(criteria_dir, ec))
    if (d.is_directory() && fs::exists(d.path() / "regime.xml")) entries.push_back(d.path() / "regime.xml");
  std::sort(entries.begin(), entries.end());
  for (const fs::path& p : entries) {
    LoadResult r = load_regime(p.string());
    cat.diags_.append(r.diagnostics);
    if (r.ok()) {
      if (cat.find(r.regime->id)) {
        cat.diags_.error(p.string(), 0, 0, fmt::format("regime '{}' is defined twice", r.regime->id));
        continue;
      }
      cat.regimes_.push_back(r.regime);
    }
  }
  return cat;
}

std::shared_ptr<const Regime> Catalog::find(std::string_view id) const {
  for (const auto& r : regimes_)
    if (r->id == id) return r;
  return nullptr;
}

std::shared_ptr<const Regime> Catalog::in_force(const Date& date) const {
  std::shared_ptr<const Regime> best;
  for (const auto& r : regimes_)
    if (r->in_force_on(date) && (!best || best->valid_from < r->valid_from)) best = r;
  return best;
}

RegimeChoice choose_regime(const Catalog& catalog, std::string_view requested, const Date& date) {
  RegimeChoice c;
  if (!requested.empty()) {
    c.regime = catalog.find(requested);
    if (!c.regime) {
      std::vector<std::string> ids;
      for (const auto& r : catalog.regimes()) ids.push_back(r->id);
      std::string all;
      for (const auto& i : ids) all += (all.empty() ? "" : ", ") + i;
      std::string m = closest_match(requested, ids);
      throw UsageError(fmt::format("unknown regime '{}'{}", requested,
                                   m.empty() ? fmt::format(" (known: {})", all) : fmt::format(", did you mean '{}'?", m)));
    }
    const Regime& r = *c.regime;
    if (date < r.valid_from)
      c.warnings.push_back(fmt::format("regime '{}' applies only from {}", r.id, r.valid_from.to_string()));
    if (r.valid_until && date > *r.valid_until) {
      if (r.transitional_until && date > *r.transitional_until)
        throw UsageError(fmt::format("regime '{}' ended on {} and its transitional period on {}", r.id,
                                     r.valid_until->to_string(), r.transitional_until->to_string()));
      c.warnings.push_back(
          r.transitional_until
              ? fmt::format("regime '{}' applies after {} only to transitional appraisals (until {})", r.id,
                            r.valid_until->to_string(), r.transitional_until->to_string())
              : fmt::format("regime '{}' ended on {}", r.id, r.valid_until->to_string()));
    }
    c.notice = fmt::format("using regime '{}'", r.id);
    return c;
  }
  c.regime = catalog.in_force(date);
  if (!c.regime) throw UsageError(fmt::format("no regime is in force on {}; choose one with --regime", date.to_string()));
  c.notice = fmt::format("using regime '{}' (in force on {})", c.regime->id, date.to_string());
  return c;
}

}  // namespace capdo
