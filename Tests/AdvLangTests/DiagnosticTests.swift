import AdvData
import AdvLibrary
import AdvTensor
import Foundation
import XCTest

@testable import AdvLang
@testable import AdvNN
@testable import AdvSyntax

final class DiagnosticTests: XCTestCase {
    func testRenderedMatmulError() {
        let (_, diagnostics) = runProgram(
            "x = zeros([100, 784])\nw = zeros([10, 784])\nlogits = x @ w", name: "fig4.adv")
        XCTAssertEqual(
            diagnostics?.description,
            """
            fig4.adv:3:10: error: matmul: [100, 784] x [10, 784]: inner dimensions 784 and 10 differ
            3 | logits = x @ w
              |          ^^^^^
            """)
        XCTAssertEqual(diagnostics?.all.first?.phase, .runtime)
    }

    func testRenderedTraceAndNotes() {
        let source = "fn inner(x) { x @ [1, 2, 3] }\nfn outer(x) { inner(x) }\nouter([1, 2])"
        XCTAssertEqual(
            runProgram(source, name: "t.adv").diagnostics?.description,
            """
            t.adv:1:15: error: matmul: [2] x [3]: inner dimensions 2 and 3 differ
            1 | fn inner(x) { x @ [1, 2, 3] }
              |               ^^^^^^^^^^^^^
              in inner called at t.adv:2:15
              in outer called at t.adv:3:1
            """)
        XCTAssertEqual(
            runProgram("train on [1]", name: "t.adv").diagnostics?.description,
            """
            t.adv:1:1: error: train: no current model
            1 | train on [1]
              | ^^^^^^^^^^^^
            note: make one with `model maxout(240)`, or name it: `train net on mnist.train`
            """)
    }

    func testRecursionTraceIsCollapsed() {
        let d = runProgram("fn f(n) { f(n + 1) }\nf(0)", callDepthLimit: 50).diagnostics?.all.first
        XCTAssertEqual(d?.id, .callDepth)
        XCTAssertEqual(d?.trace.map(\.repeats), [49, 1])
    }

    func testRecursionUnderATallExpressionStopsBeforeTheStackRunsOut() {
        // Each call nests 990 levels of `+`, so the stack fills long before 1000 calls.
        let source =
            "fn f(n) { if n == 0 { return 0 }\n  (f(n - 1)" + String(repeating: " + 1", count: 990) + ")\n}\nf(900)"
        let diagnostics = runProgram(source).diagnostics
        XCTAssertEqual(diagnostics?.all.first?.id, .callDepth)
        XCTAssertTrue(diagnostics?.all.first?.message.contains("the stack is nearly full") ?? false)
    }

    func testOnlyBooleansAreConditions() {
        let cases = [
            ("if 0/0 { print 1 }", "1:4: error: if: the condition must be a boolean, got the number nan"),
            ("while 0/0 {}", "1:7: error: while: the condition must be a boolean, got the number nan"),
            ("if 2 { print 1 }", "1:4: error: if: the condition must be a boolean, got the number 2"),
            ("if none { print 1 }", "1:4: error: if: the condition must be a boolean, got none"),
            ("print not none", "1:11: error: not: the operand must be a boolean, got none"),
            ("expect none", "1:8: error: expect: the condition must be a boolean, got none"),
            ("print 1 and true", "1:7: error: and: the operand must be a boolean, got the number 1"),
            ("print false or 0", "1:16: error: or: the operand must be a boolean, got the number 0"),
            ("if [1] > 0 { print 1 }", "1:4: error: if: the condition must be a boolean, got tensor [1]"),
        ]
        for (source, headline) in cases {
            let (output, diagnostics) = runProgram(source)
            XCTAssertEqual(output, [], source)
            XCTAssertEqual(diagnostics?.all.map(\.headline) ?? [], [headline], source)
        }
        XCTAssertEqual(runProgram("print not (1 > 2), true and 1 < 2").output, ["true true"])
    }

    func testSyntaxErrorsAreReportedBeforeRunning() {
        let (output, diagnostics) = runProgram("print 1\nprint (2")
        XCTAssertEqual(output, [])
        XCTAssertEqual(diagnostics?.all.first?.phase, .syntax)
    }

    func testNearestName() {
        XCTAssertEqual(nearestName(to: "sofmax", among: ["softmax", "sum", "max"]), "softmax")
        XCTAssertNil(nearestName(to: "zzz", among: ["softmax"]))
        XCTAssertEqual(editDistance("kitten", "sitting"), 3)
    }

    func testStepBudgetAndInterrupt() {
        XCTAssertEqual(runProgram("while true { }", stepLimit: 1000).diagnostics?.all.first?.id, .stepBudget)
        Interrupt.raise()
        XCTAssertTrue(Interrupt.isRaised)
        // Session.run clears a stale flag before it starts.
        XCTAssertNil(runProgram("x = 1").diagnostics)
        Interrupt.clear()
    }
}

/// `Diagnostic.runtime`, the one place the numeric stack's errors become diagnostics: each kind of
/// error its catalog id and its own words.
final class ErrorCatalogTests: XCTestCase {
    func testEachKindOfErrorGetsItsId() throws {
        let file = SourceFile(name: "t.adv", text: "x")
        let range = SourceRange(
            file: file, start: SourceLocation(line: 1, column: 1, offset: 0),
            end: SourceLocation(line: 1, column: 2, offset: 1))
        let cases: [(any Error, DiagnosticID, String)] = [
            (RuntimeError("f: bad"), .builtin, "f: bad"),
            (TensorError(op: "matmul", message: "no"), .shape, "matmul: no"),
            (AttackError(op: "fgsm", message: "interrupted"), .attack, "fgsm: interrupted"),
            (DataError.malformed(file: "a.idx", message: "short"), .data, "a.idx: short"),
            (ModelFileError(path: "m.model", message: "not a model"), .modelFile, "m.model: not a model"),
        ]
        for (error, id, message) in cases {
            let diagnostic = Diagnostic.runtime(error, at: range, library: .standard())
            XCTAssertEqual(diagnostic.id, id, "\(error)")
            XCTAssertEqual(diagnostic.message, message)
            XCTAssertEqual(diagnostic.phase, .runtime)
        }
        let system = Diagnostic.runtime(CocoaError(.fileWriteNoPermission), at: range, library: .standard())
        XCTAssertEqual(system.id, .system)
        XCTAssertFalse(system.message.contains("Domain="), system.message)
    }
}
