import AdvAutograd
import AdvSyntax
import AdvTensor

extension Interpreter {
    func evaluate(_ expr: Expr) throws(Diagnostic) -> Value {
        // Fast paths, taken before the node's payload is copied out: a variable that has a
        // value, and arithmetic or a comparison on two numbers held by variables or literals.
        // Anything else (an unknown name, a non-number) goes the general way below.
        if let symbol = expr.symbol, let v = environment.lookup(symbol) { return v }
        if let operation = expr.binaryOperator, let (left, right) = expr.operands, let x = number(left),
            let y = number(right), let value = Operators.numbers(operation, x, y)
        {
            return value
        }
        switch expr.kind {
        case .number(let n): return .number(n)
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        case .none: return .none
        case .name(let name):
            if let symbol = expr.symbol, let v = environment.lookup(symbol) { return v }
            if let b = session.library[name] { return .builtin(b) }
            throw unknownName(name, at: expr.range)
        case .list(let elements):
            var values: [Value] = []
            values.reserveCapacity(elements.count)
            for e in elements { values.append(try evaluate(e)) }
            return try literal(values, elements.map(\.range), at: expr.range)
        case .record(let fields):
            var record = Record()
            for (name, e) in fields { record[name] = try evaluate(e) }
            return .record(record)
        case .unary(let op, let operand):
            let v = try evaluate(operand)
            if op == .not { return .bool(!(try truth(of: v, at: operand.range, "not"))) }
            return try attempt(at: expr.range) { try Operators.negate(v) }
        case .binary(let op, let left, let right):
            let a = try evaluate(left)
            let b = try evaluate(right)
            if case .number(let x) = a, case .number(let y) = b, let operation = expr.binaryOperator,
                let value = Operators.numbers(operation, x, y)
            {
                return value
            }
            return try attempt(at: expr.range) { try Operators.apply(op, a, b) }
        case .logical(let op, let left, let right):
            let a = try truth(left, op.rawValue)
            if op == .and ? !a : a { return .bool(a) }
            return .bool(try truth(right, op.rawValue))
        case .range(let low, let high):
            let bounds = try rangeBounds(low, high, at: expr.range)
            return .list(bounds.map { .number(Double($0)) })
        case .call(let callee, let args):
            return try call(callee, args, at: expr.range)
        case .field(let base, let name):
            let v = try evaluate(base)
            return try attempt(at: expr.range) { try Interpreter.field(name, of: v) }
        case .index(let base, let items):
            let v = try evaluate(base)
            var values: [IndexValue] = []
            for item in items { values.append(try indexValue(item)) }
            return try attempt(at: expr.range) { try Indexing.subscripted(v, values) }
        case .function(let decl):
            return .function(Closure(decl: decl, environment: environment))
        case .model(let e):
            return try model(e, at: expr.range)
        }
    }

    /// An operand's value when it is a number, else nil.
    @inline(__always)
    private func number(_ operand: Operand) -> Double? {
        switch operand {
        case .constant(let n): return n
        case .variable(let symbol):
            if case .number(let n)? = environment.lookup(symbol) { return n }
            return nil
        }
    }

    /// `a..b`'s integers a, a+1, ..., b-1 (empty when b <= a), without making the list: `for`
    /// over a range literal counts through them directly.
    func rangeBounds(_ low: Expr, _ high: Expr, at range: SourceRange) throws(Diagnostic) -> Range<Int> {
        let a = try evaluate(low)
        let b = try evaluate(high)
        return try attempt(at: range) {
            let args = Arguments(callee: "..", positional: [a, b])
            let lo = try args.int(0, "start")
            let hi = try args.int(1, "end")
            guard hi - lo <= 100_000_000 else { throw RuntimeError("..: range \(lo)..\(hi) is too long") }
            return lo < hi ? lo..<hi : lo..<lo
        }
    }

    func indexValue(_ item: IndexItem) throws(Diagnostic) -> IndexValue {
        func integer(_ e: Expr?, _ what: String) throws(Diagnostic) -> Int? {
            guard let e else { return nil }
            let v = try evaluate(e)
            return try attempt(at: e.range) { try Arguments(callee: "index", positional: [v]).int(0, what) }
        }
        switch item {
        case .single(let e): return .index(try integer(e, "index") ?? 0)
        case .slice(let start, let end, let step):
            let s = try integer(step, "step") ?? 1
            if s == 0, let step {
                throw Diagnostic(.index, "slice step cannot be zero", at: step.range, phase: .runtime)
            }
            return .slice(start: try integer(start, "start"), end: try integer(end, "end"), step: s)
        }
    }

