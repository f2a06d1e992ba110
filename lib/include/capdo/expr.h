// The condition language of the criteria files (docs/criteria-format.md, "Expressions"):
// parsed once at load time, type-checked against the regime's questions, evaluated with
// three-valued logic so that unanswered questions give "unknown", not "false".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace capdo {

class Regime;
struct AnswerValue;

/// A three-valued truth value.
enum class Tri : std::uint8_t { no, yes, unknown };

Tri tri_and(Tri a, Tri b);
Tri tri_or(Tri a, Tri b);
Tri tri_not(Tri a);

/// What an expression needs from its surroundings when it is evaluated.
class EvalContext {
 public:
  virtual ~EvalContext() = default;
  /// The answer to the question with this index in the regime, or nullptr if unanswered.
  virtual const AnswerValue* answer(std::size_t question) const = 0;
  /// Whether the criterion with this id, or any whose id starts with "prefix.", matched.
  virtual Tri matched(std::string_view prefix) const = 0;
  /// Whether an unanswered question does not apply (its own condition is false). Tests on
  /// such a question are false rather than unknown: a question that is not asked cannot
  /// hold up a decision.
  virtual bool not_applicable(std::size_t /*question*/) const { return false; }
};

/// A literal in an expression.
struct Literal {
  enum class Kind { string, number, boolean } kind = Kind::string;
  std::string text;  ///< string value, or the number's spelling
  long long number = 0;
  bool boolean = false;
  std::size_t pos = 0;  ///< byte offset in the expression source
};

enum class CompareOp { eq, ne, lt, le, gt, ge };

/// One node of a parsed expression.
struct ExprNode {
  enum class Kind { or_, and_, not_, truthy, compare, in, has, has_any, has_only, matched, answered };
  Kind kind = Kind::truthy;
  CompareOp op = CompareOp::eq;
  std::string name;             ///< question id, or criterion id/prefix for matched()
  std::vector<Literal> values;  ///< right-hand side
  int lhs = -1;
  int rhs = -1;
  std::size_t pos = 0;            ///< byte offset of the node's first token
  std::size_t question = SIZE_MAX;  ///< resolved by check_expr()
};

/// A parsed expression. An empty expression is "always true".
class Expr {
 public:
  /// Parses `source`. On a syntax error returns false and sets `error` and `error_pos`
  /// (byte offset into `source`).
  static bool parse(std::string_view source, Expr& out, std::string& error, std::size_t& error_pos);

  bool empty() const { return root_ < 0; }
  const std::string& source() const { return source_; }
  const std::vector<ExprNode>& nodes() const { return nodes_; }

  /// Evaluates the expression; an empty one is yes.
  Tri eval(const EvalContext& ctx) const;
  /// The question indexes the expression reads, in order of first use.
  std::vector<std::size_t> questions() const;
  /// Whether it uses matched().
  bool uses_matched() const;

  /// One type or reference problem found by check().
  struct Issue {
    std::size_t pos;
    std::string message;
  };
  /// Resolves question ids against the regime and checks operand types. `allow_matched`
  /// is false where matched() makes no sense (criteria, questions).
  std::vector<Issue> check(const Regime& regime, bool allow_matched);

 private:
  friend class ExprParser;
  Tri eval_node(int index, const EvalContext& ctx) const;

  std::string source_;
  std::vector<ExprNode> nodes_;
  int root_ = -1;
};

}  // namespace capdo
