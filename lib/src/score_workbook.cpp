#include "capdo/score_workbook.h"

#include <fmt/format.h>

#include "capdo/catalog_view.h"
#include "capdo/result_xml.h"
#include "capdo/xlsx_util.h"

namespace capdo {

std::optional<ReportLang> parse_report_lang(std::string_view s) {
  if (s == "vi") return ReportLang::vi;
  if (s == "en") return ReportLang::en;
  if (s == "both") return ReportLang::both;
  return std::nullopt;
}

std::string label(ReportLang lang, const char* vi, const char* en) {
  switch (lang) {
    case ReportLang::vi: return vi;
    case ReportLang::en: return en;
    case ReportLang::both: return std::string(vi) + " / " + en;
  }
  return en;
}

std::string label(ReportLang lang, const Text& t) {
  switch (lang) {
    case ReportLang::vi: return t.vi;
    case ReportLang::en: return t.en;
    case ReportLang::both: return t.vi == t.en ? t.vi : t.vi + " / " + t.en;
  }
  return t.en;
}

const char* ScoreSheets::summary(ReportLang l) { return l == ReportLang::vi ? "Tổng hợp" : "Summary"; }
const char* ScoreSheets::level(ReportLang l) { return l == ReportLang::vi ? "Xác định cấp độ" : "Level determination"; }
const char* ScoreSheets::checklist(ReportLang l) { return l == ReportLang::vi ? "Danh mục yêu cầu" : "Checklist"; }
const char* ScoreSheets::gaps(ReportLang l) { return l == ReportLang::vi ? "Khoảng trống và kế hoạch" : "Gaps & remediation plan"; }
const char* ScoreSheets::discrepancies(ReportLang l) { return l == ReportLang::vi ? "Khác biệt đánh giá" : "Discrepancies"; }
const char* ScoreSheets::unverified(ReportLang l) { return l == ReportLang::vi ? "Nguồn chưa kiểm chứng" : "Unverified sources"; }

namespace {

std::string status_text(Status s, ReportLang lang) { return label(lang, status_label(s, Lang::vi), status_label(s, Lang::en)); }

std::string flags_text(const ItemScore& i, ReportLang lang) {
  std::string s;
  for (Flag f : i.flags) s += (s.empty() ? "" : "; ") + label(lang, flag_label(f, Lang::vi), flag_label(f, Lang::en));
  return s;
}

std::string pct_text(const std::optional<double>& p) { return p ? format_percent(p) + "%" : "–"; }

std::string cites_text(const std::vector<Cite>& cites, const Regime& r, ReportLang lang) {
  if (lang == ReportLang::both) {
    std::string vi = format_cites(cites, r, Lang::vi), en = format_cites(cites, r, Lang::en);
    return vi == en ? vi : vi + " / " + en;
  }
  return format_cites(cites, r, lang == ReportLang::vi ? Lang::vi : Lang::en);
}

std::string confidence_text(Confidence c, ReportLang lang) {
  return label(lang, confidence_label(c, Lang::vi), confidence_label(c, Lang::en));
}

class Writer {
 public:
  Writer(const ScoreResult& r, const Dossier& d, XlsxOutput& out, ReportLang lang)
      : r_(r), d_(d), reg_(*r.regime), out_(out), f_(out.formats()), lang_(lang) {}

  void run() {
    summary_ = out_.add_sheet(ScoreSheets::summary(lang_));
    lxw_worksheet* level = out_.add_sheet(ScoreSheets::level(lang_));
    checklist_ = out_.add_sheet(ScoreSheets::checklist(lang_));
    lxw_worksheet* gaps = out_.add_sheet(ScoreSheets::gaps(lang_));
    lxw_worksheet* disc = out_.add_sheet(ScoreSheets::discrepancies(lang_));
    lxw_worksheet* unver = out_.add_sheet(ScoreSheets::unverified(lang_));
    write_checklist();  // first: the summary's check formulas refer to its rows
    write_summary();
    write_level(level);
    write_gaps(gaps);
    write_discrepancies(disc);
    write_unverified(unver);
    for (lxw_worksheet* ws : {summary_, level, checklist_, gaps, disc, unver}) fit_.fit(ws);
  }

