#include "capdo/workbook_template.h"

#include <algorithm>
#include <deque>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "capdo/catalog_view.h"
#include "capdo/classify.h"
#include "capdo/error.h"
#include "capdo/xlsx_reader.h"
#include "capdo/xlsx_util.h"

namespace capdo {

const char* to_string(WorkbookMode m) { return m == WorkbookMode::audit ? "audit" : "self-assessment"; }

namespace workbook_layout {

const char* role(Sheet s) {
  switch (s) {
    case Sheet::instructions: return "instructions";
    case Sheet::system: return "system";
    case Sheet::questions: return "questions";
    case Sheet::requirements: return "requirements";
    case Sheet::auditor: return "auditor";
  }
  return "";
}

const char* sheet_name(Sheet s, Lang lang) {
  switch (s) {
    case Sheet::instructions: return tr(lang, "Hướng dẫn", "Instructions");
    case Sheet::system: return tr(lang, "Hệ thống", "System");
    case Sheet::questions: return tr(lang, "Câu hỏi cấp độ", "Level questions");
    case Sheet::requirements: return tr(lang, "Yêu cầu", "Requirements");
    case Sheet::auditor: return tr(lang, "Đánh giá viên", "Auditor");
  }
  return "";
}

const std::vector<FormField>& system_fields() {
  using K = FormField::Kind;
  static const std::vector<FormField> fields = [] {
    std::vector<FormField> f;
    auto org = [&f](const char* prefix, const char* vi, const char* en, bool is_unit) {
      auto key = [prefix](const char* k) {
        static std::deque<std::string> keep;  // the keys live as long as the table
        keep.push_back(std::string(prefix) + "." + k);
        return keep.back().c_str();
      };
      f.push_back({key("section"), vi, en, false, K::heading});
      f.push_back({key("name"), "Tên", "Name", is_unit, K::text});
      if (is_unit) f.push_back({key("type"), "Loại đơn vị", "Type of unit", false, K::unit_type});
      f.push_back({key("code"), "Mã định danh", "Code", false, K::text});
      f.push_back({key("province"), "Tỉnh, thành phố", "Province", false, K::text});
      f.push_back({key("address"), "Địa chỉ", "Address", false, K::text});
      f.push_back({key("contact.name"), "Người liên hệ", "Contact person", false, K::text});
      f.push_back({key("contact.role"), "Chức vụ", "Role", false, K::text});
      f.push_back({key("contact.phone"), "Điện thoại", "Phone", false, K::text});
      f.push_back({key("contact.email"), "Thư điện tử", "E-mail", false, K::text});
    };
    org("unit", "Đơn vị", "Unit", true);
    org("owner", "Chủ quản hệ thống", "System owner (chủ quản)", false);
    org("operating-unit", "Đơn vị vận hành", "Operating unit", false);
    org("security-unit", "Đơn vị chuyên trách về an toàn thông tin", "Information-security unit", false);
    f.push_back({"system.section", "Hệ thống thông tin", "Information system", false, K::heading});
    f.push_back({"system.name", "Tên hệ thống", "System name", true, K::text});
    f.push_back({"system.code", "Mã hệ thống (trong đơn vị)", "System code (within the unit)", false, K::text});
    f.push_back({"system.purpose", "Mục đích, chức năng", "Purpose", false, K::text});
    f.push_back({"system.users", "Số người sử dụng", "Number of users", false, K::whole_number});
    f.push_back({"system.users-note", "Ghi chú về người sử dụng", "Note on the users", false, K::text});
    f.push_back({"system.data-subjects", "Số chủ thể dữ liệu", "Number of data subjects", false, K::whole_number});
    f.push_back({"system.data-subjects-note", "Ghi chú về chủ thể dữ liệu", "Note on the data subjects", false, K::text});
    f.push_back({"system.hosting-provider", "Nhà cung cấp trung tâm dữ liệu, điện toán đám mây (nếu thuê)",
                 "Data-centre or cloud provider (if rented)", false, K::text});
    f.push_back({"system.hosting-location", "Vị trí đặt hệ thống", "Hosting location", false, K::text});
    f.push_back({"level.section", "Đề xuất cấp độ", "Level proposal", false, K::heading});
    f.push_back({"level.proposed", "Cấp độ đề xuất (để trống: theo kết quả xác định)",
                 "Proposed level (empty: the computed level)", false, K::level});
    f.push_back({"level.justification", "Lý do, nếu khác kết quả xác định",
                 "Justification, if it differs from the computed level", false, K::text});
    return f;
  }();
  return fields;
}

namespace {

template <typename D, typename S>
S* text_field(D& d, std::string_view key) {
  auto org_field = [&](auto& o, std::string_view k) -> S* {
    if (k == "name") return &o.name;
    if (k == "type") return &o.type;
    if (k == "code") return &o.code;
    if (k == "province") return &o.province;
    if (k == "address") return &o.address;
    if (k == "contact.name") return &o.contact.name;
    if (k == "contact.role") return &o.contact.role;
    if (k == "contact.phone") return &o.contact.phone;
    if (k == "contact.email") return &o.contact.email;
    return nullptr;
  };
  auto starts = [&](std::string_view p) { return key.substr(0, p.size()) == p; };
  if (starts("unit.")) return org_field(d.unit, key.substr(5));
  if (starts("owner.")) return org_field(d.owner, key.substr(6));
  if (starts("operating-unit.")) return org_field(d.operating_unit, key.substr(15));
  if (starts("security-unit.")) return org_field(d.security_unit, key.substr(14));
  if (key == "system.name") return &d.system.name;
  if (key == "system.code") return &d.system.code;
  if (key == "system.purpose") return &d.system.purpose;
  if (key == "system.users-note") return &d.system.users_note;
  if (key == "system.data-subjects-note") return &d.system.data_subjects_note;
  if (key == "system.hosting-provider") return &d.system.hosting_provider;
  if (key == "system.hosting-location") return &d.system.hosting_location;
  if (key == "level.justification") return &d.proposal.justification;
  return nullptr;
}

}  // namespace

std::string* dossier_text_field(Dossier& d, std::string_view key) { return text_field<Dossier, std::string>(d, key); }

const std::string* dossier_text_field(const Dossier& d, std::string_view key) {
  return text_field<const Dossier, const std::string>(d, key);
}

}  // namespace workbook_layout

namespace {

using namespace workbook_layout;

lxw_col_t col_t(int c) { return static_cast<lxw_col_t>(c); }

std::string choice_entry(const Choice& c, Lang lang) { return fmt::format("{} — {}", c.id, c.text.get(lang)); }

/// The longest list libxlsxwriter 1.1.4 can write inline: 255 bytes with the commas (a
/// longer one overflows its buffer, or is refused).
constexpr std::size_t kMaxListBytes = 255;

/// At most `max` bytes of UTF-8 text, ending with "…" when shortened.
std::string truncate_bytes(const std::string& s, std::size_t max) {
  if (s.size() <= max) return s;
  if (max < 3) return "";
  std::size_t n = max - 3;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n) + "…";
}

/// Drop-down entries "id — label" for an inline list. Commas and double quotes in a label
/// would break the list, so they become ';' and '\''; when the whole list is too long the
/// labels are shortened, and if even that does not fit only the ids are listed. The
/// importer reads the id before " — ", so the label is for people only.
std::vector<std::string> dropdown_entries(const std::vector<std::pair<std::string, std::string>>& items) {
  std::vector<std::string> full;
  std::size_t total = items.empty() ? 0 : items.size() - 1;
  for (const auto& [id, label] : items) {
    std::string l = label;
    for (char& c : l) c = c == ',' ? ';' : c == '"' ? '\'' : c;
    full.push_back(fmt::format("{} — {}", id, l));
    total += full.back().size();
  }
  if (total <= kMaxListBytes) return full;
  // Shorten the longest entries first: the largest cap on an entry's bytes that fits.
  std::size_t budget = kMaxListBytes - (items.size() - 1);
  std::size_t cap = 0;
  for (std::size_t c = 1;; ++c) {
    std::size_t sum = 0;
    for (const std::string& e : full) sum += std::min(e.size(), c);
    if (sum > budget) break;
    cap = c;
  }
  std::vector<std::string> cut;
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::size_t head = items[i].first.size() + std::string(" — ").size();
    if (full[i].size() <= cap) {
      cut.push_back(full[i]);
    } else if (head + 4 <= cap) {
      cut.push_back(items[i].first + " — " + truncate_bytes(full[i].substr(head), cap - head));
    } else {  // not even the ids with a letter of their labels fit
      cut.clear();
      for (const auto& it : items) cut.push_back(it.first);
      return cut;
    }
  }
  return cut;
}

