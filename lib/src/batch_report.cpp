#include "capdo/batch_report.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <tuple>
#include <set>
#include <functional>
#include <unordered_map>

#include <fmt/format.h>

#include "capdo/error.h"
#include "capdo/parallel.h"
#include "capdo/result_xml.h"
#include "capdo/xlsx_reader.h"
#include "capdo/xlsx_util.h"

namespace capdo {

const char* EvaluationSheets::overview(ReportLang l) { return l == ReportLang::vi ? "Tổng quan" : "Overview"; }
const char* EvaluationSheets::systems(ReportLang l) { return l == ReportLang::vi ? "Hệ thống" : "Systems"; }
const char* EvaluationSheets::units(ReportLang l) { return l == ReportLang::vi ? "Đơn vị" : "Units"; }
const char* EvaluationSheets::gaps(ReportLang l) { return l == ReportLang::vi ? "Khoảng trống" : "Gaps"; }
const char* EvaluationSheets::errors(ReportLang l) { return l == ReportLang::vi ? "Lỗi" : "Errors"; }
const char* EvaluationSheets::year_over_year(ReportLang l) { return l == ReportLang::vi ? "So với năm trước" : "Year over year"; }

namespace {

class Writer {
 public:
  Writer(const BatchResult& r, XlsxOutput& out, ReportLang lang, int max_sheet_rows)
      : r_(r), out_(out), f_(out.formats()), lang_(lang), max_sheet_rows_(std::max(2, max_sheet_rows)) {}

  void run() {
    collect_groups();
    lxw_worksheet* overview = out_.add_sheet(EvaluationSheets::overview(lang_));
    lxw_worksheet* systems = out_.add_sheet(EvaluationSheets::systems(lang_));
    lxw_worksheet* units = out_.add_sheet(EvaluationSheets::units(lang_));
    plan_gap_sheets();
    lxw_worksheet* errors = out_.add_sheet(EvaluationSheets::errors(lang_));
    lxw_worksheet* yoy = r_.has_previous ? out_.add_sheet(EvaluationSheets::year_over_year(lang_)) : nullptr;
    write_overview(overview);
    write_systems(systems);
    write_units(units);
    write_gap_headers();
    write_errors(errors);
    if (yoy) write_yoy(yoy);
    // What the rendered rows need, ready before the threads that render them start.
    date_xf_ = SheetRows::xf_index(f_.date);
    for (const auto& reg : r_.catalog().regimes())
      for (const Requirement& q : reg->requirements) titles_.emplace(&q, SheetRows::prepare_text(label(lang_, q.title)));
    for (Status st : {Status::unanswered, Status::met, Status::partial, Status::not_met, Status::not_applicable})
      statuses_.at(static_cast<std::size_t>(st)) =
          SheetRows::prepare_text(label(lang_, status_label(st, Lang::vi), status_label(st, Lang::en)));
  }

  /// The rows capdo renders itself (Systems, Units and Gaps), to put in when the workbook is closed
  /// (XlsxOutput::close).
  std::vector<EntryReplacement> row_parts(int jobs) const {
    std::vector<EntryReplacement> parts;
    for (const RowsPart& part : parts_) {
      EntryReplacement e;
      e.name = out_.part_name(part.ws);
      // Bound on the part's size: every byte of text escaped at worst 7 times (a control
      // character becomes "_x000D_"), plus the markup and the catalog's texts of each row.
      // Only a part that may pass 4 GiB gets ZIP64 fields (a full Gaps sheet of a national
      // run, as libxlsxwriter's use_zip64 would give every part).
      e.large = part.text_bytes * 7 + part.rows * 4096 >= 0xFFFFFFFFull;
      e.write = [this, &part, jobs](const std::string& original, EntrySink& out) { write_part(part, original, out, jobs); };
      parts.push_back(std::move(e));
    }
    return parts;
  }

