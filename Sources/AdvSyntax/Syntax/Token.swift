/// One lexical token with its source range.
public struct Token: Sendable {
    public enum Kind: Sendable, Equatable {
        case number(Double)
        case string(String)
        case identifier(String)
        /// A reserved word.
        case keyword(Keyword)
        /// An operator or punctuation mark, e.g. `+`, `..`, `=>`, `(`.
        case punct(Punct)
        /// A statement separator (a newline outside brackets, or `;`).
        case newline
        case end
    }

    public let kind: Kind
    public let range: SourceRange

    /// The reserved words' spellings (for completion).
    public static let keywords: Set<String> = Set(Keyword.allCases.map(\.rawValue))

    /// How the token reads in a diagnostic: `'+'`, `number 3`, `end of input`.
    public var display: String {
        switch kind {
        case .number: return "number \(range.text)"
        case .string: return "string \(range.text)"
        case .identifier(let name): return "name '\(name)'"
        case .keyword(let word): return "'\(word.rawValue)'"
        case .punct(let p): return "'\(p.rawValue)'"
        case .newline: return range.text == ";" ? "';'" : "end of line"
        case .end: return "end of input"
        }
    }

    func isPunct(_ p: Punct) -> Bool { kind == .punct(p) }
    func isKeyword(_ w: Keyword) -> Bool { kind == .keyword(w) }
}

/// Reserved words. `on`, `within` and the train clause words stay identifiers: they only mean
/// something inside `train` and `expect`, so scripts may still name variables `on` or `eps`.
public enum Keyword: String, CaseIterable, Sendable {
    case `if`, `else`, `for`, `in`, `while`, `break`, `continue`, fn, `return`, print, load, model, train, expect
    case `true`, `false`, none, and, or, not
}

/// Operators and punctuation marks, by their spelling.
public enum Punct: String, CaseIterable, Sendable {
    case leftParen = "("
    case rightParen = ")"
    case leftBracket = "["
    case rightBracket = "]"
    case leftBrace = "{"
    case rightBrace = "}"
    case comma = ","
    case dot = "."
    case colon = ":"
    case plus = "+"
    case minus = "-"
    case star = "*"
    case slash = "/"
    case percent = "%"
    case caret = "^"
    case at = "@"
    case tilde = "~"
    case assign = "="
    case plusAssign = "+="
    case minusAssign = "-="
    case starAssign = "*="
    case slashAssign = "/="
    case less = "<"
    case greater = ">"
    case equal = "=="
    case notEqual = "!="
    case lessEqual = "<="
    case greaterEqual = ">="
    case range = ".."
    case arrow = "=>"
}

extension BinaryOperator {
    /// The token an operator is written with: a mark (`+`, `<=`) or, for `in`, the keyword.
    var token: Token.Kind {
        switch self {
        case .add: return .punct(.plus)
        case .subtract: return .punct(.minus)
        case .multiply: return .punct(.star)
        case .divide: return .punct(.slash)
        case .remainder: return .punct(.percent)
        case .power: return .punct(.caret)
        case .matmul: return .punct(.at)
        case .equal: return .punct(.equal)
        case .notEqual: return .punct(.notEqual)
        case .less: return .punct(.less)
        case .lessEqual: return .punct(.lessEqual)
        case .greater: return .punct(.greater)
        case .greaterEqual: return .punct(.greaterEqual)
        case .in: return .keyword(.in)
        }
    }

    /// The operator a compound assignment combines with (`+=` is `+`), nil for any other mark.
    init?(compoundAssignment mark: Punct) {
        switch mark {
        case .plusAssign: self = .add
        case .minusAssign: self = .subtract
        case .starAssign: self = .multiply
        case .slashAssign: self = .divide
        default: return nil
        }
    }
}
