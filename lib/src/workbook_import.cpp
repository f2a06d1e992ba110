#include "capdo/workbook_import.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "capdo/classify.h"
#include "capdo/criteria_loader.h"
#include "capdo/error.h"

namespace capdo {

using namespace workbook_layout;

Diagnostic WorkbookMeta::error(const std::string& key, std::string message) const {
  auto it = cells.find(key);
  return Diagnostic{file, 0, 0, it == cells.end() ? std::string(kMetaSheet) + "!A1" : it->second, Severity::error,
                    std::move(message)};
}

namespace {

std::string trim(std::string_view s) {
  std::size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  std::size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::string ascii_lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return s;
}

std::string place(const XlsxSheet& sheet, int row, int col) { return sheet.name + "!" + cell_ref(row, col); }

bool parse_int(std::string_view s, long long& out) {
  if (s.empty() || s.size() > 15) return false;
  out = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  return true;
}

/// Lines of a multi-line cell, trimmed, without trailing empty lines.
std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t end = s.find('\n', start);
    if (end == std::string::npos) end = s.size();
    out.push_back(trim(std::string_view(s).substr(start, end - start)));
    start = end + 1;
  }
  while (!out.empty() && out.back().empty()) out.pop_back();
  return out;
}

}  // namespace

WorkbookMeta read_workbook_meta(const XlsxBook& book) {
  WorkbookMeta m;
  m.file = book.path;
  const XlsxSheet* s = book.sheet(kMetaSheet);
  auto fail = [&](std::string cell, std::string msg) {
    throw InputError(Diagnostic{book.path, 0, 0, std::move(cell), Severity::error, std::move(msg)});
  };
  if (!s) fail("", fmt::format("not a capdo workbook (no '{}' sheet)", kMetaSheet));
  std::map<std::string, std::string> values;
  for (int row = 0; row <= s->max_row(); ++row) {
    std::string key = trim(s->text(row, 0));
    if (key.empty() || values.count(key)) continue;
    values[key] = trim(s->text(row, 1));
    m.cells[key] = place(*s, row, 1);
  }
  if (values["format"] != kMagic)
    fail(m.cells.count("format") ? m.cells["format"] : std::string(kMetaSheet) + "!A1",
         fmt::format("not a capdo workbook (the '{}' sheet does not say '{}')", kMetaSheet, kMagic));
  long long f = 0;
  if (!parse_int(values["template-format"], f) || f != kWorkbookFormat)
    throw InputError(m.error("template-format", fmt::format("unknown workbook format '{}' (this capdo reads format {})",
                                                            values["template-format"], kWorkbookFormat)));
  m.format = static_cast<int>(f);
  m.regime = values["regime"];
  m.catalog_version = values["catalog-version"];
  const std::string& mode = values["mode"];
  if (mode == "audit") m.mode = WorkbookMode::audit;
  else if (mode == "self-assessment") m.mode = WorkbookMode::self_assessment;
  else throw InputError(m.error("mode", fmt::format("unknown workbook mode '{}' (expected self-assessment or audit)", mode)));
  long long n = 0;
  if (parse_int(values["level"], n) && n >= 1 && n <= 5) m.level = static_cast<int>(n);
  else throw InputError(m.error("level", fmt::format("level '{}' is outside 1–5", values["level"])));
  m.lang = values["lang"] == "en" ? Lang::en : Lang::vi;
  if (parse_int(values["components"], n) && n >= 1 && n <= 1000) m.components = static_cast<int>(n);
  else throw InputError(m.error("components", fmt::format("'{}' is not a number of components", values["components"])));
  m.system_name = values["system"];
  for (const auto& [k, v] : values)
    if (k.rfind("sheet.", 0) == 0) m.sheets[k.substr(6)] = v;
  return m;
}

namespace {

class Importer {
 public:
  Importer(const XlsxBook& book, const Regime& regime, const ImportOptions& opt)
      : book_(book), regime_(regime), opt_(opt), meta_(read_workbook_meta(book)) {}