 private:
  std::string L(const char* vi, const char* en) const { return label(lang_, vi, en); }
  std::string L(const Text& t) const { return label(lang_, t); }

  void header(lxw_worksheet* ws, int row, const std::vector<std::string>& cols) {
    for (std::size_t c = 0; c < cols.size(); ++c) fit_.text(ws, row, static_cast<int>(c), cols[c], f_.header);
  }

  void kv(lxw_worksheet* ws, int& row, const std::string& key, const std::string& value) {
    fit_.text(ws, row, 0, key, f_.label);
    fit_.text(ws, row, 1, value, f_.text);
    ++row;
  }

  // ---- Summary -------------------------------------------------------------------------
  void write_summary() {
    lxw_worksheet* ws = summary_;
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    fit_.columns(ws, 0, 0, 34);
    fit_.columns(ws, 1, 1, 60);
    fit_.columns(ws, 3, 6, 16);
    int row = 0;
    fit_.text(ws, row++, 0, L("Kết quả đánh giá mức độ đáp ứng yêu cầu an toàn theo cấp độ",
                               "Security-level compliance assessment"), f_.title);
    ++row;
    kv(ws, row, L("Đơn vị", "Unit"), d_.unit.name);
    kv(ws, row, L("Chủ quản hệ thống", "System owner"), d_.owner.name);
    kv(ws, row, L("Hệ thống", "System"), d_.system.name);
    kv(ws, row, L("Chế độ pháp lý", "Regime"), fmt::format("{} ({}, {})", L(reg_.name), reg_.id, reg_.version));
    kv(ws, row, L("Cấp độ đề xuất", "Proposed level"), d_.proposal.proposed ? std::to_string(d_.proposal.proposed) : "–");
    std::string computed = r_.classification.level ? std::to_string(r_.classification.level) : "–";
    if (r_.classification.status == LevelStatus::partial) computed = L("ít nhất ", "at least ") + computed;
    kv(ws, row, L("Cấp độ theo tiêu chí", "Level by the criteria"), computed);
    std::string approved = "–";
    if (d_.approval && d_.approval->level)
      approved = fmt::format("{} ({}{}{})", d_.approval->level, d_.approval->decision,
                             d_.approval->date ? ", " + d_.approval->date->to_string() : "",
                             d_.approval->approver.empty() ? "" : ", " + d_.approval->approver);
    kv(ws, row, L("Cấp độ được phê duyệt", "Approved level"), approved);
    kv(ws, row, L("Cấp độ đánh giá", "Level assessed"), r_.level ? std::to_string(r_.level) : "–");
    kv(ws, row, L("Cấp độ đạt được", "Achieved level"), r_.achieved_level ? std::to_string(r_.achieved_level) : L("chưa đạt cấp độ nào", "none"));
    kv(ws, row, L("Điểm tổng", "Overall score"), pct_text(r_.overall.percent()));
    kv(ws, row, L("Kết luận", "Verdict"),
       r_.compliant ? L("Đáp ứng đầy đủ yêu cầu của cấp độ", "Compliant with the level")
                    : L("Chưa đáp ứng đầy đủ yêu cầu của cấp độ", "Not compliant with the level"));
    kv(ws, row, L("Khoảng trống", "Gaps"),
       fmt::format("{} ({} {})", r_.gaps.size(), r_.gaps_without_plan, L("chưa có kế hoạch khắc phục", "without a remediation plan")));
    kv(ws, row, L("Khác biệt với đánh giá viên", "Discrepancies with the auditor"),
       r_.audited ? std::to_string(r_.discrepancies.size()) : L("chưa có đánh giá độc lập", "no audit"));
    std::string next = r_.next_assessment ? r_.next_assessment->to_string() : L("chưa xác định (không có ngày phê duyệt hoặc đánh giá)", "unknown (no approval or audit date)");
    if (r_.assessment_overdue) next += L(" – QUÁ HẠN", " – OVERDUE");
    kv(ws, row, L("Kiểm tra, đánh giá định kỳ tiếp theo", "Next periodic assessment"), next);
    if (r_.assessment_rule && !r_.assessment_rule->text.empty()) kv(ws, row, "", L(r_.assessment_rule->text));
    kv(ws, row, L("Hạn báo cáo năm", "Annual report due"), r_.report_due ? r_.report_due->to_string() : "–");
    kv(ws, row, L("Ngày đánh giá", "Evaluation date"), r_.today.to_string());
    ++row;
    fit_.text(ws, row++, 0, L("Công thức tính điểm", "Scoring formula"), f_.section);
    if (lang_ != ReportLang::en) fit_.merged(ws, row++, 0, 6, formula_text(r_, Lang::vi), f_.wrap);
    if (lang_ != ReportLang::vi) fit_.merged(ws, row++, 0, 6, formula_text(r_, Lang::en), f_.wrap);
    ++row;

    // Score table (chart data) with the inputs of the formula.
    int table = row;
    header(ws, row++, {L("Phạm vi", "Scope"), L("Áp dụng", "Applicable"), L("Đáp ứng", "Met"), L("Một phần", "Partial"),
                       L("Chưa đáp ứng", "Not met"), L("Không áp dụng (có lý do)", "Justified N/A"), L("Điểm (%)", "Score (%)")});
    auto tally_row = [&](const std::string& name, const Tally& t) {
      fit_.text(ws, row, 0, name, f_.text);
      write_number(ws, row, 1, t.applicable);
      write_number(ws, row, 2, t.met);
      write_number(ws, row, 3, t.partial);
      write_number(ws, row, 4, t.not_met);
      write_number(ws, row, 5, t.excluded);
      if (auto p = t.percent()) write_number(ws, row, 6, std::stod(format_percent(p)));
      else fit_.text(ws, row, 6, "–");
      ++row;
    };
    tally_row(L("Tổng", "Overall"), r_.overall);
    int first_group = row;
    for (const Tally& t : r_.groups) tally_row(L(t.name), t);
    int last_group = row - 1;
    // Recomputation from the Checklist, as live formulas (values cached for readers that do not
    // calculate): the same numbers, so an appraiser can see them agree.
    if (checklist_rows_ > 0) {
      std::string cl = quote_sheet(ScoreSheets::checklist(lang_));
      std::string pts = fmt::format("{}!$K$2:$K${}", cl, checklist_rows_ + 1);
      std::string ids = fmt::format("{}!$L$2:$L${}", cl, checklist_rows_ + 1);
      fit_.text(ws, row, 0, L("Kiểm tra lại từ Danh mục yêu cầu", "Recomputed from the Checklist"), f_.muted);
      double met = r_.overall.met, partial = r_.overall.partial;
      check_lxw(worksheet_write_formula_num(ws, static_cast<lxw_row_t>(row), 2,
                                            fmt::format("=COUNTIF({},\"met\")", ids).c_str(), nullptr, met),
                "a formula");
      check_lxw(worksheet_write_formula_num(ws, static_cast<lxw_row_t>(row), 3,
                                            fmt::format("=COUNTIF({},\"partial\")", ids).c_str(), nullptr, partial),
                "a formula");
      if (auto p = r_.overall.percent())
        check_lxw(worksheet_write_formula_num(
                      ws, static_cast<lxw_row_t>(row), 6,
                      fmt::format("=ROUND(SUM({})/COUNT({})*100,1)", pts, pts).c_str(), nullptr, std::stod(format_percent(p))),
                  "a formula");
      ++row;
    }
    ++row;
    // Status counts (chart data).
    int status_table = row;
    header(ws, row++, {L("Trạng thái", "Status"), L("Số yêu cầu", "Requirements")});
    const Status order[] = {Status::met, Status::partial, Status::not_met, Status::not_applicable, Status::unanswered};
    int counts[5] = {r_.overall.met, r_.overall.partial, r_.overall.not_met - r_.overall.unanswered - r_.overall.na_without_reason,
                     r_.overall.excluded + r_.overall.na_without_reason, r_.overall.unanswered};
    for (int i = 0; i < 5; ++i) {
      fit_.text(ws, row, 0, status_text(order[i], lang_), f_.text);
      write_number(ws, row, 1, counts[i]);
      ++row;
    }

    // Charts: score per group (bar) and statuses (doughnut).
    std::string sheet = quote_sheet(ScoreSheets::summary(lang_));
    if (last_group >= first_group) {
      lxw_chart* bar = workbook_add_chart(out_.workbook(), LXW_CHART_BAR);
      lxw_chart_series* s = chart_add_series(bar, fmt::format("={}!$A${}:$A${}", sheet, first_group + 1, last_group + 1).c_str(),
                                             fmt::format("={}!$G${}:$G${}", sheet, first_group + 1, last_group + 1).c_str());
      chart_series_set_name(s, L("Điểm (%)", "Score (%)").c_str());
      chart_title_set_name(bar, L("Điểm theo nhóm yêu cầu", "Score per group").c_str());
      chart_axis_set_min(bar->x_axis, 0);  // a bar chart's value axis is horizontal
      chart_axis_set_max(bar->x_axis, 100);
      chart_legend_set_position(bar, LXW_CHART_LEGEND_NONE);
      worksheet_insert_chart(ws, static_cast<lxw_row_t>(table), 8, bar);
    }
    lxw_chart* donut = workbook_add_chart(out_.workbook(), LXW_CHART_DOUGHNUT);
    lxw_chart_series* s2 = chart_add_series(donut, fmt::format("={}!$A${}:$A${}", sheet, status_table + 2, status_table + 6).c_str(),
                                            fmt::format("={}!$B${}:$B${}", sheet, status_table + 2, status_table + 6).c_str());
    chart_series_set_name(s2, L("Trạng thái", "Status").c_str());
    chart_title_set_name(donut, L("Trạng thái các yêu cầu", "Requirement statuses").c_str());
    worksheet_insert_chart(ws, static_cast<lxw_row_t>(table + 16), 8, donut);
  }

