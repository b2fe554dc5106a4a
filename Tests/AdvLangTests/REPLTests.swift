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
        XCTAssertEqual(errors, ["unknown command :nope; try :help, :help NAME, :vars, :scripts, :time on, :quit"])
        XCTAssertFalse(output.contains("99"), ":quit stops reading")
    }

    func testTimingIsOffUntilTimeOn() {
        let (output, errors) = session(["1 + 1", ":time on", "2 + 2", ":time off", "3 + 3", ":time"])
        XCTAssertEqual(errors, [])
        XCTAssertEqual(output.count, 5, "\(output)")
        XCTAssertEqual(output[0], "2")
        XCTAssertEqual(output[1], "4")
        XCTAssertTrue(output[2].hasPrefix("(") && output[2].hasSuffix(" s)"), output[2])
        XCTAssertEqual(Array(output[3...]), ["6", "timing is off; :time on or :time off"])
    }

    func testScriptsListsTheBundledScripts() {
        var output: [String] = []
        let repl = REPL(
            session: Session(library: .standard(), output: { output.append($0) }),
            reader: ScriptedLineReader([":scripts"]),
            write: { output.append($0) }, writeError: { output.append("error: " + $0) })
        repl.locator = ScriptLocator(environment: ["ADV_SCRIPTS": repositoryRoot.appendingPathComponent("Scripts").path]
        )
        repl.run()
        let lines = output.joined(separator: "\n").split(separator: "\n")
        XCTAssertTrue(
            lines.contains { $0.hasPrefix("table4 ") && $0.contains("Szegedy et al. 2014, Table 4: ") }, "\(lines)")
    }

    /// A terminal session: Ctrl-C (`.cancelled`) drops the open block or the typed line and the
    /// next prompt is `adv> `; Ctrl-D (`.end`) inside a block cancels it and the session goes
    /// on; Ctrl-D at `adv> ` ends it.
    func testControlCAndControlDCancelTheOpenEntry() {
        var output: [String] = []
        var errors: [String] = []
        let reader = ScriptedLineReader(interactive: [
            .line("x = 41"), .line("fn undone() {"), .line("  x = 0"), .cancelled, .line("x + 1"),
            .line("if true {"), .end, .line("print x"), .cancelled, .line("print undone"), .end, .line("print 99"),
        ])
        let repl = REPL(
            session: Session(library: .standard(), output: { output.append($0) }), reader: reader,
            write: { output.append($0) }, writeError: { errors.append($0) })
        repl.run()
        let printed = output.dropFirst()  // the banner
        XCTAssertEqual(printed, ["42", "41"])
        XCTAssertEqual(
            reader.prompts,
            ["adv> ", "adv> ", "...> ", "...> ", "adv> ", "adv> ", "...> ", "adv> ", "adv> ", "adv> ", "adv> "])
        XCTAssertEqual(errors.count, 1)
        XCTAssertTrue(errors.first?.hasPrefix("<repl>:1:7: error: unknown name 'undone'") ?? false, errors.first ?? "")
    }

    func testEndOfAPipeInsideABlockReportsIt() {
        let (output, errors) = session(["print 1", "if true {"])
        XCTAssertEqual(output, ["1"])
        XCTAssertEqual(errors.count, 1)
        XCTAssertTrue(errors.first?.hasPrefix("<repl>:1:10: error: ") ?? false, errors.first ?? "")
    }

    func testCompletionCandidates() {
        let session = Session(library: .standard())
        session.globals.values["softness"] = .number(1)
        let names = Completion.names(in: session)
        XCTAssertEqual(Completion.candidates("soft", names), ["softmax", "softmax_regression", "softness"])
        XCTAssertEqual(Completion.candidates("tra", names), ["train", "trainer", "transfer", "transpose"])
        XCTAssertEqual(Completion.candidates("br", names), ["break"])
        XCTAssertEqual(Completion.candidates("cont", names), ["continue"])
    }
}

/// Lines from a list: the REPL driven as a user would type. Interactive, it also takes Ctrl-C
/// (`.cancelled`) and Ctrl-D (`.end`) as a terminal gives them, and records the prompts.
final class ScriptedLineReader: LineReader {
    private var inputs: [LineInput]
    private(set) var prompts: [String] = []
    let isInteractive: Bool
    init(_ lines: [String]) {
        inputs = lines.map { .line($0) }
        isInteractive = false
    }
    init(interactive inputs: [LineInput]) {
        self.inputs = inputs
        isInteractive = true
    }
    func readLine(prompt: String) -> LineInput {
        prompts.append(prompt)
        return inputs.isEmpty ? .end : inputs.removeFirst()
    }
    func addHistory(_ entry: String) {}
}
