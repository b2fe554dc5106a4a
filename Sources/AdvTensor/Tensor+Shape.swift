/// Making tensors, and changing how their scalars are viewed: reshaping and indexing.
extension Tensor {
    /// A rank-1 tensor of `scalars`.
    public init(_ scalars: [Float]) {
        self.init(unchecked: [scalars.count], scalars: scalars)
    }

    /// A tensor of ones.
    public static func ones(_ shape: [Int]) -> Tensor { Tensor(shape: shape, repeating: 1) }

    /// `[0, 1, ..., end - 1]`, as numpy's `arange(end)`.
    public static func range(_ end: Float) throws -> Tensor { try range(0, end) }

    /// `[start, start + step, ...]` up to but excluding `end`, as numpy's `arange`.
    public static func range(_ start: Float, _ end: Float, step: Float = 1) throws -> Tensor {
        guard step != 0, step.isFinite, start.isFinite, end.isFinite else {
            throw TensorError(
                op: "range", message: "needs finite bounds and a nonzero step, got \(start), \(end), \(step)")
        }
        let steps = ((Double(end) - Double(start)) / Double(step)).rounded(.up)
        guard steps <= Double(maximumCount) else {
            throw TensorError(op: "range", message: "\(start) to \(end) by \(step) has too many scalars")
        }
        let count = Swift.max(0, Int(steps))
        return Tensor(unchecked: [count], scalars: (0..<count).map { start + Float($0) * step })
    }

    /// The same scalars in a new shape with the same count; one extent may be -1, inferred.
    public func reshaped(_ newShape: [Int]) throws -> Tensor {
        let unknowns = newShape.filter { $0 == -1 }.count
        let known = newShape.filter { $0 != -1 }
        func failure(_ why: String) -> TensorError {
            TensorError(
                op: "reshape",
                message:
                    "cannot reshape \(shape.shapeDescription) (\(count) scalars) into \(newShape.shapeDescription): \(why)"
            )
        }
        guard known.allSatisfy({ $0 >= 0 }) else { throw failure("extents must be nonnegative or one -1") }
        guard unknowns <= 1 else { throw failure("only one extent may be -1") }
        let product = known.reduce(1, *)
        var resolved = newShape
        if unknowns == 1 {
            guard product > 0, count % product == 0 else { throw failure("the -1 extent cannot be inferred") }
            resolved = newShape.map { $0 == -1 ? count / product : $0 }
        } else if product != count {
            throw failure("it holds \(product) scalars")
        }
        return Tensor(unchecked: resolved, scalars: scalars)
    }

    /// The sub-tensor at position `i` of axis 0 (the axis removed); negative `i` counts from the end.
    /// For a batch `[n, 784]`, `index(0)` is the first example, `[784]`.
    public func index(_ i: Int) throws -> Tensor {
        guard rank >= 1 else {
            throw TensorError(op: "index", message: "cannot index a rank-0 tensor")
        }
        let position = i < 0 ? i + shape[0] : i
        guard position >= 0, position < shape[0] else {
            throw TensorError(
                op: "index", message: "index \(i) is out of range for axis 0 of shape \(shape.shapeDescription)")
        }
        let block = count / shape[0]
        let rest = Array(shape.dropFirst())
        return mapped(rest) { x, out in Copy.block(x, from: position * block, out, to: 0, count: block) }
    }
}
