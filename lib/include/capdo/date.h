// Calendar dates (no time zone): validity of regimes, due dates, decisions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace capdo {

struct Date {
  int year = 0;
  int month = 0;
  int day = 0;

  /// Parses "YYYY-MM-DD"; nullopt unless it is a real calendar date.
  static std::optional<Date> parse(std::string_view s);
  /// Today in UTC; the environment variable CAPDO_TODAY (YYYY-MM-DD) overrides it, so
  /// tests and reproducible runs do not depend on the clock.
  static Date today();

  std::string to_string() const;  ///< "YYYY-MM-DD"
  bool valid() const;

  /// Adds months, clamping the day to the end of the target month (2026-08-31 + 6M =
  /// 2027-02-28).
  Date add_months(int months) const;
  Date add_days(int days) const;
  /// Days since 1970-01-01.
  long days_since_epoch() const;
  static Date from_days(long days);

  friend bool operator==(const Date& a, const Date& b) {
    return a.year == b.year && a.month == b.month && a.day == b.day;
  }
  friend bool operator!=(const Date& a, const Date& b) { return !(a == b); }
  friend bool operator<(const Date& a, const Date& b) {
    if (a.year != b.year) return a.year < b.year;
    if (a.month != b.month) return a.month < b.month;
    return a.day < b.day;
  }
  friend bool operator<=(const Date& a, const Date& b) { return !(b < a); }
  friend bool operator>(const Date& a, const Date& b) { return b < a; }
  friend bool operator>=(const Date& a, const Date& b) { return !(a < b); }
};

/// An ISO 8601 period of whole years, months or days: "P1Y", "P6M", "P45D".
struct Period {
  int years = 0;
  int months = 0;
  int days = 0;

  static std::optional<Period> parse(std::string_view s);
  std::string to_string() const;
  Date after(const Date& d) const;
  bool empty() const { return years == 0 && months == 0 && days == 0; }
};

}  // namespace capdo
