#include "capdo/expr.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "capdo/answers.h"
#include "capdo/date.h"
#include "capdo/regime.h"

namespace capdo {

Tri tri_and(Tri a, Tri b) {
  if (a == Tri::no || b == Tri::no) return Tri::no;
  if (a == Tri::yes && b == Tri::yes) return Tri::yes;
  return Tri::unknown;
}

Tri tri_or(Tri a, Tri b) {
  if (a == Tri::yes || b == Tri::yes) return Tri::yes;
  if (a == Tri::no && b == Tri::no) return Tri::no;
  return Tri::unknown;
}

Tri tri_not(Tri a) {
  if (a == Tri::unknown) return a;
  return a == Tri::yes ? Tri::no : Tri::yes;
}

namespace {

struct Token {
  enum class Kind { end, ident, string, number, lparen, rparen, lbracket, rbracket, comma, op } kind;
  std::string text;
  std::size_t pos;
};

bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
}

}  // namespace

class ExprParser {
 public:
  ExprParser(std::string_view src, Expr& out) : src_(src), out_(out) {}

  bool run(std::string& error, std::size_t& error_pos) {
    if (!tokenize(error, error_pos)) return false;
    if (toks_.size() == 1) {  // only the end token
      error = "empty expression";
      error_pos = 0;
      return false;
    }
    int root = parse_or();
    if (root < 0 || peek().kind != Token::Kind::end) {
      if (error_.empty()) fail(peek(), fmt::format("unexpected {}", describe(peek())));
      error = error_;
      error_pos = error_pos_;
      return false;
    }
    out_.root_ = root;
    return true;
  }