 private:
  std::string L(const char* vi, const char* en) const { return label(lang_, vi, en); }
  /// A table's header row, tall enough for its wrapped titles. The workbook is written in
  /// constant-memory mode, so the row's height is set before its cells (RowFit::fit_now).
  void header(lxw_worksheet* ws, int row, const std::vector<std::pair<std::string, double>>& cols) {
    int lines = 1;
    for (const auto& [title, width] : cols) lines = std::max(lines, wrapped_lines(title, width, true));
    fit_.fit_now(ws, row, lines);
    for (std::size_t c = 0; c < cols.size(); ++c) {
      set_columns(ws, static_cast<int>(c), static_cast<int>(c), cols[c].second);
      write_text(ws, row, static_cast<int>(c), cols[c].first, f_.header);
    }
  }
  /// Where a chart of the default height (288 pixels) placed at `row` ends, and the vertical
  /// scale that keeps it that high (or up to a row's extra height less, see below).
  /// libxlsxwriter places a chart by rows of the default height (20 pixels) when the sheet's
  /// rows are already written (constant-memory mode), so over taller rows it would be
  /// stretched: the scale makes it span as many default rows as the real rows its height
  /// covers.
  struct ChartSpan {
    double y_scale = 1;
    int next_row = 0;  ///< the first row below the chart, leaving one row free
  };
  ChartSpan chart_span(lxw_worksheet* ws, int row) const {
    constexpr double kChart = 288, kRow = 20;
    double left = kChart, rows = 0;
    int r = row;
    for (; left > 0; ++r) {
      const double h = kRow * std::min(409.0 / 15.0, double(fit_.lines(ws, r)));  // as set_row_lines()
      if (left >= h) {
        rows += 1;
        left -= h;
      } else {
        // The chart ends in this row, at an offset libxlsxwriter keeps in pixels but can
        // place only within a default-height row: in a taller row it may end a little short.
        rows += std::min(left, kRow) / kRow;
        left = 0;
      }
    }
    return {rows * kRow / kChart, r + 1};
  }
  /// A table sheet: header frozen, filter on, and printed landscape with the header on
  /// every page.
  void finish_table(lxw_worksheet* ws, int header_row, int last_row, int cols) {
    worksheet_freeze_panes(ws, static_cast<lxw_row_t>(header_row + 1), 0);
    worksheet_set_landscape(ws);
    check_lxw(worksheet_repeat_rows(ws, static_cast<lxw_row_t>(header_row), static_cast<lxw_row_t>(header_row)),
              "the printed header");
    if (last_row > header_row)
      worksheet_autofilter(ws, static_cast<lxw_row_t>(header_row), 0, static_cast<lxw_row_t>(last_row), static_cast<lxw_col_t>(cols - 1));
  }
  void number_or_blank(lxw_worksheet* ws, int row, int col, int v) {
    if (v) write_number(ws, row, col, v);
  }
  void pct_cell(lxw_worksheet* ws, int row, int col, const std::optional<double>& p) {
    if (p) write_number(ws, row, col, std::stod(format_percent(p)));
  }
  std::string group_score_header(const std::string& id) const {
    Text name{id, id};
    for (const auto& reg : r_.catalog().regimes())
      if (const Group* g = reg->group(id)) {
        name = g->name;
        break;
      }
    return label(lang_, Text{"Điểm " + name.vi + " (%)", "Score: " + name.en + " (%)"});
  }

  void collect_groups() {
    std::set<std::string> seen;
    for (const auto& reg : r_.catalog().regimes())
      for (const Group& g : reg->groups)
        if (seen.insert(g.id).second) groups_.push_back(g.id);
  }

