import AdvSyntax

/// The static pass between parsing and evaluation: every name must refer to a variable of an
/// enclosing scope, a global, or a built-in; `return` must be inside a function, `break` and
/// `continue` inside a loop (of the same function); parameters must be distinct. Unknown names get the nearest known name as a suggestion.
///
/// Scopes follow the interpreter: a function's locals are its parameters and every name it
/// assigns (anywhere in its body, blocks included); the top level's are every name it assigns.
/// Order is not checked here — a use before the assignment is a runtime error.
struct Resolver {
    private var scopes: [Set<String>]
    private var problems: [Diagnostic] = []
    private var functionDepth = 0
    /// Loops around the statement being resolved, inside the innermost function.
    private var loopDepth = 0

    /// `known`: globals of the session so far and the built-ins.
    init(known: Set<String>) { scopes = [known] }

    mutating func resolveProgram(_ program: [Stmt]) -> [Diagnostic] {
        scopes[0].formUnion(Stmt.boundNames(in: program))
        for statement in program { resolveStatement(statement) }
        return problems
    }

    private var visible: Set<String> { scopes.reduce(into: Set()) { $0.formUnion($1) } }

    private mutating func reference(_ name: String, at range: SourceRange) {
        guard !scopes.contains(where: { $0.contains(name) }) else { return }
        var message = "unknown name '\(name)'"
        if let near = nearestName(to: name, among: visible) { message += "; did you mean '\(near)'?" }
        problems.append(Diagnostic(.unknownName, message, at: range))
    }

    private mutating func resolveBody(_ body: [Stmt]) {
        for statement in body { resolveStatement(statement) }
    }

    private mutating func resolveStatement(_ statement: Stmt) {
        switch statement.kind {
        case .expression(let e), .model(let e): resolveExpr(e)
        case .assign(let name, let path, let combining, let target, let value):
            if !path.isEmpty || combining != nil { reference(name, at: target) }
            for case .index(let items, _) in path {
                for item in items { for bound in item.bounds { resolveExpr(bound) } }
            }
            resolveExpr(value)
        case .if(let condition, let then, let otherwise):
            resolveExpr(condition)
            resolveBody(then)
            if let otherwise { resolveBody(otherwise) }
        case .for(_, let iterable, let body):
            resolveExpr(iterable)
            resolveLoop(body)
        case .while(let condition, let body):
            resolveExpr(condition)
            resolveLoop(body)
        case .break, .continue:
            if loopDepth == 0 {
                let word = if case .break = statement.kind { "break" } else { "continue" }
                problems.append(Diagnostic(.loopControlOutsideLoop, "'\(word)' outside a loop", at: statement.range))
            }
        case .function(let decl): resolveFunction(decl)
        case .return(let value):
            if functionDepth == 0 {
                problems.append(Diagnostic(.returnOutsideFunction, "'return' outside a function", at: statement.range))
            }
            if let value { resolveExpr(value) }
        case .print(let values): for value in values { resolveExpr(value) }
        case .block(let body): resolveBody(body)
        case .load: break
        case .train(let target, let data, let clauses):
            if let target { resolveExpr(target) }
            resolveExpr(data)
            for clause in clauses { for value in clause.values { resolveExpr(value) } }
        case .expect(let actual, let approx):
            resolveExpr(actual)
            if let (expected, tolerance) = approx {
                resolveExpr(expected)
                resolveExpr(tolerance)
            }
        }
    }

    private mutating func resolveLoop(_ body: [Stmt]) {
        loopDepth += 1
        resolveBody(body)
        loopDepth -= 1
    }

    private mutating func resolveFunction(_ decl: FunctionDecl) {
        var seen = Set<String>()
        for (name, range) in zip(decl.parameters, decl.parameterRanges) where !seen.insert(name).inserted {
            problems.append(Diagnostic(.duplicateParameter, "parameter '\(name)' appears twice", at: range))
        }
        scopes.append(seen.union(Stmt.boundNames(in: decl.body)))
        // A loop around the function's definition is not a loop around its body.
        let enclosingLoops = loopDepth
        loopDepth = 0
        functionDepth += 1
        resolveBody(decl.body)
        functionDepth -= 1
        loopDepth = enclosingLoops
        scopes.removeLast()
    }

    private mutating func resolveExpr(_ expr: Expr) {
        switch expr.kind {
        case .number, .string, .bool, .none: break
        case .name(let name): reference(name, at: expr.range)
        case .list(let items): for item in items { resolveExpr(item) }
        case .record(let fields): for field in fields { resolveExpr(field.value) }
        case .unary(_, let e), .field(let e, _), .model(let e): resolveExpr(e)
        case .binary(_, let a, let b), .logical(_, let a, let b), .range(let a, let b):
            resolveExpr(a)
            resolveExpr(b)
        case .call(let callee, let args):
            resolveExpr(callee)
            for arg in args { resolveExpr(arg.value) }
        case .index(let base, let items):
            resolveExpr(base)
            for item in items { for bound in item.bounds { resolveExpr(bound) } }
        case .function(let decl): resolveFunction(decl)
        }
    }
}