 private:
  bool tokenize(std::string& error, std::size_t& error_pos) {
    std::size_t i = 0;
    while (i < src_.size()) {
      char c = src_[i];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++i;
        continue;
      }
      std::size_t start = i;
      if (ident_start(c)) {
        while (i < src_.size() && ident_char(src_[i])) ++i;
        toks_.push_back({Token::Kind::ident, std::string(src_.substr(start, i - start)), start});
      } else if (std::isdigit(static_cast<unsigned char>(c))) {
        while (i < src_.size() && std::isdigit(static_cast<unsigned char>(src_[i]))) ++i;
        if (i - start > 15) {
          error = "number is too large";
          error_pos = start;
          return false;
        }
        toks_.push_back({Token::Kind::number, std::string(src_.substr(start, i - start)), start});
      } else if (c == '\'') {
        ++i;
        while (i < src_.size() && src_[i] != '\'') ++i;
        if (i >= src_.size()) {
          error = "unterminated string";
          error_pos = start;
          return false;
        }
        toks_.push_back({Token::Kind::string, std::string(src_.substr(start + 1, i - start - 1)), start});
        ++i;
      } else if (c == '(') {
        toks_.push_back({Token::Kind::lparen, "(", i++});
      } else if (c == ')') {
        toks_.push_back({Token::Kind::rparen, ")", i++});
      } else if (c == '[') {
        toks_.push_back({Token::Kind::lbracket, "[", i++});
      } else if (c == ']') {
        toks_.push_back({Token::Kind::rbracket, "]", i++});
      } else if (c == ',') {
        toks_.push_back({Token::Kind::comma, ",", i++});
      } else if (c == '=' || c == '!' || c == '<' || c == '>') {
        ++i;
        if (i < src_.size() && src_[i] == '=') ++i;
        std::string op(src_.substr(start, i - start));
        if (op == "!" || op == "==") {
          error = fmt::format("unknown operator '{}'{}", op, op == "==" ? ", did you mean '='?" : ", did you mean 'not'?");
          error_pos = start;
          return false;
        }
        toks_.push_back({Token::Kind::op, op, start});
      } else {
        error = fmt::format("unexpected character '{}'", c);
        error_pos = start;
        return false;
      }
    }
    toks_.push_back({Token::Kind::end, "", src_.size()});
    return true;
  }

  const Token& peek() const { return toks_[pos_]; }
  const Token& next() { return toks_[pos_ < toks_.size() - 1 ? pos_++ : pos_]; }
  bool is_word(const Token& t, std::string_view w) const { return t.kind == Token::Kind::ident && t.text == w; }

  static std::string describe(const Token& t) {
    if (t.kind == Token::Kind::end) return "end of expression";
    if (t.kind == Token::Kind::string) return fmt::format("'{}'", t.text);
    return fmt::format("'{}'", t.text);
  }

  int fail(const Token& t, std::string msg) {
    if (error_.empty()) {
      error_ = std::move(msg);
      error_pos_ = t.pos;
    }
    return -1;
  }

  int add(ExprNode n) {
    out_.nodes_.push_back(std::move(n));
    return static_cast<int>(out_.nodes_.size() - 1);
  }

  int parse_or() {
    int left = parse_and();
    while (left >= 0 && is_word(peek(), "or")) {
      std::size_t p = next().pos;
      int right = parse_and();
      if (right < 0) return -1;
      ExprNode n;
      n.kind = ExprNode::Kind::or_;
      n.lhs = left;
      n.rhs = right;
      n.pos = p;
      left = add(std::move(n));
    }
    return left;
  }

  int parse_and() {
    int left = parse_unary();
    while (left >= 0 && is_word(peek(), "and")) {
      std::size_t p = next().pos;
      int right = parse_unary();
      if (right < 0) return -1;
      ExprNode n;
      n.kind = ExprNode::Kind::and_;
      n.lhs = left;
      n.rhs = right;
      n.pos = p;
      left = add(std::move(n));
    }
    return left;
  }

  int parse_unary() {
    if (is_word(peek(), "not")) {
      std::size_t p = next().pos;
      int operand = parse_unary();
      if (operand < 0) return -1;
      ExprNode n;
      n.kind = ExprNode::Kind::not_;
      n.lhs = operand;
      n.pos = p;
      return add(std::move(n));
    }
    return parse_primary();
  }

  bool parse_value(Literal& lit) {
    const Token& t = peek();
    lit.pos = t.pos;
    if (t.kind == Token::Kind::string) {
      lit.kind = Literal::Kind::string;
      lit.text = next().text;
      return true;
    }
    if (t.kind == Token::Kind::number) {
      lit.kind = Literal::Kind::number;
      lit.text = next().text;
      lit.number = std::stoll(lit.text);
      return true;
    }
    if (is_word(t, "yes") || is_word(t, "no")) {
      lit.kind = Literal::Kind::boolean;
      lit.boolean = t.text == "yes";
      lit.text = next().text;
      return true;
    }
    fail(t, fmt::format("expected a value ('text', a number, yes or no), found {}", describe(t)));
    return false;
  }

  bool parse_list(std::vector<Literal>& out) {
    if (peek().kind != Token::Kind::lbracket) {
      fail(peek(), fmt::format("expected '[', found {}", describe(peek())));
      return false;
    }
    next();
    for (;;) {
      Literal lit;
      if (!parse_value(lit)) return false;
      out.push_back(std::move(lit));
      if (peek().kind == Token::Kind::comma) {
        next();
        continue;
      }
      if (peek().kind == Token::Kind::rbracket) {
        next();
        return true;
      }
      fail(peek(), fmt::format("expected ',' or ']', found {}", describe(peek())));
      return false;
    }
  }

  int parse_primary() {
    const Token& t = peek();
    if (t.kind == Token::Kind::lparen) {
      next();
      int inner = parse_or();
      if (inner < 0) return -1;
      if (peek().kind != Token::Kind::rparen)
        return fail(peek(), fmt::format("expected ')', found {}", describe(peek())));
      next();
      return inner;
    }
    if (t.kind != Token::Kind::ident)
      return fail(t, fmt::format("expected a question id, found {}", describe(t)));
    if (t.text == "and" || t.text == "or" || t.text == "yes" || t.text == "no")
      return fail(t, fmt::format("expected a question id, found '{}'", t.text));
    Token name = next();
    ExprNode n;
    n.pos = name.pos;
    n.name = name.text;
    if (name.text == "matched" || name.text == "answered") {
      n.kind = name.text == "matched" ? ExprNode::Kind::matched : ExprNode::Kind::answered;
      if (peek().kind != Token::Kind::lparen)
        return fail(peek(), fmt::format("expected '(' after '{}'", name.text));
      next();
      const Token& arg = peek();
      if (n.kind == ExprNode::Kind::matched && arg.kind != Token::Kind::string)
        return fail(arg, "matched() takes a criterion id in quotes");
      if (n.kind == ExprNode::Kind::answered && arg.kind != Token::Kind::ident)
        return fail(arg, "answered() takes a question id");
      n.name = next().text;
      n.pos = arg.pos;
      if (peek().kind != Token::Kind::rparen)
        return fail(peek(), fmt::format("expected ')', found {}", describe(peek())));
      next();
      return add(std::move(n));
    }
    const Token& op = peek();
    if (op.kind == Token::Kind::op) {
      next();
      n.kind = ExprNode::Kind::compare;
      if (op.text == "=") n.op = CompareOp::eq;
      else if (op.text == "!=") n.op = CompareOp::ne;
      else if (op.text == "<") n.op = CompareOp::lt;
      else if (op.text == "<=") n.op = CompareOp::le;
      else if (op.text == ">") n.op = CompareOp::gt;
      else n.op = CompareOp::ge;
      Literal lit;
      if (!parse_value(lit)) return -1;
      n.values.push_back(std::move(lit));
      return add(std::move(n));
    }
    if (is_word(op, "in") || is_word(op, "has-any") || is_word(op, "has-only")) {
      n.kind = op.text == "in" ? ExprNode::Kind::in
               : op.text == "has-any" ? ExprNode::Kind::has_any
                                      : ExprNode::Kind::has_only;
      next();
      if (!parse_list(n.values)) return -1;
      return add(std::move(n));
    }
    if (is_word(op, "has")) {
      next();
      n.kind = ExprNode::Kind::has;
      Literal lit;
      if (!parse_value(lit)) return -1;
      n.values.push_back(std::move(lit));
      return add(std::move(n));
    }
    n.kind = ExprNode::Kind::truthy;
    return add(std::move(n));
  }

  std::string_view src_;
  Expr& out_;
  std::vector<Token> toks_;
  std::size_t pos_ = 0;
  std::string error_;
  std::size_t error_pos_ = 0;
};

