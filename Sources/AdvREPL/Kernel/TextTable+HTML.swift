import AdvData
import AdvLang

extension TextTable {
    /// The table as HTML for a notebook and `adv run --html`: the title as caption, numeric
    /// columns right-aligned as in the text form, "paper | ours" cells marked and coloured
    /// (`PaperMark`), the legend under a marked table.
    public var html: String {
        let numeric = columns.indices.map { j in !rows.isEmpty && rows.allSatisfy { $0[j].isNumeric } }
        func cell(_ tag: String, _ text: String, _ j: Int, within: Bool? = nil) -> String {
            let colour = within.map { $0 ? ";color:#17803d" : ";color:#c0261f" } ?? ""
            let align = " style=\"text-align:\(numeric[j] ? "right" : "left")\(colour)\""
            return "<\(tag)\(align)>\(Markup.escape(text))</\(tag)>"
        }
        var html = "<table>\n"
        if !title.isEmpty {
            html += "<caption style=\"text-align:left;white-space:nowrap\">\(Markup.escape(title))</caption>\n"
        }
        html += "<thead><tr>" + columns.enumerated().map { cell("th", $1, $0) }.joined() + "</tr></thead>\n<tbody>\n"
        for i in rows.indices {
            html +=
                "<tr>" + rows[i].indices.map { cell("td", markedText(i, $0), $0, within: mark(i, $0)) }.joined()
                + "</tr>\n"
        }
        html += "</tbody>\n</table>"
        if !marks.isEmpty { html += "\n<p class=\"legend\">\(Markup.escape(PaperMark.legend))</p>" }
        return html
    }
}
