#include <catch2/catch.hpp>

#include <map>

#include "capdo/answers.h"
#include "capdo/expr.h"
#include "capdo/regime.h"

using namespace capdo;

namespace {

// A tiny regime with one question of each type.
Regime make_regime() {
  Regime r;
  r.id = "t";
  auto q = [&](const char* id, QuestionType t, std::vector<const char*> choices = {}) {
    Question x;
    x.id = id;
    x.type = t;
    for (const char* c : choices) x.choices.push_back({c, {c, c}});
    r.questions.push_back(x);
  };
  q("ok", QuestionType::yes_no);
  q("kind", QuestionType::one_of, {"internal", "citizen"});
  q("info", QuestionType::many_of, {"public", "personal", "secret"});
  q("users", QuestionType::number);
  q("since", QuestionType::date);
  Criterion c;
  c.id = "C3.2.c";
  r.criteria.push_back(c);
  r.build_index();
  return r;
}

struct Ctx : EvalContext {
  const Regime& r;
  std::map<std::string, AnswerValue> a;
  explicit Ctx(const Regime& reg) : r(reg) {}
  const AnswerValue* answer(std::size_t qi) const override {
    auto it = a.find(r.questions[qi].id);
    return it == a.end() ? nullptr : &it->second;
  }
  Tri matched(std::string_view p) const override { return p == "C3.2" || p == "C3.2.c" ? Tri::yes : Tri::no; }
  void set(const char* q, const char* text) {
    std::string err;
    REQUIRE(parse_answer(*r.question(q), text, a[q], err));
  }
};

Expr compile(const Regime& r, const char* src, bool allow_matched = false) {
  Expr e;
  std::string err;
  std::size_t pos = 0;
  REQUIRE(Expr::parse(src, e, err, pos));
  REQUIRE(e.check(r, allow_matched).empty());
  return e;
}

std::string syntax_error(const char* src) {
  Expr e;
  std::string err;
  std::size_t pos = 0;
  REQUIRE_FALSE(Expr::parse(src, e, err, pos));
  return std::to_string(pos) + ": " + err;
}

std::string type_error(const Regime& r, const char* src, bool allow_matched = false) {
  Expr e;
  std::string err;
  std::size_t pos = 0;
  REQUIRE(Expr::parse(src, e, err, pos));
  auto issues = e.check(r, allow_matched);
  REQUIRE(issues.size() == 1);
  return std::to_string(issues[0].pos) + ": " + issues[0].message;
}

}  // namespace

TEST_CASE("Expr: three-valued logic", "[expr]") {
  REQUIRE(tri_and(Tri::no, Tri::unknown) == Tri::no);
  REQUIRE(tri_and(Tri::yes, Tri::unknown) == Tri::unknown);
  REQUIRE(tri_or(Tri::yes, Tri::unknown) == Tri::yes);
  REQUIRE(tri_or(Tri::no, Tri::unknown) == Tri::unknown);
  REQUIRE(tri_not(Tri::unknown) == Tri::unknown);
  REQUIRE(tri_not(Tri::no) == Tri::yes);
}

