import AdvSyntax
import AdvTensor

/// The evaluated arguments of a call, with typed accessors whose errors name the function, the
/// argument and what it got: "fgsm: argument 2 (eps) must be a number, got tensor [3]".
public struct Arguments {
    /// The called function's name, for messages.
    public let callee: String
    public let positional: [Value]
    /// Named arguments in the order written (`pieces: 5`).
    public let named: [(label: String, value: Value)]
    /// For `train`: the clauses `(word, values)` in the order written.
    public let clauses: [(word: String, values: [Value])]
    /// The called built-in's ways to be called (`Builtin.signature`), for a message about a call
    /// with the wrong number of arguments; nil when not known.
    public var signature: String?

    public init(
        callee: String, positional: [Value], named: [(label: String, value: Value)] = [],
        clauses: [(word: String, values: [Value])] = []
    ) {
        self.callee = callee
        self.positional = positional
        self.named = named
        self.clauses = clauses
    }

    public var count: Int { positional.count }

    /// Throws unless the positional count is in `range` and every label is in `labels`.
    public func check(_ range: ClosedRange<Int>, labels: Set<String> = []) throws {
        guard range.contains(positional.count) else {
            let wanted =
                switch (range.lowerBound, range.upperBound) {
                case (let low, let high) where low == high: "\(low) argument\(low == 1 ? "" : "s")"
                case (let low, Int.max): "at least \(low) argument\(low == 1 ? "" : "s")"
                case (let low, let high): "\(low) to \(high) arguments"
                }
            var message = "\(callee): expected \(wanted), got \(positional.count)"
            if let signature { message += ": " + signature.split(separator: "\n").joined(separator: " or ") }
            throw RuntimeError(message)
        }
        for (label, _) in named where !labels.contains(label) {
            var error = RuntimeError("\(callee): unknown named argument '\(label)'")
            if let near = nearestName(to: label, among: labels) { error.message += "; did you mean '\(near)'?" }
            throw error
        }
    }

    private func describe(_ i: Int, _ name: String) -> String { "\(callee): argument \(i + 1) (\(name))" }

    public func value(_ i: Int, _ name: String) throws -> Value {
        guard i < positional.count else { throw RuntimeError("\(describe(i, name)) is missing") }
        return positional[i]
    }

    /// A number or a one-element tensor; a boolean is not a number here (`fgsm(m, set, true)` is a
    /// mistake, not eps 1).
    public func number(_ i: Int, _ name: String) throws -> Double {
        let v = try value(i, name)
        guard !v.isBool, let n = v.asNumber else {
            throw RuntimeError("\(describe(i, name)) must be a number, got \(v.typeDescription)")
        }
        return n
    }

    public func int(_ i: Int, _ name: String) throws -> Int {
        try Arguments.integer(try number(i, name), describe(i, name))
    }

    public func string(_ i: Int, _ name: String) throws -> String {
        let v = try value(i, name)
        guard case .string(let s) = v else {
            throw RuntimeError("\(describe(i, name)) must be a string, got \(v.typeDescription)")
        }
        return s
    }

    /// A domain object of type `T` (a model, an example set), e.g.
    /// `try args.object(0, "model", as: ModelValue.self)`; `what` names the type in the error:
    /// "fgsm: argument 1 (model) must be a model, got examples".
    public func object<T: DomainValue>(_ i: Int, _ name: String, as type: T.Type, what: String? = nil) throws -> T {
        let v = try value(i, name)
        guard case .object(let o) = v, let typed = o as? T else {
            throw RuntimeError("\(describe(i, name)) must be \(what ?? "a " + name), got \(v.typeDescription)")
        }
        return typed
    }

    /// A tensor; numbers become rank-0 tensors.
    public func tensor(_ i: Int, _ name: String) throws -> Tensor {
        let v = try value(i, name)
        guard let t = v.asTensor else {
            throw RuntimeError("\(describe(i, name)) must be a tensor, got \(v.typeDescription)")
        }
        return t
    }

    /// A shape: a list or tensor of non-negative integers, or one integer, with at most
    /// `Tensor.maximumCount` elements. With `inferring`, extents may be -1 (an extent to infer, as
    /// `reshape`'s; reshape checks there is one at most).
    public func shape(_ i: Int, _ name: String, inferring: Bool = false) throws -> [Int] {
        let what = describe(i, name)
        let shape = try integers(i, name, like: "a shape like [2, 3]", exact: true)
        for extent in shape where extent < 0 && !(extent == -1 && inferring) {
            throw RuntimeError("\(what) has a negative extent: \(shape.shapeDescription)")
        }
        for extent in shape where extent > Tensor.maximumCount {
            throw RuntimeError("\(what): extent \(extent) is too large (more than \(Tensor.maximumCount) elements)")
        }
        if let count = Tensor.count(of: shape.map { Swift.max($0, 0) }), count <= Tensor.maximumCount { return shape }
        throw RuntimeError(
            "\(what): \(shape.shapeDescription) is too large (more than \(Tensor.maximumCount) elements)")
    }

