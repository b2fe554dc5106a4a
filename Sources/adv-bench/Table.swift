import Foundation

/// A plain text table: a header row and rows of cells, printed in aligned columns.
///
/// The first column is left-aligned (names), the others right-aligned (numbers).
struct Table {
    var header: [String]
    var rows: [[String]] = []

    init(_ header: [String]) { self.header = header }

    /// The table as lines: header, a rule, then the rows; short rows are padded with empty cells.
    var text: String {
        let all = [header] + rows
        let columns = all.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in all.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            (0..<columns).map { column in
                let cell = column < cells.count ? cells[column] : ""
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
    }
}

/// Fixed-point formatting for table cells; "-" for NaN or infinity.
func format(_ value: Double, digits: Int = 1) -> String {
    value.isFinite ? String(format: "%.\(digits)f", value) : "-"
}

/// A whole number with thousands separators, e.g. 13,000.
func grouped(_ value: Double) -> String {
    guard value.isFinite else { return "-" }
    let digits = String(Int(value.rounded()))
    var out = ""
    for (i, character) in digits.reversed().enumerated() {
        if i > 0, i % 3 == 0, character != "-" { out.append(",") }
        out.append(character)
    }
    return String(out.reversed())
}

/// A rate and its share of a machine limit, e.g. "7,987 (47%)"; "-" when unknown.
func rateAndShare(_ rate: Double, of limit: Double) -> String {
    rate.isFinite ? "\(grouped(rate)) (\(format(100 * rate / limit, digits: 0))%)" : "-"
}
