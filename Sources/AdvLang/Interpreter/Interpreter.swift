import AdvSyntax
import AdvTensor

/// The tree-walking evaluator. Statements are in this file, expressions in
/// Interpreter+Expressions.swift, calls in Interpreter+Calls.swift, the field's statements
/// (load, model, train, expect) in Interpreter+Field.swift.
///
/// Every error leaving the interpreter is a `Diagnostic` with the range of the innermost
/// expression that failed and the call trace; errors from built-ins and tensor ops are wrapped
/// where they are called.
final class Interpreter {
    let session: Session
    // NOTE: no run-time exclusivity checks on the state every statement touches (see
    // Environment): one thread, and no access overlaps another.
    @exclusivity(unchecked) var environment: Environment
    @exclusivity(unchecked) var callDepth = 0
    /// Refuses a call when the stack is nearly full (see StackGuard).
    let stack = StackGuard()

    /// How a statement finished: normally, or by `return` (carrying the value up to the call).
    enum Flow {
        case normal
        case returned(Value)
    }

    init(session: Session) {
        self.session = session
        self.environment = session.globals
    }

    /// Runs a program; the value of its last statement if that is an expression.
    func run(_ program: [Stmt]) throws(Diagnostic) -> Value? {
        var last: Value?
        for statement in program {
            last = nil
            if case .expression(let e) = statement.kind {
                try tick(statement.range)
                last = try evaluate(e)
            } else {
                _ = try execute(statement)
            }
        }
        if case .none? = last { return nil }
        return last
    }

    /// Counts a step against the session's budget and polls Ctrl-C.
    /// `range` is only read when the step is refused (it is an autoclosure so the hot path does
    /// not copy it).
    @inline(__always)
    func tick(_ range: @autoclosure () -> SourceRange) throws(Diagnostic) {
        session.steps += 1
        if let limit = session.stepLimit, session.steps > limit {
            throw Diagnostic(.stepBudget, "step budget of \(limit) exceeded", at: range(), phase: .runtime)
        }
        if Interrupt.isRaised {
            throw Diagnostic(.interrupted, "interrupted", at: range(), phase: .runtime)
        }
    }

    func execute(_ body: [Stmt]) throws(Diagnostic) -> Flow {
        // NOTE: by index, so each statement is borrowed from the array rather than copied.
        for i in body.indices {
            if case .returned(let v) = try execute(body[i]) { return .returned(v) }
        }
        return .normal
    }

    func execute(_ statement: Stmt) throws(Diagnostic) -> Flow {
        try tick(statement.range)
        if let value = statement.assignedValue, let symbol = statement.symbol {
            environment.assign(symbol, try evaluate(value))
            return .normal
        }
        switch statement.kind {
        case .expression(let e):
            _ = try evaluate(e)
        case .assign(let name, let path, let target, let value):
            let v = try evaluate(value)
            let symbol = statement.symbol ?? Symbol(name)
            if path.isEmpty {
                environment.assign(symbol, v)
            } else {
                guard let base = environment.lookup(symbol) else { throw unknownName(name, at: target) }
                environment.assign(symbol, try setting(path[...], of: base, to: v, at: target))
            }
        case .if(let condition, let then, let otherwise):
            if try truth(condition, "if") {
                return try execute(then)
            } else if let otherwise {
                return try execute(otherwise)
            }
        case .for(let name, let iterable, let body):
            let symbol = statement.symbol ?? Symbol(name)
            if case .range(let low, let high) = iterable.kind {
                for i in try rangeBounds(low, high, at: iterable.range) {
                    environment.assign(symbol, .number(Double(i)))
                    if case .returned(let v) = try execute(body) { return .returned(v) }
                    try tick(statement.range)
                }
                return .normal
            }
            let sequence = try evaluate(iterable)
            let count = try length(of: sequence, at: iterable.range, "for")
            for i in 0..<count {
                environment.assign(symbol, try element(i, of: sequence, at: iterable.range))
                if case .returned(let v) = try execute(body) { return .returned(v) }
                try tick(statement.range)
            }
        case .while(let condition, let body):
            while try truth(condition, "while") {
                if case .returned(let v) = try execute(body) { return .returned(v) }
                try tick(statement.range)
            }
        case .function(let decl):
            let symbol = statement.symbol ?? Symbol(decl.name ?? "fn")
            environment.assign(symbol, .function(Closure(decl: decl, environment: environment)))
        case .return(let value):
            guard let value else { return .returned(.none) }
            return .returned(try evaluate(value))
        case .print(let values):
            var parts: [String] = []
            for e in values { parts.append(try evaluate(e).description) }
            session.output(parts.joined(separator: " "))
        case .block(let body):
            return try execute(body)
        case .load(let name):
            try load(name, at: statement.range)
        case .model(let e):
            session.currentModel = try model(e, at: statement.range)
        case .train(let target, let data, let clauses):
            try train(target, on: data, clauses, at: statement.range)
        case .expect(let actual, let approx):
            try expect(actual, approx, at: statement.range)
        }
        return .normal
    }

    /// A condition's truth. Only a boolean is a condition (`if`, `while`, `not`, `and`, `or`,
    /// `expect COND`): a number, none or a tensor is an error rather than a guess, since
    /// `if 0/0`, `if none` or `if x > 0` on a tensor would otherwise silently take one branch.
    func truth(_ e: Expr, _ context: String) throws(Diagnostic) -> Bool {
        try truth(of: try evaluate(e), at: e.range, context)
    }

    func truth(of v: Value, at range: SourceRange, _ context: String) throws(Diagnostic) -> Bool {
        guard case .bool(let b) = v else {
            let given = if case .number(let n) = v { "the number \(formatNumber(n))" } else { v.typeDescription }
            let what = ["not", "and", "or"].contains(context) ? "operand" : "condition"
            throw Diagnostic(
                .type, "\(context): the \(what) must be a boolean, got \(given)", at: range, phase: .runtime)
        }
        return b
    }

    /// `x.a.b = v` on a record value: the updated copy.
    private func setting(_ path: ArraySlice<String>, of base: Value, to v: Value, at range: SourceRange)
        throws(Diagnostic) -> Value
    {
        guard let field = path.first else { return v }
        guard case .record(var record) = base else {
            throw Diagnostic(
                .type, "cannot set field '\(field)' of a \(base.typeDescription); only records have settable fields",
                at: range, phase: .runtime)
        }
        record[field] = try setting(path.dropFirst(), of: record[field] ?? .record(Record()), to: v, at: range)
        return .record(record)
    }

    /// A name the resolver accepted (it is assigned somewhere) but that has no value yet.
    func unknownName(_ name: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.unknownName, "'\(name)' is used before it is assigned", at: range, phase: .runtime)
    }

    /// Wraps errors from built-ins and tensor ops as diagnostics at `range` (`Diagnostic.runtime`).
    func attempt<T>(at range: SourceRange, _ body: () throws -> T) throws(Diagnostic) -> T {
        do {
            return try body()
        } catch {
            throw Diagnostic.runtime(error, at: range, library: session.library)
        }
    }
}
