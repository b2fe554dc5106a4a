import AdvLibrary
import XCTest

@testable import AdvLang
@testable import AdvREPL

final class REPLTests: XCTestCase {
    private func session(_ lines: [String]) -> (output: [String], errors: [String]) {
        var output: [String] = []
        var errors: [String] = []
        let session = Session(library: .standard(), output: { output.append($0) })
        let repl = REPL(
            session: session, reader: ScriptedLineReader(lines),
            write: { output.append($0) }, writeError: { errors.append($0) })
        repl.run()
        return (output, errors)
    }

    func testValuesArePrintedAndStatePersists() {
        let (output, errors) = session(["x = 20", "x + 1", "s = \"hi\"", "s", "print s"])
        XCTAssertEqual(output, ["21", "\"hi\"", "hi"])
        XCTAssertEqual(errors, [])
    }

    func testContinuationLines() {
        let (output, errors) = session([
            "fn double(x) {", "  x * 2", "}", "double(21)", "total = 1 +", "2", "total", "[1,", " 2]",
        ])
        XCTAssertEqual(output, ["42", "3", "tensor [2]\n[1, 2]"])
        XCTAssertEqual(errors, [])
    }

    func testAnErrorDoesNotEndTheSession() {
        let (output, errors) = session(["x = 5", "y = x @ 2", "print nope", "x + 1"])
        XCTAssertEqual(output, ["6"])
        XCTAssertEqual(errors.count, 2)
        XCTAssertEqual(
            errors[0].split(separator: "\n").first,
            "<repl>:1:5: error: @: needs tensors, got two numbers (use * for numbers)")
        XCTAssertEqual(errors[1].split(separator: "\n").first, "<repl>:1:7: error: unknown name 'nope'")
    }

    func testFunctionsFromEarlierEntriesReportTheirOwnLines() {
        let (_, errors) = session(["fn f(x) {", "  x @ 1", "}", "f(2)"])
        XCTAssertEqual(
            errors.first?.split(separator: "\n").first,
            "<repl>:2:3: error: @: needs tensors, got two numbers (use * for numbers)")
    }

    func testElseOnTheLineAfterTheBraceContinuesTheIf() {
        for (condition, printed) in [("true", "1"), ("false", "2")] {
            let (output, errors) = session([
                "if \(condition) {", "  print 1", "}", "else {", "  print 2", "}", "print 3",
            ])
            XCTAssertEqual(output, [printed, "3"], condition)
            XCTAssertEqual(errors, [], condition)
        }
    }

    func testABrokenBlockIsReportedOnceAndNeverRunsInPieces() {
        let (output, errors) = session(["print 0", "else {", "  print 2", "}", "print 3"])
        XCTAssertEqual(output, ["0", "3"])
        XCTAssertEqual(errors.count, 1)
        XCTAssertEqual(
            errors.first?.split(separator: "\n").first, "<repl>:1:1: error: expected an expression, found 'else'")
        XCTAssertTrue(errors.first?.hasSuffix("write '} else {' on one line") ?? false)
    }

    func testCommands() {
        let (output, errors) = session([
            "a = 1", "b = [1, 2]", ":vars", ":help clip", ":help sofmax", ":nope", ":quit", "print 99",
        ])
        XCTAssertEqual(Array(output.prefix(2)), ["a = 1", "b = tensor [2] [1, 2]"])
        XCTAssertEqual(
            output[2],
            "clip(x, low, high)\nx with every element limited to [low, high]: keeps adversarial pixels in [0, 1].")
        XCTAssertEqual(output[3], "no help for 'sofmax'; did you mean 'softmax'?")
        XCTAssertEqual(errors, ["unknown command :nope; try :help, :help NAME, :vars, :quit"])
        XCTAssertFalse(output.contains("99"), ":quit stops reading")
    }

    func testCompletionCandidates() {
        let session = Session(library: .standard())
        session.globals.values["softness"] = .number(1)
        let names = Completion.names(in: session)
        XCTAssertEqual(Completion.candidates("soft", names), ["softmax", "softmax_regression", "softness"])
        XCTAssertEqual(Completion.candidates("tra", names), ["train", "trainer", "transfer", "transpose"])
    }
}

/// Lines from a list: the REPL driven as a user would type.
final class ScriptedLineReader: LineReader {
    private var lines: [String]
    init(_ lines: [String]) { self.lines = lines }
    func readLine(prompt: String) -> String? { lines.isEmpty ? nil : lines.removeFirst() }
    func addHistory(_ entry: String) {}
    var isInteractive: Bool { false }
}