TEST_CASE("Expr: evaluates every operator over typed answers", "[expr]") {
  Regime r = make_regime();
  Ctx ctx(r);
  Expr e = compile(r, "kind = 'citizen' and info has-any ['personal', 'secret'] and users >= 10000");
  REQUIRE(e.eval(ctx) == Tri::unknown);  // nothing answered
  ctx.set("kind", "citizen");
  ctx.set("info", "public personal");
  REQUIRE(e.eval(ctx) == Tri::unknown);  // users unanswered
  ctx.set("users", "9999");
  REQUIRE(e.eval(ctx) == Tri::no);
  ctx.set("users", "10000");
  REQUIRE(e.eval(ctx) == Tri::yes);
  ctx.set("kind", "internal");
  REQUIRE(e.eval(ctx) == Tri::no);

  REQUIRE(compile(r, "info has-only ['public', 'personal']").eval(ctx) == Tri::yes);
  REQUIRE(compile(r, "info has-only ['public']").eval(ctx) == Tri::no);
  REQUIRE(compile(r, "info has 'secret'").eval(ctx) == Tri::no);
  REQUIRE(compile(r, "not (info has 'secret')").eval(ctx) == Tri::yes);
  REQUIRE(compile(r, "kind in ['citizen', 'internal']").eval(ctx) == Tri::yes);
  REQUIRE(compile(r, "kind != 'citizen'").eval(ctx) == Tri::yes);
  REQUIRE(compile(r, "ok").eval(ctx) == Tri::unknown);
  REQUIRE(compile(r, "ok or users > 5").eval(ctx) == Tri::yes);
  REQUIRE(compile(r, "answered(ok)").eval(ctx) == Tri::no);
  ctx.set("ok", "no");
  REQUIRE(compile(r, "ok").eval(ctx) == Tri::no);
  REQUIRE(compile(r, "ok = no").eval(ctx) == Tri::yes);
  ctx.set("since", "2026-08-19");
  REQUIRE(compile(r, "since >= '2026-07-01'").eval(ctx) == Tri::yes);
  REQUIRE(compile(r, "since < '2026-07-01'").eval(ctx) == Tri::no);
  REQUIRE(compile(r, "matched('C3.2')", true).eval(ctx) == Tri::yes);
}

TEST_CASE("Expr: syntax errors give the byte offset", "[expr]") {
  REQUIRE(syntax_error("") == "0: empty expression");
  REQUIRE(syntax_error("kind = ") == "7: expected a value ('text', a number, yes or no), found end of expression");
  REQUIRE(syntax_error("kind == 'x'") == "5: unknown operator '==', did you mean '='?");
  REQUIRE(syntax_error("(ok and users > 1") == "17: expected ')', found end of expression");
  REQUIRE(syntax_error("kind = 'x") == "7: unterminated string");
  REQUIRE(syntax_error("ok and") == "6: expected a question id, found end of expression");
  REQUIRE(syntax_error("info has-any 'x'") == "13: expected '[', found 'x'");
  REQUIRE(syntax_error("ok ok") == "3: unexpected 'ok'");
  REQUIRE(syntax_error("users > 5 ;") == "10: unexpected character ';'");
}

TEST_CASE("Expr: type errors name the question and its type", "[expr]") {
  Regime r = make_regime();
  REQUIRE(type_error(r, "users >= 'many'") == "9: question 'users' is a number; compare it with a number");
  REQUIRE(type_error(r, "kind >= 3") == "0: question 'kind' is one-of; use '=', '!=' or 'in'");
  REQUIRE(type_error(r, "kind = 'factory'") == "7: 'factory' is not a choice of question 'kind' (choices: internal, citizen)");
  REQUIRE(type_error(r, "info = 'public'") == "0: question 'info' is many-of; use 'has', 'has-any' or 'has-only'");
  REQUIRE(type_error(r, "kind has 'citizen'") == "0: 'has' needs a many-of question, but 'kind' is one-of");
  REQUIRE(type_error(r, "users") == "0: question 'users' is number, not yes-no; compare it with a value");
  REQUIRE(type_error(r, "ok = 1") == "5: question 'ok' is yes-no; use 'ok = yes' or 'ok = no'");
  REQUIRE(type_error(r, "nobody = yes") == "0: unknown question 'nobody'");
  REQUIRE(type_error(r, "matched('C3.2')") == "8: matched() is only allowed in applies-if and variant conditions");
  REQUIRE(type_error(r, "matched('C9')", true) == "8: unknown criterion 'C9'");
  REQUIRE(type_error(r, "since > 'yesterday'") == "8: question 'since' is a date; compare it with 'YYYY-MM-DD'");
}
