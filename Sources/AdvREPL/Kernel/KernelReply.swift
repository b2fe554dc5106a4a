import AdvLang
import AdvSyntax
import Foundation

/// One reply of the `adv kernel` protocol, a JSON object on one line with a `kind`:
/// - `stdout` {text}: a line the program printed (print, expect, `train ... verbose`'s epochs);
/// - `progress` {text}: the latest progress line of long work (train's epochs), which replaces the
///   one before it, as the terminal's status line does;
/// - `display` {data, metadata}: a picture or table as a Jupyter MIME bundle (image/png in
///   base64, image/svg+xml, text/html, each with text/plain);
/// - `result` {value?}: the cell ran; value is the last expression's text (absent: none). Final.
/// - `error` {phase, message, line?, column?, text}: the cell stopped; text is the diagnostic as
///   the terminal shows it, with the source line and caret. Final. phase `protocol`: the request
///   itself was wrong.
/// - `completions` {matches, start, end} and `help` {text?}: answers to complete and inspect.
enum KernelReply {
    case stdout(String)
    case progress(String)
    case display(Display)
    case result(String?)
    case error(Diagnostics)
    case protocolError(String)
    case completions([String], start: Int, end: Int)
    case help(String?)

    /// The reply as one line of JSON (keys sorted, so tests can compare lines).
    var line: String {
        let data =
            (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
        return data.map { String(decoding: $0, as: UTF8.self) }
            ?? #"{"kind":"error","phase":"protocol","message":"unencodable reply"}"#
    }

    private var object: [String: Any] {
        switch self {
        case .stdout(let text): return ["kind": "stdout", "text": text]
        case .progress(let text): return ["kind": "progress", "text": text]
        case .display(let display): return KernelReply.bundle(display).merging(["kind": "display"]) { a, _ in a }
        case .result(let value?): return ["kind": "result", "value": value]
        case .result(nil): return ["kind": "result"]
        case .error(let diagnostics):
            let first = diagnostics.all.first
            var object: [String: Any] = [
                "kind": "error", "text": diagnostics.description,
                "phase": diagnostics.all.contains { $0.phase == .runtime } ? "runtime" : "syntax",
                "message": first?.message ?? "error",
            ]
            if let range = first?.range {
                object["line"] = range.start.line
                object["column"] = range.start.column
            }
            return object
        case .protocolError(let message):
            return ["kind": "error", "phase": "protocol", "message": message, "text": "error: \(message)"]
        case .completions(let matches, let start, let end):
            return ["kind": "completions", "matches": matches, "start": start, "end": end]
        case .help(let text?): return ["kind": "help", "text": text]
        case .help(nil): return ["kind": "help"]
        }
    }

    /// A display as Jupyter's `data` and `metadata`.
    private static func bundle(_ display: Display) -> [String: Any] {
        switch display {
        case .png(let bytes, let width, let height):
            return [
                "data": [
                    "image/png": Data(bytes).base64EncodedString(), "text/plain": "<picture \(width) x \(height)>",
                ],
                "metadata": ["image/png": ["width": width, "height": height]],
            ]
        case .svg(let svg):
            return ["data": ["image/svg+xml": svg, "text/plain": "<chart>"], "metadata": [:] as [String: Any]]
        case .table(let table):
            return ["data": ["text/html": table.html, "text/plain": table.rendered], "metadata": [:] as [String: Any]]
        }
    }
}
