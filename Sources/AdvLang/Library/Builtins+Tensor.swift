import AdvAutograd
import AdvSyntax
import AdvTensor

/// Reductions (sum mean max min argmax logsumexp softmax, with `axis:`), shape functions
/// (shape reshape transpose concat stack) and constructors (zeros ones randn rand, with `seed:`).
/// A reduction over every axis gives a number; over one axis, a tensor.
extension BuiltinLibrary {
    func registerTensor() {
        reduction(
            "sum", "The sum of x's elements, or along axis: (Float64 accumulation).",
            { try $0.sum(axis: $1) }, { try $0.sum(axis: $1) })
        reduction(
            "mean", "The mean of x's elements, or along axis:.", { try $0.mean(axis: $1) }, { try $0.mean(axis: $1) })
        reduction(
            "logsumexp", "log(sum(exp(x))) computed stably, over all elements or along axis:.",
            { try $0.logSumExp(axis: $1) }, { try $0.logSumExp(axis: $1) })
        extremum(
            "max",
            "The largest element (or along axis:); max(a, b) is the elementwise maximum. Inside grad, tied largest elements share the gradient equally, and max(a, b) at a tie sends it to a.",
            { try $0.max(axis: $1) }, { try Tensor.maximum($0, $1) }, Swift.max)
        extremum(
            "min",
            "The smallest element (or along axis:); min(a, b) is the elementwise minimum. Inside grad, tied smallest elements share the gradient equally, and min(a, b) at a tie sends it to a.",
            { try $0.min(axis: $1) }, { try Tensor.minimum($0, $1) }, Swift.min)
        register(
            "argmax", "argmax(x, axis: a)",
            "The index of the largest element: of the flattened x, or along axis: (a tensor of indices). argmax(p, axis: 1) is each row's predicted class.",
            tracing: .constant
        ) { args, _ in
            try args.check(1...1, labels: ["axis"])
            let x = try args.tensor(0, "x")
            if let axis = try args.namedInt("axis") { return .tensor(try x.argmax(axis: axis)) }
            guard x.count > 0 else { throw RuntimeError("argmax: x is empty") }
            return .number(Double(try x.reshaped([-1]).argmax(axis: 0).scalars[0]))
        }
        register(
            "argsort", "argsort(x)\nargsort(x, descending: true)",
            "The positions of a vector's elements in sorted order (ascending unless descending: true), as a tensor of indices; ties keep their order. argsort(v, descending: true)[0:8] are the 8 largest.",
            tracing: .constant
        ) { args, _ in
            try args.check(1...1, labels: ["descending"])
            let x = try args.tensor(0, "x")
            guard x.rank == 1 else {
                throw RuntimeError("argsort: x must be a vector, got a tensor of shape \(x.shape.shapeDescription)")
            }
            if let bad = x.scalars.firstIndex(where: \.isNaN) {
                throw RuntimeError("argsort: x[\(bad)] is NaN, which has no place in an order")
            }
            let descending = try args.namedBool("descending") ?? false
            let order = x.scalars.indices.sorted { i, j in
                let (a, b) = (x.scalars[i], x.scalars[j])
                if a != b { return descending ? a > b : a < b }
                return i < j
            }
            return .tensor(try Tensor(shape: [order.count], scalars: order.map(Float.init)))
        }
        register(
            "softmax", "softmax(x, axis: -1)",
            "exp(x) / sum(exp(x)) along axis (default the last), computed stably: class probabilities from logits.",
            tracing: .recorded
        ) { args, _ in
            try args.check(1...1, labels: ["axis"])
            let axis = try args.namedInt("axis") ?? -1
            if case .variable(let v) = args.positional[0] { return .variable(try v.softmax(axis: axis)) }
            return .tensor(try args.tensor(0, "x").softmax(axis: axis))
        }
        register(
            "shape", "shape(x)", "x's shape as a list: [2, 3] for a 2x3 tensor, [] for a number.", tracing: .constant
        ) { args, _ in
            try args.check(1...1)
            return .list(try args.tensor(0, "x").shape.map { .number(Double($0)) })
        }
        register(
            "reshape", "reshape(x, shape)",
            "x's elements in a new shape with the same count; one extent may be -1 (inferred): reshape(x, [28, 28]).",
            tracing: .recorded
        ) { args, _ in
            try args.check(2...2)
            let shape = try args.shape(1, "shape", inferring: true)
            if case .variable(let v) = args.positional[0] { return .variable(try v.reshaped(shape)) }
            return .tensor(try args.tensor(0, "x").reshaped(shape))
        }
        register(
            "transpose", "transpose(x)\ntranspose(x, axes)",
            "x with axes reversed (a matrix's transpose), or permuted by axes.", tracing: .recorded
        ) { args, _ in
            try args.check(1...2)
            if case .variable(let v) = args.positional[0] {
                return .variable(args.count == 2 ? try v.transposed(try args.shape(1, "axes")) : try v.transposed())
            }
            let x = try args.tensor(0, "x")
            if args.count == 2 { return .tensor(try x.transposed(try args.shape(1, "axes"))) }
            return .tensor(x.rank <= 2 ? try x.transposed() : try x.transposed(Array((0..<x.rank).reversed())))
        }
        register(
            "concat", "concat(tensors, axis: 0)",
            "Joins a list of tensors along an existing axis; the other extents must agree.",
            tracing: .recorded
        ) { args, _ in
            try args.check(1...Int.max, labels: ["axis"])
            let axis = try args.namedInt("axis") ?? 0
            return try BuiltinLibrary.joined(args, { try Tensor.concatenate($0, axis: axis) }) {
                try Variable.concatenate($0, axis: axis)
            }
        }
        register(
            "stack", "stack(tensors, axis: 0)", "Joins a list of same-shaped tensors along a new axis.",
            tracing: .recorded
        ) { args, _ in
            try args.check(1...Int.max, labels: ["axis"])
            let axis = try args.namedInt("axis") ?? 0
            return try BuiltinLibrary.joined(args, { try Tensor.stack($0, axis: axis) }) {
                try Variable.stack($0, axis: axis)
            }
        }
        register("zeros", "zeros(shape)", "A tensor of zeros: zeros([2, 3]).", tracing: .constant) { args, _ in
            try args.check(1...1)
            return .tensor(Tensor.zeros(try args.shape(0, "shape")))
        }
        register("ones", "ones(shape)", "A tensor of ones: ones([2, 3]).", tracing: .constant) { args, _ in
            try args.check(1...1)
            return .tensor(Tensor.ones(try args.shape(0, "shape")))
        }
        random(
            "randn", "Normal N(mean, std^2) draws (mean: 0, std: 1): randn([784, 10], seed: 1).",
            labels: ["mean", "std"]
        ) { shape, args, g in
            Tensor.normal(
                shape, mean: Float(try args.namedNumber("mean") ?? 0), std: Float(try args.namedNumber("std") ?? 1),
                using: &g)
        }
        random("rand", "Uniform draws in [low, high) (low: 0, high: 1): rand([3], seed: 2).", labels: ["low", "high"]) {
            shape, args, g in
            Tensor.uniform(
                shape, low: Float(try args.namedNumber("low") ?? 0), high: Float(try args.namedNumber("high") ?? 1),
                using: &g)
        }
    }