/// A component slot of the workbook: a column of the questions sheet and a row of the
/// components table.
struct Slot {
  std::string id;
  std::string name;
  std::string kind;
  std::string description;
  const ComponentAnswers* answers = nullptr;
};

class TemplateWriter {
 public:
  TemplateWriter(const std::string& path, const Regime& regime, const TemplateOptions& opt)
      : path_(path), regime_(regime), opt_(opt), lang_(opt.lang), audit_(opt.mode == WorkbookMode::audit) {}

  TemplateSummary run() {
    if (audit_ && !opt_.dossier) throw UsageError("an audit workbook needs --dossier");
    const Dossier* d = opt_.dossier;
    if (d) {
      classification_ = classify(regime_, d->answers);
      dossier_ = *d;
    }
    summary_.level = opt_.level;
    if (!summary_.level && d) summary_.level = d->assessed_level();
    if (!summary_.level && d && classification_.status == LevelStatus::determined) summary_.level = classification_.level;
    if (!summary_.level)
      throw UsageError(d ? "the dossier has no proposed or computed level yet; give --level" : "give --level or --dossier");
    if (d) {
      requirements_ = applicable_requirements(regime_, d->answers, classification_, summary_.level);
      summary_.conditions_applied = true;
    } else {
      requirements_ = regime_.requirements_at(summary_.level);
    }
    summary_.questions = regime_.questions.size();
    summary_.requirements = requirements_.size();
    build_slots();

    WorkbookInfo info;
    info.title = fmt::format("capdo {} — {} ({})", audit_ ? "audit" : "questionnaire", regime_.id, regime_.version);
    info.subject = tr(lang_, "Cấp độ an toàn hệ thống thông tin", "Information-system security level");
    info.comments = fmt::format("template-format {}; level {}", kWorkbookFormat, summary_.level);
    XlsxOutput out(path_, info);
    out_ = &out;
    f_ = &out.formats();

    // Sheets in their final order; cells can be written in any order afterwards.
    lxw_worksheet* instructions = out.add_sheet(sheet_name(Sheet::instructions, lang_));
    lxw_worksheet* auditor = audit_ ? out.add_sheet(sheet_name(Sheet::auditor, lang_)) : nullptr;
    lxw_worksheet* system = out.add_sheet(sheet_name(Sheet::system, lang_));
    lxw_worksheet* questions = out.add_sheet(sheet_name(Sheet::questions, lang_));
    lxw_worksheet* requirements = out.add_sheet(sheet_name(Sheet::requirements, lang_));
    lxw_worksheet* meta = out.add_sheet(kMetaSheet);

    write_instructions(instructions);
    if (auditor) write_auditor(auditor);
    write_system(system);
    write_questions(questions);
    write_requirements(requirements);
    write_meta(meta);
    worksheet_hide(meta);
    protect(meta);
    worksheet_activate(instructions);
    out.close();
    return summary_;
  }

 private:
  // ---- helpers -----------------------------------------------------------------------------