    /// `[a, b, c]`: a tensor when every element is a number or a tensor of one shape (stacked
    /// along a new first axis), an empty or mixed literal is a list. A ragged literal is an error
    /// at the first row whose shape differs from the first row's.
    private func literal(_ values: [Value], _ ranges: [SourceRange], at range: SourceRange) throws(Diagnostic) -> Value
    {
        guard let first = values.first else { return .list([]) }
        func rowShape(_ v: Value) -> [Int]? {
            switch v {
            case .number: return []
            case .tensor(let t): return t.shape
            default: return nil
            }
        }
        for case .variable(let traced) in values {
            return try attempt(at: range) { try Interpreter.tracedLiteral(values, on: traced.tape) }
        }
        guard values.allSatisfy({ rowShape($0) != nil }), let shape = rowShape(first) else { return .list(values) }
        guard let count = Tensor.count(of: [values.count] + shape), count <= Tensor.maximumCount else {
            throw Diagnostic(
                .shape,
                "tensor literal: \(values.count) rows of shape \(shape.shapeDescription) would hold more than the "
                    + "\(Tensor.maximumCount) scalars a tensor may hold", at: range, phase: .runtime)
        }
        var scalars: [Float] = []
        scalars.reserveCapacity(values.count * shape.reduce(1, *))
        for (i, v) in values.enumerated() {
            switch v {
            case .number(let n) where shape.isEmpty:
                scalars.append(Float(n))
            case .tensor(let t) where t.shape == shape:
                scalars.append(contentsOf: t.scalars)
            default:
                let what = shape.isEmpty ? "a number" : "shape \(shape.shapeDescription)"
                let got =
                    rowShape(v).map { $0.isEmpty ? "a number" : "shape \($0.shapeDescription)" } ?? v.typeDescription
                throw Diagnostic(
                    .shape, "ragged tensor literal: row \(i + 1) has \(got), but row 1 has \(what)",
                    at: ranges[i], phase: .runtime)
            }
        }
        return try attempt(at: range) { .tensor(try Tensor(shape: [values.count] + shape, scalars: scalars)) }
    }

    /// A tensor literal with a row computed from grad's x (`[x, 2 * x]`): the rows stacked on the
    /// tape, so the gradient flows back into each. Numbers and plain tensors are constants.
    private static func tracedLiteral(_ values: [Value], on tape: Tape) throws -> Value {
        let rows = try values.enumerated().map { i, v throws -> Variable in
            switch v {
            case .variable(let row):
                guard row.tape === tape else { throw BuiltinLibrary.nestedGrad }
                return row
            case .number(let n): return tape.constant(Tensor(Float(n)))
            case .tensor(let t): return tape.constant(t)
            default:
                throw RuntimeError("tensor literal: row \(i + 1) is a \(v.typeDescription), not a number or tensor")
            }
        }
        if let i = rows.firstIndex(where: { $0.shape != rows[0].shape }) {
            throw RuntimeError(
                "ragged tensor literal: row \(i + 1) has shape \(rows[i].shape.shapeDescription), but row 1 has shape "
                    + rows[0].shape.shapeDescription)
        }
        return .variable(try Variable.stack(rows))
    }

    /// `v.name`: a record's field, a domain object's member, or a tensor's `shape`/`rank`/`size`
    /// (for a tensor traced by grad too: they have no gradient).
    static func field(_ name: String, of v: Value) throws -> Value {
        if case .variable(let traced) = v { return try field(name, of: .tensor(traced.value)) }
        switch v {
        case .record(let record):
            if let f = record[name] { return f }
            var message = "record has no field '\(name)'"
            if let near = nearestName(to: name, among: record.names) { message += "; did you mean '\(near)'?" }
            throw RuntimeError(message, notes: ["its fields: \(record.names.joined(separator: ", "))"])
        case .object(let o):
            if let f = try o.member(name) { return f }
            var message = "\(o.typeName) has no field '\(name)'"
            if let near = nearestName(to: name, among: o.memberNames) { message += "; did you mean '\(near)'?" }
            throw RuntimeError(message)
        case .tensor(let t):
            switch name {
            case "shape": return .list(t.shape.map { .number(Double($0)) })
            case "rank": return .number(Double(t.rank))
            case "size": return .number(Double(t.count))
            default: throw RuntimeError("tensor has no field '\(name)' (it has shape, rank, size)")
            }
        default:
            throw RuntimeError("a \(v.typeDescription) has no fields (asked for '\(name)')")
        }
    }

    /// The number of items `for` visits.
    func length(of v: Value, at range: SourceRange, _ context: String) throws(Diagnostic) -> Int {
        switch v {
        case .list(let items): return items.count
        case .string(let s): return s.count
        case .tensor(let t) where t.rank >= 1: return t.shape[0]
        case .record(let r): return r.names.count
        case .object(let o) where o.length != nil: return o.length ?? 0
        default:
            throw Diagnostic(
                .type, "\(context): cannot iterate over a \(v.typeDescription)", at: range, phase: .runtime)
        }
    }

    /// Item `i` of a sequence: list items, characters, a tensor's rows, a record's field names.
    func element(_ i: Int, of v: Value, at range: SourceRange) throws(Diagnostic) -> Value {
        switch v {
        case .list(let items): return items[i]
        case .record(let r): return .string(r.names[i])
        default: return try attempt(at: range) { try Indexing.subscripted(v, [.index(i)]) }
        }
    }
}
