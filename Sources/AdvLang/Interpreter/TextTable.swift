import Foundation

/// An aligned text table: columns of numbers (also formatted ones, "12.3%", "0.94") right-aligned,
/// text left-aligned, two spaces between columns.
public struct TextTable {
    public let title: String
    public let columns: [String]
    public let rows: [[Value]]
    /// Per cell, whether a "paper | ours" cell lies within noise of the paper (`PaperMark`); nil
    /// for any other cell. Empty: nothing marked.
    public let marks: [[Bool?]]

    public init(title: String, columns: [String], rows: [[Value]], marks: [[Bool?]] = []) {
        self.title = title
        self.columns = columns
        self.rows = rows
        self.marks = marks
    }

    /// Marks each "paper | ours" cell of `rows` against the figures the program recorded, and
    /// the cell of a column named "ours" against the same row's "paper" column.
    public init(title: String, columns: [String], rows: [[Value]], figures: [FigureMeasurement]) {
        let names = columns.map { $0.lowercased() }
        let paired = names.firstIndex(of: "paper").flatMap { p in names.firstIndex(of: "ours").map { (p, $0) } }
        let marks = rows.map { row in
            row.indices.map { j -> Bool? in
                if let (p, o) = paired, j == o {
                    return PaperMark.within(row[p].cellText + " | " + row[o].cellText, figures: figures)
                }
                guard case .string(let text) = row[j] else { return nil }
                return PaperMark.within(text, figures: figures)
            }
        }
        self.init(
            title: title, columns: columns, rows: rows, marks: marks.contains { $0.contains { $0 != nil } } ? marks : []
        )
    }

    /// The mark of row i, column j (nil: unmarked).
    public func mark(_ i: Int, _ j: Int) -> Bool? {
        i < marks.count && j < marks[i].count ? marks[i][j] : nil
    }

    /// The cell's text with its mark: "26.2% | 8.2% ✗".
    public func markedText(_ i: Int, _ j: Int) -> String {
        let text = rows[i][j].cellText
        return mark(i, j).map { text + " " + PaperMark.symbol(within: $0) } ?? text
    }

    /// The aligned text, plain (a pipe, a test, a notebook's text form).
    public var rendered: String { rendered(colour: false) }

    /// The aligned text; `colour`: marked cells green (within noise) or red (outside), for a
    /// terminal. A marked table ends with `PaperMark.legend`.
    public func rendered(colour: Bool) -> String {
        let cells = rows.indices.map { i in rows[i].indices.map { markedText(i, $0) } }
        let widths = columns.indices.map { j in cells.reduce(columns[j].count) { Swift.max($0, $1[j].count) } }
        let numeric = columns.indices.map { j in
            !rows.isEmpty && rows.allSatisfy { $0[j].isNumeric }
        }
        func line(_ texts: [String], row: Int? = nil) -> String {
            texts.indices.map { j in
                let pad = String(repeating: " ", count: widths[j] - texts[j].count)
                var text = texts[j]
                if colour, let row, let within = mark(row, j) {
                    text = (within ? "\u{1B}[32m" : "\u{1B}[31m") + text + "\u{1B}[0m"
                }
                return numeric[j] ? pad + text : text + pad
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        let header = line(columns)
        let rule = String(repeating: "-", count: widths.reduce(0, +) + 2 * Swift.max(widths.count - 1, 0))
        let body = cells.indices.map { line(cells[$0], row: $0) }
        return ([title, header, rule] + body + (marks.isEmpty ? [] : [PaperMark.legend])).joined(separator: "\n")
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
