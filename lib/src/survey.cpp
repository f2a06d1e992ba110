#include "capdo/survey.h"

#include <algorithm>
#include <map>
#include <utility>

#include <fmt/format.h>

#include "capdo/answers.h"
#include "capdo/catalog_view.h"
#include "capdo/classify.h"
#include "capdo/source.h"

namespace capdo {

namespace {

using Kind = Survey::Item::Kind;

template <typename... Args>
std::string say(Lang lang, const char* vi, const char* en, Args&&... args) {
  return fmt::format(fmt::runtime(tr(lang, vi, en)), std::forward<Args>(args)...);
}

std::string trim(std::string_view s) {
  std::size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  std::size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

// Vietnamese letters with their marks, by base letter, lower and upper case.
const std::pair<char, const char*> kMarkedLetters[] = {
    {'a', "àáảãạăằắẳẵặâầấẩẫậÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ"}, {'e', "èéẻẽẹêềếểễệÈÉẺẼẸÊỀẾỂỄỆ"},
    {'i', "ìíỉĩịÌÍỈĨỊ"}, {'o', "òóỏõọôồốổỗộơờớởỡợÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ"},
    {'u', "ùúủũụưừứửữựÙÚỦŨỤƯỪỨỬỮỰ"}, {'y', "ỳýỷỹỵỲÝỶỸỴ"}, {'d', "đĐ"},
};

// The code point at s[i] and its length in bytes (s is valid UTF-8).
std::pair<char32_t, std::size_t> decode(std::string_view s, std::size_t i) {
  auto b = [&](std::size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(s[i + k])); };
  char32_t c = b(0);
  if (c < 0x80) return {c, 1};
  if ((c >> 5) == 0x6 && i + 1 < s.size()) return {((c & 0x1F) << 6) | (b(1) & 0x3F), 2};
  if ((c >> 4) == 0xE && i + 2 < s.size()) return {((c & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F), 3};
  if ((c >> 3) == 0x1E && i + 3 < s.size())
    return {((c & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F), 4};
  return {c, 1};
}

// Folds what users vary when typing a keyword or a choice: case, Vietnamese marks (precomposed
// or combining, or left out), runs of spaces. "Không áp dụng" and "khong ap dung" fold alike.
std::string fold(std::string_view s) {
  static const std::map<char32_t, char> base = [] {
    std::map<char32_t, char> m;
    for (const auto& [letter, marked] : kMarkedLetters) {
      std::string_view v = marked;
      for (std::size_t i = 0; i < v.size();) {
        auto [cp, len] = decode(v, i);
        m.emplace(cp, letter);
        i += len;
      }
    }
    return m;
  }();
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    auto [cp, len] = decode(s, i);
    if (cp < 0x80) {
      char c = s[i];
      if (c >= 'A' && c <= 'Z') out += static_cast<char>(c - 'A' + 'a');
      else if (c == ' ' || c == '\t') {
        if (!out.empty() && out.back() != ' ') out += ' ';
      } else {
        out += c;
      }
    } else if (cp >= 0x300 && cp <= 0x36F) {
      // a combining mark of decomposed input
    } else if (auto f = base.find(cp); f != base.end()) {
      out += f->second;
    } else {
      out.append(s.substr(i, len));
    }
    i += len;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

bool one_of(const std::string& folded, std::initializer_list<const char*> words) {
  return std::any_of(words.begin(), words.end(), [&](const char* w) { return folded == w; });
}

// Keywords are compared folded, so "có", "Có" and "co" are one word.
bool is_yes(const std::string& f) { return one_of(f, {"yes", "y", "co", "c", "ok", "dong y"}); }
bool is_no(const std::string& f) { return one_of(f, {"no", "n", "khong", "k", "ko"}); }
bool is_back(const std::string& f) { return one_of(f, {"back", "quay lai"}); }

// A whole number as people write it: 85000, 85.000, 85,000, 85 000.
bool parse_count(const std::string& text, long long& out) {
  std::string digits;
  for (char c : text)
    if (c != '.' && c != ',' && c != ' ' && c != '_') digits += c;
  if (digits.empty() || digits.size() > 15 ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  out = std::stoll(digits);
  return true;
}

bool valid_id(const std::string& s) {
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
  if (s.empty() || !alnum(s[0])) return false;
  return std::all_of(s.begin(), s.end(), [&](char c) { return alnum(c) || c == '_' || c == '.' || c == ':' || c == '-'; });
}

bool valid_phone(const std::string& s) {
  int digits = 0;
  for (char c : s) {
    if (c >= '0' && c <= '9') ++digits;
    else if (c != ' ' && c != '+' && c != '-' && c != '.' && c != '(' && c != ')' && c != '/') return false;
  }
  return digits >= 6;
}

bool valid_email(const std::string& s) {
  std::size_t at = s.find('@');
  return at != std::string::npos && at > 0 && at + 1 < s.size() && s.find('@', at + 1) == std::string::npos &&
         s.find(' ') == std::string::npos;
}

std::string bad_date(Lang lang, const std::string& text) {
  return say(lang, "'{}' không phải là ngày hợp lệ (YYYY-MM-DD)", "'{}' is not a date (YYYY-MM-DD)", text);
}

std::string bad_count(Lang lang, const std::string& text) {
  return say(lang, "'{}' không phải là số nguyên", "'{}' is not a whole number", text);
}

// ---- organisations and system fields ---------------------------------------------------------

enum OrgField { f_name, f_code, f_province, f_address, f_contact_name, f_contact_role, f_phone, f_email };
enum SysField { s_name, s_code, s_purpose, s_users, s_data_subjects, s_provider, s_location };

const char* const kOrgKeys[] = {"unit", "owner", "operating-unit", "security-unit"};
const char* const kOrgFieldKeys[] = {"name", "code", "province", "address", "contact.name", "contact.role",
                                     "contact.phone", "contact.email"};
const char* const kSysKeys[] = {"name", "code", "purpose", "users", "data-subjects", "hosting.provider",
                                "hosting.location"};

std::vector<int> org_fields(int org) {
  if (org == 0) return {f_name, f_code, f_province, f_address, f_contact_name, f_contact_role, f_phone, f_email};
  return {f_name, f_address, f_contact_name, f_phone, f_email};
}

std::string& org_value(Organisation& o, int field) {
  switch (field) {
    case f_name: return o.name;
    case f_code: return o.code;
    case f_province: return o.province;
    case f_address: return o.address;
    case f_contact_name: return o.contact.name;
    case f_contact_role: return o.contact.role;
    case f_phone: return o.contact.phone;
    default: return o.contact.email;
  }
}

const std::string& org_value(const Organisation& o, int field) {
  return org_value(const_cast<Organisation&>(o), field);
}

Organisation& org_of(Dossier& d, int org) {
  switch (org) {
    case 0: return d.unit;
    case 1: return d.owner;
    case 2: return d.operating_unit;
    default: return d.security_unit;
  }
}

std::string org_title(Lang lang, int org) {
  switch (org) {
    case 0: return tr(lang, "Đơn vị lập hồ sơ", "Unit");
    case 1: return tr(lang, "Chủ quản hệ thống thông tin", "System owner");
    case 2: return tr(lang, "Đơn vị vận hành", "Operating unit");
    default: return tr(lang, "Đơn vị chuyên trách về an toàn thông tin", "Information-security unit");
  }
}

std::string part_title(Lang lang, int part) {
  switch (part) {
    case 1: return tr(lang, "Phần 1/3 — Mô tả hệ thống", "Part 1/3 — System description");
    case 2: return tr(lang, "Phần 2/3 — Xác định cấp độ", "Part 2/3 — Level determination");
    default: return tr(lang, "Phần 3/3 — Tự đánh giá", "Part 3/3 — Self-assessment");
  }
}

const char* const kCommands[] = {
    "Lệnh: ? xem hướng dẫn và căn cứ · back quay lại câu trước · - xóa câu trả lời · để trống: bỏ qua.",
    "Commands: ? help and citation · back previous question · - clear the answer · empty: skip.",
};

}  // namespace

std::optional<Status> parse_survey_status(std::string_view text) {
  std::string f = fold(trim(text));
  if (one_of(f, {"met", "m", "1", "dat", "dap ung", "dap ung day du", "day du"})) return Status::met;
  if (one_of(f, {"partial", "p", "2", "partly met", "partly", "mot phan", "dat mot phan", "dap ung mot phan"}))
    return Status::partial;
  if (one_of(f, {"not-met", "not met", "notmet", "n", "nm", "3", "chua dat", "khong dat", "chua dap ung", "khong dap ung"}))
    return Status::not_met;
  if (one_of(f, {"not-applicable", "not applicable", "na", "n/a", "n.a.", "4", "khong ap dung", "kad"}))
    return Status::not_applicable;
  return std::nullopt;
}

// ---- the engine ---------------------------------------------------------------------------------

struct Survey::Applied {
  bool ok = true;
  std::string reason;
  bool changed = false;
  bool stay = false;  ///< the item was removed: the next one took its place
};

namespace {

ComponentAnswers* find_answers(Answers& a, const std::string& id) {
  for (ComponentAnswers& c : a.components)
    if (c.id == id) return &c;
  return nullptr;
}

// Keeps Answers::components in step with the system's components: same ids, names and order.
// Going from none to one component moves the component-scope answers into it, and back.
void sync_components(Dossier& d, const Regime& regime) {
  std::vector<ComponentAnswers> out;
  for (const SystemComponent& sc : d.system.components) {
    ComponentAnswers* ca = find_answers(d.answers, sc.id);
    ComponentAnswers c = ca ? std::move(*ca) : ComponentAnswers{sc.id, sc.name, {}};
    c.id = sc.id;
    c.name = sc.name;
    out.push_back(std::move(c));
  }
  if (d.answers.components.empty() && !out.empty()) {
    for (auto it = d.answers.system.begin(); it != d.answers.system.end();) {
      const Question* q = regime.question(it->first);
      if (q && q->scope == Scope::component) {
        out.front().answers.emplace(it->first, std::move(it->second));
        it = d.answers.system.erase(it);
      } else {
        ++it;
      }
    }
  }
  if (!d.answers.components.empty() && out.empty() && d.answers.components.size() == 1) {
    for (auto& [qid, v] : d.answers.components.front().answers) d.answers.system.emplace(qid, std::move(v));
  }
  d.answers.components = std::move(out);
}

}  // namespace

Survey::Survey(const Regime& regime, Dossier& dossier, SurveyOptions options)
    : regime_(regime), d_(dossier), opt_(std::move(options)) {
  d_.regime = regime_.id;
  if (d_.catalog_version.empty()) d_.catalog_version = regime_.version;
  d_.answers.regime = regime_.id;
  // A dossier whose answers list components the description does not: take them over.
  if (d_.system.components.empty())
    for (const ComponentAnswers& c : d_.answers.components) d_.system.components.push_back({c.id, c.name, "", ""});
  sync_components(d_, regime_);
  rebuild();
  cursor_ = next_open(0);
  refresh_prompt();
}

std::vector<std::string> Survey::keys() const {
  std::vector<std::string> out;
  for (const Item& it : items_) out.push_back(it.key);
  return out;
}

void Survey::rebuild() {
  items_.clear();
  // Part 1: the system description.
  for (int org = 0; org < 4; ++org) {
    for (int f : org_fields(org)) {
      Item it;
      it.kind = Kind::org_field;
      it.org = org;
      it.field = f;
      it.key = fmt::format("{}.{}", kOrgKeys[org], kOrgFieldKeys[f]);
      items_.push_back(it);
    }
  }
  for (int f = s_name; f <= s_location; ++f) {
    Item it;
    it.kind = Kind::sys_field;
    it.field = f;
    it.key = fmt::format("system.{}", kSysKeys[f]);
    items_.push_back(it);
  }
  auto list_item = [&](Kind k, const char* prefix, std::size_t i, const char* field, bool adds) {
    Item it;
    it.kind = k;
    it.index = i;
    it.adds = adds;
    it.key = fmt::format("{}[{}].{}", prefix, i + 1, field);
    items_.push_back(it);
  };
  const std::size_t ncomp = d_.system.components.size();
  for (std::size_t i = 0; i < ncomp; ++i) {
    list_item(Kind::component_id, "component", i, "id", false);
    list_item(Kind::component_name, "component", i, "name", false);
    list_item(Kind::component_kind, "component", i, "kind", false);
  }
  list_item(Kind::component_id, "component", ncomp, "id", true);
  const std::size_t nconn = d_.system.connections.size();
  for (std::size_t i = 0; i < nconn; ++i) {
    list_item(Kind::connection_system, "connection", i, "system", false);
    list_item(Kind::connection_direction, "connection", i, "direction", false);
    list_item(Kind::connection_data, "connection", i, "data", false);
  }
  list_item(Kind::connection_system, "connection", nconn, "system", true);

  // Part 2: the level questions whose conditions hold, then the proposed level.
  cls_ = classify(regime_, d_.answers);
  auto asked = [&](const Question& q, int comp) {
    static const ComponentAnswers none;
    const ComponentAnswers& ca = comp < 0 ? none : d_.answers.components[static_cast<std::size_t>(comp)];
    return eval_for_component(q.when, regime_, d_.answers, ca, nullptr) == Tri::yes;
  };
  auto question_item = [&](const Question& q, int comp) {
    Item it;
    it.kind = Kind::question;
    it.part = 2;
    it.question = &q;
    it.component = comp;
    it.key = comp < 0 ? "q:" + q.id : fmt::format("q:{}@{}", q.id, d_.answers.components[static_cast<std::size_t>(comp)].id);
    items_.push_back(it);
  };
  if (d_.answers.components.empty()) {
    for (const Question& q : regime_.questions)
      if (asked(q, -1)) question_item(q, -1);
  } else {
    for (const Question& q : regime_.questions)
      if (q.scope == Scope::system && asked(q, -1)) question_item(q, -1);
    for (std::size_t c = 0; c < d_.answers.components.size(); ++c)
      for (const Question& q : regime_.questions)
        if (q.scope == Scope::component && asked(q, static_cast<int>(c))) question_item(q, static_cast<int>(c));
  }
  {
    Item it;
    it.kind = Kind::level;
    it.part = 2;
    it.key = "level";
    items_.push_back(it);
    if (d_.proposal.proposed && d_.proposal.proposed != cls_.level) {
      it.kind = Kind::level_justification;
      it.key = "level.justification";
      items_.push_back(it);
    }
  }

  // Part 3: every requirement that applies at the assessed level, grouped by category.
  if (int level = d_.assessed_level()) {
    std::vector<const Requirement*> reqs = applicable_requirements(regime_, d_.answers, cls_, level);
    std::map<std::string, std::size_t> cat_order;
    for (std::size_t i = 0; i < regime_.categories.size(); ++i) cat_order.emplace(regime_.categories[i].id, i);
    std::stable_sort(reqs.begin(), reqs.end(), [&](const Requirement* a, const Requirement* b) {
      return cat_order[a->category] < cat_order[b->category];
    });
    for (std::size_t n = 0; n < reqs.size(); ++n) {
      const Requirement* r = reqs[n];
      auto push = [&](Kind k, std::string field, std::size_t index = 0, bool adds = false) {
        Item it;
        it.kind = k;
        it.part = 3;
        it.req = r;
        it.index = index;
        it.adds = adds;
        it.number = n + 1;
        it.total = reqs.size();
        it.key = fmt::format("req:{}:{}", r->id, field);
        items_.push_back(it);
      };
      push(Kind::req_status, "status");
      const Assessment* a = d_.assessment(r->id);
      if (!a) continue;
      if (a->status == Status::not_applicable) push(Kind::req_justification, "justification");
      if (a->status == Status::met || a->status == Status::partial) {
        push(Kind::req_implementation, "implementation");
        for (std::size_t e = 0; e < a->evidence.size(); ++e) {
          push(Kind::evidence_title, fmt::format("evidence[{}].title", e + 1), e);
          push(Kind::evidence_location, fmt::format("evidence[{}].location", e + 1), e);
          push(Kind::evidence_date, fmt::format("evidence[{}].date", e + 1), e);
        }
        push(Kind::evidence_title, fmt::format("evidence[{}].title", a->evidence.size() + 1), a->evidence.size(), true);
      }
      if (a->status == Status::partial || a->status == Status::not_met) {
        push(Kind::remediation_action, "remediation.action");
        push(Kind::remediation_owner, "remediation.owner");
        push(Kind::remediation_due, "remediation.due");
      }
    }
  }

  // Progress within parts 1 and 2.
  std::size_t counts[4] = {0, 0, 0, 0};
  for (const Item& it : items_)
    if (it.part < 3) ++counts[it.part];
  std::size_t seen[4] = {0, 0, 0, 0};
  for (Item& it : items_) {
    if (it.part == 3) continue;
    it.number = ++seen[it.part];
    it.total = counts[it.part];
  }
}

bool Survey::answered(const Item& it) const {
  if (it.adds) return true;
  const Assessment* a = it.req ? d_.assessment(it.req->id) : nullptr;
  switch (it.kind) {
    case Kind::org_field: return !org_value(org_of(d_, it.org), it.field).empty();
    case Kind::sys_field: {
      const SystemInfo& s = d_.system;
      switch (it.field) {
        case s_name: return !s.name.empty();
        case s_code: return !s.code.empty();
        case s_purpose: return !s.purpose.empty();
        case s_users: return s.users.has_value();
        case s_data_subjects: return s.data_subjects.has_value();
        case s_provider: return !s.hosting_provider.empty();
        default: return !s.hosting_location.empty();
      }
    }
    case Kind::component_id: return true;
    case Kind::component_name: return !d_.system.components[it.index].name.empty();
    case Kind::component_kind: return !d_.system.components[it.index].kind.empty();
    case Kind::connection_system: return !d_.system.connections[it.index].system.empty();
    case Kind::connection_direction: return !d_.system.connections[it.index].direction.empty();
    case Kind::connection_data: return !d_.system.connections[it.index].data.empty();
    case Kind::question: {
      const auto& m = it.component < 0 ? d_.answers.system : d_.answers.components[static_cast<std::size_t>(it.component)].answers;
      return m.count(it.question->id) > 0;
    }
    case Kind::level:
      return d_.proposal.proposed != 0 && (d_.proposal.proposed == cls_.level || !d_.proposal.justification.empty());
    case Kind::level_justification: return !d_.proposal.justification.empty();
    case Kind::req_status: return a && a->status != Status::unanswered;
    case Kind::req_justification: return a && !a->justification.empty();
    case Kind::req_implementation: return a && !a->implementation.empty();
    case Kind::evidence_title: return true;
    case Kind::evidence_location: return a && !a->evidence[it.index].location.empty();
    case Kind::evidence_date: return a && a->evidence[it.index].date.has_value();
    case Kind::remediation_action: return a && !a->remediation.action.empty();
    case Kind::remediation_owner: return a && !a->remediation.owner.empty();
    case Kind::remediation_due: return a && a->remediation.due.has_value();
  }
  return true;
}

namespace {

// Whether an unanswered item makes the dossier incomplete.
bool needed(const Survey::Item& it) {
  switch (it.kind) {
    case Kind::org_field: return it.field == f_name || (it.org == 0 && it.field == f_province);
    case Kind::sys_field: return it.field == s_name || it.field == s_purpose;
    case Kind::question: return it.question->required;
    case Kind::level:
    case Kind::level_justification:
    case Kind::req_status:
    case Kind::req_justification:
    case Kind::remediation_action:
    case Kind::remediation_owner:
    case Kind::remediation_due: return true;
    default: return false;
  }
}

}  // namespace

std::size_t Survey::next_open(std::size_t from) const {
  // An "add another" prompt needs an answer until a later prompt is answered: once the user
  // has gone past it, its answer was "no more".
  std::vector<bool> later(items_.size() + 1, false);
  for (std::size_t j = items_.size(); j-- > 0;) later[j] = later[j + 1] || (!items_[j].adds && answered(items_[j]));
  for (std::size_t j = from; j < items_.size(); ++j)
    if (items_[j].adds ? !later[j + 1] : !answered(items_[j])) return j;
  return items_.size();
}

bool Survey::complete() const {
  return std::none_of(items_.begin(), items_.end(), [&](const Item& it) { return needed(it) && !answered(it); });
}

std::string Survey::summary() const {
  Lang lang = opt_.lang;
  if (complete()) return tr(lang, "hồ sơ đã đầy đủ", "dossier complete");
  std::size_t description = 0, questions = 0, reqs = 0, total = 0;
  bool level = false;
  const Requirement* last = nullptr;
  const Requirement* last_counted = nullptr;
  for (const Item& it : items_) {
    if (it.req && it.req != last) {
      last = it.req;
      total = it.total;
    }
    if (!needed(it) || answered(it)) continue;
    if (it.part == 1) ++description;
    else if (it.kind == Kind::question) ++questions;
    else if (it.part == 2) level = true;
    else if (it.req != last_counted) {
      last_counted = it.req;
      ++reqs;
    }
  }
  std::vector<std::string> parts;
  if (description)
    parts.push_back(lang == Lang::vi ? fmt::format("{} mục mô tả hệ thống", description)
                                     : fmt::format("{} description field{}", description, description == 1 ? "" : "s"));
  if (questions)
    parts.push_back(lang == Lang::vi ? fmt::format("{} câu hỏi xác định cấp độ", questions)
                                     : fmt::format("{} level question{}", questions, questions == 1 ? "" : "s"));
  if (level) parts.push_back(tr(lang, "cấp độ đề xuất", "the proposed level"));
  if (reqs)
    parts.push_back(lang == Lang::vi ? fmt::format("{}/{} yêu cầu", reqs, total)
                                     : fmt::format("{} of {} requirements", reqs, total));
  std::string list;
  for (const std::string& p : parts) list += (list.empty() ? "" : ", ") + p;
  return say(lang, "chưa đầy đủ; còn thiếu: {}", "incomplete; still to answer: {}", list);
}

std::string Survey::welcome(const std::string& file, bool is_new) const {
  Lang lang = opt_.lang;
  std::string s = is_new ? say(lang, "capdo survey: hồ sơ mới '{}', chế độ {} ({})\n", "capdo survey: new dossier '{}', regime {} ({})\n",
                               file, regime_.id, regime_.name.get(lang))
                         : say(lang, "capdo survey: hồ sơ '{}', chế độ {} ({})\n", "capdo survey: dossier '{}', regime {} ({})\n",
                               file, regime_.id, regime_.name.get(lang));
  s += kCommands[lang == Lang::vi ? 0 : 1];
  s += tr(lang, " Mỗi câu trả lời được lưu ngay.\n", " Every answer is saved at once.\n");
  if (!is_new) {
    if (done()) s += tr(lang, "Không còn câu hỏi nào chưa trả lời.\n", "No question is left unanswered.\n");
    else s += tr(lang, "Tiếp tục từ câu hỏi đầu tiên chưa trả lời.\n", "Resuming at the first unanswered question.\n");
  }
  return s;
}

// ---- prompts -----------------------------------------------------------------------------------

namespace {

std::string requirement_citation(const Regime& r, const Requirement& req, int level, Lang lang) {
  std::string s = format_cites(req.cites, r, lang);
  if (const LevelEntry* e = req.at(level)) {
    if (!e->clause.empty()) {
      const Document* std_doc = r.document(r.standard);
      std::string std_name = std_doc ? std_doc->name.get(lang) : r.standard.empty() ? tr(lang, "mục", "clause") : r.standard;
      s += fmt::format("{}{} {}", s.empty() ? "" : "; ", std_name, e->clause);
    }
    if (!e->annex_item.empty())
      s += fmt::format("{}{} {}", s.empty() ? "" : "; ", tr(lang, "mục phụ lục", "annex item"), e->annex_item);
  }
  return s;
}

std::string requirement_help(const Requirement& req, const Text& shown, Lang lang) {
  std::string s;
  if (&shown != &req.summary && !req.summary.empty())
    s += fmt::format("{}: {}\n", tr(lang, "Tóm tắt", "Summary"), req.summary.get(lang));
  if (!req.note.empty()) s += fmt::format("{}: {}\n", tr(lang, "Ghi chú", "Note"), req.note.get(lang));
  if (!req.applies_if.empty())
    s += fmt::format("{}: {}\n", tr(lang, "Chỉ áp dụng khi", "Applies only if"), req.applies_if.source());
  if (s.empty()) s = tr(lang, "Không có hướng dẫn thêm cho yêu cầu này.\n", "No further guidance for this requirement.\n");
  s.pop_back();
  return s;
}

std::string question_hint(const Question& q, Lang lang) {
  switch (q.type) {
    case QuestionType::yes_no: return tr(lang, " (có/không)", " (yes/no)");
    case QuestionType::many_of:
      return tr(lang, " (chọn một hoặc nhiều, cách nhau bởi dấu cách hoặc dấu phẩy)", " (one or more, separated by spaces or commas)");
    case QuestionType::number:
      if (q.min && q.max) return fmt::format(" ({}–{})", *q.min, *q.max);
      if (q.min) return say(lang, " (số nguyên ≥ {})", " (whole number ≥ {})", *q.min);
      return tr(lang, " (số nguyên)", " (whole number)");
    case QuestionType::date: return " (YYYY-MM-DD)";
    default: return "";
  }
}

std::string choice_ids(const Question& q) {
  std::string all;
  for (const Choice& c : q.choices) all += (all.empty() ? "" : ", ") + c.id;
  return all;
}

// Reads an answer to a level question, in either language; numbers pick choices.
bool parse_question(const Question& q, const std::string& text, Lang lang, AnswerValue& out, std::string& reason) {
  const std::string f = fold(text);
  std::string canonical;
  auto pick = [&](const std::string& token, std::string& id) {
    if (q.choice(token)) {
      id = token;
      return true;
    }
    const std::string folded = fold(token);
    for (const Choice& c : q.choices)
      if (folded == fold(c.text.vi) || folded == fold(c.text.en)) {
        id = c.id;
        return true;
      }
    long long n = 0;
    if (token.size() <= 3 && parse_count(token, n) && n >= 1 && n <= static_cast<long long>(q.choices.size())) {
      id = q.choices[static_cast<std::size_t>(n - 1)].id;
      return true;
    }
    reason = say(lang, "'{}' không phải là một trong: {}", "'{}' is not one of: {}", token, choice_ids(q));
    return false;
  };
  switch (q.type) {
    case QuestionType::yes_no:
      if (is_yes(f)) canonical = "yes";
      else if (is_no(f)) canonical = "no";
      else {
        reason = say(lang, "'{}' không phải là có hoặc không", "'{}' is not yes or no", text);
        return false;
      }
      break;
    case QuestionType::one_of:
      if (!pick(text, canonical)) return false;
      break;
    case QuestionType::many_of: {
      // Parts separated by commas are ids, numbers or whole labels; otherwise words are.
      auto add = [&](const std::string& id) { canonical += (canonical.empty() ? "" : " ") + id; };  // parse_answer drops repeats
      std::size_t start = 0;
      while (start <= text.size()) {
        std::size_t end = text.find_first_of(",;", start);
        if (end == std::string::npos) end = text.size();
        std::string part = trim(std::string_view(text).substr(start, end - start));
        start = end + 1;
        if (part.empty()) continue;
        std::string id;
        std::string saved = reason;
        if (pick(part, id)) {
          add(id);
          continue;
        }
        reason = saved;
        std::string token;
        for (std::size_t i = 0; i <= part.size(); ++i) {
          char c = i < part.size() ? part[i] : ' ';
          if (c != ' ' && c != '\t') {
            token += c;
            continue;
          }
          if (token.empty()) continue;
          if (!pick(token, id)) return false;
          add(id);
          token.clear();
        }
      }
      break;
    }
    case QuestionType::number: {
      long long n = 0;
      if (!parse_count(text, n)) {
        reason = bad_count(lang, text);
        return false;
      }
      if ((q.min && n < *q.min) || (q.max && n > *q.max)) {
        reason = q.max ? say(lang, "{} nằm ngoài khoảng {}–{}", "{} is outside {}–{}", n, q.min.value_or(0), *q.max)
                       : say(lang, "{} nhỏ hơn {}", "{} is less than {}", n, *q.min);
        return false;
      }
      canonical = std::to_string(n);
      break;
    }
    case QuestionType::date:
      if (!Date::parse(text)) {
        reason = bad_date(lang, text);
        return false;
      }
      canonical = text;
      break;
    case QuestionType::text: canonical = text; break;
  }
  std::string err;
  if (!parse_answer(q, canonical, out, err)) {
    reason = err;
    return false;
  }
  return true;
}

std::string status_choice_list(Lang lang) {
  return tr(lang, "đạt (m), một phần (p), chưa đạt (n), không áp dụng (na)",
            "met (m), partial (p), not-met (n), not-applicable (na)");
}

}  // namespace

Prompt Survey::make_prompt(const Item& it) const {
  const Lang lang = opt_.lang;
  Prompt p;
  p.key = it.key;
  p.part = it.part;
  p.progress = fmt::format("{}/{}", it.number, it.total);
  std::string section = part_title(lang, it.part);
  auto field_help = [&](const char* vi, const char* en) { p.help = tr(lang, vi, en); };
  const Assessment* a = it.req ? d_.assessment(it.req->id) : nullptr;
  const int level = d_.assessed_level();

  switch (it.kind) {
    case Kind::org_field: {
      const Organisation& o = org_of(d_, it.org);
      section += " › " + org_title(lang, it.org);
      switch (it.field) {
        case f_name:
          if (it.org == 0) {
            p.text = tr(lang, "Tên đơn vị (cơ quan, tổ chức lập hồ sơ)?", "Name of the unit (the body filling in this dossier)?");
            field_help("Tên đầy đủ của cơ quan, tổ chức, ví dụ: Sở Thông tin và Truyền thông tỉnh X.",
                       "The full name of the body, for example: Department of Information and Communications of X province.");
          } else {
            p.text = it.org == 1 ? tr(lang, "Tên chủ quản hệ thống thông tin? (= nếu là chính đơn vị)", "Name of the system owner (chủ quản)? (= if it is the unit itself)")
                     : it.org == 2 ? tr(lang, "Tên đơn vị vận hành hệ thống? (= nếu là chính đơn vị)", "Name of the operating unit? (= if it is the unit itself)")
                                   : tr(lang, "Tên đơn vị chuyên trách về an toàn thông tin? (= nếu là chính đơn vị)", "Name of the information-security unit? (= if it is the unit itself)");
            field_help("Nhập = để chép tên, địa chỉ và người liên hệ của đơn vị lập hồ sơ.",
                       "Enter = to copy the name, address and contact of the unit filling in the dossier.");
          }
          break;
        case f_code:
          p.text = tr(lang, "Mã đơn vị (mã quan hệ ngân sách hoặc mã định danh)?", "Unit code (budget-relationship or identification code)?");
          field_help("Mã định danh điện tử của cơ quan, hoặc mã số đơn vị có quan hệ với ngân sách.",
                     "The body's electronic identification code, or its budget-relationship code.");
          break;
        case f_province:
          p.text = tr(lang, "Tỉnh, thành phố?", "Province or city?");
          field_help("Tỉnh, thành phố trực thuộc trung ương nơi đơn vị đặt trụ sở.", "The province or centrally-run city of the unit's seat.");
          break;
        case f_address:
          p.text = tr(lang, "Địa chỉ?", "Address?");
          field_help("Địa chỉ trụ sở.", "The address of the seat.");
          break;
        case f_contact_name:
          p.text = tr(lang, "Người liên hệ: họ và tên?", "Contact person: full name?");
          field_help("Người trả lời các câu hỏi về hồ sơ này.", "The person who answers questions about this dossier.");
          break;
        case f_contact_role:
          p.text = tr(lang, "Người liên hệ: chức vụ?", "Contact person: position?");
          field_help("Ví dụ: Trưởng phòng Công nghệ thông tin.", "For example: head of the IT office.");
          break;
        case f_phone:
          p.text = tr(lang, "Người liên hệ: số điện thoại?", "Contact person: phone number?");
          field_help("Chữ số, dấu cách và + - . ( ) /.", "Digits, spaces and + - . ( ) /.");
          break;
        default:
          p.text = tr(lang, "Người liên hệ: thư điện tử?", "Contact person: e-mail?");
          field_help("Ví dụ: ten@tinh.gov.vn.", "For example: name@province.gov.vn.");
          break;
      }
      p.current = org_value(o, it.field);
      break;
    }
    case Kind::sys_field: {
      const SystemInfo& s = d_.system;
      section += tr(lang, " › Hệ thống", " › System");
      switch (it.field) {
        case s_name:
          p.text = tr(lang, "Tên hệ thống thông tin?", "Name of the information system?");
          field_help("Tên hệ thống như trong hồ sơ đề xuất cấp độ.", "The name of the system as it appears in the level proposal.");
          p.current = s.name;
          break;
        case s_code:
          p.text = tr(lang, "Mã hệ thống (do đơn vị tự đặt, nếu có)?", "System code (the unit's own identifier, if any)?");
          field_help("Mã duy nhất trong đơn vị, dùng để phân biệt các hồ sơ.", "Unique within the unit; it tells dossiers apart.");
          p.current = s.code;
          break;
        case s_purpose:
          p.text = tr(lang, "Mục đích, chức năng chính của hệ thống?", "Purpose and main functions of the system?");
          field_help("Hệ thống phục vụ ai, để làm gì.", "Whom the system serves, and what for.");
          p.current = s.purpose;
          break;
        case s_users:
          p.text = tr(lang, "Số người sử dụng hệ thống (ước tính)?", "How many people use the system (estimate)?");
          field_help("Số nguyên; có thể viết 1.850 hoặc 1 850.", "A whole number; 1,850 or 1 850 are fine.");
          if (s.users) p.current = std::to_string(*s.users);
          break;
        case s_data_subjects:
          p.text = tr(lang, "Số người có dữ liệu được hệ thống xử lý (chủ thể dữ liệu, ước tính)?",
                      "How many people's data does the system process (data subjects, estimate)?");
          field_help("Số nguyên; có thể viết 85.000 hoặc 85 000.", "A whole number; 85,000 or 85 000 are fine.");
          if (s.data_subjects) p.current = std::to_string(*s.data_subjects);
          break;
        case s_provider:
          p.text = tr(lang, "Nhà cung cấp trung tâm dữ liệu hoặc điện toán đám mây (nếu thuê)?", "Data-centre or cloud provider (if rented)?");
          field_help("Để trống nếu hệ thống đặt tại cơ sở của đơn vị.", "Leave empty if the system is on the unit's own premises.");
          p.current = s.hosting_provider;
          break;
        default:
          p.text = tr(lang, "Địa điểm đặt hệ thống (trung tâm dữ liệu, phòng máy chủ)?", "Where is the system located (data centre, server room)?");
          field_help("Ví dụ: Trung tâm dữ liệu tỉnh, phòng máy chủ tầng 3.", "For example: the provincial data centre, third-floor server room.");
          p.current = s.hosting_location;
          break;
      }
      break;
    }
    case Kind::component_id:
    case Kind::component_name:
    case Kind::component_kind: {
      section += tr(lang, " › Thành phần", " › Components");
      const std::size_t n = it.index + 1;
      if (it.adds) {
        p.text = n == 1 ? tr(lang, "Hệ thống có nhiều thành phần? Nhập mã của thành phần thứ nhất (ví dụ portal), hoặc để trống nếu hệ thống chỉ có một thành phần.",
                             "Does the system have several components? Enter the id of the first component (e.g. portal), or leave empty for a single-component system.")
                        : say(lang, "Mã của thành phần thứ {} (để trống nếu không còn)?", "Id of component {} (empty: no more components)?", n);
        field_help("Mỗi thành phần được xác định cấp độ riêng; hệ thống lấy cấp độ cao nhất. Mã gồm chữ cái, chữ số và _ . : -.",
                   "Each component gets its own level; the system takes the highest. An id has letters, digits and _ . : -.");
        p.citation = format_cites(regime_.composition_cites, regime_, lang);
        break;
      }
      const SystemComponent& c = d_.system.components[it.index];
      if (it.kind == Kind::component_id) {
        p.text = say(lang, "Thành phần {}: mã?", "Component {}: id?", n);
        field_help("Nhập - để bỏ thành phần này cùng các câu trả lời của nó.", "Enter - to remove this component and its answers.");
        p.current = c.id;
      } else if (it.kind == Kind::component_name) {
        p.text = say(lang, "Thành phần {} ({}): tên?", "Component {} ({}): name?", n, c.id);
        field_help("Ví dụ: Cổng dịch vụ công tỉnh.", "For example: provincial public-service portal.");
        p.current = c.name;
      } else {
        p.text = say(lang, "Thành phần {} ({}): loại (ví dụ ứng dụng web, cơ sở dữ liệu, mạng LAN)?",
                     "Component {} ({}): kind (e.g. web application, database, LAN)?", n, c.id);
        field_help("Mô tả ngắn, tự do.", "A short free description.");
        p.current = c.kind;
      }
      break;
    }
    case Kind::connection_system:
    case Kind::connection_direction:
    case Kind::connection_data: {
      section += tr(lang, " › Kết nối", " › Connections");
      const std::size_t n = it.index + 1;
      if (it.adds) {
        p.text = n == 1 ? tr(lang, "Hệ thống có kết nối với hệ thống khác? Nhập tên hệ thống thứ nhất, hoặc để trống nếu không có.",
                             "Is the system connected to other systems? Enter the name of the first one, or leave empty if none.")
                        : say(lang, "Kết nối {}: tên hệ thống (để trống nếu không còn)?", "Connection {}: the other system (empty: no more connections)?", n);
        field_help("Ví dụ: Cổng dịch vụ công quốc gia, Cơ sở dữ liệu quốc gia về dân cư.",
                   "For example: the national public-service portal, the National Population Database.");
        break;
      }
      const Connection& c = d_.system.connections[it.index];
      if (it.kind == Kind::connection_system) {
        p.text = say(lang, "Kết nối {}: tên hệ thống?", "Connection {}: the other system?", n);
        field_help("Nhập - để bỏ kết nối này.", "Enter - to remove this connection.");
        p.current = c.system;
      } else if (it.kind == Kind::connection_direction) {
        p.text = say(lang, "Kết nối {} ({}): chiều dữ liệu?", "Connection {} ({}): direction of the data?", n, c.system);
        field_help("vào: hệ thống nhận dữ liệu; ra: hệ thống gửi dữ liệu; hai chiều: cả hai.",
                   "in: the system receives data; out: it sends data; both: both ways.");
        p.choices = {{"in", tr(lang, "vào", "in")}, {"out", tr(lang, "ra", "out")}, {"both", tr(lang, "hai chiều", "both ways")}};
        p.current = c.direction;
      } else {
        p.text = say(lang, "Kết nối {} ({}): dữ liệu trao đổi?", "Connection {} ({}): data exchanged?", n, c.system);
        field_help("Ví dụ: hồ sơ thủ tục hành chính, kết quả giải quyết.", "For example: procedure files, decisions.");
        p.current = c.data;
      }
      break;
    }
    case Kind::question: {
      const Question& q = *it.question;
      if (it.component >= 0) {
        const SystemComponent& c = d_.system.components[static_cast<std::size_t>(it.component)];
        section += say(lang, " › Thành phần: {}", " › Component: {}", c.name.empty() ? c.id : fmt::format("{} ({})", c.name, c.id));
      } else if (!d_.answers.components.empty()) {
        section += tr(lang, " › Toàn hệ thống", " › Whole system");
      }
      std::string hint = question_hint(q, lang);
      if (!hint.empty() && q.text.get(lang).find(hint.substr(1)) != std::string::npos) hint.clear();  // "(1–5)" already in the text
      p.text = q.text.get(lang) + confidence_mark(q.confidence, lang) + hint;
      p.help = q.help.empty() ? tr(lang, "Không có hướng dẫn thêm cho câu hỏi này.", "No further guidance for this question.")
                              : q.help.get(lang);
      p.citation = format_cites(q.cites, regime_, lang);
      for (const Choice& c : q.choices) p.choices.push_back({c.id, c.text.get(lang)});
      const auto& m = it.component < 0 ? d_.answers.system : d_.answers.components[static_cast<std::size_t>(it.component)].answers;
      if (auto f = m.find(q.id); f != m.end()) p.current = format_answer(q, f->second);
      break;
    }
    case Kind::level: {
      section += tr(lang, " › Cấp độ đề xuất", " › Proposed level");
      p.text = tr(lang, "Kết quả xác định cấp độ theo các câu trả lời:\n", "The level your answers give:\n");
      p.text += render_classification_text(cls_, lang) + "\n";
      p.text += cls_.level ? say(lang, "Xác nhận cấp độ {}? Trả lời 'có' để xác nhận, hoặc nhập cấp độ khác (1–5).",
                                 "Confirm level {}? Answer 'yes' to confirm, or enter another level (1–5).", cls_.level)
                           : tr(lang, "Các tiêu chí chưa cho cấp độ nào. Nhập cấp độ đề xuất (1–5).",
                                "The criteria give no level. Enter the level you propose (1–5).");
      for (const LevelInfo& l : regime_.levels) p.help += fmt::format("{}{}: {}", p.help.empty() ? "" : "\n", l.name.get(lang), l.harm.get(lang));
      if (!regime_.composition_text.empty()) p.help += "\n" + regime_.composition_text.get(lang);
      p.citation = format_cites(regime_.composition_cites, regime_, lang);
      if (d_.proposal.proposed) p.current = std::to_string(d_.proposal.proposed);
      break;
    }
    case Kind::level_justification: {
      section += tr(lang, " › Cấp độ đề xuất", " › Proposed level");
      p.text = cls_.level ? say(lang, "Vì sao đề xuất cấp độ {} thay vì cấp độ {} theo tiêu chí?",
                                "Why do you propose level {} rather than level {} from the criteria?", d_.proposal.proposed, cls_.level)
                          : say(lang, "Vì sao đề xuất cấp độ {}? (các tiêu chí chưa cho cấp độ nào)",
                                "Why do you propose level {}? (the criteria give no level)", d_.proposal.proposed);
      field_help("Nêu căn cứ, ví dụ kết quả đánh giá rủi ro hoặc yêu cầu của chủ quản.",
                 "Give the grounds, for example the result of the risk assessment or the owner's requirement.");
      if (const LevelInfo* li = regime_.level_info(d_.proposal.proposed)) {
        p.help += fmt::format("\n{}: {}", li->name.get(lang), li->harm.get(lang));
        p.citation = format_cites(li->cites, regime_, lang);
      }
      p.current = d_.proposal.justification;
      p.required = true;
      break;
    }
    default: {
      // Part 3: one requirement.
      const Requirement& r = *it.req;
      p.progress = fmt::format("{}/{}", it.number, it.total);
      section = say(lang, "Phần 3/3 — Tự đánh giá ở cấp độ {}", "Part 3/3 — Self-assessment at level {}", level);
      const Category* cat = regime_.category(r.category);
      const Group* grp = regime_.group(r.group);
      if (grp) section += " › " + grp->name.get(lang);
      section += " › " + (cat ? cat->name.get(lang) : r.category);
      const Text& shown = effective_text(regime_, r, level, d_.answers, cls_);
      p.citation = requirement_citation(regime_, r, level, lang);
      const std::string head = fmt::format("{} — {}", r.id, r.title.get(lang));
      switch (it.kind) {
        case Kind::req_status: {
          p.text = head + confidence_mark(r.confidence_at(level), lang) + "\n";
          if (!shown.empty()) p.text += "    " + shown.get(lang) + "\n";
          if (const LevelEntry* e = r.at(level); e && !e->params.empty())
            p.text += fmt::format("    {}: {}\n", tr(lang, "Tham số", "Parameters"), format_params(regime_, *e, lang));
          p.text += tr(lang, "Mức độ đáp ứng?", "Status?");
          p.help = requirement_help(r, shown, lang);
          p.choices = {{tr(lang, "đạt (m)", "met (m)"), status_label(Status::met, lang)},
                       {tr(lang, "một phần (p)", "partial (p)"), status_label(Status::partial, lang)},
                       {tr(lang, "chưa đạt (n)", "not-met (n)"), status_label(Status::not_met, lang)},
                       {tr(lang, "không áp dụng (na)", "not-applicable (na)"), status_label(Status::not_applicable, lang)}};
          if (a && a->status != Status::unanswered) p.current = status_label(a->status, lang);
          break;
        }
        case Kind::req_justification:
          p.text = head + "\n" + tr(lang, "Vì sao yêu cầu này không áp dụng?", "Why does this requirement not apply?");
          field_help("Bắt buộc khi chọn không áp dụng.", "Required for not-applicable.");
          p.required = true;
          if (a) p.current = a->justification;
          break;
        case Kind::req_implementation:
          p.text = head + "\n" + tr(lang, "Đơn vị triển khai yêu cầu này như thế nào?", "How does the unit implement this requirement?");
          field_help("Mô tả ngắn giải pháp, quy trình hoặc sản phẩm đang dùng.", "Briefly describe the solution, procedure or product in use.");
          if (a) p.current = a->implementation;
          break;
        case Kind::evidence_title:
          if (it.adds)
            p.text = head + "\n" + (it.index == 0 ? tr(lang, "Bằng chứng thứ nhất: tên tài liệu (để trống nếu không có)?",
                                                       "First evidence: document title (empty: none)?")
                                                  : say(lang, "Bằng chứng {}: tên tài liệu (để trống nếu không còn)?",
                                                        "Evidence {}: document title (empty: no more evidence)?", it.index + 1));
          else
            p.text = head + "\n" + say(lang, "Bằng chứng {}: tên tài liệu? (- để bỏ)", "Evidence {}: document title? (- removes it)", it.index + 1);
          field_help("Ví dụ: Quyết định ban hành quy chế, biên bản kiểm tra, ảnh chụp cấu hình.",
                     "For example: the decision issuing a policy, an inspection record, a configuration screenshot.");
          if (a && !it.adds) p.current = a->evidence[it.index].title;
          break;
        case Kind::evidence_location:
          p.text = head + "\n" + say(lang, "Bằng chứng {}: nơi lưu (đường dẫn, URL, số lưu trữ)?",
                                     "Evidence {}: location (path, URL or archive reference)?", it.index + 1);
          field_help("capdo không mở địa chỉ này; nó chỉ được ghi lại cho người đánh giá.",
                     "capdo never opens it; it is recorded for the assessor.");
          if (a) p.current = a->evidence[it.index].location;
          break;
        case Kind::evidence_date:
          p.text = head + "\n" + say(lang, "Bằng chứng {}: ngày (YYYY-MM-DD)?", "Evidence {}: date (YYYY-MM-DD)?", it.index + 1);
          field_help("Ngày ban hành hoặc ngày lập tài liệu.", "The date the document was issued or made.");
          if (a && a->evidence[it.index].date) p.current = a->evidence[it.index].date->to_string();
          break;
        case Kind::remediation_action:
          p.text = head + "\n" + tr(lang, "Biện pháp khắc phục?", "Remediation action?");
          field_help("Việc sẽ làm để đáp ứng đầy đủ yêu cầu.", "What will be done to meet the requirement in full.");
          if (a) p.current = a->remediation.action;
          break;
        case Kind::remediation_owner:
          p.text = head + "\n" + tr(lang, "Người hoặc bộ phận chịu trách nhiệm khắc phục?", "Who is responsible for the remediation?");
          field_help("Họ tên hoặc tên bộ phận.", "A person or an office.");
          if (a) p.current = a->remediation.owner;
          break;
        default:
          p.text = head + "\n" + tr(lang, "Hạn hoàn thành khắc phục (YYYY-MM-DD)?", "Remediation due date (YYYY-MM-DD)?");
          field_help("Ngày dự kiến hoàn thành.", "The date by which it will be done.");
          if (a && a->remediation.due) p.current = a->remediation.due->to_string();
          break;
      }
      break;
    }
  }
  p.section = section;
  return p;
}

void Survey::refresh_prompt() {
  if (!done()) prompt_ = make_prompt(items_[cursor_]);
  else prompt_ = Prompt{};
}

// ---- answering ---------------------------------------------------------------------------------

void Survey::note_change(int part) {
  if (part < 1 || part > 3 || recorded_[part]) return;
  recorded_[part] = true;
  switch (part) {
    case 1: d_.record(opt_.who, "survey: system description"); break;
    case 2: d_.record(opt_.who, "survey: level questions"); break;
    default: d_.record(opt_.who, fmt::format("survey: self-assessment at level {}", d_.assessed_level())); break;
  }
}

void Survey::sort_assessments() {
  std::map<std::string, std::size_t> order;
  for (std::size_t i = 0; i < regime_.requirements.size(); ++i) order.emplace(regime_.requirements[i].id, i);
  std::stable_sort(d_.assessments.begin(), d_.assessments.end(), [&](const Assessment& a, const Assessment& b) {
    auto ia = order.find(a.requirement), ib = order.find(b.requirement);
    std::size_t x = ia == order.end() ? SIZE_MAX : ia->second, y = ib == order.end() ? SIZE_MAX : ib->second;
    return x < y;
  });
}

// Drops answers to questions whose condition no longer holds (the user changed an earlier
// answer), until nothing changes: dropping one may switch off another.
void Survey::prune_answers() {
  static const ComponentAnswers none;
  for (bool again = true; again;) {
    again = false;
    auto prune = [&](std::map<std::string, AnswerValue>& m, const ComponentAnswers& ctx) {
      for (auto it = m.begin(); it != m.end();) {
        const Question* q = regime_.question(it->first);
        if (q && eval_for_component(q->when, regime_, d_.answers, ctx, nullptr) == Tri::no) {
          it = m.erase(it);
          again = true;
        } else {
          ++it;
        }
      }
    };
    prune(d_.answers.system, none);
    for (ComponentAnswers& c : d_.answers.components) prune(c.answers, c);
  }
}

Survey::Applied Survey::apply(const Item& it, const std::string& text) {
  const Lang lang = opt_.lang;
  const bool clear = text == "-";
  Applied r;
  auto refuse = [&](std::string reason) {
    r.ok = false;
    r.reason = std::move(reason);
    return r;
  };
  auto set = [&](std::string& field, const std::string& value) {
    if (field != value) {
      field = value;
      r.changed = true;
    }
  };
  auto set_date = [&](std::optional<Date>& field) -> bool {
    if (clear) {
      r.changed = field.has_value();
      field.reset();
      return true;
    }
    auto d = Date::parse(text);
    if (!d) return false;
    r.changed = field != d;
    field = d;
    return true;
  };
  auto assessment = [&]() -> Assessment& {
    if (Assessment* a = d_.assessment(it.req->id)) return *a;
    d_.assessments.push_back(Assessment{it.req->id, Status::unanswered, "", "", {}, {}});
    Assessment& a = d_.assessments.back();
    return a;
  };

  switch (it.kind) {
    case Kind::org_field: {
      Organisation& o = org_of(d_, it.org);
      std::string value = clear ? "" : text;
      if (it.field == f_name && it.org > 0 && value == "=") {
        if (d_.unit.name.empty()) return refuse(tr(lang, "đơn vị lập hồ sơ chưa có tên", "the unit has no name yet"));
        Organisation copy = d_.unit;
        if (!(o == copy)) {
          o = copy;
          r.changed = true;
        }
        return r;
      }
      if (!value.empty() && it.field == f_phone && !valid_phone(value))
        return refuse(say(lang, "'{}' không phải là số điện thoại", "'{}' is not a phone number", value));
      if (!value.empty() && it.field == f_email && !valid_email(value))
        return refuse(say(lang, "'{}' không phải là địa chỉ thư điện tử", "'{}' is not an e-mail address", value));
      set(org_value(o, it.field), value);
      return r;
    }
    case Kind::sys_field: {
      SystemInfo& s = d_.system;
      if (it.field == s_users || it.field == s_data_subjects) {
        std::optional<long long>& field = it.field == s_users ? s.users : s.data_subjects;
        if (clear) {
          r.changed = field.has_value();
          field.reset();
          return r;
        }
        long long n = 0;
        if (!parse_count(text, n)) return refuse(bad_count(lang, text));
        r.changed = field != n;
        field = n;
        return r;
      }
      std::string value = clear ? "" : text;
      switch (it.field) {
        case s_name: set(s.name, value); break;
        case s_code: set(s.code, value); break;
        case s_purpose: set(s.purpose, value); break;
        case s_provider: set(s.hosting_provider, value); break;
        default: set(s.hosting_location, value); break;
      }
      return r;
    }
    case Kind::component_id: {
      auto& comps = d_.system.components;
      if (clear) {
        if (it.adds) return r;
        comps.erase(comps.begin() + static_cast<std::ptrdiff_t>(it.index));
        sync_components(d_, regime_);
        r.changed = r.stay = true;
        return r;
      }
      if (!valid_id(text))
        return refuse(say(lang, "'{}' không phải là mã hợp lệ (chữ cái, chữ số và _ . : -, bắt đầu bằng chữ cái hoặc chữ số)",
                          "'{}' is not a valid id (letters, digits and _ . : -, starting with a letter or digit)", text));
      for (std::size_t i = 0; i < comps.size(); ++i)
        if (comps[i].id == text && (it.adds || i != it.index))
          return refuse(say(lang, "thành phần '{}' đã có trong danh sách", "component '{}' is already listed", text));
      if (it.adds) {
        comps.push_back({text, "", "", ""});
      } else {
        if (comps[it.index].id == text) return r;
        if (ComponentAnswers* ca = find_answers(d_.answers, comps[it.index].id)) ca->id = text;
        comps[it.index].id = text;
      }
      sync_components(d_, regime_);
      r.changed = true;
      return r;
    }
    case Kind::component_name: {
      set(d_.system.components[it.index].name, clear ? "" : text);
      sync_components(d_, regime_);
      return r;
    }
    case Kind::component_kind: set(d_.system.components[it.index].kind, clear ? "" : text); return r;
    case Kind::connection_system: {
      auto& conns = d_.system.connections;
      if (clear) {
        if (it.adds) return r;
        conns.erase(conns.begin() + static_cast<std::ptrdiff_t>(it.index));
        r.changed = r.stay = true;
        return r;
      }
      if (it.adds) {
        conns.push_back({text, "", ""});
        r.changed = true;
        return r;
      }
      set(conns[it.index].system, text);
      return r;
    }
    case Kind::connection_direction: {
      std::string value;
      if (!clear) {
        std::string f = fold(text);
        if (one_of(f, {"in", "1", "vao", "chieu vao"})) value = "in";
        else if (one_of(f, {"out", "2", "ra", "chieu ra"})) value = "out";
        else if (one_of(f, {"both", "3", "hai chieu", "2 chieu", "ca hai", "both ways"})) value = "both";
        else
          return refuse(say(lang, "'{}' không phải là một trong: vào (in), ra (out), hai chiều (both)",
                            "'{}' is not one of: in, out, both", text));
      }
      set(d_.system.connections[it.index].direction, value);
      return r;
    }
    case Kind::connection_data: set(d_.system.connections[it.index].data, clear ? "" : text); return r;
    case Kind::question: {
      auto& m = it.component < 0 ? d_.answers.system : d_.answers.components[static_cast<std::size_t>(it.component)].answers;
      if (clear) {
        r.changed = m.erase(it.question->id) > 0;
      } else {
        AnswerValue v;
        std::string reason;
        if (!parse_question(*it.question, text, lang, v, reason)) return refuse(reason);
        auto f = m.find(it.question->id);
        r.changed = f == m.end() || !(f->second == v);
        m[it.question->id] = v;
      }
      if (r.changed) prune_answers();
      return r;
    }
    case Kind::level: {
      LevelProposal before = d_.proposal;
      if (clear) {
        d_.proposal = {};
      } else {
        std::string f = fold(text);
        int level = 0;
        if (is_yes(f)) {
          if (!cls_.level)
            return refuse(tr(lang, "các tiêu chí chưa cho cấp độ nào; nhập cấp độ đề xuất (1–5)",
                             "the criteria give no level; enter the level you propose (1–5)"));
          level = cls_.level;
        } else {
          long long n = 0;
          if (!parse_count(f, n) || f.size() > 3)
            return refuse(say(lang, "'{}' không phải là 'có' hoặc một cấp độ (1–5)", "'{}' is not yes or a level (1–5)", text));
          if (n < 1 || n > 5) return refuse(say(lang, "{} nằm ngoài khoảng 1–5", "{} is outside 1–5", n));
          level = static_cast<int>(n);
        }
        d_.proposal.proposed = level;
        if (level == cls_.level) d_.proposal.justification.clear();
      }
      r.changed = !(before == d_.proposal);
      if (r.changed && before.proposed != d_.proposal.proposed) {
        if (d_.proposal.proposed)
          d_.record(opt_.who, cls_.level ? fmt::format("survey: proposed level {} (computed: {})", d_.proposal.proposed, cls_.level)
                                         : fmt::format("survey: proposed level {} (computed: none)", d_.proposal.proposed));
        else
          d_.record(opt_.who, "survey: proposed level withdrawn");
      }
      return r;
    }
    case Kind::level_justification:
      if (clear)
        return refuse(tr(lang, "cần nêu lý do khi đề xuất cấp độ khác với cấp độ theo tiêu chí",
                         "a justification is required for a level other than the computed one"));
      set(d_.proposal.justification, text);
      return r;
    case Kind::req_status: {
      if (clear) {
        auto f = std::find_if(d_.assessments.begin(), d_.assessments.end(),
                              [&](const Assessment& a) { return a.requirement == it.req->id; });
        if (f != d_.assessments.end()) {
          d_.assessments.erase(f);
          r.changed = true;
        }
        return r;
      }
      std::optional<Status> s = parse_survey_status(text);
      if (!s)
        return refuse(say(lang, "'{}' không phải là một trong: {}", "'{}' is not one of: {}", text, status_choice_list(lang)));
      Assessment& a = assessment();
      Assessment before = a;
      a.status = *s;
      if (a.status != Status::not_applicable) a.justification.clear();
      if (a.status == Status::met || a.status == Status::not_applicable) a.remediation = {};
      r.changed = !(before == a) || before.status == Status::unanswered;
      sort_assessments();
      return r;
    }
    case Kind::req_justification:
      if (clear)
        return refuse(tr(lang, "cần nêu lý do không áp dụng", "a justification is required for not-applicable"));
      set(assessment().justification, text);
      return r;
    case Kind::req_implementation: set(assessment().implementation, clear ? "" : text); return r;
    case Kind::evidence_title: {
      Assessment& a = assessment();
      if (clear) {
        if (it.adds) return r;
        a.evidence.erase(a.evidence.begin() + static_cast<std::ptrdiff_t>(it.index));
        r.changed = r.stay = true;
        return r;
      }
      if (it.adds) {
        a.evidence.push_back({text, "", std::nullopt});
        r.changed = true;
        return r;
      }
      set(a.evidence[it.index].title, text);
      return r;
    }
    case Kind::evidence_location: set(assessment().evidence[it.index].location, clear ? "" : text); return r;
    case Kind::evidence_date:
      if (!set_date(assessment().evidence[it.index].date)) return refuse(bad_date(lang, text));
      return r;
    case Kind::remediation_action: set(assessment().remediation.action, clear ? "" : text); return r;
    case Kind::remediation_owner: set(assessment().remediation.owner, clear ? "" : text); return r;
    case Kind::remediation_due:
      if (!set_date(assessment().remediation.due)) return refuse(bad_date(lang, text));
      return r;
  }
  return r;
}

SurveyReply Survey::answer(const std::string& raw) {
  const Lang lang = opt_.lang;
  SurveyReply reply;
  if (done()) return reply;
  std::size_t bad = 0;
  if (!valid_utf8(raw, &bad)) {
    reply.kind = SurveyReply::Kind::reprompt;
    reply.message = tr(lang, "câu trả lời không phải văn bản UTF-8 hợp lệ", "the answer is not valid UTF-8 text");
    return reply;
  }
  if (std::any_of(raw.begin(), raw.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\r' && c != '\n'; })) {
    reply.kind = SurveyReply::Kind::reprompt;
    reply.message = tr(lang, "câu trả lời chứa ký tự điều khiển", "the answer contains control characters");
    return reply;
  }
  const std::string text = trim(raw);
  const Item item = items_[cursor_];
  const Prompt& p = prompt_;

  if (text == "?") {
    reply.kind = SurveyReply::Kind::help;
    reply.message = p.help;
    if (!p.citation.empty()) reply.message += fmt::format("\n{}: {}", tr(lang, "Căn cứ", "Citation"), p.citation);
    reply.message += fmt::format("\n{}", kCommands[lang == Lang::vi ? 0 : 1]);
    return reply;
  }
  if (is_back(fold(text))) {
    if (cursor_ == 0) {
      reply.kind = SurveyReply::Kind::reprompt;
      reply.message = tr(lang, "đây là câu hỏi đầu tiên", "this is the first question");
      return reply;
    }
    --cursor_;
    refresh_prompt();
    reply.kind = SurveyReply::Kind::moved_back;
    return reply;
  }
  if (text.empty()) {
    if (p.required && !answered(item)) {
      reply.kind = SurveyReply::Kind::reprompt;
      reply.message = item.kind == Kind::req_justification
                          ? tr(lang, "cần nêu lý do không áp dụng", "a justification is required for not-applicable")
                          : tr(lang, "cần nêu lý do khi đề xuất cấp độ khác với cấp độ theo tiêu chí",
                               "a justification is required for a level other than the computed one");
      return reply;
    }
    cursor_ = next_open(cursor_ + 1);
    refresh_prompt();
    reply.kind = SurveyReply::Kind::skipped;
    return reply;
  }

  const std::size_t old = cursor_;
  Applied a = apply(item, text);
  if (!a.ok) {
    reply.kind = SurveyReply::Kind::reprompt;
    reply.message = a.reason;
    return reply;
  }
  if (a.changed) note_change(item.kind == Kind::level || item.kind == Kind::level_justification ? 0 : item.part);
  rebuild();
  // On to the next prompt that needs an answer; prompts answered before are passed over.
  auto found = std::find_if(items_.begin(), items_.end(), [&](const Item& x) { return x.key == item.key; });
  if (found == items_.end()) {
    cursor_ = next_open(std::min(old, items_.size()));
  } else {
    std::size_t at = static_cast<std::size_t>(found - items_.begin());
    cursor_ = next_open(a.stay ? at : at + 1);
  }
  refresh_prompt();
  reply.kind = SurveyReply::Kind::accepted;
  reply.changed = a.changed;
  return reply;
}

// ---- rendering ---------------------------------------------------------------------------------

std::string render_prompt(const Prompt& p, Lang lang, bool with_section) {
  std::string s;
  if (with_section && !p.section.empty()) s += fmt::format("\n== {} ==\n", p.section);
  s += fmt::format("[{}] {}\n", p.progress, p.text);
  for (std::size_t i = 0; i < p.choices.size(); ++i)
    s += fmt::format("  {}) {} — {}\n", i + 1, p.choices[i].key, p.choices[i].label);
  if (!p.current.empty())
    s += say(lang, "  [hiện tại: {} — để trống để giữ nguyên]\n", "  [current: {} — empty keeps it]\n", p.current);
  return s;
}

}  // namespace capdo