  // ---- Level determination ---------------------------------------------------------------
  void write_level(lxw_worksheet* ws) {
    fit_.columns(ws, 0, 0, 16);
    fit_.columns(ws, 1, 1, 10);
    fit_.columns(ws, 2, 2, 70);
    fit_.columns(ws, 3, 3, 45);
    int row = 0;
    fit_.text(ws, row++, 0, L("Câu trả lời và tiêu chí đáp ứng", "Answers and matched criteria"), f_.title);
    ++row;
    header(ws, row++, {L("Câu hỏi", "Question"), L("Thành phần", "Component"), L("Nội dung", "Text"), L("Trả lời", "Answer")});
    auto answers = [&](const std::map<std::string, AnswerValue>& m, const std::string& comp) {
      for (const Question& q : reg_.questions) {
        auto it = m.find(q.id);
        if (it == m.end()) continue;
        fit_.text(ws, row, 0, q.id, f_.text);
        fit_.text(ws, row, 1, comp, f_.text);
        fit_.text(ws, row, 2, L(q.text), f_.text);
        std::string a = format_answer(q, it->second);
        if (q.type == QuestionType::one_of || q.type == QuestionType::many_of) {
          std::string shown;
          for (const std::string& c : q.type == QuestionType::one_of ? std::vector<std::string>{it->second.choice} : it->second.choices)
            if (const Choice* ch = q.choice(c)) shown += (shown.empty() ? "" : "; ") + L(ch->text);
          a = shown;
        } else if (q.type == QuestionType::yes_no) {
          a = it->second.yes ? L("Có", "Yes") : L("Không", "No");
        }
        fit_.text(ws, row, 3, a, f_.text);
        ++row;
      }
    };
    answers(d_.answers.system, "");
    for (const ComponentAnswers& c : d_.answers.components) answers(c.answers, c.id);
    ++row;
    header(ws, row++, {L("Tiêu chí", "Criterion"), L("Cấp độ", "Level"), L("Nội dung", "Text"), L("Căn cứ", "Citation")});
    for (const ComponentResult& comp : r_.classification.components) {
      for (const CriterionMatch& m : comp.matched) {
        fit_.text(ws, row, 0, m.criterion->id + (comp.id.empty() ? "" : " [" + comp.id + "]"), f_.text);
        write_number(ws, row, 1, m.level);
        fit_.text(ws, row, 2, L(m.criterion->text) + confidence_mark(m.criterion->confidence, lang_ == ReportLang::vi ? Lang::vi : Lang::en), f_.text);
        fit_.text(ws, row, 3, cites_text(m.criterion->cites, reg_, lang_), f_.text);
        ++row;
      }
    }
    for (const Text& reason : r_.classification.reasons) fit_.text(ws, row++, 2, L(reason), f_.wrap);
    for (const Finding& fd : r_.classification.findings) {
      fit_.text(ws, row, 0, fd.check->id, f_.text);
      fit_.text(ws, row, 2, L(fd.check->message), f_.text);
      fit_.text(ws, row, 3, cites_text(fd.check->cites, reg_, lang_), f_.text);
      ++row;
    }
    if (!reg_.composition_text.empty()) {
      ++row;
      fit_.text(ws, row, 2, L(reg_.composition_text), f_.wrap);
      fit_.text(ws, row, 3, cites_text(reg_.composition_cites, reg_, lang_), f_.text);
    }
  }

