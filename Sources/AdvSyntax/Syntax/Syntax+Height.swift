/// The height of a syntax tree: how many levels a recursive walk (the resolver, the
/// interpreter) goes down through it. The parser refuses an expression taller than
/// `Parser.maximumHeight`, so a long flat chain such as `1+1+...+1` or `f()()...()`, which
/// never nests the parser itself, cannot overflow the stack of the passes that walk the tree.
/// Heights are computed once, bottom-up, as each node is made.
extension Expr.Kind {
    var height: Int {
        if case .function(let decl) = self { return 1 + decl.height }
        return 1 + subexpressions.maximumHeight
    }
}

extension Stmt.Kind {
    var height: Int {
        if case .function(let decl) = self { return 1 + decl.height }
        return 1 + max(subexpressions.maximumHeight, bodies.map(\.maximumHeight).max() ?? 0)
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
