import AdvLibrary
import AdvSyntax
import XCTest

@testable import AdvLang

/// Parser tests mark the expected error position with `¦` inside the source.
final class ParserTests: XCTestCase {
    private let clauseWords = BuiltinLibrary.standard().clauseWords

    private func parse(_ text: String, clauseWords: Set<String>? = nil) -> (program: [Stmt], errors: [Diagnostic]) {
        do throws(Diagnostics) {
            return (
                try Parser.parse(SourceFile(name: "t", text: text), clauseWords: clauseWords ?? self.clauseWords), []
            )
        } catch {
            return ([], error.all)
        }
    }

    /// Asserts `marked` fails to parse with one error at the `¦` and with `message`.
    private func assertError(_ marked: String, _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        let lines = marked.split(separator: "\n", omittingEmptySubsequences: false)
        guard let row = lines.firstIndex(where: { $0.contains("¦") }), let col = lines[row].firstIndex(of: "¦") else {
            return XCTFail("no marker", file: file, line: line)
        }
        let column = lines[row].distance(from: lines[row].startIndex, to: col) + 1
        let errors = parse(marked.replacingOccurrences(of: "¦", with: "")).errors
        XCTAssertEqual(errors.map(\.headline), ["\(row + 1):\(column): error: \(message)"], file: file, line: line)
    }

    private func expression(_ text: String) -> Expr? {
        guard case .expression(let e)? = parse(text).program.first?.kind else { return nil }
        return e
    }

    /// A fully parenthesized rendering of an expression, to check precedence.
    private func shape(_ e: Expr) -> String {
        switch e.kind {
        case .number(let n): return formatNumber(n)
        case .name(let n): return n
        case .binary(let op, let a, let b): return "(\(shape(a)) \(op.rawValue) \(shape(b)))"
        case .logical(let op, let a, let b): return "(\(shape(a)) \(op.rawValue) \(shape(b)))"
        case .unary(let op, let a): return "(\(op.rawValue) \(shape(a)))"
        case .range(let a, let b): return "(\(shape(a))..\(shape(b)))"
        case .call(let f, let args):
            return
                "\(shape(f))(\(args.map { ($0.label.map { $0 + ": " } ?? "") + shape($0.value) }.joined(separator: ", ")))"
        case .field(let a, let name): return "\(shape(a)).\(name)"
        default: return "?"
        }
    }

    func testPrecedence() throws {
        let cases = [
            "a or b and not c == d": "(a or (b and (not (c == d))))",
            "1 + 2 * 3 - 4": "((1 + (2 * 3)) - 4)",
            "a @ b * c": "((a @ b) * c)",
            "-2 ^ 2": "(- (2 ^ 2))",
            "2 ^ -1": "(2 ^ (- 1))",
            "2 ^ 3 ^ 2": "(2 ^ (3 ^ 2))",
            "0..n - 1": "(0..(n - 1))",
            "maxout(240, pieces: 5)": "maxout(240, pieces: 5)",
            "mnist.test.x": "mnist.test.x",
            "a < b + 1": "(a < (b + 1))",
        ]
        for (source, expected) in cases {
            XCTAssertEqual(try XCTUnwrap(expression(source), source).map(shape), expected, source)
        }
    }

    func testFieldStatements() throws {
        let program = parse(
            """
            load mnist
            model maxout(240)
            net = model maxout(240, pieces: 5)
            train net on mnist.train epochs 5 adversarial eps 0.25 alpha 0.5 validate mnist.test
            train on mnist.train noise sign eps 0.25
            expect error(mnist.test) ~ 0.894 within 0.06
            """
        ).program
        XCTAssertEqual(program.count, 6)
        guard case .train(let target, _, let clauses) = program[3].kind else { return XCTFail("not train") }
        XCTAssertNotNil(target)
        XCTAssertEqual(clauses.map(\.word), ["epochs", "adversarial", "eps", "alpha", "validate"])
        XCTAssertEqual(clauses.map(\.values.count), [1, 0, 1, 1, 1])
        guard case .train(nil, _, let clauses2) = program[4].kind else { return XCTFail("not train without target") }
        XCTAssertEqual(clauses2.map(\.word), ["noise", "sign", "eps"])
        guard case .expect(_, let approx) = program[5].kind else { return XCTFail("not expect") }
        XCTAssertNotNil(approx)
        guard case .assign(_, _, _, _, let value) = program[2].kind, case .model = value.kind else {
            return XCTFail("not model expr")
        }
    }

    func testClauseWordsComeFromTheLibrary() throws {
        let library = BuiltinLibrary.standard()
        library.registerClauseWords(["warmup"])
        let program = try Parser.parse(
            SourceFile(name: "t", text: "train on d warmup 3 epochs n"), clauseWords: library.clauseWords)
        guard case .train(_, _, let clauses) = program[0].kind else { return XCTFail("not train") }
        XCTAssertEqual(clauses.map(\.word), ["warmup", "epochs"])
        XCTAssertEqual(clauses.map(\.values.count), [1, 1], "a bare name that is not a clause word is an argument")
    }