  // ---- Overview ----------------------------------------------------------------------------
  void write_overview(lxw_worksheet* ws) {
    constexpr double kLabelWidth = 44;
    worksheet_set_landscape(ws);  // printed on one page wide, the charts beside the tables
    worksheet_fit_to_pages(ws, 1, 0);
    set_columns(ws, 0, 0, kLabelWidth);
    set_columns(ws, 1, 8, 14);
    int row = 0;
    write_text(ws, row++, 0, L(fmt::format("Đánh giá an toàn hệ thống thông tin theo cấp độ năm {}", r_.year).c_str(),
                               fmt::format("Security-level evaluation {}", r_.year).c_str()),
               f_.title);
    std::size_t duplicates = 0, compliant = 0, overdue = 0, no_date = 0;
    for (const FileError& e : r_.errors) duplicates += e.message.rfind("duplicate:", 0) == 0;
    for (const SystemRecord& s : r_.systems) {
      compliant += s.compliant;
      overdue += s.overdue;
      no_date += s.no_assessment_date;
    }
    auto key = [&](const std::string& k) {
      fit_.fit_now(ws, row, wrapped_lines(k, kLabelWidth, true));
      write_text(ws, row, 0, k, f_.label);
    };
    auto kv = [&](const std::string& k, double v) {
      key(k);
      write_number(ws, row, 1, v, f_.text);
      ++row;
    };
    key(L("Ngày đánh giá", "Evaluation date"));
    write_date(ws, row++, 1, r_.date, f_.date);
    kv(L("Tệp đã đọc", "Files read"), static_cast<double>(r_.files_seen));
    kv(L("Hệ thống được tính", "Systems counted"), static_cast<double>(r_.systems.size()));
    kv(L("Tệp lỗi (xem trang Lỗi)", "Files with errors (see Errors)"), static_cast<double>(r_.errors.size() - duplicates));
    kv(L("Tệp trùng hệ thống", "Duplicate files"), static_cast<double>(duplicates));
    kv(L("Hệ thống đáp ứng đầy đủ", "Compliant systems"), static_cast<double>(compliant));
    kv(L("Hệ thống quá hạn kiểm tra", "Systems overdue for assessment"), static_cast<double>(overdue));
    kv(L("Hệ thống chưa có ngày phê duyệt hoặc kiểm tra", "Systems without an approval or assessment date"), static_cast<double>(no_date));
    ++row;

    // Per level: systems, compliant, rate, overdue.
    struct PerLevel {
      int systems = 0, compliant = 0, overdue = 0;
    };
    std::map<int, PerLevel> levels;
    for (int l = 1; l <= 5; ++l) levels[l];
    for (const SystemRecord& s : r_.systems) {
      PerLevel& p = levels[s.assessed];
      ++p.systems;
      p.compliant += s.compliant;
      p.overdue += s.overdue;
    }
    int level_head = row;
    header(ws, row++, {{L("Cấp độ", "Level"), kLabelWidth}, {L("Số hệ thống", "Systems"), 14}, {L("Đáp ứng đầy đủ", "Compliant"), 14},
                       {L("Tỷ lệ đáp ứng (%)", "Compliance rate (%)"), 14}, {L("Quá hạn kiểm tra", "Overdue"), 14}});
    for (const auto& [l, p] : levels) {
      write_text(ws, row, 0, l ? L(fmt::format("Cấp độ {}", l).c_str(), fmt::format("Level {}", l).c_str()) : L("Chưa có cấp độ", "No level"), f_.text);
      write_number(ws, row, 1, p.systems);
      write_number(ws, row, 2, p.compliant);
      if (p.systems) write_number(ws, row, 3, std::stod(format_percent(100.0 * p.compliant / p.systems)));
      write_number(ws, row, 4, p.overdue);
      ++row;
    }
    int level_last = level_head + 5;  // rows for levels 1–5 (a "no level" row may follow)
    ++row;

    // Per unit type and level.
    std::map<std::string, std::array<int, 6>> types;
    for (const SystemRecord& s : r_.systems) types[s.unit_type][static_cast<std::size_t>(std::clamp(s.assessed, 0, 5))]++;
    header(ws, row++, {{L("Loại đơn vị", "Unit type"), kLabelWidth}, {L("Số hệ thống", "Systems"), 14}, {L("Cấp độ 1", "Level 1"), 14},
                       {L("Cấp độ 2", "Level 2"), 14}, {L("Cấp độ 3", "Level 3"), 14}, {L("Cấp độ 4", "Level 4"), 14},
                       {L("Cấp độ 5", "Level 5"), 14}});
    for (const std::string& t : unit_types()) {
      auto it = types.find(t);
      if (it == types.end()) continue;
      int total = 0;
      for (int v : it->second) total += v;
      write_text(ws, row, 0, label(lang_, unit_type_label(t, Lang::vi), unit_type_label(t, Lang::en)), f_.text);
      write_number(ws, row, 1, total);
      for (int l = 1; l <= 5; ++l) write_number(ws, row, 1 + l, it->second[static_cast<std::size_t>(l)]);
      ++row;
    }
    ++row;

    // Score distribution in bands of 10 points.
    int bands[10] = {};
    for (const SystemRecord& s : r_.systems)
      if (auto p = s.overall.percent()) bands[std::min(9, static_cast<int>(*p / 10.0))]++;
    int band_head = row;
    header(ws, row++, {{L("Khoảng điểm (%)", "Score band (%)"), kLabelWidth}, {L("Số hệ thống", "Systems"), 14}});
    for (int b = 0; b < 10; ++b) {
      write_text(ws, row, 0, b == 9 ? "90–100" : fmt::format("{}–{}", b * 10, b * 10 + 10), f_.text);
      write_number(ws, row, 1, bands[b]);
      ++row;
    }

    std::string sheet = quote_sheet(EvaluationSheets::overview(lang_));
    int chart_row = 0;  // the charts one below the other, beside the tables
    auto chart = [&](const std::string& title, int first, int last, const char* values_col, bool percent) {
      lxw_chart* c = workbook_add_chart(out_.workbook(), LXW_CHART_COLUMN);
      lxw_chart_series* s = chart_add_series(c, fmt::format("={}!$A${}:$A${}", sheet, first + 1, last + 1).c_str(),
                                             fmt::format("={}!${}${}:${}${}", sheet, values_col, first + 1, values_col, last + 1).c_str());
      chart_series_set_name(s, title.c_str());
      chart_title_set_name(c, title.c_str());
      chart_legend_set_position(c, LXW_CHART_LEGEND_NONE);
      if (percent) {
        chart_axis_set_min(c->y_axis, 0);
        chart_axis_set_max(c->y_axis, 100);
      }
      ChartSpan span = chart_span(ws, chart_row);
      lxw_chart_options opt{};
      opt.x_scale = 1;
      opt.y_scale = span.y_scale;
      check_lxw(worksheet_insert_chart_opt(ws, static_cast<lxw_row_t>(chart_row), 9, c, &opt), "a chart");
      chart_row = span.next_row;
    };
    chart(L("Số hệ thống theo cấp độ", "Systems per level"), level_head + 1, level_last, "B", false);
    chart(L("Tỷ lệ đáp ứng theo cấp độ (%)", "Compliance per level (%)"), level_head + 1, level_last, "D", true);
    chart(L("Phân bố điểm", "Score distribution"), band_head + 1, band_head + 10, "B", false);
  }

