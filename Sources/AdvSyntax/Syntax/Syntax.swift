/// The syntax tree. Expressions and statements are values with their source range; functions are
/// shared (`FunctionDecl` is a class) because every closure made from one points at it.

/// An expression and where it was written.
public struct Expr: Sendable {
    public enum Kind: Sendable {
        case number(Double)
        case string(String)
        case bool(Bool)
        case none
        case name(String)
        /// `[a, b, c]`: a tensor when every element is a number or tensor, otherwise a list.
        case list([Expr])
        /// `{a: 1, b: 2}`
        case record([(name: String, value: Expr)])
        /// `-x`, `not x`
        case unary(op: UnaryOperator, Expr)
        /// Arithmetic, `@`, comparisons: `+ - * / % ^ @ == != < <= > >=`.
        case binary(op: BinaryOperator, Expr, Expr)
        /// Short-circuit `and` / `or`.
        case logical(op: LogicalOperator, Expr, Expr)
        /// `a..b`: the integers a, a+1, ..., b-1.
        case range(Expr, Expr)
        case call(Expr, [Argument])
        case field(Expr, name: String)
        case index(Expr, [IndexItem])
        case function(FunctionDecl)
        /// `model EXPR` in an expression: the value of EXPR, checked to be a model.
        case model(Expr)
    }

    // NOTE: the accessors are inlinable, and the node's fields usable from inline code, so the
    // interpreter (another module) reads them directly in its hot loop instead of calling out.

    /// What the expression is.
    @inlinable public var kind: Kind { node.kind }
    /// Where it was written.
    @inlinable public var range: SourceRange { node.range }
    /// The interned name of a `.name` expression (nil for every other kind), so the interpreter
    /// finds the variable without hashing the string.
    @inlinable public var symbol: Symbol? { node.symbol }
    /// The operator of a `.binary` expression as an enum (nil for every other kind).
    @inlinable public var binaryOperator: BinaryOperator? { node.binaryOperator }
    /// A `.binary` expression's operands when both are names or number literals, else nil.
    @inlinable public var operands: (left: Operand, right: Operand)? { node.operands }
    /// Levels a recursive walk goes down through this expression (see Syntax+Height.swift).
    @inlinable public var height: Int { node.height }

    /// NOTE: an expression is one reference to its node, so copying one (which pattern matching
    /// does for every child it binds) costs one reference count instead of one per field.
    @usableFromInline let node: Node

    @usableFromInline final class Node: Sendable {
        @usableFromInline let kind: Kind
        @usableFromInline let range: SourceRange
        @usableFromInline let symbol: Symbol?
        @usableFromInline let binaryOperator: BinaryOperator?
        @usableFromInline let operands: (left: Operand, right: Operand)?
        @usableFromInline let height: Int

        init(kind: Kind, range: SourceRange) {
            self.kind = kind
            self.range = range
            height = kind.height
            if case .name(let name) = kind { symbol = Symbol(name) } else { symbol = nil }
            if case .binary(let op, let left, let right) = kind {
                binaryOperator = op
                if let left = Operand(left), let right = Operand(right) {
                    operands = (left, right)
                } else {
                    operands = nil
                }
            } else {
                binaryOperator = nil
                operands = nil
            }
        }
    }

    init(kind: Kind, range: SourceRange) { node = Node(kind: kind, range: range) }
}

/// One argument of a call: positional (`label == nil`) or named (`pieces: 5`).
public struct Argument: Sendable {
    public let label: String?
    public let value: Expr
}

/// One item between the brackets of `x[...]`: an index or a `start:end:step` slice.
public enum IndexItem: Sendable {
    case single(Expr)
    case slice(start: Expr?, end: Expr?, step: Expr?)
}

/// One step from a variable to the part of it an assignment changes: `.name` or `[items]`
/// (`x.w[0, 1:3] = v` has the steps `.w` and `[0, 1:3]`).
public enum AssignmentStep: Sendable {
    case field(String)
    case index([IndexItem], range: SourceRange)
}

/// A function literal or declaration: `fn name(a, b) { ... }`, `fn(x) => x * 2`.
public final class FunctionDecl: Sendable {
    public let name: String?
    public let parameters: [String]
    public let parameterRanges: [SourceRange]
    public let body: [Stmt]
    public let range: SourceRange
    /// The function's local variables, parameters first (in order), then every other name its
    /// body binds: a call's scope has one slot per local, in this order.
    public let locals: [Symbol]
    /// Each local's position in `locals`, for a scope too large to scan (the interpreter decides
    /// which are: scanning thousands of slots made such a function quadratic).
    public let localPositions: [Symbol: Int]
    /// The parameters' symbols, in order.
    public let parameterSymbols: [Symbol]
    /// Whether the body's last statement is an expression (`fn(x) { x * 2 }`), whose value the
    /// call returns.
    public let endsWithExpression: Bool
    /// Levels a recursive walk goes down through the body (see Syntax+Height.swift).
    let height: Int

    public init(name: String?, parameters: [String], parameterRanges: [SourceRange], body: [Stmt], range: SourceRange) {
        self.name = name
        self.parameters = parameters
        self.parameterRanges = parameterRanges
        self.body = body
        self.range = range
        height = 1 + body.maximumHeight
        parameterSymbols = parameters.map(Symbol.init)
        if case .expression? = body.last?.kind { endsWithExpression = true } else { endsWithExpression = false }
        var locals: [Symbol] = []
        var seen = Set<Symbol>()
        for name in parameters + Stmt.boundNames(in: body) {
            let symbol = Symbol(name)
            if seen.insert(symbol).inserted { locals.append(symbol) }
        }
        self.locals = locals
        localPositions = Dictionary(uniqueKeysWithValues: locals.enumerated().map { ($1, $0) })
    }
}

