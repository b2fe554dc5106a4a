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
        let lineText = range.file.line(range.start.line)
        let number = String(range.start.line)
        let gutter = String(repeating: " ", count: number.count)
        let lineLength = lineText.unicodeScalars.count
        let startColumn = min(range.start.column, lineLength + 1)
        let endColumn = range.end.line == range.start.line ? range.end.column : lineLength + 1
        let width = max(1, min(endColumn, lineLength + 1) - startColumn)
        out += "\n\(number) | \(lineText)"
        out += "\n\(gutter) | " + String(repeating: " ", count: startColumn - 1) + String(repeating: "^", count: width)
        for note in notes { out += "\nnote: \(note)" }
        for frame in trace {
            out += "\n  in \(frame.function) called at \(frame.callSite.file.name):\(frame.callSite.start)"
            if frame.repeats > 1 { out += " (\(frame.repeats) times)" }
        }
        return out
    }

    /// The header line without the file name, `3:10: error: ...`: what golden tests compare.
    public var headline: String {
        guard let range else { return "error: \(message)" }
        return "\(range.start.line):\(range.start.column): error: \(message)"
    }
}
