#include "capdo/date.h"

#include <cstdlib>
#include <ctime>

#include <fmt/format.h>

namespace capdo {
namespace {

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

bool all_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

int to_int(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

std::optional<Date> Date::parse(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (!all_digits(s.substr(0, 4)) || !all_digits(s.substr(5, 2)) || !all_digits(s.substr(8, 2)))
    return std::nullopt;
  Date d{to_int(s.substr(0, 4)), to_int(s.substr(5, 2)), to_int(s.substr(8, 2))};
  if (!d.valid()) return std::nullopt;
  return d;
}

bool Date::valid() const {
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
         day <= days_in_month(year, month);
}

Date Date::today() {
  if (const char* env = std::getenv("CAPDO_TODAY")) {
    if (auto d = parse(env)) return *d;
  }
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return Date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

std::string Date::to_string() const {
  if (year < 0 || year > 9999 || month < 0 || month > 99 || day < 0 || day > 99)
    return fmt::format("{:04}-{:02}-{:02}", year, month, day);
  // The common case without a format string: it is called for every date of every dossier.
  char s[10] = {static_cast<char>('0' + year / 1000),      static_cast<char>('0' + year / 100 % 10),
                static_cast<char>('0' + year / 10 % 10),   static_cast<char>('0' + year % 10),
                '-',                                       static_cast<char>('0' + month / 10),
                static_cast<char>('0' + month % 10),       '-',
                static_cast<char>('0' + day / 10),         static_cast<char>('0' + day % 10)};
  return std::string(s, sizeof s);
}

Date Date::add_months(int months) const {
  int total = year * 12 + (month - 1) + months;
  Date r{total / 12, total % 12 + 1, day};
  int dim = days_in_month(r.year, r.month);
  if (r.day > dim) r.day = dim;
  return r;
}

// Howard Hinnant's days_from_civil / civil_from_days.
long Date::days_since_epoch() const {
  int y = year - (month <= 2 ? 1 : 0);
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long mp = (month + 9) % 12;
  long doy = (153 * mp + 2) / 5 + day - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date Date::from_days(long z) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long y = yoe + era * 400;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  long d = doy - (153 * mp + 2) / 5 + 1;
  long m = mp < 10 ? mp + 3 : mp - 9;
  return Date{static_cast<int>(y + (m <= 2 ? 1 : 0)), static_cast<int>(m), static_cast<int>(d)};
}

Date Date::add_days(int days) const { return from_days(days_since_epoch() + days); }

std::optional<Period> Period::parse(std::string_view s) {
  if (s.size() < 3 || s[0] != 'P') return std::nullopt;
  Period p;
  std::size_t i = 1;
  bool any = false;
  while (i < s.size()) {
    std::size_t j = i;
    while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
    if (j == i || j >= s.size() || j - i > 4) return std::nullopt;
    int v = to_int(s.substr(i, j - i));
    switch (s[j]) {
      case 'Y': p.years = v; break;
      case 'M': p.months = v; break;
      case 'D': p.days = v; break;
      default: return std::nullopt;
    }
    any = true;
    i = j + 1;
  }
  if (!any || p.empty()) return std::nullopt;
  return p;
}

std::string Period::to_string() const {
  std::string s = "P";
  if (years) s += fmt::format("{}Y", years);
  if (months) s += fmt::format("{}M", months);
  if (days) s += fmt::format("{}D", days);
  return s;
}

Date Period::after(const Date& d) const { return d.add_months(years * 12 + months).add_days(days); }

}  // namespace capdo