  const char* t(const char* vi, const char* en) const { return tr(lang_, vi, en); }
  template <typename... Args>
  std::string tf(const char* vi, const char* en, Args&&... args) const {
    return fmt::format(fmt::runtime(tr(lang_, vi, en)), std::forward<Args>(args)...);
  }
  /// The format of a cell the unit fills: an input, or locked text in an audit workbook.
  lxw_format* unit_fmt() const { return audit_ ? f_->text : f_->input; }
  lxw_format* unit_date_fmt() const { return audit_ ? f_->date : f_->input_date; }
  lxw_format* unit_number_fmt() const { return audit_ ? f_->text : f_->input_number; }

  /// Columns and text through fit_, so that rows can be made tall enough for their text.
  void cols(lxw_worksheet* ws, int first, int last, double width, lxw_format* format = nullptr, bool hidden = false) {
    fit_.columns(ws, first, last, width, format, hidden);
  }
  void put(lxw_worksheet* ws, int row, int col, std::string_view s, lxw_format* format = nullptr) {
    fit_.text(ws, row, col, s, format);
  }
  void fit_rows(lxw_worksheet* ws) { fit_.fit(ws); }

  void protect(lxw_worksheet* ws) {
    lxw_protection p{};
    p.format_rows = 1;  // row heights may change; columns (and the hidden id column) may not
    p.autofilter = 1;   // the filter of the requirements sheet stays usable
    worksheet_protect(ws, nullptr, &p);
  }

  void validate(lxw_worksheet* ws, int r1, int c1, int r2, int c2, lxw_data_validation& dv, const std::string& title,
                const std::string& message) {
    std::string it = truncate_chars(title, 32), im = truncate_chars(message, 255);
    std::string et = truncate_chars(t("Giá trị không hợp lệ", "Invalid value"), 32);
    std::string em = truncate_chars(message, 255);
    if (!title.empty()) dv.input_title = it.data();
    if (!message.empty()) {
      dv.input_message = im.data();
      dv.error_message = em.data();
    }
    dv.error_title = et.data();
    dv.ignore_blank = LXW_VALIDATION_ON;
    out_->add_validation(ws, r1, c1, r2, c2, dv);
  }

  void list_validation(lxw_worksheet* ws, int r1, int c1, int r2, int c2, const std::vector<std::string>& values,
                       const std::string& title, const std::string& message) {
    std::vector<std::string> copy = values;
    std::vector<char*> list;
    for (std::string& v : copy) list.push_back(v.data());
    list.push_back(nullptr);
    lxw_data_validation dv{};
    dv.validate = LXW_VALIDATION_TYPE_LIST;
    dv.value_list = list.data();
    validate(ws, r1, c1, r2, c2, dv, title, message);
  }

  void number_validation(lxw_worksheet* ws, int r1, int c1, int r2, int c2, std::optional<long long> min,
                         std::optional<long long> max, const std::string& title, const std::string& message) {
    lxw_data_validation dv{};
    dv.validate = LXW_VALIDATION_TYPE_INTEGER;
    if (min && max) {
      dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
      dv.minimum_number = static_cast<double>(*min);
      dv.maximum_number = static_cast<double>(*max);
    } else if (min) {
      dv.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
      dv.value_number = static_cast<double>(*min);
    } else if (max) {
      dv.criteria = LXW_VALIDATION_CRITERIA_LESS_THAN_OR_EQUAL_TO;
      dv.value_number = static_cast<double>(*max);
    } else {
      dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
      dv.minimum_number = -999999999999999.0;
      dv.maximum_number = 999999999999999.0;
    }
    validate(ws, r1, c1, r2, c2, dv, title, message);
  }

  void input_message(lxw_worksheet* ws, int r1, int c1, int r2, int c2, const std::string& title,
                     const std::string& message) {
    lxw_data_validation dv{};
    dv.validate = LXW_VALIDATION_TYPE_ANY;
    validate(ws, r1, c1, r2, c2, dv, title, message);
  }

  std::vector<std::string> choice_entries(const Question& q) const {
    std::vector<std::pair<std::string, std::string>> items;
    for (const Choice& c : q.choices) items.emplace_back(c.id, c.text.get(lang_));
    return dropdown_entries(items);
  }

  std::vector<std::string> yes_no_list() const { return {t("Có", "Yes"), t("Không", "No")}; }

  std::vector<std::string> status_list() const {
    return {status_label(Status::met, lang_), status_label(Status::partial, lang_),
            status_label(Status::not_met, lang_), status_label(Status::not_applicable, lang_)};
  }

  void header_row(lxw_worksheet* ws, const std::vector<std::string>& titles) {
    for (std::size_t i = 0; i < titles.size(); ++i) put(ws, 0, static_cast<int>(i), titles[i], f_->header);
    fit_.at_least(ws, 0, 2);
  }

  void build_slots() {
    if (!opt_.dossier) {
      slots_.resize(kMinComponentSlots);
      return;
    }
    const Dossier& d = dossier_;
    for (const SystemComponent& c : d.system.components) slots_.push_back({c.id, c.name, c.kind, c.description, nullptr});
    for (const ComponentAnswers& a : d.answers.components) {
      auto it = std::find_if(slots_.begin(), slots_.end(), [&](const Slot& s) { return s.id == a.id; });
      if (it == slots_.end()) slots_.push_back({a.id, a.name, "", "", &a});
      else it->answers = &a;
    }
    std::size_t want = audit_ ? std::max<std::size_t>(1, slots_.size())
                              : std::max<std::size_t>(static_cast<std::size_t>(kMinComponentSlots), slots_.size());
    slots_.resize(want);
  }

  // ---- sheets ------------------------------------------------------------------------------

