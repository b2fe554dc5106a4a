import AdvSyntax
import AdvTensor
import Foundation

extension Value: CustomStringConvertible {
    /// How `print` shows a value: strings bare, everything else as `repr`.
    public var description: String {
        if case .string(let s) = self { return s }
        return repr
    }

    /// How a value is shown inside a list or record, and by the REPL: strings quoted.
    public var repr: String { repr(depth: 0) }

    /// Lists and records nested deeper than this show as `[...]` and `{...}`: a value built by
    /// `l = [l]` in a loop may be a million levels deep, and showing it all would overflow the stack.
    static let maximumShownDepth = 100

    private func repr(depth: Int) -> String {
        switch self {
        case .number(let n): return formatNumber(n)
        case .bool(let b): return b ? "true" : "false"
        case .string(let s):
            return "\""
                + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n") + "\""
        case .tensor(let t): return String(describing: t)
        case .variable(let v): return String(describing: v.value)
        case .list(let items):
            guard depth < Value.maximumShownDepth else { return "[...]" }
            let inner = { (v: Value) in v.nestedRepr(depth: depth + 1) }
            if items.count > 100 {
                return "[" + items.prefix(3).map(inner).joined(separator: ", ")
                    + ", ... (\(items.count) items) ..., "
                    + items.suffix(3).map(inner).joined(separator: ", ") + "]"
            }
            return "[" + items.map(inner).joined(separator: ", ") + "]"
        case .record(let r):
            guard depth < Value.maximumShownDepth else { return "{...}" }
            return "{" + r.fields.map { "\($0.name): \($0.value.nestedRepr(depth: depth + 1))" }.joined(separator: ", ")
                + "}"
        case .function(let c): return "<fn \(c.name)(\(c.decl.parameters.joined(separator: ", ")))>"
        case .builtin(let b): return "<builtin \(b.signature)>"
        case .object(let o): return o.description
        case .none: return "none"
        }
    }
}

/// Numbers print compactly: integers without `.0` (`3`), others with up to 6 significant digits
/// (`0.873`, `1.5e-07`), as numpy prints Float32.
public func formatNumber(_ n: Double) -> String {
    if n.isNaN { return "nan" }
    if n.isInfinite { return n < 0 ? "-inf" : "inf" }
    if n == n.rounded(), Swift.abs(n) < 1e15 { return String(Int(n)) }
    var text = String(format: "%.6g", n)
    if text.contains("e") {
        // `1.5e-07` -> `1.5e-7`
        text = text.replacingOccurrences(of: "e-0", with: "e-").replacingOccurrences(of: "e+0", with: "e+")
    }
    return text
}

extension Value {
    /// Inside a list or record a tensor shows on one line, without its `tensor [shape]` header.
    public var nestedRepr: String { nestedRepr(depth: 0) }

    private func nestedRepr(depth: Int) -> String {
        let text: String
        switch self {
        case .tensor(let t): text = String(describing: t)
        case .variable(let v): text = String(describing: v.value)
        default: return repr(depth: depth)
        }
        guard text.hasPrefix("tensor"), let newline = text.firstIndex(of: "\n") else { return text }
        return text[text.index(after: newline)...].split(separator: "\n").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        .joined(separator: " ")
    }

    /// Structural equality for `==` on non-tensor values.
    func equals(_ other: Value) -> Bool {
        // Pairs still to compare on an explicit stack rather than by recursion: a list built by
        // `l = [l]` in a loop may nest a million levels deep.
        var pending = [(self, other)]
        while let (a, b) = pending.popLast() {
            switch (a, b) {
            case (.list(let x), .list(let y)):
                guard x.count == y.count else { return false }
                pending.append(contentsOf: zip(x, y))
            case (.record(let x), .record(let y)):
                guard x.names.sorted() == y.names.sorted() else { return false }
                for field in x.fields {
                    guard let value = y[field.name] else { return false }
                    pending.append((field.value, value))
                }
            default:
                guard a.equalsAtom(b) else { return false }
            }
        }
        return true
    }

    /// Equality of two values that are not both lists or both records.
    private func equalsAtom(_ other: Value) -> Bool {
        switch (self, other) {
        case (.number(let a), .number(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.none, .none): return true
        case (.tensor(let a), .tensor(let b)): return a == b
        case (.function(let a), .function(let b)): return a === b
        case (.builtin(let a), .builtin(let b)): return a.name == b.name
        case (.object(let a), .object(let b)): return a === b
        default: return false
        }
    }
}
