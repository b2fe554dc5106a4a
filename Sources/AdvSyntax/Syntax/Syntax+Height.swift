/// The height of a syntax tree: how many levels a recursive walk (the resolver, the
/// interpreter) goes down through it. The parser refuses an expression taller than
/// `Parser.maximumHeight`, so a long flat chain such as `1+1+...+1` or `f()()...()`, which
/// never nests the parser itself, cannot overflow the stack of the passes that walk the tree.
/// Heights are computed once, bottom-up, as each node is made.
extension Expr.Kind {
    var height: Int {
        switch self {
        case .number, .string, .bool, .none, .name: return 1
        case .list(let elements): return 1 + elements.maximumHeight
        case .record(let fields): return 1 + fields.map(\.value).maximumHeight
        case .unary(_, let e), .field(let e, _), .model(let e): return 1 + e.height
        case .binary(_, let a, let b), .logical(_, let a, let b), .range(let a, let b):
            return 1 + max(a.height, b.height)
        case .call(let callee, let args): return 1 + max(callee.height, args.map(\.value).maximumHeight)
        case .index(let base, let items):
            var bounds: [Expr] = []
            for item in items {
                switch item {
                case .single(let e): bounds.append(e)
                case .slice(let a, let b, let c): bounds += [a, b, c].compactMap { $0 }
                }
            }
            return 1 + max(base.height, bounds.maximumHeight)
        case .function(let decl): return 1 + decl.height
        }
    }
}

extension Stmt.Kind {
    var height: Int {
        switch self {
        case .expression(let e), .model(let e): return 1 + e.height
        case .assign(_, _, _, let value): return 1 + value.height
        case .if(let condition, let then, let otherwise):
            return 1 + max(condition.height, then.maximumHeight, (otherwise ?? []).maximumHeight)
        case .for(_, let e, let body), .while(let e, let body): return 1 + max(e.height, body.maximumHeight)
        case .function(let decl): return 1 + decl.height
        case .return(let value): return 1 + (value?.height ?? 0)
        case .print(let values): return 1 + values.maximumHeight
        case .block(let body): return 1 + body.maximumHeight
        case .load: return 1
        case .train(let target, let data, let clauses):
            return 1 + max(target?.height ?? 0, data.height, clauses.flatMap(\.values).maximumHeight)
        case .expect(let actual, let approx):
            return 1 + max(actual.height, approx?.expected.height ?? 0, approx?.tolerance.height ?? 0)
        }
    }
}

extension [Expr] {
    /// The tallest element's height, 0 when empty.
    var maximumHeight: Int { reduce(0) { Swift.max($0, $1.height) } }
}

extension [Stmt] {
    /// The tallest statement's height, 0 when empty.
    var maximumHeight: Int { reduce(0) { Swift.max($0, $1.height) } }
}
