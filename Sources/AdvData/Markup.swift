/// HTML and XML text: what the SVG plots and the notebook's and `adv run --html`'s pages share.
public enum Markup {
    /// `text` safe inside an element or a double-quoted attribute: `&`, `<`, `>` and `"` become
    /// entities; `'` stays, as every attribute written here is double-quoted.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