    /// Integers given as one number, a list of numbers (`shape(x)`) or a tensor of rank 0 or 1 (a
    /// list literal); `like` describes the expected value in the error. With `exact`, numbers a
    /// list literal may have rounded are refused.
    ///
    /// NOTE: a list literal of numbers is a Float32 tensor, exact only for integers below 2^24, so
    /// `[16777217]` arrives as 16777216. Shapes refuse such extents rather than use a rounded one;
    /// one number or a list from `shape()` keeps its Double.
    public func integers(_ i: Int, _ name: String, like: String, exact: Bool = false) throws -> [Int] {
        let v = try value(i, name)
        let what = describe(i, name)
        switch v {
        case .number(let n): return [try Arguments.integer(n, what)]
        case .list(let items):
            return try items.map { item throws in
                guard case .number(let n) = item else {
                    throw RuntimeError("\(what) must be \(like), got a list holding \(item.typeDescription)")
                }
                return try Arguments.integer(n, what)
            }
        case .tensor(let t) where t.rank <= 1:
            return try t.scalars.map { x throws in
                let n = try Arguments.integer(Double(x), what)
                guard !exact || Swift.abs(n) < Arguments.exactFloatLimit else {
                    throw RuntimeError(
                        "\(what) holds a number of 16777216 (2^24) or more, which a list literal stores as Float32 and may round; give one number, or a list made by shape()"
                    )
                }
                return n
            }
        default: throw RuntimeError("\(what) must be \(like), got \(v.typeDescription)")
        }
    }

    /// 2^24: Float32 holds every integer below it exactly, and rounds some above.
    static let exactFloatLimit = 1 << 24

    public func namedValue(_ label: String) -> Value? { named.last { $0.label == label }?.value }

    public func namedNumber(_ label: String) throws -> Double? {
        guard let v = namedValue(label) else { return nil }
        guard !v.isBool, let n = v.asNumber else {
            throw RuntimeError("\(callee): \(label) must be a number, got \(v.typeDescription)")
        }
        return n
    }

    public func namedInt(_ label: String) throws -> Int? {
        guard let n = try namedNumber(label) else { return nil }
        return try Arguments.integer(n, "\(callee): \(label)")
    }

    public func namedBool(_ label: String) throws -> Bool? {
        guard let v = namedValue(label) else { return nil }
        guard case .bool(let b) = v else {
            throw RuntimeError("\(callee): \(label) must be true or false, got \(v.typeDescription)")
        }
        return b
    }

    /// The values of the clause `word` (the last one if repeated), nil if absent.
    public func clause(_ word: String) -> [Value]? { clauses.last { $0.word == word }?.values }

    public static func integer(_ n: Double, _ what: String) throws -> Int {
        guard n.isFinite, n == n.rounded(), Swift.abs(n) < 1e15 else {
            throw RuntimeError("\(what) must be an integer, got \(formatNumber(n))")
        }
        return Int(n)
    }
}

extension Value {
    var isBool: Bool {
        if case .bool = self { return true }
        return false
    }

    /// The number this value holds: a number, a boolean (1/0) or a one-element tensor.
    public var asNumber: Double? {
        switch self {
        case .number(let n): return n
        case .bool(let b): return b ? 1 : 0
        case .tensor(let t) where t.count == 1: return Double(t.scalars[0])
        case .variable(let v) where v.value.count == 1: return Double(v.value.scalars[0])
        default: return nil
        }
    }

    /// The tensor this value holds; numbers become rank-0 tensors, lists of numbers rank-1.
    public var asTensor: Tensor? {
        switch self {
        case .tensor(let t): return t
        case .variable(let v): return v.value
        case .number(let n): return Tensor(Float(n))
        case .bool(let b): return Tensor(b ? 1 : 0)
        case .list(let items):
            var scalars: [Float] = []
            scalars.reserveCapacity(items.count)
            for item in items {
                guard case .number(let n) = item else { return nil }
                scalars.append(Float(n))
            }
            return Tensor(scalars)
        default: return nil
        }
    }
}
