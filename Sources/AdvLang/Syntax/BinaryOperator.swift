/// The operators of `Expr.Kind.binary`, decided once when the parser builds the node so the
/// interpreter switches over an enum instead of comparing strings on every evaluation.
enum BinaryOperator: String, Sendable {
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
}
