/// A recursive-descent parser: one function per grammar rule (Grammar/adv.ebnf), statements in
/// Parser+Statements.swift, expressions in Parser+Expressions.swift.
///
/// Errors use panic-mode recovery: the first error in a statement is recorded, tokens are skipped
/// to the next statement boundary, and parsing goes on, so one typo gives one diagnostic.
public struct Parser {
    var tokens: [Token]
    var position = 0
    var diagnostics: [Diagnostic]
    /// Names that start a new clause in `train ... on ...`; anything else there is an argument.
    let clauseWords: Set<String>
    /// Current nesting of expressions and blocks; deep nesting is an error, not a stack overflow.
    var depth = 0
    static let maximumDepth = 150
    /// The tallest expression tree (and the longest `else if` chain) accepted. A flat chain
    /// (`1+1+...`, `f()()...`, `a.b.c...`) nests the tree without nesting the parser, and the
    /// resolver and interpreter walk the tree recursively: this bound keeps their recursion
    /// (about 10 KB a level in a debug build) far inside the large stack they run on, while no
    /// hand-written expression comes near it.
    static let maximumHeight = 1000

    /// `clauseWords`: the words that start a clause in `train` statements, the library's
    /// (`BuiltinLibrary.clauseWords`): the syntax knows no vocabulary of training.
    public init(file: SourceFile, clauseWords: Set<String> = []) {
        let (tokens, lexical) = Lexer.tokenize(file)
        self.tokens = tokens
        self.diagnostics = lexical
        self.clauseWords = clauseWords
    }

    /// Parses a whole program; throws every diagnostic found (lexical and syntactic) if any.
    public static func parse(_ file: SourceFile, clauseWords: Set<String> = [])
        throws(Diagnostics) -> [Stmt]
    {
        var parser = Parser(file: file, clauseWords: clauseWords)
        let program = parser.program()
        if !parser.diagnostics.isEmpty { throw Diagnostics(parser.diagnostics) }
        return program
    }

    // rule: program = { SEP } { statement SEP } ;
    mutating func program() -> [Stmt] {
        statementList(until: nil)
    }

    /// Statements up to `closer` (or the end), recovering from each statement's first error.
    mutating func statementList(until closer: Punct?) -> [Stmt] {
        var statements: [Stmt] = []
        skipSeparators()
        while !atEnd && !(closer.map { current.isPunct($0) } ?? false) {
            do {
                statements.append(try statement())
                if !(closer.map { current.isPunct($0) } ?? false) && !atEnd {
                    try expectSeparator()
                }
            } catch {
                // One error per line: a lexical error already explains what follows on its line.
                if !diagnostics.contains(where: { $0.range?.start.line == error.range?.start.line }) {
                    diagnostics.append(error)
                }
                synchronize()
                if closer == nil, current.isPunct(.rightBrace) { advance() }
            }
            skipSeparators()
        }
        return statements
    }

    // MARK: - Token helpers

    var current: Token { tokens[position] }
    var previous: Token { tokens[max(0, position - 1)] }
    var atEnd: Bool { if case .end = current.kind { return true } else { return false } }

    func peek(_ ahead: Int) -> Token { tokens[min(position + ahead, tokens.count - 1)] }

    @discardableResult
    mutating func advance() -> Token {
        let token = current
        if !atEnd { position += 1 }
        return token
    }

    mutating func match(_ punct: Punct) -> Bool {
        guard current.isPunct(punct) else { return false }
        advance()
        return true
    }

    mutating func matchKeyword(_ word: Keyword) -> Bool {
        guard current.isKeyword(word) else { return false }
        advance()
        return true
    }

    /// The token `punct`, or an error saying what was found; `opener` is the bracket it closes,
    /// shown with the error so a missing `}` also points at its `{`.
    @discardableResult
    mutating func expect(_ punct: Punct, _ context: String, opener: SourceRange? = nil) throws(Diagnostic) -> Token {
        guard current.isPunct(punct) else {
            var d = error("expected '\(punct.rawValue)' \(context), found \(current.display)")
            if let opener { d.related = ("the '\(opener.text)' opened here is not closed", opener) }
            throw d
        }
        return advance()
    }

    mutating func identifier(_ context: String) throws(Diagnostic) -> (String, SourceRange) {
        guard case .identifier(let name) = current.kind else {
            throw error("expected a name \(context), found \(current.display)")
        }
        advance()
        return (name, previous.range)
    }

    /// A field or label name: any identifier, and keywords too (`mnist.train`, `{model: m}`).
    mutating func fieldName(_ context: String) throws(Diagnostic) -> String {
        switch current.kind {
        case .identifier(let name):
            advance()
            return name
        case .keyword(let word):
            advance()
            return word.rawValue
        default:
            throw error("expected a name \(context), found \(current.display)")
        }
    }

    mutating func skipSeparators() {
        while case .newline = current.kind { advance() }
    }

    mutating func expectSeparator() throws(Diagnostic) {
        guard case .newline = current.kind else {
            throw error("expected end of line after the statement, found \(current.display)")
        }
        advance()
    }

    /// A syntax error at the current token; at the end of input it asks the REPL for another line.
    /// The end of input is shown just after the last token, not on the empty line after it.
    func error(_ message: String) -> Diagnostic {
        guard case .end = current.kind else { return Diagnostic(.expected, message, at: current.range) }
        var d = Diagnostic(.expected, message, at: endOfLastToken)
        d.isAtEndOfInput = true
        return d
    }

    /// An empty range just after the last token that is not a line break (the end of input when
    /// there is none).
    var endOfLastToken: SourceRange {
        guard let last = tokens[..<position].last(where: { $0.kind != .newline }) else { return current.range }
        return SourceRange(file: last.range.file, start: last.range.end, end: last.range.end)
    }

    /// Skips to the next statement boundary: a separator, a closing brace, or the end.
    mutating func synchronize() {
        if !atEnd, case .newline = current.kind {} else if !atEnd, !current.isPunct(.rightBrace) { advance() }
        while !atEnd {
            if case .newline = current.kind { return }
            if current.isPunct(.rightBrace) { return }
            advance()
        }
    }

    mutating func enter() throws(Diagnostic) {
        depth += 1
        if depth > Parser.maximumDepth {
            throw Diagnostic(.tooDeep, "nested too deeply (more than \(Parser.maximumDepth) levels)", at: current.range)
        }
    }

    mutating func leave() { depth -= 1 }

    /// Refuses an expression taller than `maximumHeight`, at `range` (the link that made it so).
    func limitHeight(_ e: Expr, at range: SourceRange) throws(Diagnostic) {
        guard e.height > Parser.maximumHeight else { return }
        throw Diagnostic(
            .tooDeep,
            "expression nested too deeply (more than \(Parser.maximumHeight) levels); split it with intermediate variables",
            at: range)
    }

    func range(from start: SourceRange) -> SourceRange { start.through(previous.range) }
}
