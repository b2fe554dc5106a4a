/// Turns source text into tokens with 1-based line/column ranges.
///
/// Newlines separate statements, except inside `(` `[` (where expressions span lines freely) and
/// after a token that cannot end an expression (a binary operator, `,`, `(`): there the line
/// continues. Comments run from `#` to the end of the line. Lexical errors are collected, the bad
/// character is skipped, and lexing goes on, so the parser still reports one error per statement.
public struct Lexer {
    let file: SourceFile
    private var scalars: [Unicode.Scalar] { file.scalars }
    private var index = 0
    private var line = 1
    private var column = 1
    private var brackets: [Unicode.Scalar] = []
    public private(set) var diagnostics: [Diagnostic] = []

    /// Skips a UTF-8 byte order mark at the start (some editors write one): it is not part of
    /// the program, and "unexpected character" about an invisible one would only puzzle.
    public init(file: SourceFile) {
        self.file = file
        if file.scalars.first == "\u{FEFF}" { index = 1 }
    }

    /// Every token of the file, ending with `.end`.
    public static func tokenize(_ file: SourceFile) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        var lexer = Lexer(file: file)
        var tokens: [Token] = []
        while true {
            let token = lexer.next()
            if case .newline = token.kind {
                // One separator between statements: none at the start, none repeated, none after
                // a token that continues the expression.
                guard let last = tokens.last else { continue }
                if case .newline = last.kind { continue }
                if token.range.text == "\n", Lexer.continuesLine(last) { continue }
            }
            tokens.append(token)
            if case .end = token.kind { break }
        }
        return (tokens, lexer.diagnostics)
    }

    /// Tokens after which a newline does not end the statement.
    static func continuesLine(_ token: Token) -> Bool {
        switch token.kind {
        case .punct(let p):
            switch p {
            case .rightParen, .rightBracket, .leftBrace, .rightBrace: return false
            case .leftParen, .leftBracket, .comma, .dot, .colon, .plus, .minus, .star, .slash, .percent, .caret, .at,
                .tilde, .assign, .plusAssign, .minusAssign, .starAssign, .slashAssign, .less, .greater, .equal,
                .notEqual, .lessEqual, .greaterEqual, .range, .arrow:
                return true
            }
        case .keyword(let w):
            return w == .and || w == .or || w == .not || w == .in
        default:
            return false
        }
    }

    private var location: SourceLocation { SourceLocation(line: line, column: column, offset: index) }

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        index + ahead < scalars.count ? scalars[index + ahead] : nil
    }

    private mutating func advance() {
        if scalars[index] == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index += 1
    }

    private func range(from start: SourceLocation) -> SourceRange {
        SourceRange(file: file, start: start, end: location)
    }

    /// The next token (newlines inside `(`/`[` are skipped here).
    public mutating func next() -> Token {
        while let c = peek() {
            if c == " " || c == "\t" || c == "\r" {
                advance()
            } else if c == "#" {
                while let d = peek(), d != "\n" { advance() }
            } else if c == "\n", let open = brackets.last, open != "{" {
                advance()
            } else {
                break
            }
        }
        let start = location
        guard let c = peek() else { return Token(kind: .end, range: range(from: start)) }
        if c == "\n" || c == ";" {
            advance()
            return Token(kind: .newline, range: range(from: start))
        }
        if c.properties.isAlphabetic || c == "_" { return identifier(from: start) }
        if ("0"..."9").contains(c) || (c == "." && peek(1).map { ("0"..."9").contains($0) } == true && !lastWasDot) {
            return number(from: start)
        }
        if c == "\"" || c == "'" { return string(from: start, quote: c) }
        return punctuation(from: start)
    }

    /// True right after `.`, a name, `)` or `]`: there `.5` is not a number (`x.1`, `a..5`).
    private var lastWasDot: Bool {
        guard index > 0 else { return false }
        let p = scalars[index - 1]
        return p == "." || p == ")" || p == "]" || p == "_" || p.properties.isAlphabetic || ("0"..."9").contains(p)
    }

    private mutating func identifier(from start: SourceLocation) -> Token {
        var name = ""
        while let c = peek(), c.properties.isAlphabetic || c == "_" || ("0"..."9").contains(c) {
            name.unicodeScalars.append(c)
            advance()
        }
        let kind: Token.Kind = Keyword(rawValue: name).map { .keyword($0) } ?? .identifier(name)
        return Token(kind: kind, range: range(from: start))
    }

    private mutating func digits(into text: inout String) {
        while let c = peek(), ("0"..."9").contains(c) || c == "_" {
            if c != "_" { text.unicodeScalars.append(c) }
            advance()
        }
    }

    private mutating func number(from start: SourceLocation) -> Token {
        var text = ""
        digits(into: &text)
        // `1..5` is a range, not the decimal `1.` followed by `.5`.
        if peek() == ".", peek(1) != ".", !(peek(1).map { $0.properties.isAlphabetic } ?? false) {
            text += "."
            advance()
            digits(into: &text)
        }
        if let e = peek(), e == "e" || e == "E" {
            let sign = peek(1)
            let hasSign = sign == "+" || sign == "-"
            if let d = peek(hasSign ? 2 : 1), ("0"..."9").contains(d) {
                text += "e"
                advance()
                if hasSign, let s = sign {
                    text.unicodeScalars.append(s)
                    advance()
                }
                digits(into: &text)
            }
        }
        guard let value = Double(text) else {
            diagnostics.append(Diagnostic(.badNumber, "malformed number '\(text)'", at: range(from: start)))
            return Token(kind: .number(0), range: range(from: start))
        }
        return Token(kind: .number(value), range: range(from: start))
    }

    private mutating func string(from start: SourceLocation, quote: Unicode.Scalar) -> Token {
        advance()
        var value = ""
        while true {
            guard let c = peek(), c != "\n" else {
                var d = Diagnostic(.unterminatedString, "unterminated string", at: range(from: start))
                d.notes = ["strings end on the line they start; write \\n for a newline"]
                diagnostics.append(d)
                return Token(kind: .string(value), range: range(from: start))
            }
            advance()
            if c == quote { break }
            if c == "\\" {
                let escapeStart = location
                guard let e = peek(), e != "\n" else { continue }
                advance()
                switch e {
                case "n": value += "\n"
                case "t": value += "\t"
                case "\\": value += "\\"
                case "\"": value += "\""
                case "'": value += "'"
                case "0": value += "\0"
                default:
                    diagnostics.append(
                        Diagnostic(
                            .badEscape, "unknown escape '\\\(e)' in string",
                            at: SourceRange(
                                file: file,
                                start: SourceLocation(
                                    line: escapeStart.line, column: escapeStart.column - 1,
                                    offset: escapeStart.offset - 1),
                                end: location)))
                }
            } else {
                value.unicodeScalars.append(c)
            }
        }
        return Token(kind: .string(value), range: range(from: start))
    }

    private mutating func punctuation(from start: SourceLocation) -> Token {
        let c = scalars[index]
        if let d = peek(1) {
            var pair = ""
            pair.unicodeScalars.append(c)
            pair.unicodeScalars.append(d)
            if let punct = Punct(rawValue: pair) {
                advance()
                advance()
                return Token(kind: .punct(punct), range: range(from: start))
            }
        }
        advance()
        guard let punct = Punct(rawValue: String(c)) else {
            diagnostics.append(
                Diagnostic(
                    .unexpectedCharacter, "unexpected character '\(c.escaped(asASCII: false))'", at: range(from: start))
            )
            return next()
        }
        switch c {
        case "(", "[", "{": brackets.append(c)
        case ")", "]", "}": if !brackets.isEmpty { brackets.removeLast() }
        default: break
        }
        return Token(kind: .punct(punct), range: range(from: start))
    }
}