bool Expr::parse(std::string_view source, Expr& out, std::string& error, std::size_t& error_pos) {
  out = Expr();
  out.source_ = std::string(source);
  ExprParser p(out.source_, out);
  if (!p.run(error, error_pos)) {
    out.nodes_.clear();
    out.root_ = -1;
    return false;
  }
  return true;
}

std::vector<Expr::Issue> Expr::check(const Regime& regime, bool allow_matched) {
  std::vector<Issue> issues;
  for (ExprNode& n : nodes_) {
    switch (n.kind) {
      case ExprNode::Kind::or_:
      case ExprNode::Kind::and_:
      case ExprNode::Kind::not_:
        continue;
      case ExprNode::Kind::matched: {
        if (!allow_matched) {
          issues.push_back({n.pos, "matched() is only allowed in applies-if and variant conditions"});
          continue;
        }
        bool found = false;
        for (const Criterion& c : regime.criteria) {
          if (c.id == n.name || (c.id.size() > n.name.size() && c.id.compare(0, n.name.size(), n.name) == 0 &&
                                 c.id[n.name.size()] == '.')) {
            found = true;
            break;
          }
        }
        if (!found) issues.push_back({n.pos, fmt::format("unknown criterion '{}'", n.name)});
        continue;
      }
      default:
        break;
    }
    auto qi = regime.question_index(n.name);
    if (!qi) {
      issues.push_back({n.pos, fmt::format("unknown question '{}'", n.name)});
      continue;
    }
    n.question = *qi;
    const Question& q = regime.questions[*qi];
    const char* type = to_string(q.type);
    auto check_choice = [&](const Literal& lit) {
      if (lit.kind != Literal::Kind::string) {
        issues.push_back({lit.pos, fmt::format("question '{}' is {}; compare it with a choice in quotes", q.id, type)});
      } else if (!q.choice(lit.text)) {
        std::string all;
        for (const Choice& c : q.choices) all += (all.empty() ? "" : ", ") + c.id;
        issues.push_back({lit.pos, fmt::format("'{}' is not a choice of question '{}' (choices: {})", lit.text, q.id, all)});
      }
    };
    switch (n.kind) {
      case ExprNode::Kind::answered:
        break;
      case ExprNode::Kind::truthy:
        if (q.type != QuestionType::yes_no)
          issues.push_back({n.pos, fmt::format("question '{}' is {}, not yes-no; compare it with a value", q.id, type)});
        break;
      case ExprNode::Kind::compare: {
        const Literal& lit = n.values.front();
        bool ordering = n.op != CompareOp::eq && n.op != CompareOp::ne;
        switch (q.type) {
          case QuestionType::yes_no:
            if (ordering || lit.kind != Literal::Kind::boolean)
              issues.push_back({ordering ? n.pos : lit.pos,
                                fmt::format("question '{}' is yes-no; use '{} = yes' or '{} = no'", q.id, q.id, q.id)});
            break;
          case QuestionType::one_of:
            if (ordering)
              issues.push_back({n.pos, fmt::format("question '{}' is one-of; use '=', '!=' or 'in'", q.id)});
            else
              check_choice(lit);
            break;
          case QuestionType::many_of:
            issues.push_back({n.pos, fmt::format("question '{}' is many-of; use 'has', 'has-any' or 'has-only'", q.id)});
            break;
          case QuestionType::number:
            if (lit.kind != Literal::Kind::number)
              issues.push_back({lit.pos, fmt::format("question '{}' is a number; compare it with a number", q.id)});
            break;
          case QuestionType::date:
            if (lit.kind != Literal::Kind::string || !Date::parse(lit.text))
              issues.push_back({lit.pos, fmt::format("question '{}' is a date; compare it with 'YYYY-MM-DD'", q.id)});
            break;
          case QuestionType::text:
            if (ordering || lit.kind != Literal::Kind::string)
              issues.push_back({n.pos, fmt::format("question '{}' is text; use '=' or '!=' with a string", q.id)});
            break;
        }
        break;
      }
      case ExprNode::Kind::in:
        if (q.type != QuestionType::one_of)
          issues.push_back({n.pos, fmt::format("'in' needs a one-of question, but '{}' is {}", q.id, type)});
        else
          for (const Literal& lit : n.values) check_choice(lit);
        break;
      case ExprNode::Kind::has:
      case ExprNode::Kind::has_any:
      case ExprNode::Kind::has_only:
        if (q.type != QuestionType::many_of)
          issues.push_back({n.pos, fmt::format("'{}' needs a many-of question, but '{}' is {}",
                                               n.kind == ExprNode::Kind::has     ? "has"
                                               : n.kind == ExprNode::Kind::has_any ? "has-any"
                                                                                   : "has-only",
                                               q.id, type)});
        else
          for (const Literal& lit : n.values) check_choice(lit);
        break;
      default:
        break;
    }
  }
  return issues;
}

