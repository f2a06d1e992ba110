#include <catch2/catch.hpp>

#include "capdo/date.h"

using capdo::Date;
using capdo::Period;

TEST_CASE("Date: parses real calendar dates only", "[date]") {
  REQUIRE(Date::parse("2026-08-19") == Date{2026, 8, 19});
  REQUIRE(Date::parse("2024-02-29").has_value());
  REQUIRE_FALSE(Date::parse("2026-02-29").has_value());
  REQUIRE_FALSE(Date::parse("2026-13-01").has_value());
  REQUIRE_FALSE(Date::parse("2026-8-19").has_value());
  REQUIRE_FALSE(Date::parse("26-08-2026").has_value());
  REQUIRE(Date{2026, 1, 5}.to_string() == "2026-01-05");
  REQUIRE(Date{987, 12, 31}.to_string() == "0987-12-31");
  REQUIRE(Date{9999, 10, 9}.to_string() == "9999-10-09");
  // Every day of a span of years, round trip through the text.
  for (long n = Date{1899, 12, 25}.days_since_epoch(); n <= Date{2101, 1, 5}.days_since_epoch(); ++n) {
    Date d = Date::from_days(n);
    REQUIRE(Date::parse(d.to_string()) == d);
  }
}

TEST_CASE("Date: add_months clamps to the end of the month", "[date]") {
  REQUIRE(Date{2026, 8, 31}.add_months(6) == Date{2027, 2, 28});
  REQUIRE(Date{2026, 11, 24}.add_months(12) == Date{2027, 11, 24});
  REQUIRE(Date{2027, 1, 31}.add_months(1) == Date{2027, 2, 28});
  REQUIRE(Date{2026, 12, 15}.add_days(20) == Date{2027, 1, 4});
  REQUIRE(Date::from_days(Date{2000, 3, 1}.days_since_epoch()) == Date{2000, 3, 1});
}

TEST_CASE("Period: ISO 8601 periods of years, months and days", "[date]") {
  REQUIRE(Period::parse("P1Y")->years == 1);
  REQUIRE(Period::parse("P6M")->months == 6);
  REQUIRE(Period::parse("P45D")->days == 45);
  REQUIRE_FALSE(Period::parse("P").has_value());
  REQUIRE_FALSE(Period::parse("PT24H").has_value());
  REQUIRE_FALSE(Period::parse("6M").has_value());
  REQUIRE(Period::parse("P6M")->after(Date{2026, 8, 31}) == Date{2027, 2, 28});
}

TEST_CASE("Date: CAPDO_TODAY pins today", "[date]") {
  setenv("CAPDO_TODAY", "2026-11-24", 1);
  REQUIRE(Date::today() == Date{2026, 11, 24});
  unsetenv("CAPDO_TODAY");
}
