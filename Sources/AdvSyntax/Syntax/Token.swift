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
    case `if`, `else`, `for`, `in`, `while`, fn, `return`, print, load, model, train, expect
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
    case less = "<"
    case greater = ">"
    case equal = "=="
    case notEqual = "!="
    case lessEqual = "<="
    case greaterEqual = ">="
    case range = ".."
    case arrow = "=>"
}

extension Punct {
    /// The mark a binary operator is written with.
    init(_ op: BinaryOperator) {
        switch op {
        case .add: self = .plus
        case .subtract: self = .minus
        case .multiply: self = .star
        case .divide: self = .slash
        case .remainder: self = .percent
        case .power: self = .caret
        case .matmul: self = .at
        case .equal: self = .equal
        case .notEqual: self = .notEqual
        case .less: self = .less
        case .lessEqual: self = .lessEqual
        case .greater: self = .greater
        case .greaterEqual: self = .greaterEqual
        }
    }
}