Tri Expr::eval(const EvalContext& ctx) const {
  if (root_ < 0) return Tri::yes;
  return eval_node(root_, ctx);
}

namespace {

template <typename T>
bool compare(const T& a, const T& b, CompareOp op) {
  switch (op) {
    case CompareOp::eq: return a == b;
    case CompareOp::ne: return !(a == b);
    case CompareOp::lt: return a < b;
    case CompareOp::le: return !(b < a);
    case CompareOp::gt: return b < a;
    case CompareOp::ge: return !(a < b);
  }
  return false;
}

Tri tri(bool b) { return b ? Tri::yes : Tri::no; }

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

Tri Expr::eval_node(int index, const EvalContext& ctx) const {
  const ExprNode& n = nodes_[static_cast<std::size_t>(index)];
  switch (n.kind) {
    case ExprNode::Kind::or_: {
      Tri a = eval_node(n.lhs, ctx);
      if (a == Tri::yes) return a;
      return tri_or(a, eval_node(n.rhs, ctx));
    }
    case ExprNode::Kind::and_: {
      Tri a = eval_node(n.lhs, ctx);
      if (a == Tri::no) return a;
      return tri_and(a, eval_node(n.rhs, ctx));
    }
    case ExprNode::Kind::not_:
      return tri_not(eval_node(n.lhs, ctx));
    case ExprNode::Kind::matched:
      return ctx.matched(n.name);
    default:
      break;
  }
  if (n.question == SIZE_MAX) return Tri::unknown;  // unchecked expression
  const AnswerValue* a = ctx.answer(n.question);
  if (n.kind == ExprNode::Kind::answered) return tri(a != nullptr);
  if (!a) return ctx.not_applicable(n.question) ? Tri::no : Tri::unknown;
  switch (n.kind) {
    case ExprNode::Kind::truthy:
      return tri(a->yes);
    case ExprNode::Kind::compare: {
      const Literal& lit = n.values.front();
      switch (lit.kind) {
        case Literal::Kind::boolean: return tri(compare(a->yes, lit.boolean, n.op));
        case Literal::Kind::number: return tri(compare(a->number, lit.number, n.op));
        case Literal::Kind::string: return tri(compare(a->choice, lit.text, n.op));
      }
      return Tri::unknown;
    }
    case ExprNode::Kind::in:
      for (const Literal& lit : n.values)
        if (a->choice == lit.text) return Tri::yes;
      return Tri::no;
    case ExprNode::Kind::has:
      return tri(contains(a->choices, n.values.front().text));
    case ExprNode::Kind::has_any:
      for (const Literal& lit : n.values)
        if (contains(a->choices, lit.text)) return Tri::yes;
      return Tri::no;
    case ExprNode::Kind::has_only: {
      if (a->choices.empty()) return Tri::no;
      for (const std::string& c : a->choices) {
        bool listed = false;
        for (const Literal& lit : n.values) listed = listed || lit.text == c;
        if (!listed) return Tri::no;
      }
      return Tri::yes;
    }
    default:
      return Tri::unknown;
  }
}

std::vector<std::size_t> Expr::questions() const {
  std::vector<std::size_t> out;
  for (const ExprNode& n : nodes_)
    if (n.question != SIZE_MAX && std::find(out.begin(), out.end(), n.question) == out.end())
      out.push_back(n.question);
  return out;
}

bool Expr::uses_matched() const {
  return std::any_of(nodes_.begin(), nodes_.end(), [](const ExprNode& n) { return n.kind == ExprNode::Kind::matched; });
}

}  // namespace capdo