  // ---- Systems -----------------------------------------------------------------------------
  void write_systems(lxw_worksheet* ws) {
    std::vector<std::pair<std::string, double>> cols = {
        {L("Đơn vị", "Unit"), 34}, {L("Mã đơn vị", "Unit code"), 12}, {L("Loại đơn vị", "Unit type"), 18},
        {L("Hệ thống", "System"), 40}, {L("Mã hệ thống", "System code"), 12}, {L("Chế độ", "Regime"), 12},
        {L("Cấp độ đề xuất", "Proposed level"), 10}, {L("Cấp độ theo tiêu chí", "Level by criteria"), 10},
        {L("Cấp độ phê duyệt", "Approved level"), 10}, {L("Quyết định phê duyệt", "Approval decision"), 18},
        {L("Ngày phê duyệt", "Decision date"), 12}, {L("Cấp độ đánh giá", "Level assessed"), 10}, {L("Cấp độ đạt được", "Achieved level"), 10}};
    for (const std::string& g : groups_) cols.push_back({group_score_header(g), 14});
    std::vector<std::pair<std::string, double>> tail = {
        {L("Điểm tổng (%)", "Overall score (%)"), 12}, {L("Kết luận", "Verdict"), 18}, {L("Khoảng trống", "Gaps"), 10},
        {L("Khoảng trống chưa có kế hoạch", "Gaps without a plan"), 12}, {L("Kiểm tra tiếp theo", "Next assessment"), 12},
        {L("Quá hạn", "Overdue"), 10}, {L("Tệp", "File"), 50}};
    cols.insert(cols.end(), tail.begin(), tail.end());
    header(ws, 0, cols);
    finish_table(ws, 0, static_cast<int>(r_.systems.size()), static_cast<int>(cols.size()));
    RowsPart part;
    part.ws = ws;
    part.columns = static_cast<int>(cols.size());
    part.rows = r_.systems.size();
    part.row_bytes = 1536;
    for (const SystemRecord& s : r_.systems) part.text_bytes += s.unit_name.size() + s.system_name.size() + s.file.size() + 256;
    part.pieces = one_row_pieces(r_.systems.size(), kSystemsPerPiece);
    part.render = [this](std::size_t first, std::size_t end, int row, SheetRows& rows) { system_rows(first, end, row, rows); };
    parts_.push_back(std::move(part));
  }

  /// Systems rendered and compressed as one piece.
  static constexpr std::size_t kSystemsPerPiece = 2048;

