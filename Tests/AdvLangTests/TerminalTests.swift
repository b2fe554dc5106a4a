import Foundation
import XCTest

/// The REPL on a terminal, as a user types at it: the `adv` built by `swift build` runs on a
/// pseudo-terminal with readline, and Ctrl-C and Ctrl-D are keys, not lines.
final class TerminalTests: XCTestCase {
    private var binary: URL { repositoryRoot.appendingPathComponent(".build/debug/adv") }
    private var home: URL?

    override func setUpWithError() throws {
        struct MissingBinary: Error {}
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            XCTFail("\(binary.path) is missing: swift build (or swift test) builds it")
            throw MissingBinary()
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("adv-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        home = folder
    }

    override func tearDown() {
        if let home { try? FileManager.default.removeItem(at: home) }
    }

    /// The REPL with the history in a folder of its own, no user key bindings, and a terminal
    /// type every Debian has (ncurses-base); its banner shown and its first prompt waiting.
    private func repl() throws -> PseudoTerminal {
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = home?.path
        environment["INPUTRC"] = "/dev/null"
        environment["TERM"] = "xterm"
        environment["COLUMNS"] = nil
        environment["LINES"] = nil
        let terminal = try PseudoTerminal(running: binary, environment: environment)
        try terminal.expect("adv> ")
        return terminal
    }

    /// The lines of `text` (one `expect`'s worth of screen).
    private func lines(_ text: String) -> [String] { text.components(separatedBy: "\n") }

    /// Ctrl-C at `...>` drops the open block, Ctrl-D on its empty line too, Ctrl-C at `adv> `
    /// clears the typed line; the session goes on with its variables, and Ctrl-D at `adv> `
    /// ends it.
    func testControlCAndControlDCancelWhatIsBeingTyped() throws {
        let terminal = try repl()
        terminal.type("x = 41\r")
        try terminal.expect("adv> ")
        terminal.type("fn undone() {\r")
        try terminal.expect("...> ")
        terminal.type("  x = 0")
        try terminal.expect("x = 0")
        terminal.type("\u{03}")
        XCTAssertEqual(try terminal.expect("adv> "), "^C\nadv> ")
        terminal.type("x + 1\r")
        XCTAssertTrue(lines(try terminal.expect("adv> ")).contains("42"))

        terminal.type("if true {\r")
        try terminal.expect("...> ")
        terminal.type("\u{04}")
        XCTAssertEqual(try terminal.expect("adv> "), "\nadv> ")
        terminal.type("print x\r")
        XCTAssertTrue(lines(try terminal.expect("adv> ")).contains("41"))

        terminal.type("print 999")
        try terminal.expect("print 999")
        terminal.type("\u{03}")
        try terminal.expect("adv> ")
        terminal.type("print undone\r")
        let after = try terminal.expect("adv> ")
        XCTAssertTrue(after.contains("\n<repl>:1:7: error: unknown name 'undone'"), after)
        XCTAssertFalse(after.contains("999"), after)

        terminal.type("\u{04}")
        XCTAssertEqual(try terminal.waitForExit(), 0)
    }

    /// Ctrl-C during `train`: the run stops, a line of its own says so and what was kept (the
    /// progress line before it is ended, not continued), and the session goes on.
    func testControlCDuringTrainSaysWhatWasKept() throws {
        let terminal = try repl()
        terminal.type("s = examples(rand([2000, 64], seed: 1), argmax(rand([2000, 4], seed: 2), axis: 1))\r")
        try terminal.expect("adv> ")
        terminal.type("m = softmax_regression(inputs: 64, classes: 4, seed: 1)\r")
        try terminal.expect("adv> ")
        terminal.type("train m on s epochs 100000 batch 10\r")
        try terminal.expect("epoch 1/100000")
        terminal.type("\u{03}")
        let shown = lines(try terminal.expect("adv> "))
        let report = try XCTUnwrap(
            shown.firstIndex { $0.hasPrefix("<repl>:1:1: error: train: interrupted in epoch ") },
            shown.joined(separator: "\n"))
        XCTAssertTrue(shown[report].hasSuffix("; the weights at the interruption kept"), shown[report])
        XCTAssertTrue(shown[report - 1].contains(" s left"), "the progress line before it: \(shown[report - 1])")
        XCTAssertEqual(shown[report + 1], "1 | train m on s epochs 100000 batch 10")
        terminal.type("print m.training.interrupted, m.training.epochs > 0\r")
        XCTAssertTrue(lines(try terminal.expect("adv> ")).contains("true true"))
        terminal.type("\u{04}")
        XCTAssertEqual(try terminal.waitForExit(), 0)
    }
}
