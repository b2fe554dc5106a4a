import AdvLibrary
import XCTest

@testable import AdvLang
@testable import AdvREPL

/// `adv kernel`'s protocol, golden style: request lines in, the exact reply lines out.
final class KernelProtocolTests: XCTestCase {
    /// The replies to `requests`, sent in order to one session.
    private func replies(_ requests: [String]) -> [String] {
        var lines: [String] = []
        let server = KernelServer(session: Session(library: .standard())) { lines.append($0) }
        requests.forEach(server.handle)
        return lines
    }

    func testStateLivesAcrossCellsAndPrintsStreamBeforeTheValue() {
        XCTAssertEqual(
            replies([
                #"{"op": "execute", "code": "x = 20"}"#,
                #"{"op": "execute", "code": "print x * 2\nx + 1"}"#,
            ]),
            [
                #"{"kind":"result"}"#,
                #"{"kind":"stdout","text":"40"}"#,
                #"{"kind":"result","value":"21"}"#,
            ])
    }

    func testAnErrorCarriesItsPositionAndTheCaret() {
        XCTAssertEqual(
            replies([#"{"op": "execute", "code": "y = 1\nz = y @ 2"}"#]),
            [
                #"{"column":5,"kind":"error","line":2,"message":"@: needs tensors, got two numbers (use * for numbers)","phase":"runtime","#
                    + #""text":"<cell>:2:5: error: @: needs tensors, got two numbers (use * for numbers)\n2 | z = y @ 2\n  |     ^^^^^"}"#
            ])
        XCTAssertEqual(
            replies([#"{"op": "execute", "code": "print nope"}"#]),
            [
                #"{"column":7,"kind":"error","line":1,"message":"unknown name 'nope'","phase":"syntax","#
                    + #""text":"<cell>:1:7: error: unknown name 'nope'\n1 | print nope\n  |       ^^^^"}"#
            ])
    }

    func testATableIsAnHTMLDisplayWithItsTextBeside() {
        XCTAssertEqual(
            replies([#"{"op": "execute", "code": "table(\"T\", [\"a\", \"n\"], [[\"x<y\", 1]])"}"#]),
            [
                #"{"data":{"text/html":"<table>\n<caption style=\"text-align:left;white-space:nowrap\">T</caption>\n<thead><tr><th style=\"text-align:left\">a</th><th style=\"text-align:right\">n</th></tr></thead>\n<tbody>\n"#
                    + #"<tr><td style=\"text-align:left\">x&lt;y</td><td style=\"text-align:right\">1</td></tr>\n</tbody>\n</table>","#
                    + #""text/plain":"T\na    n\n------\nx<y  1"},"kind":"display","metadata":{}}"#,
                #"{"kind":"result"}"#,
            ])
    }

    func testShowIsAnInlinePNGInsteadOfTheTerminalPicture() throws {
        let lines = replies([#"{"op": "execute", "code": "show(zeros([784]))"}"#])
        XCTAssertEqual(lines.count, 2)
        XCTAssertEqual(lines.last, #"{"kind":"result"}"#)
        let reply = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        let data = try XCTUnwrap(reply["data"] as? [String: String])
        // A 28 x 28 image magnified 8 times (Picture.inline); the bytes are a PNG file's.
        XCTAssertEqual(data["text/plain"], "<picture 224 x 224>")
        let png = try XCTUnwrap(Data(base64Encoded: data["image/png"] ?? ""))
        XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    }

    /// The `kind` and MIME types of each reply to `code`, run with the output folder `folder`.
    private func displayKinds(_ code: String, folder: String) throws -> [String] {
        var lines: [String] = []
        let session = Session(library: .standard())
        session.outputFolder = folder
        let server = KernelServer(session: session) { lines.append($0) }
        let request = try JSONSerialization.data(withJSONObject: ["op": "execute", "code": code])
        server.handle(String(decoding: request, as: UTF8.self))
        return try lines.map { line in
            let reply = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let types = (reply["data"] as? [String: Any])?.keys.sorted().joined(separator: ",") ?? ""
            return "\(reply["kind"] ?? "?")\(types.isEmpty ? "" : " " + types)"
        }
    }

    func testPlotsAndSavedPicturesAreShownInlineAndSavedPicturesStillWritten() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kernel-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        XCTAssertEqual(
            try displayKinds("plot([1, 3, 2])", folder: folder), ["display image/svg+xml,text/plain", "result"])
        XCTAssertEqual(
            try displayKinds(
                "x = rand([2, 784])\nsave_png(x, \"a.png\")\nsave_comparison(clip(x + 0.1, 0, 1), x, \"b.png\")\nsave_plot([1, 2], \"c.svg\")",
                folder: folder),
            [
                "display image/png,text/plain", "display image/png,text/plain", "stdout",
                "display image/svg+xml,text/plain", "result",
            ])
        for file in ["a.png", "b.png", "c.svg"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/" + file), file)
        }
        XCTAssertEqual(
            try displayKinds("show_maps(zeros([2, 3, 3]), [0, 1])", folder: folder),
            ["display image/png,text/plain", "result"])
    }

    func testCompletionAndInspection() {
        XCTAssertEqual(
            replies([
                #"{"op": "execute", "code": "learning_rate = 0.1"}"#,
                #"{"op": "complete", "code": "x = learn", "cursor": 9}"#,
                #"{"op": "complete", "code": ":he", "cursor": 3}"#,
                #"{"op": "inspect", "code": "pct(", "cursor": 4}"#,
                #"{"op": "inspect", "code": "nothing_here", "cursor": 2}"#,
            ]),
            [
                #"{"kind":"result"}"#,
                #"{"end":9,"kind":"completions","matches":["learning_rate"],"start":4}"#,
                #"{"end":3,"kind":"completions","matches":[":help"],"start":0}"#,
                #"{"kind":"help","text":"pct(x, digits: 1)\nx as a percentage string: pct(0.1234) is \"12.3%\"."}"#,
                #"{"kind":"help"}"#,
            ])
    }

    func testCommandsAndBadRequests() {
        XCTAssertEqual(
            replies([
                #"{"op": "execute", "code": ":vars"}"#,
                "not json",
                #"{"op": "run", "code": "1"}"#,
            ]),
            [
                #"{"kind":"stdout","text":"no variables"}"#,
                #"{"kind":"result"}"#,
                #"{"kind":"error","message":"a request must be a JSON object on one line","phase":"protocol","text":"error: a request must be a JSON object on one line"}"#,
                #"{"kind":"error","message":"unknown op 'run'; ops: execute, complete, inspect","phase":"protocol","text":"error: unknown op 'run'; ops: execute, complete, inspect"}"#,
            ])
    }

    /// `:scripts` prints the bundled scripts' listing (as `adv run --list` and the REPL's
    /// `:scripts`) as one stdout reply; without a Scripts/ folder it is an error reply.
    func testScriptsListsTheBundledScripts() throws {
        var lines: [String] = []
        let server = KernelServer(session: Session(library: .standard())) { lines.append($0) }
        let folder = repositoryRoot.appendingPathComponent("Scripts").path
        server.locator = ScriptLocator(environment: ["ADV_SCRIPTS": folder])
        server.handle(#"{"op": "execute", "code": ":scripts"}"#)
        XCTAssertEqual(lines.count, 2, "\(lines)")
        XCTAssertEqual(lines.last, #"{"kind":"result"}"#)
        let reply = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: String], lines[0])
        XCTAssertEqual(reply["kind"], "stdout")
        XCTAssertEqual(reply["text"], ScriptCatalog(folder: folder).listing)
        let listed = (reply["text"] ?? "").split(separator: "\n")
        XCTAssertTrue(
            listed.contains { $0.hasPrefix("table4 ") && $0.contains("Szegedy et al. 2014, Table 4: ") }, "\(listed)")

        lines = []
        server.locator = ScriptLocator(
            executablePath: "/nonexistent/bin/adv", environment: [:], currentDirectory: "/nonexistent")
        server.handle(#"{"op": "execute", "code": ":scripts"}"#)
        XCTAssertEqual(
            lines,
            [
                #"{"kind":"error","message":"no bundled Scripts/ folder found (set ADV_SCRIPTS)","phase":"protocol","text":"error: no bundled Scripts/ folder found (set ADV_SCRIPTS)"}"#
            ])
    }
}