  void system_rows(std::size_t first, std::size_t end, int row, SheetRows& rows) const {
    const std::string compliant = L("Đáp ứng đầy đủ", "Compliant"), not_compliant = L("Chưa đáp ứng đầy đủ", "Not compliant");
    const std::string overdue = L("Quá hạn", "Overdue");
    auto number_or_blank = [&](int col, int v) {
      if (v) rows.number(col, v);
    };
    auto pct = [&](int col, const std::optional<double>& p) {
      if (p) rows.number(col, std::stod(format_percent(p)));
    };
    for (std::size_t i = first; i < end; ++i) {
      const SystemRecord& s = r_.systems[i];
      rows.begin_row(row++);
      int c = 0;
      rows.text(c++, s.unit_name);
      rows.text(c++, s.unit_code);
      rows.text(c++, label(lang_, unit_type_label(s.unit_type, Lang::vi), unit_type_label(s.unit_type, Lang::en)));
      rows.text(c++, s.system_name);
      rows.text(c++, s.system_code);
      rows.text(c++, s.regime);
      number_or_blank(c++, s.proposed);
      number_or_blank(c++, s.computed);
      number_or_blank(c++, s.approved);
      rows.text(c++, s.decision);
      if (auto d = Date::parse(s.decision_date)) rows.date(c, *d, date_xf_);
      ++c;
      number_or_blank(c++, s.assessed);
      rows.number(c++, s.achieved);
      for (const std::string& g : groups_) {
        auto it = std::find_if(s.groups.begin(), s.groups.end(), [&](const Tally& t) { return t.id == g; });
        if (it != s.groups.end()) pct(c, it->percent());
        ++c;
      }
      pct(c++, s.overall.percent());
      rows.text(c++, s.compliant ? compliant : not_compliant);
      rows.number(c++, s.gaps);
      rows.number(c++, s.gaps_without_plan);
      if (auto d = Date::parse(s.next_assessment)) rows.date(c, *d, date_xf_);
      ++c;
      if (s.overdue) rows.text(c, overdue);
      ++c;
      rows.text(c++, s.file);
      rows.end_row();
    }
  }


  // ---- Units -------------------------------------------------------------------------------
  // One row a unit: its systems are next to each other, as rows are sorted by unit. Rendered
  // and compressed in pieces, as the Systems sheet.
  static constexpr std::size_t kUnitsPerPiece = 1024;

  void write_units(lxw_worksheet* ws) {
    header(ws, 0, {{L("Đơn vị", "Unit"), 34}, {L("Mã đơn vị", "Unit code"), 12}, {L("Loại đơn vị", "Unit type"), 18},
                   {L("Số hệ thống", "Systems"), 10}, {L("Cấp độ", "Levels"), 24}, {L("Điểm trung bình (%)", "Average score (%)"), 12},
                   {L("Hệ thống đáp ứng đầy đủ", "Compliant systems"), 12}, {L("Tổng khoảng trống", "Gaps"), 10},
                   {L("Khoảng trống phổ biến nhất", "Most frequent gaps"), 60}});
    const auto& sys = r_.systems;
    for (std::size_t i = 0, j; i < sys.size(); i = j) {
      for (j = i + 1; j < sys.size() && sys[j].province == sys[i].province && sys[j].unit_name == sys[i].unit_name &&
                      sys[j].unit_code == sys[i].unit_code;
           ++j) {
      }
      units_.push_back({i, j});
    }
    finish_table(ws, 0, static_cast<int>(units_.size()), 9);
    RowsPart part;
    part.ws = ws;
    part.columns = 9;
    part.rows = units_.size();
    part.row_bytes = 1024;
    for (const auto& [first, end] : units_) part.text_bytes += sys[first].unit_name.size() + sys[first].unit_code.size() + 1024;
    part.pieces = one_row_pieces(units_.size(), kUnitsPerPiece);
    part.render = [this](std::size_t first, std::size_t end, int row, SheetRows& rows) { unit_rows(first, end, row, rows); };
    parts_.push_back(std::move(part));
  }

