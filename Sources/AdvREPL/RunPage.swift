import AdvData
import AdvLang
import Foundation

/// One self-contained HTML page of a script's run, for sharing after a seminar (`adv run NAME
/// --html FILE`): the printed output in order, its tables as HTML tables with the paper-against-
/// ours marks, pictures inline as base64 data URIs (those the program showed through
/// `Session.display` and the PNG/SVG files it wrote), then seed, MNIST checksum, machine and wall
/// time. The page is well-formed XHTML, so a test can parse it with an XML parser.
public final class RunPage {
    /// One piece of the page, in the order the run made it.
    enum Piece {
        case text(String)
        case table(TextTable)
        case picture(mime: String, data: Data, caption: String)
    }

    public let title: String
    private(set) var pieces: [Piece] = []

    public init(title: String) { self.title = title }

    /// A line the program printed.
    public func text(_ line: String) {
        if case .text(let earlier) = pieces.last {
            pieces[pieces.count - 1] = .text(earlier + "\n" + line)
        } else {
            pieces.append(.text(line))
        }
    }

    /// A table or picture the program showed (the session's `display` sink).
    public func show(_ display: Display) {
        switch display {
        case .table(let table): pieces.append(.table(table))
        case .png(let bytes, let width, let height):
            pieces.append(.picture(mime: "image/png", data: Data(bytes), caption: "\(width) x \(height) pixels"))
        case .svg(let document):
            pieces.append(.picture(mime: "image/svg+xml", data: Data(document.utf8), caption: "chart"))
        }
    }

    /// A picture file the run wrote (PNG or SVG); other files, and pictures the run showed
    /// already (the same bytes: their caption gets the file's name), are left out.
    public func addPictureFile(_ path: String) throws {
        let ext = (path as NSString).pathExtension.lowercased()
        guard let mime = ["png": "image/png", "svg": "image/svg+xml"][ext] else { return }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let name = (path as NSString).lastPathComponent
        for (i, piece) in pieces.enumerated() {
            if case .picture(let mime, let earlier, let caption) = piece, earlier == data {
                pieces[i] = .picture(mime: mime, data: data, caption: "\(name) (\(caption))")
                return
            }
        }
        pieces.append(.picture(mime: mime, data: data, caption: name))
    }

    /// The page; `facts` are the run's particulars (seed, checksum, machine, wall time), in order.
    public func html(facts: [(String, String)]) -> String {
        var body: [String] = ["<h1>\(Markup.escape(title))</h1>"]
        for piece in pieces {
            switch piece {
            case .text(let text):
                body.append("<pre>\(Markup.escape(text))</pre>")
            case .table(let table):
                body.append(table.html)
            case .picture(let mime, let data, let caption):
                let source = "data:\(mime);base64,\(data.base64EncodedString())"
                body.append(
                    "<figure><img src=\"\(source)\" alt=\"\(Markup.escape(caption))\"/>"
                        + "<figcaption>\(Markup.escape(caption))</figcaption></figure>")
            }
        }
        let rows = facts.map { "<tr><th>\(Markup.escape($0.0))</th><td>\(Markup.escape($0.1))</td></tr>" }
        body.append("<table class=\"facts\">\n" + rows.joined(separator: "\n") + "\n</table>")
        return """
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
            <head>
            <meta charset="utf-8"/>
            <title>\(Markup.escape(title))</title>
            <style>
            body { font-family: sans-serif; max-width: 70em; margin: 2em auto; padding: 0 1em; }
            pre { background: #f6f6f6; padding: 0.5em; overflow-x: auto; }
            table { border-collapse: collapse; margin: 1em 0; }
            th, td { border: 1px solid #ccc; padding: 0.2em 0.6em; font-variant-numeric: tabular-nums; }
            caption { font-weight: bold; padding: 0.3em 0; }
            img { max-width: 100%; image-rendering: pixelated; border: 1px solid #ddd; }
            figure { margin: 1em 0; }
            .legend { font-size: 0.9em; color: #555; }
            </style>
            </head>
            <body>
            \(body.joined(separator: "\n"))
            </body>
            </html>

            """
    }
}
