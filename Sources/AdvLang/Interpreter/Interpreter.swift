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

    /// How a statement finished: normally, by `break` or `continue` (up to the innermost loop),
    /// or by `return` (carrying the value up to the call).
    enum Flow {
        case normal
        case broke
        case continued
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
            let flow = try execute(body[i])
            if case .normal = flow { continue }
            return flow
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
        case .assign(let name, let path, let combining, let target, let value):
            try assign(
                try evaluate(value), combining: combining, to: statement.symbol ?? Symbol(name), path, at: target)
        case .if(let condition, let then, let otherwise):
            if try truth(condition, "if") {
                return try execute(then)
            } else if let otherwise {
                return try execute(otherwise)
            }
        case .for(let name, let iterable, let body):
            let symbol = statement.symbol ?? Symbol(name)
            let ownScopes = statement.bodyMakesFunctions
            if case .range(let low, let high) = iterable.kind {
                for i in try rangeBounds(low, high, at: iterable.range) {
                    let flow = try iteration(symbol, .number(Double(i)), body, ownScope: ownScopes)
                    if case .returned = flow { return flow }
                    if case .broke = flow { break }
                    try tick(statement.range)
                }
                return .normal
            }
            let sequence = try evaluate(iterable)
            let count = try length(of: sequence, at: iterable.range, "for")
            for i in 0..<count {
                let flow = try iteration(
                    symbol, try element(i, of: sequence, at: iterable.range), body, ownScope: ownScopes)
                if case .returned = flow { return flow }
                if case .broke = flow { break }
                try tick(statement.range)
            }
        case .while(let condition, let body):
            while try truth(condition, "while") {
                let flow = try execute(body)
                if case .returned = flow { return flow }
                if case .broke = flow { break }
                try tick(statement.range)
            }
        case .break:
            return .broke
        case .continue:
            return .continued
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

    /// One iteration of a `for` loop: the loop variable set to `value`, then the body. When the
    /// body makes functions, the iteration runs in a scope of its own holding the variable, so
    /// each function made keeps its iteration's value (`fn() => i` made in `for i in 0..5` gives
    /// 0, 1, ..., 4), as in most newer languages; the variable is also assigned where it lives,
    /// so after the loop it holds the last value either way.
    private func iteration(_ symbol: Symbol, _ value: Value, _ body: [Stmt], ownScope: Bool) throws(Diagnostic) -> Flow
    {
        environment.assign(symbol, value)
        guard ownScope else { return try execute(body) }
        let enclosing = environment
        environment = Environment(loopVariable: symbol, value: value, parent: enclosing)
        defer { environment = enclosing }
        return try execute(body)
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

    /// `x = v`, `x += v`, `x.f[i] = v`, `x[i] *= v`: the variable, or the part of it `path` names,
    /// set to `v` or combined with it by `combining`. Index expressions are evaluated first,
    /// left to right (after `v`), so they see the variable as it was; then it changes in place.
    private func assign(
        _ v: Value, combining op: BinaryOperator?, to symbol: Symbol, _ path: [AssignmentStep], at target: SourceRange
    ) throws(Diagnostic) {
        if path.isEmpty, op == nil {
            environment.assign(symbol, v)
            return
        }
        var indices: [[IndexValue]] = []
        for case .index(let items, _) in path {
            var values: [IndexValue] = []
            for item in items { values.append(try indexValue(item)) }
            indices.append(values)
        }
        try environment.modify(symbol) { (variable: inout Value?) throws(Diagnostic) in
            guard var value = variable else { throw unknownName(symbol.name, at: target) }
            // NOTE: the slot lets go of the value while it changes, so its storage is not shared.
            variable = nil
            defer { variable = value }
            try change(&value, path[...], indices[...], to: v, combining: op, at: target)
        }
    }

    /// Sets the part of `value` that `path` names to `v` (combined with the part's value by `op`).
    /// `indices` holds the evaluated items of the path's index steps, in order. On an error,
    /// `value` is as it was.
    private func change(
        _ value: inout Value, _ path: ArraySlice<AssignmentStep>, _ indices: ArraySlice<[IndexValue]>, to v: Value,
        combining op: BinaryOperator?, at range: SourceRange
    ) throws(Diagnostic) {
        guard let step = path.first else {
            guard let op else {
                value = v
                return
            }
            let old = value
            value = try attempt(at: range) { try Operators.apply(op, old, v) }
            return
        }
        switch step {
        case .field(let name):
            guard case .record(var record) = value else {
                throw Diagnostic(
                    .type,
                    "cannot set field '\(name)' of a \(value.typeDescription); only records have settable fields",
                    at: range, phase: .runtime)
            }
            value = .none
            defer { value = .record(record) }
            // A missing field is made by assigning it (an empty record when the path goes on),
            // but `r.f += v` needs an `f` to add to.
            if op != nil, path.count == 1, record[name] == nil {
                throw Diagnostic(.type, "record has no field '\(name)' to update", at: range, phase: .runtime)
            }
            try record.modify(name, absent: .record(Record())) { (field: inout Value) throws(Diagnostic) in
                try change(&field, path.dropFirst(), indices, to: v, combining: op, at: range)
            }
        case .index(_, let stepRange):
            guard let items = indices.first else { return }
            let rest = path.dropFirst()
            var part = v
            if !rest.isEmpty || op != nil {
                let whole = value
                part = try attempt(at: stepRange) { try Indexing.subscripted(whole, items) }
                try change(&part, rest, indices.dropFirst(), to: v, combining: op, at: range)
            }
            let newPart = part
            try attempt(at: stepRange) { try Indexing.assign(newPart, into: &value, at: items) }
        }
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