  ImportResult run_self() {
    if (!check_meta(WorkbookMode::self_assessment)) return std::move(res_);
    const XlsxSheet* system = sheet(Sheet::system);
    const XlsxSheet* questions = sheet(Sheet::questions);
    const XlsxSheet* requirements = sheet(Sheet::requirements);
    if (!system || !questions || !requirements) return std::move(res_);
    Dossier& d = res_.dossier;
    if (opt_.base) {
      d = *opt_.base;
      d.unit = d.owner = d.operating_unit = d.security_unit = Organisation{};
      d.system = SystemInfo{};
      d.answers = Answers{};
      d.proposal = LevelProposal{};
    }
    d.regime = regime_.id;
    d.catalog_version = regime_.version;
    d.answers.regime = regime_.id;
    read_system(*system);
    read_questions(*questions);
    read_requirements(*requirements);
    decide_level();
    std::string who = !d.unit.contact.name.empty() ? d.unit.contact.name : !d.unit.name.empty() ? d.unit.name : "capdo import";
    d.record(who, fmt::format("imported from workbook '{}'", book_.path));
    return std::move(res_);
  }

  ImportResult run_audit(const Dossier& dossier) {
    res_.dossier = dossier;
    if (!check_meta(WorkbookMode::audit)) return std::move(res_);
    if (meta_.system_name != dossier.system.name) {
      res_.diagnostics.add(meta_.error("system", fmt::format("workbook was made for system '{}', not '{}'",
                                                             meta_.system_name, dossier.system.name)));
      return std::move(res_);
    }
    const XlsxSheet* auditor = sheet(Sheet::auditor);
    const XlsxSheet* requirements = sheet(Sheet::requirements);
    if (!auditor || !requirements) return std::move(res_);
    Audit audit = dossier.audit.value_or(Audit{});
    read_auditor(*auditor, audit);
    read_verdicts(*requirements, audit);
    res_.dossier.audit = std::move(audit);
    res_.dossier.record(res_.dossier.audit->auditor.empty() ? "capdo import" : res_.dossier.audit->auditor,
                        fmt::format("audit verdicts imported from workbook '{}' ({} verdicts)", book_.path, res_.verdicts));
    return std::move(res_);
  }

 private:
  // ---- reporting ---------------------------------------------------------------------------

  void add(const XlsxSheet& s, int row, int col, Severity sev, std::string msg) {
    res_.diagnostics.add(Diagnostic{book_.path, 0, 0, place(s, row, col), sev, std::move(msg)});
  }
  /// A problem with one value: an error, or with --partial a warning (the value is dropped).
  void problem(const XlsxSheet& s, int row, int col, std::string msg) {
    add(s, row, col, opt_.partial ? Severity::warning : Severity::error, std::move(msg));
  }
  void warning(const XlsxSheet& s, int row, int col, std::string msg) { add(s, row, col, Severity::warning, std::move(msg)); }

  bool check_meta(WorkbookMode want) {
    if (meta_.regime != regime_.id) {
      res_.diagnostics.add(
          meta_.error("regime", fmt::format("workbook is for regime '{}', not '{}'", meta_.regime, regime_.id)));
      return false;
    }
    if (meta_.catalog_version != regime_.version) {
      res_.diagnostics.add(meta_.error("catalog-version",
                                       fmt::format("workbook is for catalog version '{}' of regime '{}', not '{}'",
                                                   meta_.catalog_version, regime_.id, regime_.version)));
      return false;
    }
    if (meta_.mode != want) {
      res_.diagnostics.add(meta_.error("mode", want == WorkbookMode::audit
                                                   ? "this is not an audit workbook; import it without --audit"
                                                   : "this is an audit workbook; import it with --audit and --dossier"));
      return false;
    }
    return true;
  }

  const XlsxSheet* sheet(Sheet s) {
    auto it = meta_.sheets.find(role(s));
    std::string name = it == meta_.sheets.end() ? sheet_name(s, meta_.lang) : it->second;
    const XlsxSheet* out = book_.sheet(name);
    if (!out)
      res_.diagnostics.add(
          Diagnostic{book_.path, 0, 0, {}, Severity::error, fmt::format("workbook has no sheet '{}'", name)});
    return out;
  }

  /// The text of a cell for a text field; error values are reported and read as empty.
  std::string text(const XlsxSheet& s, int row, int col) {
    const XlsxCell* c = s.cell(row, col);
    if (!c) return "";
    if (c->kind == CellKind::error) {
      problem(s, row, col, fmt::format("the cell holds the error value '{}'", c->text));
      return "";
    }
    return trim(c->text);
  }