    private func reduction(
        _ name: String, _ doc: String, _ op: @escaping (Tensor, Int?) throws -> Tensor,
        _ recorded: @escaping (Variable, Int?) throws -> Variable
    ) {
        register(name, "\(name)(x, axis: a)", doc, tracing: .recorded) { args, _ in
            try args.check(1...1, labels: ["axis"])
            if case .variable(let v) = args.positional[0] {
                return .variable(try recorded(v, try args.namedInt("axis")))
            }
            return BuiltinLibrary.reduced(try op(try args.tensor(0, "x"), try args.namedInt("axis")))
        }
    }

    private func extremum(
        _ name: String, _ doc: String, _ reduce: @escaping (Tensor, Int?) throws -> Tensor,
        _ pair: @escaping (Tensor, Tensor) throws -> Tensor, _ numbers: @escaping (Double, Double) -> Double
    ) {
        register(name, "\(name)(x, axis: a)\n\(name)(a, b)", doc, tracing: .recorded) { args, _ in
            try args.check(1...2, labels: ["axis"])
            if args.count == 2 {
                if let tape = BuiltinLibrary.tape(of: args.positional) {
                    let (a, b) = (try args.taped(0, "a", on: tape), try args.taped(1, "b", on: tape))
                    return .variable(try name == "max" ? Variable.maximum(a, b) : Variable.minimum(a, b))
                }
                if case .number(let a) = args.positional[0], case .number(let b) = args.positional[1] {
                    return .number(numbers(a, b))
                }
                return .tensor(try pair(try args.tensor(0, "a"), try args.tensor(1, "b")))
            }
            if case .variable(let v) = args.positional[0] {
                let axis = try args.namedInt("axis")
                return .variable(try name == "max" ? v.max(axis: axis) : v.min(axis: axis))
            }
            let x = try args.tensor(0, "x")
            guard x.count > 0 else { throw RuntimeError("\(name): x is empty") }
            return BuiltinLibrary.reduced(try reduce(x, try args.namedInt("axis")))
        }
    }

