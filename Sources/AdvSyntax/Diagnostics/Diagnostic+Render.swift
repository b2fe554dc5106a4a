/// The one presenter of diagnostics:
/// ```
/// fig4.adv:3:10: error: matmul: [100, 784] x [10, 784]: inner dimensions 784 and 10 differ
/// 3 | logits = x @ w
///   |          ^^^^^
/// ```
/// followed by `note:` lines and, for runtime errors, the call trace.
extension Diagnostic {
    public var rendered: String {
        var out: String
        guard let range else {
            out = "error: \(message)"
            for note in notes { out += "\nnote: \(note)" }
            return out
        }
        out = "\(range.file.name):\(range.start.line):\(range.start.column): error: \(message)"
        out += Diagnostic.snippet(range)
        if let (message, place) = related {
            out += "\n\(place.file.name):\(place.start.line):\(place.start.column): note: \(message)"
            out += Diagnostic.snippet(place)
        }
        for note in notes { out += "\nnote: \(note)" }
        for frame in trace {
            out += "\n  in \(frame.function) called at \(frame.callSite.file.name):\(frame.callSite.start)"
            if frame.repeats > 1 { out += " (\(frame.repeats) times)" }
        }
        return out
    }

    /// The source line of `range` under a gutter with its number, and carets under the range.
    private static func snippet(_ range: SourceRange) -> String {
        let lineText = range.file.line(range.start.line)
        let number = String(range.start.line)
        let gutter = String(repeating: " ", count: number.count)
        let lineLength = lineText.unicodeScalars.count
        let startColumn = min(range.start.column, lineLength + 1)
        let endColumn = range.end.line == range.start.line ? range.end.column : lineLength + 1
        let width = max(1, min(endColumn, lineLength + 1) - startColumn)
        return "\n\(number) | \(lineText)"
            + "\n\(gutter) | " + String(repeating: " ", count: startColumn - 1) + String(repeating: "^", count: width)
    }

    /// The header line without the file name, `3:10: error: ...`: what golden tests compare.
    public var headline: String {
        guard let range else { return "error: \(message)" }
        return "\(range.start.line):\(range.start.column): error: \(message)"
    }
}