  std::optional<long long> whole_number(const XlsxSheet& s, int row, int col) {
    const XlsxCell* c = s.cell(row, col);
    if (!c) return std::nullopt;
    if (c->kind == CellKind::number) {
      if (c->number == std::floor(c->number) && c->number >= 0 && c->number < 1e15)
        return static_cast<long long>(c->number);
    } else if (c->kind == CellKind::string) {
      std::string digits;
      for (char ch : trim(c->text))
        if (ch != '.' && ch != ',' && ch != ' ' && ch != '_') digits += ch;
      long long v = 0;
      if (digits.empty()) return std::nullopt;
      if (parse_int(digits, v)) return v;
    }
    problem(s, row, col, fmt::format("'{}' is not a whole number", trim(c->text)));
    return std::nullopt;
  }

  std::optional<Date> date(const XlsxSheet& s, int row, int col, const std::string& value) {
    if (value.empty()) return std::nullopt;
    if (auto d = Date::parse(value)) return d;
    problem(s, row, col, fmt::format("'{}' is not a date (YYYY-MM-DD)", value));
    return std::nullopt;
  }

  std::optional<Date> date_cell(const XlsxSheet& s, int row, int col) {
    const XlsxCell* c = s.cell(row, col);
    if (!c) return std::nullopt;
    return date(s, row, col, trim(c->text));
  }

  // ---- system sheet ------------------------------------------------------------------------

  struct SlotRow {
    int row = -1;
    std::string id, name, kind, description;
    bool used() const { return !id.empty() || !name.empty() || !kind.empty() || !description.empty(); }
  };

  void read_system(const XlsxSheet& s) {
    Dossier& d = res_.dossier;
    std::map<std::string, int> rows;
    for (int row = 1; row <= s.max_row(); ++row) {
      std::string key = trim(s.text(row, kKeyCol));
      if (!key.empty()) rows.emplace(key, row);
    }
    for (const FormField& f : system_fields()) {
      auto it = rows.find(f.key);
      if (f.kind == FormField::Kind::heading || it == rows.end()) continue;
      int row = it->second;
      if (f.kind == FormField::Kind::whole_number) {
        auto v = whole_number(s, row, kValueCol);
        (std::string_view(f.key) == "system.users" ? d.system.users : d.system.data_subjects) = v;
        continue;
      }
      if (f.kind == FormField::Kind::level) {
        proposed_row_ = row;
        const XlsxCell* c = s.cell(row, kValueCol);
        if (!c) continue;
        long long v = 0;
        std::string t = trim(c->text);
        if (c->kind == CellKind::number ? c->number == std::floor(c->number) && c->number >= 1 && c->number <= 5
                                        : parse_int(t, v) && v >= 1 && v <= 5)
          d.proposal.proposed = c->kind == CellKind::number ? static_cast<int>(c->number) : static_cast<int>(v);
        else
          problem(s, row, kValueCol, fmt::format("level '{}' is outside 1–5", t));
        continue;
      }
      std::string v = text(s, row, kValueCol);
      if (f.kind == FormField::Kind::unit_type && !v.empty()) {
        std::size_t dash = v.find(" — ");
        std::string type = dash == std::string::npos ? v : trim(std::string_view(v).substr(0, dash));
        for (const std::string& ty : unit_types())
          if (v == unit_type_label(ty, Lang::vi) || v == unit_type_label(ty, Lang::en)) type = ty;
        const auto& types = unit_types();
        if (std::find(types.begin(), types.end(), type) == types.end()) {
          problem(s, row, kValueCol,
                  fmt::format("unknown unit type '{}' (expected department, district, commune, hospital, school or other)", v));
          type.clear();
        }
        v = type;
      }
      if (std::string_view(f.key) == "level.justification") justification_row_ = row;
      if (v.empty() && f.required) {
        std::string_view k = f.key;
        problem(s, row, kValueCol,
                k == "unit.name"     ? std::string("the unit's name is required")
                : k == "system.name" ? std::string("the system's name is required")
                                     : fmt::format("'{}' is required", tr(meta_.lang, f.vi, f.en)));
      }
      if (std::string* field = dossier_text_field(d, f.key)) *field = v;
    }
    system_sheet_ = &s;

    // Components: one row per answer column of the questions sheet.
    std::set<std::string> ids;
    for (int i = 1; i <= meta_.components; ++i) {
      SlotRow slot;
      auto it = rows.find(fmt::format("component.{}", i));
      if (it != rows.end()) {
        int row = slot.row = it->second;
        slot.id = text(s, row, 1);
        slot.name = text(s, row, 2);
        slot.kind = text(s, row, 3);
        slot.description = text(s, row, 4);
        if (slot.used()) {
          if (slot.id.empty()) {
            problem(s, row, 1, fmt::format("component {} needs an id", i));
          } else if (!valid_id(slot.id)) {
            problem(s, row, 1, fmt::format("'{}' is not a valid component id (letters, digits, '_', '.', ':', '-')", slot.id));
            slot.id.clear();
          } else if (!ids.insert(slot.id).second) {
            problem(s, row, 1, fmt::format("duplicate component id '{}'", slot.id));
            slot.id.clear();
          }
          if (slot.name.empty()) problem(s, row, 2, fmt::format("component {} needs a name", i));
        }
      }
      slots_.push_back(slot);
    }
    for (const SlotRow& slot : slots_) {
      if (slot.id.empty()) continue;
      d.system.components.push_back({slot.id, slot.name, slot.kind, slot.description});
    }

    for (int i = 1;; ++i) {
      auto it = rows.find(fmt::format("connection.{}", i));
      if (it == rows.end()) break;
      int row = it->second;
      Connection c{text(s, row, 1), text(s, row, 2), text(s, row, 3)};
      if (c.system.empty() && c.direction.empty() && c.data.empty()) continue;
      bool ok = true;
      if (c.system.empty()) {
        problem(s, row, 1, "a connection needs the other system's name");
        ok = false;
      }
      std::string dir = ascii_lower(c.direction);
      if (!dir.empty() && dir != "in" && dir != "out" && dir != "both") {
        problem(s, row, 2, fmt::format("unknown direction '{}' (expected in, out or both)", c.direction));
        ok = false;
      }
      c.direction = dir;
      if (ok) d.system.connections.push_back(std::move(c));
    }
  }

