import AdvLibrary
import AdvSyntax
import XCTest

@testable import AdvLang

/// 10,000 random and mutated programs through the in-process interpreter with a step budget:
/// every one must end in a value or in diagnostics with valid positions — never a crash or hang.
final class FuzzTests: XCTestCase {
    /// splitmix64: a tiny seeded generator, so failures reproduce.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    }

    static let vocabulary = [
        "x", "y", "f", "g", "xs", "r", "0", "1", "2", "3", "0.5", "-1", "\"s\"", "true", "false", "none",
        "+", "-", "*", "/", "%", "^", "@", "==", "<", ">=", "and", "or", "not", "..", "=", "=>", ",", ".", ":",
        "(", ")", "[", "]", "{", "}", "\n", ";", "if", "else", "for", "in", "while", "fn", "return", "print",
        "load", "model", "train", "on", "epochs", "expect", "~", "within", "sum", "len", "grad", "softmax",
        "zeros", "shape", "reshape", "transpose", "randn", "seed:", "axis:", "str", "range", "a", "b",
    ]

    /// A random expression of bounded depth, mostly well-formed.
    static func expression(_ rng: inout Random, depth: Int) -> String {
        if depth == 0 {
            return rng.pick([
                "x", "y", "1", "2", "0.5", "[1, 2]", "[[1, 2], [3, 4]]", "\"s\"", "xs", "r.a", "none", "true",
            ])
        }
        let a = expression(&rng, depth: depth - 1)
        let b = expression(&rng, depth: depth - 1)
        switch rng.below(12) {
        case 0: return "(\(a) \(rng.pick(["+", "-", "*", "/", "%", "^", "@"])) \(b))"
        case 1:
            return
                "\(rng.pick(["sum", "mean", "max", "exp", "sign", "len", "str", "shape", "softmax", "transpose", "relu"]))(\(a))"
        case 2: return "[\(a), \(b)]"
        case 3: return "{a: \(a), b: \(b)}"
        case 4: return "\(a)[\(rng.pick(["0", "-1", ":", "1:", "::-1", "0, 1", ":, 0"]))]"
        case 5: return "f(\(a))"
        case 6: return "(fn(v) => v * \(a))(\(b))"
        case 7: return "grad(fn(v) => sum(v * v), \(a))"
        case 8: return "\(a) \(rng.pick(["==", "<", ">=", "and", "or"])) \(b)"
        case 9: return "reshape(\(a), [-1])"
        case 10: return "0..\(rng.below(5))"
        default: return "-\(a)"
        }
    }

    static func program(_ rng: inout Random) -> String {
        var lines = [
            "x = [1, 2, 3]", "y = 2", "xs = [\"a\", 1]", "r = {a: 1}",
            "fn f(v) { if len(str(v)) > 50 { return v }; f(v) }",
        ]
        for _ in 0..<(1 + rng.below(6)) {
            let e = expression(&rng, depth: rng.below(4))
            switch rng.below(7) {
            case 0: lines.append("x = \(e)")
            case 1: lines.append("print \(e)")
            case 2: lines.append("if \(e) { y = \(expression(&rng, depth: 1)) } else { print y }")
            case 3: lines.append("for i in \(e) { y = y + 1 }")
            case 4: lines.append("while y < 10 { y = y + \(expression(&rng, depth: 1)) }")
            case 5: lines.append("expect \(e) ~ 1 within 0.5")
            default: lines.append(e)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Token-level mutations of a program: delete, duplicate, swap, or replace tokens.
    static func mutate(_ source: String, _ rng: inout Random) -> String {
        var tokens = Lexer.tokenize(SourceFile(name: "m", text: source)).tokens.dropLast().map { t -> String in
            if case .newline = t.kind { return "\n" }
            return t.range.text
        }
        for _ in 0..<(1 + rng.below(4)) where !tokens.isEmpty {
            let i = rng.below(tokens.count)
            switch rng.below(4) {
            case 0: tokens.remove(at: i)
            case 1: tokens.insert(tokens[i], at: i)
            case 2: tokens.swapAt(i, rng.below(tokens.count))
            default: tokens[i] = rng.pick(vocabulary)
            }
        }
        return tokens.joined(separator: " ")
    }

    func testRandomAndMutatedProgramsEndInAValueOrADiagnostic() throws {
        let folder = try XCTUnwrap(Bundle.module.url(forResource: "Golden", withExtension: nil))
        let golden = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "adv" }.sorted { $0.path < $1.path }
            .map { try String(contentsOf: $0, encoding: .utf8) }
        XCTAssertFalse(golden.isEmpty)
        let library = BuiltinLibrary.standard()
        let total = 10_000
        let (values, failures, problems) = withLargeStack { () -> (Int, Int, [String]) in
            var rng = Random(state: 20_150_320)
            var values = 0
            var failures = 0
            var problems: [String] = []
            for n in 0..<total {
                let source: String
                switch n % 3 {
                case 0: source = FuzzTests.program(&rng)
                case 1: source = FuzzTests.mutate(rng.pick(golden), &rng)
                default:
                    source = (0..<(1 + rng.below(30))).map { _ in rng.pick(FuzzTests.vocabulary) }.joined(
                        separator: " ")
                }
                let session = Session(library: library, output: { _ in })
                session.stepLimit = 2_000
                session.callDepthLimit = 100
                do throws(Diagnostics) {
                    try session.run(SourceFile(name: "fuzz\(n)", text: source))
                    values += 1
                } catch {
                    failures += 1
                    let lineCount = source.split(separator: "\n", omittingEmptySubsequences: false).count
                    for d in error.all {
                        if d.message.isEmpty || d.rendered.isEmpty { problems.append("program \(n): empty diagnostic") }
                        if let r = d.range, r.file.name == "fuzz\(n)", !(1...lineCount).contains(r.start.line) {
                            problems.append("program \(n): line \(r.start.line) outside 1...\(lineCount)")
                        }
                    }
                }
            }
            return (values, failures, problems)
        }
        XCTAssertEqual(values + failures, total)
        XCTAssertGreaterThan(values, 300, "the generator should produce many valid programs")
        XCTAssertGreaterThan(failures, 500, "and many invalid ones")
        XCTAssertEqual(problems, [])
    }
}