  void write_instructions(lxw_worksheet* ws) {
    cols(ws, 0, 0, 120, f_->wrap);
    int row = 0;
    auto line = [&](const std::string& s, lxw_format* f = nullptr) { put(ws, row++, 0, s, f ? f : f_->wrap); };
    // The sheets are named in the workbook's language; both texts refer to those names.
    std::string sys = sheet_name(Sheet::system, lang_), q = sheet_name(Sheet::questions, lang_),
                req = sheet_name(Sheet::requirements, lang_), aud = sheet_name(Sheet::auditor, lang_);
    const std::string& system_name = dossier_.system.name;

    // Vietnamese.
    line(audit_ ? "Phiếu đánh giá độc lập: cấp độ an toàn hệ thống thông tin"
                : "Phiếu khảo sát: cấp độ an toàn hệ thống thông tin",
         f_->title);
    line(fmt::format("Quy định: {} ({}), phiên bản danh mục {}", regime_.name.vi, regime_.id, regime_.version));
    if (!system_name.empty()) line(fmt::format("Hệ thống: {}", system_name));
    line(fmt::format("Danh sách yêu cầu của cấp độ {}{}", summary_.level,
                     summary_.conditions_applied
                         ? " (đã xét điều kiện áp dụng theo câu trả lời trong hồ sơ)"
                         : " (chưa xét điều kiện áp dụng: yêu cầu có điều kiện được ghi ở cột Điều kiện)"));
    line("");
    if (!audit_) {
      line("1. Chỉ điền vào các ô nền vàng. Các ô khác bị khóa. Không đổi tên, thêm hay xóa trang tính, hàng, cột.");
      line(fmt::format("2. Trang '{}': đơn vị, chủ quản, đơn vị vận hành, đơn vị chuyên trách và hệ thống. Bắt buộc: "
                       "tên đơn vị và tên hệ thống. Hệ thống có nhiều thành phần: ghi mỗi thành phần (mã và tên) vào "
                       "bảng Thành phần.",
                       sys));
      line(fmt::format("3. Trang '{}': câu hỏi xác định cấp độ. Câu hỏi chung của hệ thống trả lời ở cột trả lời đầu "
                       "tiên; câu hỏi theo thành phần trả lời ở cột của từng thành phần (cột thứ k ứng với thành phần "
                       "thứ k của bảng Thành phần). Chọn giá trị trong danh sách thả xuống. Nhiều lựa chọn: ghi các mã, "
                       "cách nhau bởi dấu phẩy.",
                       q));
      line(fmt::format("4. Trang '{}': với mỗi yêu cầu, chọn trạng thái và mô tả cách thực hiện. Bằng chứng: mỗi bằng "
                       "chứng một dòng trong ô (tên, nơi lưu, ngày ở cùng số dòng). 'Không áp dụng' phải có lý do. "
                       "'Đáp ứng một phần' và 'Chưa đáp ứng' cần kế hoạch khắc phục (việc làm, người phụ trách, thời hạn).",
                       req));
      line("5. Ngày ghi theo dạng YYYY-MM-DD, ví dụ 2026-11-24.");
      line("6. Gửi lại tệp. Nhập vào hồ sơ bằng lệnh: capdo import TỆP.xlsx -o HỒ-SƠ.xml");
    } else {
      line("1. Các trang của đơn vị chỉ để xem và bị khóa. Chỉ điền vào các ô nền vàng.");
      line(fmt::format("2. Trang '{}': tên đánh giá viên, tổ chức và ngày đánh giá (bắt buộc: tên và ngày).", aud));
      line(fmt::format("3. Trang '{}': cột 'Kết luận của đánh giá viên' (chọn trong danh sách) và 'Ghi chú của đánh giá "
                       "viên'. Kết luận 'Không áp dụng' phải có ghi chú lý do.",
                       req));
      line("4. Ngày ghi theo dạng YYYY-MM-DD.");
      line("5. Nhập vào hồ sơ bằng lệnh: capdo import --audit TỆP.xlsx --dossier HỒ-SƠ.xml");
    }
    line("");
    // English.
    line(audit_ ? "Audit workbook: information-system security level" : "Questionnaire: information-system security level",
         f_->title);
    line(fmt::format("Regime: {} ({}), catalog version {}", regime_.name.en, regime_.id, regime_.version));
    if (!system_name.empty()) line(fmt::format("System: {}", system_name));
    line(fmt::format("Requirements of level {}{}", summary_.level,
                     summary_.conditions_applied
                         ? " (their conditions applied to the dossier's answers)"
                         : " (conditions not applied: conditional requirements say so in the Condition column)"));
    line("");
    if (!audit_) {
      line("1. Fill in the yellow cells only. Every other cell is locked. Do not rename, add or delete sheets, rows or "
           "columns.");
      line(fmt::format("2. Sheet '{}': the unit, the owner, the operating unit, the security unit and the system. "
                       "Required: the unit's name and the system's name. A system of several components lists each "
                       "(id and name) in the Components table.",
                       sys));
      line(fmt::format("3. Sheet '{}': the level questions. Questions about the whole system are answered in the first "
                       "answer column; questions per component in each component's column (the k-th column is the k-th "
                       "row of the Components table). Pick values from the drop-down lists. Several choices: write "
                       "their ids separated by commas.",
                       q));
      line(fmt::format("4. Sheet '{}': for each requirement, pick a status and describe how it is implemented. "
                       "Evidence: one item per line of the cell (title, location and date on the same line number). "
                       "'Not applicable' needs a justification. 'Partly met' and 'Not met' need a remediation plan "
                       "(action, owner, due date).",
                       req));
      line("5. Write dates as YYYY-MM-DD, for example 2026-11-24.");
      line("6. Send the file back. Import it into the dossier with: capdo import FILE.xlsx -o DOSSIER.xml");
    } else {
      line("1. The unit's sheets are read-only. Fill in the yellow cells only.");
      line(fmt::format("2. Sheet '{}': the auditor's name, organisation and the date of the audit (name and date are "
                       "required).",
                       aud));
      line(fmt::format("3. Sheet '{}': the columns 'Auditor's verdict' (pick from the list) and 'Auditor's note'. A "
                       "'Not applicable' verdict needs a note saying why.",
                       req));
      line("4. Write dates as YYYY-MM-DD.");
      line("5. Merge into the dossier with: capdo import --audit FILE.xlsx --dossier DOSSIER.xml");
    }
    fit_rows(ws);
    protect(ws);
  }