  // ---- Checklist -------------------------------------------------------------------------
  void write_checklist() {
    lxw_worksheet* ws = checklist_;
    const std::vector<std::pair<std::string, double>> cols = {
        {L("Mã", "Id"), 10},
        {L("Nhóm", "Group"), 14},
        {L("Loại", "Category"), 22},
        {"Tiêu đề (tiếng Việt)", 36},
        {"Title (English)", 36},
        {L("Yêu cầu ở cấp độ này", "Requirement at this level"), 50},
        {L("Tham số theo cấp độ", "Per-level parameters"), 36},
        {L("Tự đánh giá", "Self-assessment"), 16},
        {L("Đánh giá viên", "Auditor"), 16},
        {L("Trạng thái tính điểm", "Scored status"), 16},
        {L("Điểm", "Points"), 8},
        {"status", 12},
        {L("Triển khai", "Implementation"), 40},
        {L("Bằng chứng", "Evidence"), 40},
        {L("Lưu ý", "Flags"), 30},
        {L("Độ tin cậy nguồn", "Source confidence"), 16},
        {L("Căn cứ", "Citation"), 40},
    };
    for (std::size_t c = 0; c < cols.size(); ++c) fit_.columns(ws, static_cast<int>(c), static_cast<int>(c), cols[c].second);
    int row = 0;
    for (std::size_t c = 0; c < cols.size(); ++c) fit_.text(ws, row, static_cast<int>(c), cols[c].first, f_.header);
    ++row;
    Lang one = lang_ == ReportLang::vi ? Lang::vi : Lang::en;
    for (const ItemScore& i : r_.items) {
      const Requirement& q = *i.requirement;
      const Group* g = reg_.group(q.group);
      const Category* c = reg_.category(q.category);
      fit_.text(ws, row, 0, q.id, f_.text);
      fit_.text(ws, row, 1, g ? L(g->name) : q.group, f_.text);
      fit_.text(ws, row, 2, c ? L(c->name) : q.category, f_.text);
      fit_.text(ws, row, 3, q.title.vi, f_.text);
      fit_.text(ws, row, 4, q.title.en, f_.text);
      fit_.text(ws, row, 5, L(effective_text(reg_, q, r_.level, d_.answers, r_.classification)), f_.text);
      const LevelEntry* e = q.at(r_.level);
      std::string params;
      if (e) {
        if (lang_ == ReportLang::both) {
          std::string vi = format_params(reg_, *e, Lang::vi), en = format_params(reg_, *e, Lang::en);
          params = vi.empty() ? "" : vi + " / " + en;
        } else {
          params = format_params(reg_, *e, one);
        }
      }
      fit_.text(ws, row, 6, params, f_.text);
      fit_.text(ws, row, 7, status_text(i.self, lang_), f_.text);
      fit_.text(ws, row, 8, i.verdict ? status_text(i.verdict->status, lang_) : "", f_.text);
      fit_.text(ws, row, 9, status_text(i.effective, lang_), f_.text);
      if (i.excluded) fit_.text(ws, row, 10, "", f_.text);
      else write_number(ws, row, 10, i.points, f_.text);
      fit_.text(ws, row, 11, i.excluded ? "excluded" : to_string(i.effective), f_.text);
      fit_.text(ws, row, 12, i.assessment ? i.assessment->implementation : "", f_.text);
      std::string ev;
      if (i.assessment)
        for (const Evidence& x : i.assessment->evidence)
          ev += (ev.empty() ? "" : "\n") + x.title + (x.location.empty() ? "" : " — " + x.location) + (x.date ? " (" + x.date->to_string() + ")" : "");
      fit_.text(ws, row, 13, truncate_chars(ev, kMaxCellChars), f_.text);
      fit_.text(ws, row, 14, flags_text(i, lang_), f_.text);
      fit_.text(ws, row, 15, confidence_text(i.confidence, lang_), f_.text);
      std::string cite = cites_text(q.cites, reg_, lang_);
      if (e && !e->clause.empty()) {
        const Document* sd = reg_.document(reg_.standard);
        cite += (cite.empty() ? "" : "; ") + (sd ? sd->name.get(one) : reg_.standard) + " " + e->clause;
      }
      fit_.text(ws, row, 16, cite, f_.text);
      ++row;
    }
    checklist_rows_ = row - 1;
    worksheet_freeze_panes(ws, 1, 1);
    if (checklist_rows_ > 0) {
      worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(checklist_rows_), static_cast<lxw_col_t>(cols.size() - 1));
      // Colour each row by its scored status (column L holds the machine id).
      struct Rule {
        const char* id;
        std::uint32_t colour;
      };
      const Rule rules[] = {{"met", 0xD8F0D2}, {"partial", 0xFFF2CC}, {"not-met", 0xF8D0D0}, {"unanswered", 0xF8D0D0},
                            {"not-applicable", 0xF8D0D0}, {"excluded", 0xE7E6E6}};
      for (const Rule& rule : rules) {
        lxw_format* fmt_fill = out_.add_format();
        format_set_bg_color(fmt_fill, rule.colour);
        lxw_conditional_format cf{};
        cf.type = LXW_CONDITIONAL_TYPE_FORMULA;
        std::string formula = fmt::format("$L2=\"{}\"", rule.id);
        cf.value_string = formula.data();
        cf.format = fmt_fill;
        check_lxw(worksheet_conditional_format_range(ws, 1, 0, static_cast<lxw_row_t>(checklist_rows_),
                                                      static_cast<lxw_col_t>(cols.size() - 1), &cf),
                  "a conditional format");
      }
    }
  }

