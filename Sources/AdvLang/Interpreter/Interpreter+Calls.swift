import AdvSyntax

extension Interpreter {
    /// `f(a, b, name: c)`: evaluates the callee and arguments, then calls.
    func call(_ callee: Expr, _ args: [Argument], at range: SourceRange) throws(Diagnostic) -> Value {
        let function = try evaluate(callee)
        if case .function(let closure) = function, let scope = try directArguments(closure, args) {
            return try enter(closure, scope, at: range)
        }
        var positional: [Value] = []
        var named: [(label: String, value: Value)] = []
        for arg in args {
            let v = try evaluate(arg.value)
            if let label = arg.label { named.append((label, v)) } else { positional.append(v) }
        }
        return try call(function, positional, named, at: range)
    }

    /// Calls a function value: a built-in gets `Arguments`; a closure gets a new scope whose
    /// parent is its defining scope. The call depth is limited (an error, not a stack overflow),
    /// and an error inside a closure gains a trace frame naming it and this call site.
    func call(
        _ function: Value, _ positional: [Value], _ named: [(label: String, value: Value)] = [],
        at range: SourceRange
    ) throws(Diagnostic) -> Value {
        switch function {
        case .builtin(let builtin):
            var args = Arguments(callee: builtin.name, positional: positional, named: named)
            args.signature = builtin.signature
            let saved = session.active
            session.active = (self, range)
            defer { session.active = saved }
            return try attempt(at: range) { try builtin.body(args, session) }
        case .function(let closure):
            return try callClosure(closure, positional, named, at: range)
        default:
            throw Diagnostic(.type, "cannot call a \(function.typeDescription)", at: range, phase: .runtime)
        }
    }

    private func callClosure(
        _ closure: Closure, _ positional: [Value], _ named: [(label: String, value: Value)],
        at range: SourceRange
    ) throws(Diagnostic) -> Value {
        let decl = closure.decl
        let scope = Environment(locals: decl.locals, slots: decl.localPositions, parent: closure.environment)
        guard positional.count <= decl.parameters.count else {
            throw Diagnostic(
                .arguments,
                "\(closure.name): expected \(decl.parameters.count) argument\(decl.parameters.count == 1 ? "" : "s"), got \(positional.count)",
                at: range, phase: .runtime)
        }
        for (symbol, v) in zip(decl.parameterSymbols, positional) { scope.define(symbol, v) }
        for (label, v) in named {
            guard decl.parameters.contains(label) else {
                var message = "\(closure.name): no parameter named '\(label)'"
                if let near = nearestName(to: label, among: decl.parameters) { message += "; did you mean '\(near)'?" }
                throw Diagnostic(.arguments, message, at: range, phase: .runtime)
            }
            let symbol = Symbol(label)
            guard !scope.isAssigned(symbol) else {
                throw Diagnostic(
                    .arguments, "\(closure.name): argument '\(label)' is given twice", at: range, phase: .runtime)
            }
            scope.define(symbol, v)
        }
        if positional.count < decl.parameters.count || !named.isEmpty,
            let missing = decl.parameters.first(where: { !scope.isAssigned(Symbol($0)) })
        {
            throw Diagnostic(.arguments, "\(closure.name): missing argument '\(missing)'", at: range, phase: .runtime)
        }
        return try enter(closure, scope, at: range)
    }

    /// The common call `f(a, b)` of a closure with exactly its parameters' count of positional
    /// arguments: each argument's value goes straight into the new scope's slot, without the
    /// intermediate arrays. Nil (nothing evaluated) for any other call, which takes the general
    /// path and its messages.
    private func directArguments(_ closure: Closure, _ args: [Argument]) throws(Diagnostic) -> Environment? {
        let decl = closure.decl
        guard args.count == decl.parameterSymbols.count else { return nil }
        guard !args.contains(where: { $0.label != nil }) else { return nil }
        let scope = Environment(locals: decl.locals, slots: decl.localPositions, parent: closure.environment)
        for i in args.indices { scope.define(decl.parameterSymbols[i], try evaluate(args[i].value)) }
        return scope
    }

    /// Runs `closure`'s body in `scope` (its arguments bound): checks the call depth and the
    /// stack, makes the scope current, and adds this call to the trace of an error leaving the body.
    private func enter(_ closure: Closure, _ scope: Environment, at range: SourceRange) throws(Diagnostic) -> Value {
        guard callDepth < session.callDepthLimit else {
            throw Diagnostic(
                .callDepth, "call depth exceeded \(session.callDepthLimit) (runaway recursion in \(closure.name)?)",
                at: range, phase: .runtime)
        }
        guard stack.hasRoom else {
            throw Diagnostic(
                .callDepth,
                "call depth exceeded: the stack is nearly full after \(callDepth) nested calls (runaway recursion in \(closure.name)?)",
                at: range, phase: .runtime)
        }
        callDepth += 1
        let saved = environment
        environment = scope
        defer {
            environment = saved
            callDepth -= 1
        }
        do {
            return try body(closure.decl)
        } catch var d {
            if let last = d.trace.last, last.function == closure.name, last.callSite.start == range.start,
                last.callSite.file === range.file
            {
                d.trace[d.trace.count - 1].repeats += 1
            } else if d.trace.count < 20 {
                d.trace.append(.init(function: closure.name, callSite: range))
            }
            throw d
        }
    }

    /// A function body's result: a `return`'s value, else the last statement's value when it
    /// is an expression (`fn(x) { x * 2 }`), else none.
    private func body(_ decl: FunctionDecl) throws(Diagnostic) -> Value {
        // NOTE: by index, so each statement is borrowed from the array rather than copied, and
        // only a body known to end with an expression has its last statement unpacked here.
        let statements = decl.body
        for i in statements.indices {
            if decl.endsWithExpression, i == statements.count - 1, case .expression(let e) = statements[i].kind {
                try tick(statements[i].range)
                return try evaluate(e)
            }
            if case .returned(let v) = try execute(statements[i]) { return v }
        }
        return .none
    }
}
