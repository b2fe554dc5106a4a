import AdvLibrary
import AdvSyntax
import XCTest

@testable import AdvLang

/// The seam the AdvNN bindings plug into: new built-ins, domain values, and the field's
/// statements (load, model, train) reaching the registry.
final class RegistryTests: XCTestCase {
    final class FakeModel: DomainValue {
        let units: Int
        var trainedWith: [String] = []
        init(units: Int) { self.units = units }
        var typeName: String { "model" }
        var description: String { "maxout(\(units))" }
        func member(_ name: String) throws -> Value? { name == "units" ? .number(Double(units)) : nil }
        var memberNames: [String] { ["units"] }
    }

    final class FakeExamples: DomainValue {
        let labels: [Int]
        init(_ labels: [Int]) { self.labels = labels }
        var typeName: String { "examples" }
        var description: String { "examples (\(labels.count))" }
        func member(_ name: String) throws -> Value? {
            switch name {
            case "count": return .number(Double(labels.count))
            case "labels": return .list(labels.map { .number(Double($0)) })
            default: return nil
            }
        }
        var memberNames: [String] { ["count", "labels"] }
        var length: Int? { labels.count }
        func subscripted(_ items: [IndexValue]) throws -> Value? {
            switch items.first {
            case .index(let i)?:
                guard labels.indices.contains(i) else { throw RuntimeError("examples: index \(i) out of range") }
                return .number(Double(labels[i]))
            case .slice(let start, let end, _)?:
                return .object(FakeExamples(Array(labels[(start ?? 0)..<min(end ?? labels.count, labels.count)])))
            case nil: return nil
            }
        }
    }

    private func library(_ log: @escaping (String) -> Void) -> BuiltinLibrary {
        let library = BuiltinLibrary.standard()
        library.registerClauseWords(["warmup"])
        library.register("load", "load NAME", "Loads a fake set.") { args, _ in
            try args.check(1...1)
            return .object(FakeExamples(try args.string(0, "name") == "digits" ? [3, 7, 3] : []))
        }
        library.register("maxout", "maxout(units)", "A fake model.") { args, _ in
            try args.check(1...1, labels: ["pieces"])
            return .object(FakeModel(units: try args.int(0, "units")))
        }
        library.register("train", "train", "Records its clauses.") { args, _ in
            guard case .object(let m as FakeModel) = args.positional[0] else {
                throw RuntimeError("train: not a model")
            }
            let clauses = args.clauses.map { "\($0.word)(\($0.values.map(\.description).joined(separator: ",")))" }
            m.trainedWith.append(contentsOf: clauses)
            log("train \(m) on \(args.positional[1]): \(clauses.joined(separator: " "))")
            return .none
        }
        library.register("error", "error(set)", "Uses the current model.") { args, session in
            try args.check(1...1)
            guard let model = session.currentModel else { throw RuntimeError("error: no current model") }
            return .string("error of \(model) on \(try args.value(0, "set"))")
        }
        library.register("twice", "twice(f, x)", "Calls an adv function back.") { args, session in
            let f = try args.value(0, "f")
            return try session.call(f, [session.call(f, [try args.value(1, "x")])])
        }
        return library
    }

    func testFieldStatementsReachTheRegistry() {
        var lines: [String] = []
        let session = Session(library: library { lines.append($0) }, output: { lines.append($0) })
        let source = """
            load digits
            print digits, len(digits), digits.count, digits[1], digits[0:2]
            model maxout(240, pieces: 5)
            net = model maxout(10)
            train on digits epochs 2 adversarial eps 0.25 alpha 0.5
            rate = 0.1
            train net on digits[0:2] lr rate warmup 3
            print error(digits), net.units
            for e in digits { print e }
            print twice(fn(v) => v * 3, 2)
            """
        let diagnostics: Diagnostics? = withLargeStack {
            do throws(Diagnostics) {
                try session.run(source)
                return nil
            } catch { return error }
        }
        XCTAssertNil(diagnostics)
        XCTAssertEqual(
            lines,
            [
                "examples (3) 3 3 7 examples (2)",
                "train maxout(240) on examples (3): epochs(2) adversarial() eps(0.25) alpha(0.5)",
                "train maxout(10) on examples (2): lr(0.1) warmup(3)",
                "error of maxout(240) on examples (3) 10",
                "3", "7", "3",
                "18",
            ])
        guard case .object(let current as FakeModel)? = session.currentModel else { return XCTFail("no current model") }
        XCTAssertEqual(current.units, 240, "`net = model ...` does not change the current model")
    }

    func testDomainErrorsName() {
        let session = Session(library: library { _ in }, output: { _ in })
        do throws(Diagnostics) {
            try session.run("load digits\nprint digits.cuont")
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(
                error.all.map(\.headline), ["2:7: error: examples has no field 'cuont'; did you mean 'count'?"])
        }
        do throws(Diagnostics) {
            try session.run("maxout(1, piece: 2)")
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(
                error.all.map(\.headline),
                ["1:1: error: maxout: unknown named argument 'piece'; did you mean 'pieces'?"])
        }
    }

    func testEveryBuiltinIsDocumented() {
        let library = BuiltinLibrary.standard()
        for name in [
            "exp", "log", "sqrt", "abs", "sign", "clip", "min", "max", "pow", "sigmoid", "relu", "tanh",
            "sum", "mean", "argmax", "logsumexp", "softmax", "shape", "reshape", "transpose", "concat",
            "stack", "len", "zeros", "ones", "randn", "rand", "grad", "range", "print", "str", "time",
        ] {
            XCTAssertNotNil(library[name], name)
        }
        for builtin in library.entries.values {
            XCTAssertFalse(builtin.doc.isEmpty, builtin.name)
            XCTAssertTrue(builtin.signature.contains(builtin.name), builtin.name)
        }
    }

    /// Whether `statement` calls the built-in `name`: a call, or the statement that reaches it
    /// (`print a, b`, `load mnist`, `model net`, `train ... on ...`).
    private static func reaches(_ name: String, _ statement: Stmt) -> Bool {
        switch statement.kind {
        case .expression(let e):
            guard case .call(let callee, _) = e.kind, case .name(let called) = callee.kind else { return false }
            return called == name
        case .print: return name == "print"
        case .load: return name == "load"
        case .model: return name == "model"
        case .train: return name == "train"
        default: return false
        }
    }

    /// `:help NAME` shows the ways to call NAME, one a line, each a call that parses as adv, so
    /// it can be typed as shown.
    func testEverySignatureIsACallThatParses() {
        let library = BuiltinLibrary.standard()
        for builtin in library.entries.values.sorted(by: { $0.name < $1.name }) {
            for form in builtin.signature.split(separator: "\n").map(String.init) {
                let file = SourceFile(name: "<signature>", text: form)
                do throws(Diagnostics) {
                    let program = try Parser.parse(file, clauseWords: library.clauseWords)
                    guard program.count == 1, Self.reaches(builtin.name, program[0]) else {
                        XCTFail("\(builtin.name): '\(form)' is not one call of \(builtin.name)")
                        continue
                    }
                } catch {
                    XCTFail("\(builtin.name): '\(form)' does not parse: \(error.all.map(\.headline))")
                }
            }
        }
    }
}