  void write_auditor(lxw_worksheet* ws) {
    cols(ws, kKeyCol, kKeyCol, 18, nullptr, true);
    cols(ws, kLabelCol, kLabelCol, 40);
    cols(ws, kValueCol, kValueCol, 50);
    header_row(ws, {"key", t("Mục", "Item"), t("Giá trị", "Value")});
    const Audit* a = dossier_.audit ? &*dossier_.audit : nullptr;
    put(ws, 1, kKeyCol, "audit.auditor");
    put(ws, 1, kLabelCol, t("Tên đánh giá viên *", "Auditor's name *"), f_->text);
    put(ws, 1, kValueCol, a ? a->auditor : "", f_->input);
    put(ws, 2, kKeyCol, "audit.organisation");
    put(ws, 2, kLabelCol, t("Tổ chức đánh giá", "Auditing organisation"), f_->text);
    put(ws, 2, kValueCol, a ? a->organisation : "", f_->input);
    put(ws, 3, kKeyCol, "audit.date");
    put(ws, 3, kLabelCol, t("Ngày đánh giá * (YYYY-MM-DD)", "Date of the audit * (YYYY-MM-DD)"), f_->text);
    if (a && a->date) write_date(ws, 3, kValueCol, *a->date, f_->input_date);
    else write_blank(ws, 3, kValueCol, f_->input_date);
    worksheet_freeze_panes(ws, 1, 0);
    fit_rows(ws);
    protect(ws);
  }

  void write_system(lxw_worksheet* ws) {
    cols(ws, kKeyCol, kKeyCol, 22, nullptr, true);
    cols(ws, 1, 1, 45);
    cols(ws, 2, 2, 50);
    cols(ws, 3, 3, 30);
    cols(ws, 4, 4, 45);
    header_row(ws, {"key", t("Mục", "Item"), t("Giá trị", "Value"), t("Ghi chú", "Notes")});
    worksheet_freeze_panes(ws, 1, 0);
    int row = 1;
    const Dossier& d = dossier_;
    for (const FormField& f : system_fields()) {
      if (f.kind == FormField::Kind::heading) {
        put(ws, row, kKeyCol, f.key);
        put(ws, row, 1, tr(lang_, f.vi, f.en), f_->section);
        put(ws, row, 2, "", f_->section);
        put(ws, row, 3, "", f_->section);
        ++row;
        continue;
      }
      put(ws, row, kKeyCol, f.key);
      put(ws, row, kLabelCol, fmt::format("{}{}", tr(lang_, f.vi, f.en), f.required ? " *" : ""), f_->text);
      std::string note;
      if (f.required) note = t("Bắt buộc", "Required");
      std::string_view key = f.key;
      if (f.kind == FormField::Kind::whole_number) {
        const std::optional<long long>& v = key == "system.users" ? d.system.users : d.system.data_subjects;
        if (v) write_number(ws, row, kValueCol, static_cast<double>(*v), unit_number_fmt());
        else write_blank(ws, row, kValueCol, unit_number_fmt());
        note = t("Số nguyên", "Whole number");
        if (!audit_) number_validation(ws, row, kValueCol, row, kValueCol, 0, std::nullopt, "", note);
      } else if (f.kind == FormField::Kind::level) {
        if (d.proposal.proposed) write_number(ws, row, kValueCol, d.proposal.proposed, unit_number_fmt());
        else write_blank(ws, row, kValueCol, unit_number_fmt());
        if (classification_.status == LevelStatus::determined)
          note = tf("Kết quả xác định hiện tại: cấp độ {}", "Currently computed: level {}", classification_.level);
        else
          note = t("1–5", "1–5");
        if (!audit_) number_validation(ws, row, kValueCol, row, kValueCol, 1, 5, "", t("Cấp độ 1–5", "Level 1–5"));
      } else if (f.kind == FormField::Kind::unit_type) {
        std::vector<std::pair<std::string, std::string>> items;
        for (const std::string& type : unit_types()) items.emplace_back(type, unit_type_label(type, lang_));
        std::vector<std::string> entries = dropdown_entries(items);
        std::string value = d.unit.type;
        for (std::size_t i = 0; i < items.size(); ++i)
          if (items[i].first == d.unit.type) value = entries[i];
        put(ws, row, kValueCol, value, unit_fmt());
        note = t("Chọn trong danh sách", "Pick from the list");
        if (!audit_) list_validation(ws, row, kValueCol, row, kValueCol, entries, "", note);
      } else {
        const std::string* v = dossier_text_field(d, key);
        put(ws, row, kValueCol, v ? *v : "", unit_fmt());
      }
      put(ws, row, 3, note, f_->text);
      ++row;
    }

    // Components.
    ++row;
    put(ws, row, kKeyCol, "components.section");
    put(ws, row, 1, t("Thành phần của hệ thống", "Components of the system"), f_->section);
    put(ws, row, 2,
        t("Mỗi thành phần ứng với một cột trả lời của trang câu hỏi",
          "Each component is an answer column of the questions sheet"),
        f_->section);
    ++row;
    put(ws, row, kKeyCol, "components.header");
    header_cells(ws, row, {t("Mã (chữ, số, _ . : -)", "Id (letters, digits, _ . : -)"), t("Tên", "Name"),
                           t("Loại", "Kind"), t("Mô tả", "Description")});
    ++row;
    for (std::size_t i = 0; i < slots_.size(); ++i, ++row) {
      const Slot& s = slots_[i];
      put(ws, row, kKeyCol, fmt::format("component.{}", i + 1));
      put(ws, row, 1, s.id, unit_fmt());
      put(ws, row, 2, s.name, unit_fmt());
      put(ws, row, 3, s.kind, unit_fmt());
      put(ws, row, 4, s.description, unit_fmt());
    }

    // Connections.
    ++row;
    put(ws, row, kKeyCol, "connections.section");
    put(ws, row, 1, t("Kết nối với hệ thống khác", "Connections to other systems"), f_->section);
    put(ws, row, 2, "", f_->section);
    ++row;
    put(ws, row, kKeyCol, "connections.header");
    header_cells(ws, row, {t("Hệ thống kết nối", "Other system"),
                           t("Chiều: in (vào), out (ra), both (hai chiều)", "Direction: in, out or both"),
                           t("Dữ liệu trao đổi", "Data exchanged")});
    ++row;
    std::size_t n = std::max<std::size_t>(static_cast<std::size_t>(audit_ ? 1 : kMinConnectionRows),
                                          d.system.connections.size());
    int first = row;
    for (std::size_t i = 0; i < n; ++i, ++row) {
      const Connection* c = i < d.system.connections.size() ? &d.system.connections[i] : nullptr;
      put(ws, row, kKeyCol, fmt::format("connection.{}", i + 1));
      put(ws, row, 1, c ? c->system : "", unit_fmt());
      put(ws, row, 2, c ? c->direction : "", unit_fmt());
      put(ws, row, 3, c ? c->data : "", unit_fmt());
    }
    if (!audit_)
      list_validation(ws, first, 2, row - 1, 2, {"in", "out", "both"}, "",
                      t("in: vào; out: ra; both: hai chiều", "in, out or both"));
    fit_rows(ws);
    protect(ws);
  }