  static bool valid_id(const std::string& id) {
    auto ok = [](char c, bool first) {
      bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      return alnum || (!first && (c == '_' || c == '.' || c == ':' || c == '-'));
    };
    if (id.empty() || !ok(id[0], true)) return false;
    return std::all_of(id.begin() + 1, id.end(), [&](char c) { return ok(c, false); });
  }

  // ---- questions sheet ---------------------------------------------------------------------

  /// Maps a drop-down entry ("citizen — Phục vụ người dân, doanh nghiệp") or a label to
  /// the choice id; anything else is returned as it is.
  static std::string choice_id(const Question& q, std::string s) {
    s = trim(s);
    std::size_t dash = s.find(" — ");
    std::string head = dash == std::string::npos ? s : trim(std::string_view(s).substr(0, dash));
    if (q.choice(head)) return head;
    for (const Choice& c : q.choices)
      if (s == c.text.vi || s == c.text.en || ascii_lower(s) == ascii_lower(c.text.en)) return c.id;
    return head;
  }

  bool cell_answer(const Question& q, const XlsxCell& c, AnswerValue& v, std::string& err) {
    std::string raw = trim(c.text);
    switch (q.type) {
      case QuestionType::yes_no: {
        if (c.kind == CellKind::boolean) {
          v = AnswerValue{};
          v.yes = c.number != 0;
          return true;
        }
        std::string l = ascii_lower(raw);
        if (l == "yes" || l == "y" || l == "true" || raw == "Có" || raw == "có" || raw == "CÓ")
          return parse_answer(q, "yes", v, err);
        if (l == "no" || l == "n" || l == "false" || raw == "Không" || raw == "không" || raw == "KHÔNG")
          return parse_answer(q, "no", v, err);
        return parse_answer(q, raw, v, err);
      }
      case QuestionType::one_of: return parse_answer(q, choice_id(q, raw), v, err);
      case QuestionType::many_of: {
        std::string ids;
        std::size_t start = 0;
        while (start <= raw.size()) {
          std::size_t end = raw.find_first_of(",;\n", start);
          if (end == std::string::npos) end = raw.size();
          std::string item = trim(std::string_view(raw).substr(start, end - start));
          if (!item.empty()) ids += (ids.empty() ? "" : " ") + choice_id(q, item);
          start = end + 1;
        }
        return parse_answer(q, ids, v, err);
      }
      case QuestionType::number:
        if (c.kind == CellKind::number && c.number != std::floor(c.number)) {
          err = fmt::format("'{}' is not a whole number", raw);
          return false;
        }
        return parse_answer(q, raw, v, err);
      case QuestionType::date:
      case QuestionType::text: return parse_answer(q, raw, v, err);
    }
    return false;
  }

