/// A picture or table a built-in hands to a front end that can show it inline (the Jupyter
/// kernel, `adv kernel`). The numeric and picture code never knows such a front end exists: it
/// only makes the bytes; the session's `display` sink, installed by the executable, decides.
public enum Display {
    /// A PNG file's bytes (greyscale images, colour class maps), `width` x `height` pixels.
    case png([UInt8], width: Int, height: Int)
    /// A chart as an SVG document.
    case svg(String)
    /// A results table: the front end shows it as HTML, with the aligned text beside it.
    case table(TextTable)
}

extension Session {
    /// Shows `display` inline when a front end installed a sink, else prints `text` (the terminal
    /// form: ASCII or coloured images, a text chart, an aligned table).
    public func show(_ display: @autoclosure () throws -> Display, orPrint text: @autoclosure () throws -> String)
        rethrows
    {
        if let sink = self.display {
            sink(try display())
            if let printShown { printShown(try text()) }
        } else {
            output(try text())
        }
    }
}