  // ---- Gaps ------------------------------------------------------------------------------
  void write_gaps(lxw_worksheet* ws) {
    std::vector<std::pair<std::string, double>> cols = {
        {L("Mã", "Id"), 10},           {L("Yêu cầu", "Requirement"), 45}, {L("Trạng thái", "Status"), 18},
        {L("Biện pháp khắc phục", "Remediation action"), 45}, {L("Người chịu trách nhiệm", "Owner"), 26},
        {L("Hạn hoàn thành", "Due date"), 14}, {L("Lưu ý", "Flags"), 36}};
    for (std::size_t c = 0; c < cols.size(); ++c) fit_.columns(ws, static_cast<int>(c), static_cast<int>(c), cols[c].second);
    int row = 0;
    for (std::size_t c = 0; c < cols.size(); ++c) fit_.text(ws, row, static_cast<int>(c), cols[c].first, f_.header);
    ++row;
    for (const ItemScore* i : r_.gaps) {
      fit_.text(ws, row, 0, i->requirement->id, f_.text);
      fit_.text(ws, row, 1, L(i->requirement->title), f_.text);
      fit_.text(ws, row, 2, status_text(i->effective, lang_), f_.text);
      const Remediation* rem = i->assessment ? &i->assessment->remediation : nullptr;
      fit_.text(ws, row, 3, rem ? rem->action : "", f_.text);
      fit_.text(ws, row, 4, rem ? rem->owner : "", f_.text);
      if (rem && rem->due) write_date(ws, row, 5, *rem->due, f_.date);
      else fit_.text(ws, row, 5, "", f_.text);
      fit_.text(ws, row, 6, flags_text(*i, lang_), f_.text);
      ++row;
    }
    worksheet_freeze_panes(ws, 1, 0);
    if (row > 1) worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(row - 1), static_cast<lxw_col_t>(cols.size() - 1));
  }