  void read_questions(const XlsxSheet& s) {
    Dossier& d = res_.dossier;
    int columns = meta_.components;
    bool any_slot = std::any_of(slots_.begin(), slots_.end(), [](const SlotRow& r) { return r.used(); });
    std::vector<std::map<std::string, AnswerValue>> per_slot(static_cast<std::size_t>(columns));
    std::set<std::string> seen;
    std::vector<std::string> ids;
    for (const Question& q : regime_.questions) ids.push_back(q.id);
    for (int row = 1; row <= s.max_row(); ++row) {
      std::string qid = trim(s.text(row, kQuestionIdCol));
      if (qid.empty()) continue;
      const Question* q = regime_.question(qid);
      if (!q) {
        std::string m = closest_match(qid, ids);
        problem(s, row, kQuestionIdCol, fmt::format("unknown question '{}' in regime '{}'{}", qid, regime_.id,
                                                    m.empty() ? "" : fmt::format(", did you mean '{}'?", m)));
        continue;
      }
      if (!seen.insert(qid).second) {
        problem(s, row, kQuestionIdCol, fmt::format("question '{}' is listed twice", qid));
        continue;
      }
      for (int j = 0; j < columns; ++j) {
        int col = kFirstAnswerCol + j;
        const XlsxCell* c = s.cell(row, col);
        if (!c || trim(c->text).empty()) continue;
        if (c->kind == CellKind::error) {
          problem(s, row, col, fmt::format("answer to '{}': the cell holds the error value '{}'", qid, c->text));
          continue;
        }
        if (q->scope == Scope::system && j > 0) {
          problem(s, row, col, fmt::format("question '{}' is about the whole system; answer it in column {} only", qid,
                                           column_name(kFirstAnswerCol)));
          continue;
        }
        AnswerValue v;
        std::string err;
        if (!cell_answer(*q, *c, v, err)) {
          problem(s, row, col, fmt::format("answer to '{}': {}", qid, err));
          continue;
        }
        if (q->scope == Scope::system || !any_slot) {
          if (j > 0) {
            problem(s, row, col, fmt::format("answer for component {}, which the '{}' sheet does not list", j + 1,
                                             system_sheet_->name));
            continue;
          }
          d.answers.system[qid] = v;
        } else {
          const SlotRow& slot = slots_[static_cast<std::size_t>(j)];
          if (slot.id.empty()) {
            if (!slot.used())
              problem(s, row, col, fmt::format("answer for component {}, which the '{}' sheet does not list", j + 1,
                                               system_sheet_->name));
            continue;  // a component without a valid id is reported on the system sheet
          }
          per_slot[static_cast<std::size_t>(j)][qid] = v;
        }
        ++res_.answers;
      }
    }
    for (std::size_t j = 0; j < slots_.size(); ++j) {
      const SlotRow& slot = slots_[j];
      if (slot.id.empty()) continue;
      d.answers.components.push_back({slot.id, slot.name, std::move(per_slot[j])});
    }
  }

  // ---- requirements sheet ------------------------------------------------------------------

  std::optional<Status> status(const XlsxSheet& s, int row, int col) {
    std::string v = text(s, row, col);
    if (v.empty()) return Status::unanswered;
    if (auto st = parse_status(ascii_lower(v))) return st;
    for (Status st : {Status::met, Status::partial, Status::not_met, Status::not_applicable, Status::unanswered})
      if (v == status_label(st, Lang::vi) || ascii_lower(v) == ascii_lower(status_label(st, Lang::en))) return st;
    problem(s, row, col, fmt::format("'{}' is not one of: {}, {}, {}, {}", v, status_label(Status::met, meta_.lang),
                                     status_label(Status::partial, meta_.lang), status_label(Status::not_met, meta_.lang),
                                     status_label(Status::not_applicable, meta_.lang)));
    return std::nullopt;
  }

