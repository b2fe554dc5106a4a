/// The direct children of syntax nodes, so a question about a whole tree (how tall it is,
/// whether it makes functions) is one short recursion instead of one switch over every kind.
extension Expr.Kind {
    /// The expressions directly inside this one (a function literal's body is not among them).
    var subexpressions: [Expr] {
        switch self {
        case .number, .string, .bool, .none, .name, .function: return []
        case .list(let elements): return elements
        case .record(let fields): return fields.map(\.value)
        case .unary(_, let e), .field(let e, _), .model(let e): return [e]
        case .binary(_, let a, let b), .logical(_, let a, let b), .range(let a, let b): return [a, b]
        case .call(let callee, let args): return [callee] + args.map(\.value)
        case .index(let base, let items): return [base] + items.flatMap(\.bounds)
        }
    }
}

extension IndexItem {
    /// The index, or the slice's bounds that are written.
    public var bounds: [Expr] {
        switch self {
        case .single(let e): return [e]
        case .slice(let a, let b, let c): return [a, b, c].compactMap { $0 }
        }
    }
}

extension Stmt.Kind {
    /// The expressions directly in this statement (not those of nested statements).
    var subexpressions: [Expr] {
        switch self {
        case .expression(let e), .model(let e): return [e]
        case .assign(_, let path, _, _, let value):
            var indices: [Expr] = []
            for case .index(let items, _) in path { indices += items.flatMap(\.bounds) }
            return indices + [value]
        case .if(let condition, _, _), .while(let condition, _): return [condition]
        case .for(_, let iterable, _): return [iterable]
        case .return(let value): return value.map { [$0] } ?? []
        case .print(let values): return values
        case .train(let target, let data, let clauses):
            return (target.map { [$0] } ?? []) + [data] + clauses.flatMap(\.values)
        case .expect(let actual, let approx): return [actual] + (approx.map { [$0.expected, $0.tolerance] } ?? [])
        case .function, .block, .load, .break, .continue: return []
        }
    }

    /// The statement lists directly inside this statement (a function declaration's body is not
    /// among them).
    var bodies: [[Stmt]] {
        switch self {
        case .if(_, let then, let otherwise): return [then] + (otherwise.map { [$0] } ?? [])
        case .for(_, _, let body), .while(_, let body), .block(let body): return [body]
        default: return []
        }
    }
}

extension Expr {
    /// Whether evaluating this expression can make a function: it holds a function literal.
    var makesFunctions: Bool {
        if case .function = kind { return true }
        return kind.subexpressions.contains { $0.makesFunctions }
    }
}

extension Stmt {
    /// Whether running `body` can make a function: it holds a function literal or declaration
    /// (outside nested functions, whose own bodies run only when called).
    static func makesFunctions(_ body: [Stmt]) -> Bool {
        body.contains { statement in
            if case .function = statement.kind { return true }
            return statement.kind.subexpressions.contains { $0.makesFunctions }
                || statement.kind.bodies.contains { makesFunctions($0) }
        }
    }
}