  // ---- Discrepancies ---------------------------------------------------------------------
  void write_discrepancies(lxw_worksheet* ws) {
    fit_.columns(ws, 0, 0, 10);
    fit_.columns(ws, 1, 1, 45);
    fit_.columns(ws, 2, 3, 20);
    fit_.columns(ws, 4, 4, 50);
    int row = 0;
    if (d_.audit) {
      std::string who = d_.audit->auditor + (d_.audit->organisation.empty() ? "" : ", " + d_.audit->organisation) +
                        (d_.audit->date ? ", " + d_.audit->date->to_string() : "");
      fit_.text(ws, row++, 0, L("Đánh giá viên: ", "Auditor: ") + who, f_.section);
    } else {
      fit_.text(ws, row++, 0, L("Hồ sơ chưa có kết quả đánh giá độc lập.", "The dossier has no audit section."), f_.section);
    }
    header(ws, row++, {L("Mã", "Id"), L("Yêu cầu", "Requirement"), L("Tự đánh giá", "Self-assessment"), L("Đánh giá viên", "Auditor"),
                       L("Ghi chú của đánh giá viên", "Auditor's note")});
    for (const Discrepancy& x : r_.discrepancies) {
      fit_.text(ws, row, 0, x.requirement->id, f_.text);
      fit_.text(ws, row, 1, L(x.requirement->title), f_.text);
      fit_.text(ws, row, 2, status_text(x.self, lang_), f_.text);
      fit_.text(ws, row, 3, status_text(x.auditor, lang_), f_.text);
      fit_.text(ws, row, 4, x.note, f_.text);
      ++row;
    }
    worksheet_freeze_panes(ws, 2, 0);
  }