  /// The requirement of a row, or nullptr (reported) when the id is unknown or repeated.
  const Requirement* requirement_row(const XlsxSheet& s, int row, std::set<std::string>& seen) {
    std::string id = trim(s.text(row, kReqId));
    if (id.empty()) return nullptr;
    const Requirement* r = regime_.requirement(id);
    if (!r) {
      std::vector<std::string> ids;
      for (const Requirement& x : regime_.requirements) ids.push_back(x.id);
      std::string m = closest_match(id, ids);
      problem(s, row, kReqId, fmt::format("unknown requirement '{}' in regime '{}'{}", id, regime_.id,
                                          m.empty() ? "" : fmt::format(", did you mean '{}'?", m)));
      return nullptr;
    }
    if (!seen.insert(id).second) {
      problem(s, row, kReqId, fmt::format("requirement '{}' is listed twice", id));
      return nullptr;
    }
    return r;
  }

  void read_requirements(const XlsxSheet& s) {
    Dossier& d = res_.dossier;
    std::set<std::string> seen;
    std::vector<Assessment> found;
    for (int row = 1; row <= s.max_row(); ++row) {
      const Requirement* r = requirement_row(s, row, seen);
      if (!r) continue;
      Assessment a;
      a.requirement = r->id;
      a.status = status(s, row, kReqStatus).value_or(Status::unanswered);
      a.implementation = text(s, row, kReqImplementation);
      a.justification = text(s, row, kReqJustification);
      read_evidence(s, row, a);
      a.remediation.action = text(s, row, kReqRemediationAction);
      a.remediation.owner = text(s, row, kReqRemediationOwner);
      a.remediation.due = date_cell(s, row, kReqRemediationDue);
      if (a.remediation.action.empty() && (!a.remediation.owner.empty() || a.remediation.due)) {
        problem(s, row, kReqRemediationAction,
                fmt::format("requirement '{}' has a remediation owner or due date but no action", r->id));
        a.remediation = Remediation{};
      }
      if (a.status == Status::not_applicable && a.justification.empty()) {
        problem(s, row, kReqJustification, fmt::format("requirement '{}' is not applicable without a justification", r->id));
        a.status = Status::unanswered;
      }
      if ((a.status == Status::partial || a.status == Status::not_met) && a.remediation.action.empty())
        warning(s, row, kReqRemediationAction,
                fmt::format("requirement '{}' is {} without a remediation plan", r->id, to_string(a.status)));
      // An empty row is no assessment, unless the base dossier lists the requirement.
      if (a.status == Status::unanswered && a.implementation.empty() && a.justification.empty() && a.evidence.empty() &&
          a.remediation.empty() && !(opt_.base && opt_.base->assessment(r->id)))
        continue;
      found.push_back(std::move(a));
    }
    res_.assessments = found.size();
    // Replace the assessments of the listed requirements; keep the base dossier's others.
    std::vector<Assessment> merged;
    for (Assessment& a : d.assessments)
      if (!seen.count(a.requirement)) merged.push_back(std::move(a));
    for (Assessment& a : found) merged.push_back(std::move(a));
    sort_by_catalog(merged);
    d.assessments = std::move(merged);
  }

  template <typename T>
  void sort_by_catalog(std::vector<T>& items) {
    std::map<std::string, std::size_t> order;
    for (std::size_t i = 0; i < regime_.requirements.size(); ++i) order[regime_.requirements[i].id] = i;
    std::stable_sort(items.begin(), items.end(), [&](const T& a, const T& b) {
      auto ia = order.find(a.requirement), ib = order.find(b.requirement);
      std::size_t x = ia == order.end() ? SIZE_MAX : ia->second, y = ib == order.end() ? SIZE_MAX : ib->second;
      return x < y;
    });
  }

  void read_evidence(const XlsxSheet& s, int row, Assessment& a) {
    std::vector<std::string> titles = split_lines(text(s, row, kReqEvidenceTitle));
    std::vector<std::string> locations = split_lines(text(s, row, kReqEvidenceLocation));
    std::vector<std::string> dates = split_lines(text(s, row, kReqEvidenceDate));
    std::size_t n = std::max({titles.size(), locations.size(), dates.size()});
    for (std::size_t i = 0; i < n; ++i) {
      Evidence e;
      e.title = i < titles.size() ? titles[i] : "";
      e.location = i < locations.size() ? locations[i] : "";
      e.date = date(s, row, kReqEvidenceDate, i < dates.size() ? dates[i] : "");
      if (e.title.empty()) {
        if (!e.location.empty() || (i < dates.size() && !dates[i].empty()))
          problem(s, row, kReqEvidenceTitle, n == 1 ? std::string("the evidence has no title")
                                                    : fmt::format("the evidence on line {} has no title", i + 1));
        continue;
      }
      a.evidence.push_back(std::move(e));
    }
  }