  void header_cells(lxw_worksheet* ws, int row, const std::vector<std::string>& titles) {
    for (std::size_t i = 0; i < titles.size(); ++i) put(ws, row, 1 + static_cast<int>(i), titles[i], f_->header);
  }

  std::string answer_text(const Question& q, const AnswerValue& v) const {
    switch (q.type) {
      case QuestionType::yes_no: return v.yes ? t("Có", "Yes") : t("Không", "No");
      case QuestionType::one_of: {
        std::vector<std::string> entries = choice_entries(q);
        for (std::size_t i = 0; i < q.choices.size(); ++i)
          if (q.choices[i].id == v.choice) return entries[i];
        return v.choice;
      }
      case QuestionType::many_of: {
        std::string s;
        for (const std::string& c : v.choices) s += (s.empty() ? "" : ", ") + c;
        return s;
      }
      default: return format_answer(q, v);
    }
  }

  void write_answer(lxw_worksheet* ws, int row, int col, const Question& q, const AnswerValue* v) {
    if (!v) {
      write_blank(ws, row, col, q.type == QuestionType::number ? unit_number_fmt()
                                : q.type == QuestionType::date ? unit_date_fmt()
                                                               : unit_fmt());
      return;
    }
    if (q.type == QuestionType::number) {
      write_number(ws, row, col, static_cast<double>(v->number), unit_number_fmt());
    } else if (q.type == QuestionType::date && Date::parse(v->choice)) {
      write_date(ws, row, col, *Date::parse(v->choice), unit_date_fmt());
    } else {
      put(ws, row, col, answer_text(q, *v), unit_fmt());
    }
  }

  void write_questions(lxw_worksheet* ws) {
    int slots = static_cast<int>(slots_.size());
    int last_col = kFirstAnswerCol + slots - 1;
    cols(ws, kQuestionIdCol, kQuestionIdCol, 18, nullptr, true);
    cols(ws, 1, 1, 5);
    cols(ws, 2, 2, 60);
    cols(ws, 3, 3, 40);
    cols(ws, 4, 4, 50);
    cols(ws, kFirstAnswerCol, last_col, 28);
    std::vector<std::string> head = {"id", "#", t("Câu hỏi", "Question"), t("Cách trả lời", "How to answer"),
                                     t("Giải thích, căn cứ", "Notes and source")};
    for (int j = 0; j < slots; ++j) {
      const Slot& s = slots_[static_cast<std::size_t>(j)];
      std::string label = s.name.empty() ? tf("Thành phần {}", "Component {}", j + 1)
                                         : tf("Thành phần {}: {}", "Component {}: {}", j + 1, s.name);
      if (j == 0) label = tf("Cả hệ thống / {}", "Whole system / {}", label);
      head.push_back(label);
    }
    header_row(ws, head);
    worksheet_freeze_panes(ws, 1, 3);

    const Answers& answers = dossier_.answers;
    bool implicit = std::all_of(slots_.begin(), slots_.end(), [](const Slot& s) { return s.id.empty(); });
    int row = 1;
    for (const Question& q : regime_.questions) {
      put(ws, row, kQuestionIdCol, q.id);
      write_number(ws, row, 1, row, f_->text);
      std::string text = q.text.get(lang_) + confidence_mark(q.confidence, lang_);
      if (!q.required) text += t(" (không bắt buộc)", " (optional)");
      put(ws, row, 2, text, f_->text);

      std::string how;
      std::string choices;
      for (const Choice& c : q.choices) choices += "\n" + choice_entry(c, lang_);
      switch (q.type) {
        case QuestionType::yes_no: how = t("Chọn Có hoặc Không", "Choose Yes or No"); break;
        case QuestionType::one_of: how = t("Chọn một:", "Choose one:") + choices; break;
        case QuestionType::many_of:
          how = t("Ghi một hoặc nhiều mã, cách nhau bởi dấu phẩy:", "Write one or more ids, separated by commas:") +
                choices;
          break;
        case QuestionType::number:
          how = t("Số nguyên", "Whole number");
          if (q.min && q.max) how += fmt::format(" {}–{}", *q.min, *q.max);
          else if (q.min) how += tf(", từ {}", ", at least {}", *q.min);
          else if (q.max) how += tf(", tối đa {}", ", at most {}", *q.max);
          break;
        case QuestionType::text: how = t("Văn bản", "Text"); break;
        case QuestionType::date: how = t("Ngày (YYYY-MM-DD)", "Date (YYYY-MM-DD)"); break;
      }
      how += q.scope == Scope::system
                 ? t("\n(cả hệ thống: chỉ cột trả lời đầu tiên)", "\n(whole system: first answer column only)")
                 : t("\n(trả lời cho từng thành phần)", "\n(answer per component)");
      put(ws, row, 3, how, f_->text);

      std::string notes;
      if (!q.when.empty()) notes += tf("Chỉ trả lời khi: {}", "Only when: {}", q.when.source());
      if (!q.help.empty()) notes += (notes.empty() ? "" : "\n") + q.help.get(lang_);
      if (!q.cites.empty())
        notes += (notes.empty() ? "" : "\n") + tf("Căn cứ: {}", "Source: {}", format_cites(q.cites, regime_, lang_));
      put(ws, row, 4, notes, f_->text);

      int answer_cols = q.scope == Scope::system ? 1 : slots;
      for (int j = 0; j < slots; ++j) {
        int col = kFirstAnswerCol + j;
        if (j >= answer_cols) {
          write_blank(ws, row, col, f_->muted);
          continue;
        }
        const AnswerValue* v = nullptr;
        const std::map<std::string, AnswerValue>* list = nullptr;
        if (q.scope == Scope::system || implicit) {
          if (j == 0) list = &answers.system;
        } else if (const ComponentAnswers* ca = slots_[static_cast<std::size_t>(j)].answers) {
          list = &ca->answers;
        }
        if (list) {
          auto it = list->find(q.id);
          if (it != list->end()) v = &it->second;
        }
        write_answer(ws, row, col, q, v);
      }
      if (!audit_) {
        int c2 = kFirstAnswerCol + answer_cols - 1;
        std::string title = truncate_chars(q.id, 32);
        switch (q.type) {
          case QuestionType::yes_no:
            list_validation(ws, row, kFirstAnswerCol, row, c2, yes_no_list(), title, t("Có hoặc Không", "Yes or No"));
            break;
          case QuestionType::one_of: {
            list_validation(ws, row, kFirstAnswerCol, row, c2, choice_entries(q), title,
                            t("Chọn trong danh sách", "Pick from the list"));
            break;
          }
          case QuestionType::many_of: {
            std::string ids;
            for (const Choice& c : q.choices) ids += (ids.empty() ? "" : ", ") + c.id;
            input_message(ws, row, kFirstAnswerCol, row, c2, title,
                          tf("Các mã, cách nhau bởi dấu phẩy: {}", "Ids separated by commas: {}", ids));
            break;
          }
          case QuestionType::number:
            number_validation(ws, row, kFirstAnswerCol, row, c2, q.min, q.max, title, how.substr(0, how.find('\n')));
            break;
          case QuestionType::date:
            input_message(ws, row, kFirstAnswerCol, row, c2, title, "YYYY-MM-DD");
            break;
          case QuestionType::text: break;
        }
      }
      ++row;
    }
    fit_rows(ws);
    protect(ws);
  }

