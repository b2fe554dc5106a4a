/// The operators of `Expr.Kind.binary`, decided once when the parser builds the node so the
/// interpreter switches over an enum instead of comparing strings on every evaluation.
public enum BinaryOperator: String, Sendable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case remainder = "%"
    case power = "^"
    case matmul = "@"
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessEqual = "<="
    case greater = ">"
    case greaterEqual = ">="
    /// Membership: an element of a list, a piece of a string, a field of a record, a scalar of a
    /// tensor.
    case `in`
}

/// The operators of `Expr.Kind.unary`.
public enum UnaryOperator: String, Sendable {
    case negate = "-"
    case not
}

/// The short-circuit operators of `Expr.Kind.logical`.
public enum LogicalOperator: String, Sendable {
    case and
    case or
}

/// An operand of a binary expression that is a variable or a number literal, so the interpreter
/// can compute `n - 1` or `s + i` on numbers without walking into the operand nodes.
public enum Operand: Sendable {
    case variable(Symbol)
    case constant(Double)

    /// The operand form of `expr`, or nil when it is anything but a name or a number.
    init?(_ expr: Expr) {
        switch expr.kind {
        case .name:
            guard let symbol = expr.symbol else { return nil }
            self = .variable(symbol)
        case .number(let n): self = .constant(n)
        default: return nil
        }
    }
}