  /// The rows of units [first, end) of units_.
  void unit_rows(std::size_t first, std::size_t end, int row, SheetRows& rows) const {
    for (std::size_t k = first; k < end; ++k) {
      const auto [a, b] = units_[k];
      const SystemRecord& u = r_.systems[a];
      std::map<int, int> levels;
      double score_sum = 0;
      int scored = 0, compliant = 0, gaps = 0;
      std::map<std::pair<const Regime*, std::uint16_t>, int> freq;  // requirement -> systems with that gap
      for (std::size_t i = a; i < b; ++i) {
        const SystemRecord& s = r_.systems[i];
        levels[s.assessed]++;
        if (auto p = s.overall.percent()) {
          score_sum += *p;
          ++scored;
        }
        compliant += s.compliant;
        gaps += s.gaps;
        const Regime* regime = r_.catalog().find(s.regime).get();
        for (std::uint16_t q : s.gap_requirements) freq[{regime, q}]++;
      }
      std::string lv;
      for (const auto& [l, n] : levels) lv += fmt::format("{}{}×{}", lv.empty() ? "" : ", ", n, l ? "L" + std::to_string(l) : "–");
      // The most frequent first, then by id (and regime, should two regimes share an id).
      std::vector<std::tuple<int, std::string_view, std::string_view, const Requirement*>> worst;
      for (const auto& [key, n] : freq) {
        const Requirement& q = key.first->requirements.at(key.second);
        worst.emplace_back(-n, q.id, key.first->id, &q);
      }
      std::sort(worst.begin(), worst.end());
      std::string worst_text;
      for (std::size_t w = 0; w < worst.size() && w < 3; ++w)
        worst_text += fmt::format("{}{} {} ({}×)", worst_text.empty() ? "" : "; ", std::get<1>(worst[w]),
                                  label(lang_, std::get<3>(worst[w])->title), -std::get<0>(worst[w]));
      rows.begin_row(row++);
      rows.text(0, u.unit_name);
      rows.text(1, u.unit_code);
      rows.text(2, label(lang_, unit_type_label(u.unit_type, Lang::vi), unit_type_label(u.unit_type, Lang::en)));
      rows.number(3, static_cast<double>(b - a));
      rows.text(4, lv);
      if (scored) rows.number(5, std::stod(format_percent(score_sum / scored)));
      rows.number(6, compliant);
      rows.number(7, gaps);
      rows.text(8, worst_text);
      rows.end_row();
    }
  }

  // ---- Gaps --------------------------------------------------------------------------------
  // By far the largest sheet (some 28 rows a system, 285,000 for 10,000 systems). Excel holds
  // 1,048,576 rows a sheet: more gaps continue on "Gaps (2)"…, and a system's gaps are never
  // split between two sheets.
  static constexpr int kGapColumns = 9;
  /// Gap rows rendered and compressed as one piece (whole systems, so about this many).
  static constexpr std::uint64_t kPieceRows = 4096;

  void plan_gap_sheets() {
    auto sheet = [&](std::size_t first) {
      RowsPart part;
      part.columns = kGapColumns;
      part.row_bytes = 1024;  // a row is some 900 bytes
      part.render = [this](std::size_t a, std::size_t b, int row, SheetRows& rows) { gap_rows(a, b, row, rows); };
      part.pieces.push_back({first, first, 1, 0});
      return part;
    };
    std::vector<RowsPart> sheets{sheet(0)};
    std::uint64_t piece_rows = 0;
    for (std::size_t i = 0; i < r_.systems.size(); ++i) {
      const SystemRecord& s = r_.systems[i];
      auto n = static_cast<std::uint64_t>(s.gaps);
      RowsPart* cur = &sheets.back();
      if (cur->rows > 0 && cur->rows + n > static_cast<std::uint64_t>(max_sheet_rows_ - 1)) {
        sheets.push_back(sheet(i));
        cur = &sheets.back();
        piece_rows = 0;
      } else if (piece_rows >= kPieceRows) {
        cur->pieces.push_back({i, i, static_cast<int>(cur->rows) + 1, 0});
        piece_rows = 0;
      }
      cur->pieces.back().end = i + 1;
      cur->pieces.back().rows += n;
      cur->rows += n;
      cur->text_bytes += s.gap_bytes + n * (s.unit_name.size() + s.system_name.size() + 256);
      piece_rows += n;
    }
    for (std::size_t k = 0; k < sheets.size(); ++k)
      sheets[k].ws = out_.add_sheet(k == 0 ? std::string(EvaluationSheets::gaps(lang_))
                                           : fmt::format("{} ({})", EvaluationSheets::gaps(lang_), k + 1));
    gap_parts_ = std::move(sheets);
  }

  void write_gap_headers() {
    const std::vector<std::pair<std::string, double>> cols = {
        {L("Đơn vị", "Unit"), 34},       {L("Hệ thống", "System"), 40},         {L("Mã yêu cầu", "Requirement"), 12},
        {L("Tên yêu cầu", "Title"), 40}, {L("Trạng thái", "Status"), 16},       {L("Kế hoạch khắc phục", "Remediation plan"), 45},
        {L("Người chịu trách nhiệm", "Owner"), 24}, {L("Hạn hoàn thành", "Due date"), 12}, {L("Chưa có kế hoạch", "Without a plan"), 12}};
    static_assert(kGapColumns == 9);
    for (RowsPart& g : gap_parts_) {
      header(g.ws, 0, cols);
      finish_table(g.ws, 0, static_cast<int>(g.rows), kGapColumns);
      parts_.push_back(std::move(g));
    }
    gap_parts_.clear();
  }