  void write_requirements(lxw_worksheet* ws) {
    cols(ws, kReqId, kReqId, 14, nullptr, true);
    cols(ws, kReqNo, kReqNo, 6);
    cols(ws, kReqCode, kReqCode, 13);
    cols(ws, kReqGroup, kReqGroup, 16);
    cols(ws, kReqCategory, kReqCategory, 22);
    cols(ws, kReqTitleVi, kReqTitleEn, 36);
    cols(ws, kReqText, kReqText, 60);
    cols(ws, kReqParams, kReqParams, 30);
    cols(ws, kReqCondition, kReqCondition, 24);
    cols(ws, kReqStatus, kReqStatus, 18);
    cols(ws, kReqImplementation, kReqImplementation, 45);
    cols(ws, kReqEvidenceTitle, kReqEvidenceLocation, 30);
    cols(ws, kReqEvidenceDate, kReqEvidenceDate, 13);
    cols(ws, kReqRemediationAction, kReqRemediationAction, 35);
    cols(ws, kReqRemediationOwner, kReqRemediationOwner, 20);
    cols(ws, kReqRemediationDue, kReqRemediationDue, 13);
    cols(ws, kReqJustification, kReqJustification, 35);
    std::vector<std::string> head = {
        "id",
        "#",
        t("Mã", "Id"),
        t("Nhóm", "Group"),
        t("Loại", "Category"),
        "Tên yêu cầu (tiếng Việt)",
        "Title (English)",
        tf("Nội dung ở cấp độ {}", "Requirement at level {}", summary_.level),
        t("Tham số", "Parameters"),
        t("Điều kiện áp dụng", "Condition"),
        t("Trạng thái", "Status"),
        t("Cách thực hiện", "Implementation"),
        t("Bằng chứng: tên (mỗi dòng một)", "Evidence: title (one per line)"),
        t("Bằng chứng: nơi lưu", "Evidence: location"),
        t("Bằng chứng: ngày", "Evidence: date"),
        t("Khắc phục: việc làm", "Remediation: action"),
        t("Khắc phục: người phụ trách", "Remediation: owner"),
        t("Khắc phục: thời hạn", "Remediation: due"),
        t("Lý do không áp dụng", "Justification if not applicable"),
    };
    if (audit_) {
      cols(ws, kReqVerdict, kReqVerdict, 20);
      cols(ws, kReqNote, kReqNote, 45);
      head.push_back(t("Kết luận của đánh giá viên", "Auditor's verdict"));
      head.push_back(t("Ghi chú của đánh giá viên", "Auditor's note"));
    }
    header_row(ws, head);
    worksheet_freeze_panes(ws, 1, kReqTitleVi);

    int row = 1;
    std::size_t n = requirements_.size();
    for (const Requirement* r : requirements_) {
      const LevelEntry* e = r->at(summary_.level);
      put(ws, row, kReqId, r->id);
      put(ws, row, kReqNo, fmt::format("{}/{}", row, n), f_->text);
      put(ws, row, kReqCode, r->id, f_->text);
      const Group* g = regime_.group(r->group);
      const Category* c = regime_.category(r->category);
      put(ws, row, kReqGroup, g ? g->name.get(lang_) : r->group, f_->text);
      put(ws, row, kReqCategory, c ? c->name.get(lang_) : r->category, f_->text);
      put(ws, row, kReqTitleVi, r->title.vi + confidence_mark(r->confidence_at(summary_.level), Lang::vi), f_->text);
      put(ws, row, kReqTitleEn, r->title.en + confidence_mark(r->confidence_at(summary_.level), Lang::en), f_->text);
      const Text& text = opt_.dossier ? effective_text(regime_, *r, summary_.level, dossier_.answers, classification_)
                                      : requirement_text_at(*r, summary_.level);
      put(ws, row, kReqText, text.get(lang_), f_->text);
      put(ws, row, kReqParams, e ? format_params(regime_, *e, lang_) : "", f_->text);
      std::string cond;
      if (!r->applies_if.empty())
        cond = fmt::format(fmt::runtime(summary_.conditions_applied ? t("Áp dụng vì: {}", "Applies since: {}")
                                                                     : t("Chỉ áp dụng khi: {}", "Only when: {}")),
                           r->applies_if.source());
      put(ws, row, kReqCondition, cond, f_->text);
      write_assessment(ws, row, dossier_.assessment(r->id));
      if (audit_) {
        const Verdict* v = nullptr;
        if (dossier_.audit)
          for (const Verdict& x : dossier_.audit->verdicts)
            if (x.requirement == r->id) v = &x;
        put(ws, row, kReqVerdict, v && v->status != Status::unanswered ? status_label(v->status, lang_) : "",
                   f_->input);
        put(ws, row, kReqNote, v ? v->note : "", f_->input);
      }
      ++row;
    }
    if (n > 0) {
      int last = static_cast<int>(n);
      int status_col = audit_ ? kReqVerdict : kReqStatus;
      list_validation(ws, 1, status_col, last, status_col, status_list(), "",
                      t("Chọn trong danh sách; để trống nếu chưa trả lời", "Pick from the list; empty when unanswered"));
      if (!audit_) {
        input_message(ws, 1, kReqEvidenceDate, last, kReqEvidenceDate, "", "YYYY-MM-DD");
        input_message(ws, 1, kReqRemediationDue, last, kReqRemediationDue, "", "YYYY-MM-DD");
      }
    }
    check_lxw(worksheet_autofilter(ws, 0, col_t(kReqCode), static_cast<lxw_row_t>(std::max<std::size_t>(n, 1)),
                                   col_t(audit_ ? kReqNote : kReqJustification)),
              "an autofilter");
    fit_rows(ws);
    protect(ws);
  }

