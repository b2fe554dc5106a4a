import AdvLang

extension TextTable {
    /// The table as HTML for a notebook: the title as caption, numeric columns right-aligned as
    /// in the text form.
    var html: String {
        let numeric = columns.indices.map { j in !rows.isEmpty && rows.allSatisfy { $0[j].isNumeric } }
        func cell(_ tag: String, _ text: String, _ j: Int) -> String {
            let align = numeric[j] ? " style=\"text-align:right\"" : " style=\"text-align:left\""
            return "<\(tag)\(align)>\(TextTable.escape(text))</\(tag)>"
        }
        var html = "<table>\n"
        if !title.isEmpty {
            html += "<caption style=\"text-align:left;white-space:nowrap\">\(TextTable.escape(title))</caption>\n"
        }
        html += "<thead><tr>" + columns.enumerated().map { cell("th", $1, $0) }.joined() + "</tr></thead>\n<tbody>\n"
        for row in rows {
            html += "<tr>" + row.enumerated().map { cell("td", $1.cellText, $0) }.joined() + "</tr>\n"
        }
        return html + "</tbody>\n</table>"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