  void gap_rows(std::size_t first, std::size_t end, int row, SheetRows& rows) const {
    // Texts repeated on many rows are escaped once (SheetRows::prepare_text).
    const std::string none = SheetRows::prepare_text(L("Chưa có", "None"));
    for (std::size_t i = first; i < end; ++i) {
      const SystemRecord& s = r_.systems[i];
      const std::string unit = SheetRows::prepare_text(s.unit_name), system = SheetRows::prepare_text(s.system_name);
      r_.for_each_gap(s, [&](const GapView& g) {
        rows.begin_row(row++);
        rows.prepared_text(0, unit);
        rows.prepared_text(1, system);
        rows.text(2, g.requirement->id);
        rows.prepared_text(3, titles_.at(g.requirement));
        rows.prepared_text(4, statuses_.at(static_cast<std::size_t>(g.status)));
        rows.text(5, g.action);
        rows.text(6, g.owner);
        if (g.due) rows.date(7, *g.due, date_xf_);
        if (g.without_plan) rows.prepared_text(8, none);
        rows.end_row();
      });
    }
  }

  // ---- Rows capdo renders itself -----------------------------------------------------------
  // The Systems, Units and Gaps sheets: libxlsxwriter writes each with its header row, widths, table
  // and frozen pane only; the rows are rendered (SheetRows) and compressed on several threads
  // in pieces, and put into the file when it is closed (zip_rewrite.h). Pieces are cut by
  // the data alone, so the bytes do not depend on the number of threads.
  struct Piece {
    std::size_t first = 0, end = 0;  ///< systems [first, end) (units, on the Units sheet)
    int row = 1;                     ///< the sheet row of its first row (0-based; 0 is the header)
    std::uint64_t rows = 0;          ///< how many rows it has
  };
  /// Pieces of `per` items each for a sheet of one row an item (Systems, Units).
  static std::vector<Piece> one_row_pieces(std::size_t items, std::size_t per) {
    std::vector<Piece> pieces;
    for (std::size_t i = 0; i < items; i += per)
      pieces.push_back({i, std::min(items, i + per), static_cast<int>(i) + 1, std::min<std::uint64_t>(per, items - i)});
    return pieces;
  }
  struct RowsPart {
    lxw_worksheet* ws = nullptr;
    int columns = 0;
    std::uint64_t rows = 0;        ///< below the header
    std::uint64_t row_bytes = 0;   ///< about, for the buffers
    std::uint64_t text_bytes = 0;  ///< about, for the ZIP64 bound
    std::vector<Piece> pieces;
    std::function<void(std::size_t first, std::size_t end, int row, SheetRows& rows)> render;
  };

  DeflatedPiece render_piece(const RowsPart& part, const Piece& p) const {
    std::string xml;
    xml.reserve(p.rows * part.row_bytes);  // grow once at most
    SheetRows out(xml);
    part.render(p.first, p.end, p.row, out);
    return deflate_piece(xml);
  }

  /// Writes a sheet's part: libxlsxwriter's (`original`, the header row only) with the rows
  /// put in, rendered and compressed on `jobs` threads, at most 4 pieces a thread ahead.
  void write_part(const RowsPart& part, const std::string& original, EntrySink& out, int jobs) const {
    std::size_t at = original.rfind("</sheetData>");
    std::size_t dim = original.find("<dimension ref=\"");
    if (at == std::string::npos || dim == std::string::npos || dim > at)
      throw Error("cannot write a sheet: unexpected worksheet from libxlsxwriter", ExitCode::internal);
    std::string head = original.substr(0, at);
    dim += 16;
    head.replace(dim, head.find('"', dim) - dim,
                 "A1:" + cell_ref(static_cast<int>(part.rows), part.columns - 1));
    out.write(head);
    // The threads render and compress the pieces ahead; this one writes each as it is done.
    const std::size_t window = static_cast<std::size_t>(std::max(1, jobs)) * 4;
    const std::vector<Piece>& plan = part.pieces;
    std::vector<DeflatedPiece> done(window);
    parallel_ordered(
        plan.size(), jobs, window, [&](std::size_t k) { done[k % window] = render_piece(part, plan[k]); },
        [&](std::size_t k) {
          out.write(done[k % window]);
          done[k % window] = {};
        });
    out.write(std::string_view(original).substr(at));
  }

