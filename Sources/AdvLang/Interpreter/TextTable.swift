import Foundation

/// An aligned text table: columns of numbers (also formatted ones, "12.3%", "0.94") right-aligned,
/// text left-aligned, two spaces between columns.
public struct TextTable {
    public let title: String
    public let columns: [String]
    public let rows: [[Value]]

    public init(title: String, columns: [String], rows: [[Value]]) {
        self.title = title
        self.columns = columns
        self.rows = rows
    }

    public var rendered: String {
        let cells = rows.map { $0.map(\.cellText) }
        let widths = columns.indices.map { j in cells.reduce(columns[j].count) { Swift.max($0, $1[j].count) } }
        let numeric = columns.indices.map { j in
            !rows.isEmpty && rows.allSatisfy { $0[j].isNumeric }
        }
        func line(_ texts: [String]) -> String {
            texts.indices.map { j in
                let pad = String(repeating: " ", count: widths[j] - texts[j].count)
                return numeric[j] ? pad + texts[j] : texts[j] + pad
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        let header = line(columns)
        let rule = String(repeating: "-", count: widths.reduce(0, +) + 2 * Swift.max(widths.count - 1, 0))
        return ([title, header, rule] + cells.map(line)).joined(separator: "\n")
    }
}

extension Value {
    /// The cell's text on one line: a tensor, or anything else whose text spans lines, shows as
    /// its type and shape ("tensor [2, 3]") so the table keeps its layout.
    public var cellText: String {
        switch self {
        case .tensor, .variable: return typeDescription
        default:
            let text = description
            return text.contains("\n") ? typeDescription : text
        }
    }

    /// A number, or a string that reads as one (with an optional trailing "%"): pct and fmt output.
    public var isNumeric: Bool {
        switch self {
        case .number: return true
        case .string(let s): return Double(s.hasSuffix("%") ? String(s.dropLast()) : s) != nil || s == "nan"
        default: return false
        }
    }
}
