/// One lexical token with its source range.
public struct Token: Sendable {
    public enum Kind: Sendable, Equatable {
        case number(Double)
        case string(String)
        case identifier(String)
        /// A reserved word (see `Token.keywords`).
        case keyword(String)
        /// An operator or punctuation mark, e.g. `+`, `..`, `=>`, `(`.
        case punct(String)
        /// A statement separator (a newline outside brackets, or `;`).
        case newline
        case end
    }

    public let kind: Kind
    public let range: SourceRange

    /// Reserved words. `on`, `within` and the train clause words stay identifiers: they only mean
    /// something inside `train` and `expect`, so scripts may still name variables `on` or `eps`.
    public static let keywords: Set<String> = [
        "if", "else", "for", "in", "while", "fn", "return", "print", "load", "model", "train",
        "expect", "true", "false", "none", "and", "or", "not",
    ]

    /// How the token reads in a diagnostic: `'+'`, `number 3`, `end of input`.
    public var display: String {
        switch kind {
        case .number: return "number \(range.text)"
        case .string: return "string \(range.text)"
        case .identifier(let name): return "name '\(name)'"
        case .keyword(let word): return "'\(word)'"
        case .punct(let p): return "'\(p)'"
        case .newline: return range.text == ";" ? "';'" : "end of line"
        case .end: return "end of input"
        }
    }

    func isPunct(_ p: String) -> Bool { kind == .punct(p) }
    func isKeyword(_ w: String) -> Bool { kind == .keyword(w) }
}