  // ---- Errors ------------------------------------------------------------------------------
  void write_errors(lxw_worksheet* ws) {
    header(ws, 0, {{L("Tệp", "File"), 60}, {L("Vị trí", "Place"), 14}, {L("Lỗi", "Problem"), 90}});
    int row = 1;
    for (const FileError& e : r_.errors) {
      write_text(ws, row, 0, e.file);
      write_text(ws, row, 1, e.place);
      write_text(ws, row, 2, e.message);
      ++row;
    }
    finish_table(ws, 0, row - 1, 3);
  }

  // ---- Year over year ----------------------------------------------------------------------
  void write_yoy(lxw_worksheet* ws) {
    header(ws, 0, {{L("Đơn vị", "Unit"), 34}, {L("Hệ thống", "System"), 40}, {L("Thay đổi", "Change"), 16},
                   {L("Cấp độ năm trước", "Level before"), 10}, {L("Cấp độ năm nay", "Level now"), 10},
                   {L("Điểm năm trước (%)", "Score before (%)"), 12}, {L("Điểm năm nay (%)", "Score now (%)"), 12},
                   {L("Chênh lệch điểm", "Score change"), 10}, {L("Yêu cầu bị giảm mức đáp ứng", "Requirements that regressed"), 70}});
    int row = 1;
    for (const YearChange& c : r_.changes) {
      write_text(ws, row, 0, c.unit_name);
      write_text(ws, row, 1, c.system_name);
      write_text(ws, row, 2, c.kind == YearChange::Kind::added     ? L("Hệ thống mới", "New system")
                             : c.kind == YearChange::Kind::removed ? L("Không còn", "Gone")
                                                                   : L("Có trong cả hai năm", "In both years"));
      number_or_blank(ws, row, 3, c.level_before);
      number_or_blank(ws, row, 4, c.level_now);
      pct_cell(ws, row, 5, c.score_before);
      pct_cell(ws, row, 6, c.score_now);
      if (c.score_before && c.score_now) write_number(ws, row, 7, std::round((*c.score_now - *c.score_before) * 10.0) / 10.0);
      std::string reg;
      for (const auto& [req, st] : c.regressed)
        reg += fmt::format("{}{}: {} → {}", reg.empty() ? "" : "; ", req, status_label(st.first, lang_ == ReportLang::vi ? Lang::vi : Lang::en),
                           status_label(st.second, lang_ == ReportLang::vi ? Lang::vi : Lang::en));
      write_text(ws, row, 8, truncate_chars(reg, kMaxCellChars));
      ++row;
    }
    finish_table(ws, 0, row - 1, 9);
  }

  const BatchResult& r_;
  XlsxOutput& out_;
  const XlsxFormats& f_;
  ReportLang lang_;
  int max_sheet_rows_;
  std::vector<std::string> groups_;
  std::vector<RowsPart> gap_parts_;  ///< planned before the sheets after them are added
  std::vector<RowsPart> parts_;      ///< every part whose rows capdo renders
  std::vector<std::pair<std::size_t, std::size_t>> units_;  ///< each unit's systems [first, end)
  int date_xf_ = 0;
  std::unordered_map<const Requirement*, std::string> titles_;  ///< in the workbook's language, prepared
  std::array<std::string, 5> statuses_;                          ///< by Status, prepared
  RowFit fit_;  ///< header and label rows made taller (fit_now: constant-memory sheets)
};

}  // namespace

void write_evaluation(const BatchResult& r, const std::string& xml_path, const std::string& xlsx_path, ReportLang lang,
                      int jobs) {
  // Both at once: the writers only read the result (the gap spill file is read with pread).
  parallel_for(2, 2, [&](std::size_t i) {
    if (i == 0) write_evaluation_workbook(r, xlsx_path, lang, jobs);
    else write_evaluation_xml(r, xml_path);
  });
}

void write_evaluation_workbook(const BatchResult& r, const std::string& path, ReportLang lang, int jobs,
                               int max_sheet_rows) {
  WorkbookInfo info;
  info.title = fmt::format("{} {}", label(lang, "Đánh giá cấp độ năm", "Security-level evaluation"), r.year);
  info.constant_memory = true;
  XlsxOutput out(path, info);
  Writer w(r, out, lang, max_sheet_rows);
  w.run();
  out.close(w.row_parts(thread_count(jobs)));
}

}  // namespace capdo