    func testSlicesAndLiterals() {
        guard let e = expression("x[:, 2:5, ::-1, 1:]"), case .index(_, let items) = e.kind else {
            return XCTFail("no index")
        }
        XCTAssertEqual(items.count, 4)
        guard case .slice(nil, nil, nil) = items[0] else { return XCTFail("':' is a full slice") }
        guard case .slice(nil, nil, let step?) = items[2], case .unary = step.kind else { return XCTFail("::-1") }
        guard case .assign(_, _, _, _, let r)? = parse("r = {a: 1, train: 2}").program.first?.kind,
            case .record(let fields) = r.kind
        else { return XCTFail("record") }
        XCTAssertEqual(fields.map(\.name), ["a", "train"])
        guard let f = expression("fn(x) => x * 2"), case .function(let decl) = f.kind else { return XCTFail("lambda") }
        XCTAssertEqual(decl.parameters, ["x"])
    }

    func testErrorPositions() {
        assertError("x = 1 +¦* 2", "expected an expression, found '*'")
        assertError("f(1, 2¦", "expected ')' to close the arguments, found end of input")
        assertError("if x ¦print 1", "expected '{' to start a block, found 'print'")
        assertError("for i ¦of xs { }", "expected 'in' after 'for i', found name 'of'")
        assertError("x = [1, 2¦", "expected ']' to close the list, found end of input")
        assertError("x = [1, 2¦\n\n", "expected ']' to close the list, found end of input")
        assertError("fn f() {\n  x = 1¦\n", "expected '}' to close the block, found end of input")
        assertError("a = 1\nb = 2 ¦3", "expected end of line after the statement, found number 3")
        assertError(
            "train mnist.train ¦epochs 5", "expected 'on' and the training data in 'train', found name 'epochs'")
        assertError("expect a ~ b ¦0.1", "expected 'within' and a tolerance after 'expect A ~ B', found number 0.1")
        assertError("x.¦1 = 2", "expected a name of a field after '.', found number 1")
    }

    func testRecoveryGivesOneErrorPerBadStatement() {
        let errors = parse("a = (1 +\n]\nb = 2\nc = * 3\nd = 4\n}\ne = 5").errors
        XCTAssertEqual(errors.map { $0.range?.start.line }, [2, 4, 6])
    }

    func testEndOfInputErrorsAskForMoreInput() {
        XCTAssertTrue(Diagnostics(parse("fn f(x) {\n  x + ").errors).isAtEndOfInput)
        XCTAssertTrue(Diagnostics(parse("print [1,").errors).isAtEndOfInput)
        XCTAssertFalse(Diagnostics(parse("print ]").errors).isAtEndOfInput)
    }

    func testDeepNestingIsAnErrorNotACrash() {
        let source = String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
        let errors = withLargeStack { self.parse(source).errors }
        XCTAssertEqual(errors.first?.id, .tooDeep)
    }

    func testLongFlatChainsAreAnErrorAtTheLinkPastTheLimit() {
        let message = "expression nested too deeply (more than 1000 levels); split it with intermediate variables"
        // 1000 operands make a tree 1000 levels high: accepted; the 1000th operator goes past it.
        XCTAssertEqual(parse("x = 1" + String(repeating: "+1", count: 999)).errors.count, 0)
        assertError("x = 1" + String(repeating: "+1", count: 999) + "¦+1", message)
        assertError(
            "x = 1" + String(repeating: "*2", count: 999) + "¦*2" + String(repeating: "*2", count: 5000), message)
        assertError("x = a" + String(repeating: " and b", count: 999) + " ¦and b", message)
        assertError(
            "x = f" + String(repeating: "()", count: 999) + "¦()" + String(repeating: "()", count: 5000), message)
        assertError("x = l" + String(repeating: "[0]", count: 999) + "¦[0]", message)
        assertError("x = r" + String(repeating: ".a", count: 999) + "¦.a", message)
    }

    func testLongElseIfChainIsAnError() {
        let links = (1...1000).map { " else if x == \($0) { print \($0) }" }.joined()
        XCTAssertEqual(parse("if x == 0 { print 0 }" + links).errors.count, 0)
        assertError(
            "if x == 0 { print 0 }" + links + " else ¦if x == 1001 { print 1001 }",
            "too many 'else if's in one chain (more than 1000); use a loop or a list")
    }

    func testManyNamesAreCollectedAndFoundInLinearTime() {
        // 40,000 distinct locals: quadratic collection or lookup took tens of seconds here.
        let names = (0..<40_000).map { "v\($0)" }
        let source =
            "fn f(p) {\n" + names.map { "  \($0) = p" }.joined(separator: "\n") + "\n  v0 = 1\n  v39999\n}\nprint f(7)"
        let start = Date()
        XCTAssertEqual(runProgram(source).output, ["7"])
        XCTAssertLessThan(Date().timeIntervalSince(start), 20)
        guard case .function(let decl)? = parse(source).program.first?.kind else { return XCTFail("no function") }
        XCTAssertEqual(decl.locals.map(\.name), ["p"] + names)
    }

    func testTheSyntaxKnowsNoClauseWordsOfItsOwn() {
        XCTAssertNotNil(parse("train on d epochs 3", clauseWords: []).errors.first, "without the library, no clauses")
        XCTAssertNil(parse("train on d epochs 3").errors.first)
    }
}