    private func random(
        _ name: String, _ doc: String, labels: Set<String>,
        _ draw: @escaping ([Int], Arguments, inout SeededGenerator) throws -> Tensor
    ) {
        register(
            name, "\(name)(shape, seed: n)", doc + " Without seed: it draws from the session's generator (see seed).",
            tracing: .constant
        ) { args, session in
            try args.check(1...1, labels: labels.union(["seed"]))
            let shape = try args.shape(0, "shape")
            if let seed = try args.namedInt("seed") {
                guard seed >= 0 else { throw RuntimeError("\(name): seed must be non-negative, got \(seed)") }
                var generator = SeededGenerator(seed: session.scriptSeed(UInt64(seed)))
                return .tensor(try draw(shape, args, &generator))
            }
            return .tensor(try draw(shape, args, &session.generator))
        }
    }

    /// A rank-0 result becomes a number.
    static func reduced(_ t: Tensor) -> Value {
        t.rank == 0 && t.count == 1 ? .number(Double(t.scalars[0])) : .tensor(t)
    }

    /// `concat` or `stack` of the items of `concat([a, b])` or `concat(a, b)`: `join` on plain
    /// tensors, `record` on the tape when an item is traced (the others join it as constants).
    static func joined(
        _ args: Arguments, _ join: ([Tensor]) throws -> Tensor, _ record: ([Variable]) throws -> Variable
    ) throws -> Value {
        let items: [Value]
        if args.count == 1, case .list(let list) = args.positional[0] {
            items = list
        } else if args.count == 1, case .tensor(let t) = args.positional[0], t.rank >= 1 {
            // `concat([a, b])`: the literal stacked a and b; join its rows, as numpy does.
            return .tensor(try join(try (0..<t.shape[0]).map { try t.index($0) }))
        } else if args.count == 1, case .variable(let v) = args.positional[0], v.value.rank >= 1 {
            let rows = try (0..<v.shape[0]).map { try v.gather([$0]).reshaped(Array(v.shape.dropFirst())) }
            return .variable(try record(rows))
        } else {
            items = args.positional
        }
        func item(_ i: Int, _ v: Value, as tensor: Tensor?) throws -> Tensor {
            guard let tensor else {
                throw RuntimeError("\(args.callee): item \(i + 1) must be a tensor, got \(v.typeDescription)")
            }
            return tensor
        }
        guard let tape = tape(of: items) else {
            return .tensor(try join(try items.enumerated().map { i, v in try item(i, v, as: v.asTensor) }))
        }
        return .variable(
            try record(
                try items.enumerated().map { i, v in
                    if case .variable(let x) = v {
                        guard x.tape === tape else { throw BuiltinLibrary.nestedGrad }
                        return x
                    }
                    return tape.constant(try item(i, v, as: v.asTensor))
                }))
    }

    /// The tape of the first traced value among `values`, nil when none is traced.
    static func tape(of values: [Value]) -> Tape? {
        for case .variable(let v) in values { return v.tape }
        return nil
    }
}