  void decide_level() {
    Dossier& d = res_.dossier;
    Classification c = classify(regime_, d.answers);
    bool determined = c.status == LevelStatus::determined;
    const XlsxSheet* s = system_sheet_;
    if (d.proposal.proposed) {
      if (determined && d.proposal.proposed != c.level && d.proposal.justification.empty() && s && justification_row_ >= 0)
        problem(*s, justification_row_, kValueCol,
                fmt::format("proposed level {} differs from the computed level {}; give a justification",
                            d.proposal.proposed, c.level));
    } else if (determined) {
      d.proposal.proposed = c.level;
    } else {
      d.proposal.proposed = meta_.level;
      if (s && proposed_row_ >= 0)
        warning(*s, proposed_row_, kValueCol,
                fmt::format("the answers do not determine a level yet; proposing the workbook's level {}", meta_.level));
    }
    if (d.assessed_level() != meta_.level && s && proposed_row_ >= 0)
      warning(*s, proposed_row_, kValueCol,
              fmt::format("the requirements in this workbook are those of level {}, but the dossier's level is {}",
                          meta_.level, d.assessed_level()));
  }

  // ---- audit -------------------------------------------------------------------------------

  void read_auditor(const XlsxSheet& s, Audit& audit) {
    std::map<std::string, int> rows;
    for (int row = 1; row <= s.max_row(); ++row) {
      std::string key = trim(s.text(row, kKeyCol));
      if (!key.empty()) rows.emplace(key, row);
    }
    auto row_of = [&](const char* key) {
      auto it = rows.find(key);
      return it == rows.end() ? -1 : it->second;
    };
    int r = row_of("audit.auditor");
    if (r >= 0) {
      audit.auditor = text(s, r, kValueCol);
      if (audit.auditor.empty()) problem(s, r, kValueCol, "the auditor's name is required");
    }
    r = row_of("audit.organisation");
    if (r >= 0) audit.organisation = text(s, r, kValueCol);
    r = row_of("audit.date");
    if (r >= 0) {
      audit.date = date_cell(s, r, kValueCol);
      if (!s.cell(r, kValueCol) || trim(s.text(r, kValueCol)).empty())
        problem(s, r, kValueCol, "the date of the audit is required");
    }
  }

  void read_verdicts(const XlsxSheet& s, Audit& audit) {
    std::set<std::string> seen;
    std::vector<Verdict> found;
    for (int row = 1; row <= s.max_row(); ++row) {
      const Requirement* r = requirement_row(s, row, seen);
      if (!r) continue;
      auto st = status(s, row, kReqVerdict);
      std::string note = text(s, row, kReqNote);
      if (!st) continue;
      if (*st == Status::unanswered) {
        if (!note.empty())
          problem(s, row, kReqVerdict, fmt::format("requirement '{}' has an auditor's note but no verdict", r->id));
        continue;
      }
      if (*st == Status::not_applicable && note.empty()) {
        problem(s, row, kReqNote, fmt::format("requirement '{}' is not applicable without a justification", r->id));
        continue;
      }
      found.push_back({r->id, *st, note});
    }
    res_.verdicts = found.size();
    std::vector<Verdict> merged;
    for (Verdict& v : audit.verdicts)
      if (!seen.count(v.requirement)) merged.push_back(std::move(v));
    for (Verdict& v : found) merged.push_back(std::move(v));
    sort_by_catalog(merged);
    audit.verdicts = std::move(merged);
  }

  const XlsxBook& book_;
  const Regime& regime_;
  ImportOptions opt_;
  WorkbookMeta meta_;
  ImportResult res_;
  std::vector<SlotRow> slots_;
  const XlsxSheet* system_sheet_ = nullptr;
  int proposed_row_ = -1;
  int justification_row_ = -1;
};

}  // namespace

ImportResult import_workbook(const XlsxBook& book, const Regime& regime, const ImportOptions& opt) {
  Importer im(book, regime, opt);
  return im.run_self();
}

ImportResult import_audit(const XlsxBook& book, const Regime& regime, const Dossier& dossier, const ImportOptions& opt) {
  Importer im(book, regime, opt);
  return im.run_audit(dossier);
}

}  // namespace capdo