  // ---- Unverified sources ----------------------------------------------------------------
  void write_unverified(lxw_worksheet* ws) {
    fit_.columns(ws, 0, 0, 12);
    fit_.columns(ws, 1, 1, 45);
    fit_.columns(ws, 2, 2, 18);
    fit_.columns(ws, 3, 3, 60);
    int row = 0;
    fit_.text(ws, row++, 0, L("Các mục có căn cứ pháp lý chỉ từ nguồn thứ cấp hoặc chưa kiểm chứng; cần kiểm tra trước khi dựa vào.",
                               "Items whose legal source is only secondary or unverified; check them before relying on them."),
               f_.section);
    header(ws, row++, {L("Mã", "Id"), L("Mục", "Item"), L("Độ tin cậy", "Confidence"), L("Ghi chú", "Note")});
    for (const ItemScore& i : r_.items) {
      if (i.confidence == Confidence::verified) continue;
      fit_.text(ws, row, 0, i.requirement->id, f_.text);
      fit_.text(ws, row, 1, L(i.requirement->title), f_.text);
      fit_.text(ws, row, 2, confidence_text(i.confidence, lang_), f_.text);
      fit_.text(ws, row, 3, i.requirement->note.empty() ? "" : L(i.requirement->note), f_.text);
      ++row;
    }
    for (const ComponentResult& comp : r_.classification.components)
      for (const CriterionMatch& m : comp.matched)
        if (m.criterion->confidence != Confidence::verified) {
          fit_.text(ws, row, 0, m.criterion->id, f_.text);
          fit_.text(ws, row, 1, L(m.criterion->text), f_.text);
          fit_.text(ws, row, 2, confidence_text(m.criterion->confidence, lang_), f_.text);
          fit_.text(ws, row, 3, cites_text(m.criterion->cites, reg_, lang_), f_.text);
          ++row;
        }
    worksheet_freeze_panes(ws, 2, 0);
  }

  const ScoreResult& r_;
  const Dossier& d_;
  const Regime& reg_;
  XlsxOutput& out_;
  const XlsxFormats& f_;
  ReportLang lang_;
  lxw_worksheet* summary_ = nullptr;
  lxw_worksheet* checklist_ = nullptr;
  int checklist_rows_ = 0;
  RowFit fit_;  ///< every text cell goes through it, so rows are tall enough for their text
};

}  // namespace

void write_score_workbook(const ScoreResult& r, const Dossier& d, const std::string& path, ReportLang lang) {
  WorkbookInfo info;
  info.title = d.system.name.empty() ? "capdo score" : d.system.name;
  info.subject = fmt::format("{} — {}", r.regime->id, label(lang, "Kết quả đánh giá", "Assessment result"));
  info.company = d.unit.name;
  XlsxOutput out(path, info);
  Writer(r, d, out, lang).run();
  out.close();
}

}  // namespace capdo
