/// A program's text with its name, split into lines once so diagnostics can quote them.
///
/// Source ranges keep a reference to their file, so a diagnostic raised inside a function defined
/// in an earlier REPL entry still quotes the right line.
public final class SourceFile: Sendable {
    /// The name shown in diagnostics: a path, `<repl>`, `<stdin>` or `-e`.
    public let name: String
    public let text: String
    /// The text's unicode scalars; the lexer walks these and columns count them.
    let scalars: [Unicode.Scalar]
    /// Line `n` (1-based) is `lines[n - 1]`, without its newline.
    public let lines: [String]

    public init(name: String, text: String) {
        self.name = name
        self.text = text
        self.scalars = Array(text.unicodeScalars)
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// The text of line `n` (1-based), or "" past the end.
    public func line(_ n: Int) -> String {
        n >= 1 && n <= lines.count ? lines[n - 1] : ""
    }
}

/// A position in a source file: 1-based line and column (in unicode scalars), and the 0-based offset.
public struct SourceLocation: Sendable, Equatable, Comparable, CustomStringConvertible {
    public let line: Int
    public let column: Int
    public let offset: Int

    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool { a.offset < b.offset }
    public var description: String { "\(line):\(column)" }
}

/// A half-open span `start ..< end` of one source file.
public struct SourceRange: Sendable, CustomStringConvertible {
    public let file: SourceFile
    public let start: SourceLocation
    public let end: SourceLocation

    public init(file: SourceFile, start: SourceLocation, end: SourceLocation) {
        self.file = file
        self.start = start
        self.end = end
    }

    /// The span from the start of `self` to the end of `other`.
    public func through(_ other: SourceRange) -> SourceRange {
        SourceRange(file: file, start: start, end: max(end, other.end))
    }

    /// The source text the range covers.
    public var text: String {
        let lo = max(0, min(start.offset, file.scalars.count))
        let hi = max(lo, min(end.offset, file.scalars.count))
        var s = String.UnicodeScalarView()
        s.append(contentsOf: file.scalars[lo..<hi])
        return String(s)
    }

    public var description: String { "\(file.name):\(start)" }
}
