import AdvSyntax

/// The field's statements. Each reaches the built-in library through a fixed name, so the
/// machinery (AdvNN bindings) decides what they do:
/// - `load NAME` calls "load" with the string NAME and binds NAME to the result;
/// - `model EXPR` calls "model" with EXPR's value (it checks the value is a model) and makes the
///   result the session's current model; `model EXPR` inside an expression only checks;
/// - `train [TARGET] on DATA clause*` calls "train" with positional (model, data) and the
///   clauses in order (`Arguments.clauses`); TARGET defaults to the current model;
/// - `expect A ~ B within T` and `expect A` are evaluated here and recorded in the session.
extension Interpreter {
    private func callLibrary(_ name: String, _ args: Arguments, at range: SourceRange) throws(Diagnostic) -> Value {
        guard let builtin = session.library[name] else {
            throw Diagnostic(.builtin, "'\(name)' is not available in this build", at: range, phase: .runtime)
        }
        let saved = session.active
        session.active = (self, range)
        defer { session.active = saved }
        return try attempt(at: range) { try builtin.body(args, session) }
    }

    func load(_ name: String, at range: SourceRange) throws(Diagnostic) {
        let value = try callLibrary("load", Arguments(callee: "load", positional: [.string(name)]), at: range)
        environment.assign(Symbol(name), value)
    }

    func model(_ e: Expr, at range: SourceRange) throws(Diagnostic) -> Value {
        let value = try evaluate(e)
        return try callLibrary("model", Arguments(callee: "model", positional: [value]), at: range)
    }

    func train(_ target: Expr?, on data: Expr, _ clauses: [TrainClause], at range: SourceRange) throws(Diagnostic) {
        let model: Value
        if let target {
            model = try evaluate(target)
        } else if let current = session.currentModel {
            model = current
        } else {
            var d = Diagnostic(.builtin, "train: no current model", at: range, phase: .runtime)
            d.notes = ["make one with `model maxout(240)`, or name it: `train net on mnist.train`"]
            throw d
        }
        let examples = try evaluate(data)
        var evaluated: [(word: String, values: [Value])] = []
        for clause in clauses {
            var values: [Value] = []
            for e in clause.values { values.append(try evaluate(e)) }
            evaluated.append((clause.word, values))
        }
        _ = try callLibrary(
            "train", Arguments(callee: "train", positional: [model, examples], clauses: evaluated), at: range)
    }

    func expect(_ actual: Expr, _ approx: (expected: Expr, tolerance: Expr)?, at range: SourceRange) throws(Diagnostic)
    {
        let line = range.start.line
        guard let (expectedExpr, toleranceExpr) = approx else {
            let passed = try truth(actual, "expect")
            session.record(
                ExpectationResult(
                    line: line, passed: passed,
                    summary: "expect line \(line): \(actual.range.text): \(passed ? "ok" : "FAILED")"))
            return
        }
        func number(_ e: Expr, _ what: String) throws(Diagnostic) -> Double {
            let v = try evaluate(e)
            guard let n = v.asNumber else {
                throw Diagnostic(
                    .type, "expect: the \(what) must be a number, got \(v.typeDescription)", at: e.range,
                    phase: .runtime)
            }
            return n
        }
        let a = try number(actual, "value")
        let b = try number(expectedExpr, "expected value")
        let t = try number(toleranceExpr, "tolerance")
        let passed = Swift.abs(a - b) <= t
        let summary =
            "expect line \(line): \(formatNumber(a)) ~ \(formatNumber(b)) within \(formatNumber(t)): \(passed ? "ok" : "FAILED")"
        session.record(ExpectationResult(line: line, passed: passed, summary: summary))
    }
}
