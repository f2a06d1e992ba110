#include <catch2/catch.hpp>

#include <sstream>

#include "capdo/answers.h"
#include "capdo/criteria_loader.h"
#include "capdo/xml_source.h"
#include "support/catalog.h"
#include "support/temp_dir.h"

using namespace capdo;

namespace {

const Regime& nd85() { return test::nd85(); }

std::string parse_error(const char* q, const char* text) {
  AnswerValue v;
  std::string err;
  REQUIRE_FALSE(parse_answer(*nd85().question(q), text, v, err));
  return err;
}

}  // namespace

TEST_CASE("Answers: parse_answer checks each type and explains refusals", "[answers]") {
  AnswerValue v;
  std::string err;
  REQUIRE(parse_answer(*nd85().question("personal_users"), " 10.000 ", v, err));
  REQUIRE(v.number == 10000);
  REQUIRE(parse_answer(*nd85().question("info_types"), "personal, public personal", v, err));
  REQUIRE(v.choices == std::vector<std::string>{"public", "personal"});  // catalog order, no duplicates
  REQUIRE(parse_error("boundary_ok", "maybe") == "'maybe' is not yes or no");
  REQUIRE(parse_error("system_type", "factory") == "'factory' is not one of: internal, citizen, infrastructure, industrial, other");
  REQUIRE(parse_error("info_types", "public secret") == "'secret' is not one of: public, private, personal, state_secret");
  REQUIRE(parse_error("info_types", "") == "choose at least one of: public, private, personal, state_secret");
  REQUIRE(parse_error("personal_users", "many") == "'many' is not a whole number");
  REQUIRE(parse_error("personal_users", "-5") == "'-5' is not a whole number");
}

TEST_CASE("Answers: reading reports every problem with its place", "[answers]") {
  std::string xml =
      "<answers regime=\"nd85-2016\">\n"
      "  <answer q=\"system_type\">factory</answer>\n"
      "  <answer q=\"nonsense\">yes</answer>\n"
      "  <answer q=\"boundary_ok\">yes</answer>\n"
      "  <answer q=\"boundary_ok\">no</answer>\n"
      "  <component id=\"a\"><answer q=\"hosting\">cloud</answer></component>\n"
      "</answers>\n";
  XmlSource src = XmlSource::parse("a.xml", xml);
  Diagnostics d;
  Answers a = read_answers(src, src.root(), nd85(), d);
  std::vector<std::string> got;
  for (const Diagnostic& x : d) got.push_back(x.to_string());
  REQUIRE(got == std::vector<std::string>{
                     "a.xml:2:3: error: answer to 'system_type': 'factory' is not one of: internal, citizen, "
                     "infrastructure, industrial, other",
                     "a.xml:3:14: error: unknown question 'nonsense' in regime 'nd85-2016'",
                     "a.xml:5:14: error: question 'boundary_ok' is answered twice",
                     "a.xml:6:32: error: question 'hosting' is about the whole system; answer it outside 'component'",
                 });
  REQUIRE(a.system.count("boundary_ok") == 1);
  REQUIRE(a.system.at("boundary_ok").yes);
}

TEST_CASE("Answers: write then read gives the same answers", "[answers]") {
  Answers a;
  a.regime = "nd85-2016";
  std::string err;
  auto set = [&](std::map<std::string, AnswerValue>& m, const char* q, const char* t) {
    REQUIRE(parse_answer(*nd85().question(q), t, m[q], err));
  };
  set(a.system, "boundary_ok", "yes");
  set(a.system, "hosting", "own_premises cloud");
  ComponentAnswers c;
  c.id = "portal";
  c.name = "Cổng dịch vụ công – Đắk Lắk";
  set(c.answers, "system_type", "citizen");
  set(c.answers, "personal_users", "123456");
  a.components.push_back(c);
  pugi::xml_document doc;
  write_answers(doc.append_child("answers"), a, nd85());
  std::ostringstream os;
  doc.save(os);
  XmlSource src = XmlSource::parse("rt.xml", os.str());
  Diagnostics d;
  Answers b = read_answers(src, src.root(), nd85(), d);
  REQUIRE(d.empty());
  REQUIRE(b == a);
}

TEST_CASE("Answers: numbers may group thousands but not hide decimals", "[answers]") {
  AnswerValue v;
  std::string err;
  const Question& q = *nd85().question("personal_users");
  for (const char* ok : {"10000", "10.000", "10,000", "10 000", "1.234.567", "0"}) {
    INFO(ok);
    REQUIRE(parse_answer(q, ok, v, err));
  }
  REQUIRE(parse_answer(q, "1.234.567", v, err));
  REQUIRE(v.number == 1234567);
  REQUIRE(parse_error("personal_users", "1,5") == "'1,5' is not a whole number");
  REQUIRE(parse_error("personal_users", "10.00") == "'10.00' is not a whole number");
  REQUIRE(parse_error("personal_users", "1234.567") == "'1234.567' is not a whole number");
  REQUIRE(parse_error("personal_users", ",100") == "',100' is not a whole number");
}