/// One clause of a `train` statement: a word and the primary expressions after it
/// (`eps 0.25` is `("eps", [0.25])`, `adversarial` is `("adversarial", [])`).
public struct TrainClause: Sendable {
    public let word: String
    public let values: [Expr]
    public let range: SourceRange
}

/// A statement and where it was written.
public struct Stmt: Sendable {
    public enum Kind: Sendable {
        case expression(Expr)
        /// `x = e`, `x.f[i] = e`, `x += e`: `path` is the steps after the variable (empty for a
        /// plain name); `combining` the operator of a compound assignment (`+` for `+=`).
        case assign(name: String, path: [AssignmentStep], combining: BinaryOperator?, target: SourceRange, value: Expr)
        case `if`(condition: Expr, then: [Stmt], else: [Stmt]?)
        case `for`(name: String, iterable: Expr, body: [Stmt])
        case `while`(condition: Expr, body: [Stmt])
        /// `break`: leaves the innermost loop.
        case `break`
        /// `continue`: goes on with the innermost loop's next iteration.
        case `continue`
        case function(FunctionDecl)
        case `return`(Expr?)
        case print([Expr])
        case block([Stmt])
        /// `load mnist`: calls builtin "load" with "mnist", binds `mnist`.
        case load(name: String)
        /// `model EXPR`: sets the session's current model.
        case model(Expr)
        /// `train [TARGET] on DATA clause*`
        case train(target: Expr?, data: Expr, clauses: [TrainClause])
        /// `expect A ~ B within T` (approx present) or `expect A`.
        case expect(Expr, approx: (expected: Expr, tolerance: Expr)?)
    }

    /// What the statement is.
    @inlinable public var kind: Kind { node.kind }
    /// Where it was written.
    @inlinable public var range: SourceRange { node.range }
    /// The interned name a statement binds (`x = ...`, `for x in`, `fn x`, `load x`), else nil.
    @inlinable public var symbol: Symbol? { node.symbol }
    /// The value of a plain `x = e` (no path, no operator), so the interpreter runs the commonest
    /// statement without unpacking it; nil for every other statement.
    @inlinable public var assignedValue: Expr? { node.assignedValue }
    /// For a `for` loop: whether its body makes a function (a literal or a declaration), which
    /// then keeps the loop variable of its own iteration; false for every other statement.
    @inlinable public var bodyMakesFunctions: Bool { node.bodyMakesFunctions }
    /// Levels a recursive walk goes down through this statement (see Syntax+Height.swift).
    var height: Int { node.height }

    /// NOTE: one reference to the node, as for `Expr` (inlinable likewise).
    @usableFromInline let node: Node

    @usableFromInline final class Node: Sendable {
        @usableFromInline let kind: Kind
        @usableFromInline let range: SourceRange
        @usableFromInline let symbol: Symbol?
        @usableFromInline let assignedValue: Expr?
        @usableFromInline let bodyMakesFunctions: Bool
        @usableFromInline let height: Int

        init(kind: Kind, range: SourceRange) {
            self.kind = kind
            self.range = range
            height = kind.height
            if case .assign(_, let path, nil, _, let value) = kind, path.isEmpty {
                assignedValue = value
            } else {
                assignedValue = nil
            }
            if case .for(_, _, let body) = kind {
                bodyMakesFunctions = Stmt.makesFunctions(body)
            } else {
                bodyMakesFunctions = false
            }
            switch kind {
            case .assign(let name, _, _, _, _), .for(let name, _, _), .load(let name): symbol = Symbol(name)
            case .function(let decl): symbol = Symbol(decl.name ?? "fn")
            default: symbol = nil
            }
        }
    }

    init(kind: Kind, range: SourceRange) { node = Node(kind: kind, range: range) }

    /// The names a statement list binds in its own scope (not inside nested functions), in the
    /// order they first appear: assignments, `for` variables, function names and `load` names,
    /// blocks included (blocks share their function's scope).
    public static func boundNames(in body: [Stmt]) -> [String] {
        var names: [String] = []
        var seen = Set<String>()
        collectBoundNames(in: body, into: &names, seen: &seen)
        return names
    }

    /// Appends each name not in `seen` yet (a set, so a body binding many names stays linear).
    private static func collectBoundNames(in body: [Stmt], into names: inout [String], seen: inout Set<String>) {
        func bind(_ name: String) { if seen.insert(name).inserted { names.append(name) } }
        for statement in body {
            switch statement.kind {
            case .assign(let name, _, _, _, _), .load(let name): bind(name)
            case .function(let decl): if let name = decl.name { bind(name) }
            case .for(let name, _, let inner):
                bind(name)
                collectBoundNames(in: inner, into: &names, seen: &seen)
            case .while(_, let inner), .block(let inner): collectBoundNames(in: inner, into: &names, seen: &seen)
            case .if(_, let then, let otherwise):
                collectBoundNames(in: then, into: &names, seen: &seen)
                collectBoundNames(in: otherwise ?? [], into: &names, seen: &seen)
            default: break
            }
        }
    }
}