  void write_assessment(lxw_worksheet* ws, int row, const Assessment* a) {
    lxw_format* f = unit_fmt();
    put(ws, row, kReqStatus, a && a->status != Status::unanswered ? status_label(a->status, lang_) : "", f);
    put(ws, row, kReqImplementation, a ? a->implementation : "", f);
    std::string titles, locations, dates;
    if (a) {
      for (std::size_t i = 0; i < a->evidence.size(); ++i) {
        const Evidence& e = a->evidence[i];
        std::string sep = i ? "\n" : "";
        titles += sep + e.title;
        locations += sep + e.location;
        dates += sep + (e.date ? e.date->to_string() : "");
      }
    }
    put(ws, row, kReqEvidenceTitle, titles, f);
    put(ws, row, kReqEvidenceLocation, locations, f);
    if (a && a->evidence.size() == 1 && a->evidence[0].date)
      write_date(ws, row, kReqEvidenceDate, *a->evidence[0].date, unit_date_fmt());
    else
      put(ws, row, kReqEvidenceDate, dates, a && a->evidence.size() > 1 ? f : unit_date_fmt());
    put(ws, row, kReqRemediationAction, a ? a->remediation.action : "", f);
    put(ws, row, kReqRemediationOwner, a ? a->remediation.owner : "", f);
    if (a && a->remediation.due) write_date(ws, row, kReqRemediationDue, *a->remediation.due, unit_date_fmt());
    else write_blank(ws, row, kReqRemediationDue, unit_date_fmt());
    put(ws, row, kReqJustification, a ? a->justification : "", f);
  }

  void write_meta(lxw_worksheet* ws) {
    cols(ws, 0, 0, 22);
    cols(ws, 1, 1, 40);
    int row = 0;
    auto kv = [&](const std::string& k, const std::string& v) {
      put(ws, row, 0, k);
      put(ws, row, 1, v);
      ++row;
    };
    kv("key", "value");
    kv("format", kMagic);
    kv("template-format", std::to_string(kWorkbookFormat));
    kv("regime", regime_.id);
    kv("catalog-version", regime_.version);
    kv("mode", to_string(opt_.mode));
    kv("level", std::to_string(summary_.level));
    kv("lang", to_string(lang_));
    kv("components", std::to_string(slots_.size()));
    kv("conditions", summary_.conditions_applied ? "applied" : "not-applied");
    kv("system", dossier_.system.name);
    std::vector<Sheet> sheets = {Sheet::instructions, Sheet::system, Sheet::questions, Sheet::requirements};
    if (audit_) sheets.push_back(Sheet::auditor);
    for (Sheet s : sheets) kv(fmt::format("sheet.{}", role(s)), sheet_name(s, lang_));
  }

  std::string path_;
  const Regime& regime_;
  const TemplateOptions& opt_;
  Lang lang_;
  bool audit_;
  Dossier dossier_;  ///< the dossier to pre-fill from, or an empty one
  Classification classification_;
  std::vector<const Requirement*> requirements_;
  std::vector<Slot> slots_;
  TemplateSummary summary_;
  RowFit fit_;
  XlsxOutput* out_ = nullptr;
  const XlsxFormats* f_ = nullptr;
};

}  // namespace

TemplateSummary write_template(const std::string& path, const Regime& regime, const TemplateOptions& opt) {
  TemplateWriter w(path, regime, opt);
  return w.run();
}

}  // namespace capdo
