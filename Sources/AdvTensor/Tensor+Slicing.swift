/// Selecting and joining along an axis: slices, gathers, concatenation and stacking.
extension Tensor {
    /// The positions `start, start + step, ...` before `end` along `axis`, with numpy's rules:
    /// negative indices count from the end, out-of-range bounds are clamped, a negative step walks
    /// backwards (defaults then run from the last position through the first).
    public func slice(axis: Int, start: Int? = nil, end: Int? = nil, step: Int = 1) throws -> Tensor {
        let a = try normalizedAxis(axis, op: "slice")
        guard step != 0 else {
            throw TensorError(
                op: "slice", message: "step must not be zero (axis \(axis) of shape \(shape.shapeDescription))")
        }
        let n = shape[a]
        let positions = Tensor.slicePositions(n: n, start: start, end: end, step: step)
        return take(positions, axis: a)
    }

    /// Python's `slice(start, end, step).indices(n)`, expanded into the positions it selects.
    static func slicePositions(n: Int, start: Int?, end: Int?, step: Int) -> [Int] {
        func resolve(_ index: Int?, default value: Int, low: Int, high: Int) -> Int {
            guard let index else { return value }
            let shifted = index < 0 ? index + n : index
            return Swift.min(Swift.max(shifted, low), high)
        }
        if step > 0 {
            let from = resolve(start, default: 0, low: 0, high: n)
            let to = resolve(end, default: n, low: 0, high: n)
            return Array(stride(from: from, to: to, by: step))
        }
        let from = resolve(start, default: n - 1, low: -1, high: n - 1)
        let to = resolve(end, default: -1, low: -1, high: n - 1)
        return Array(stride(from: from, to: to, by: step))
    }

    /// The entries at `indices` along `axis`, in that order (repeats allowed); negative indices
    /// count from the end. For a batch `[n, 784]`, `gather(batchIndices)` is a minibatch.
    public func gather(_ indices: [Int], axis: Int = 0) throws -> Tensor {
        let a = try normalizedAxis(axis, op: "gather")
        let n = shape[a]
        var positions = indices
        for (k, i) in indices.enumerated() {
            let position = i < 0 ? i + n : i
            guard position >= 0, position < n else {
                throw TensorError(
                    op: "gather",
                    message: "index \(i) is out of range for axis \(axis) of shape \(shape.shapeDescription)")
            }
            positions[k] = position
        }
        var newShape = shape
        newShape[a] = positions.count
        try Tensor.requireSize(
            newShape, op: "gather", operands: "\(indices.count) entries of \(shape.shapeDescription)")
        return take(positions, axis: a)
    }

    /// The checked `positions` along axis `a`.
    private func take(_ positions: [Int], axis a: Int) -> Tensor {
        var newShape = shape
        newShape[a] = positions.count
        let (outer, length, inner) = split(at: a)
        return mapped(newShape) { x, out in
            Copy.take(x, outer: outer, length: length, inner: inner, positions: positions, out)
        }
    }

    /// The tensors joined along `axis`; all other extents must agree.
    public static func concatenate(_ tensors: [Tensor], axis: Int = 0) throws -> Tensor {
        try join(tensors, axis: axis, op: "concat")
    }

    /// The tensors (all of one shape) stacked along a new axis at `axis` (0...rank; negative counts
    /// from the end): n tensors of `[784]` stack into `[n, 784]`.
    public static func stack(_ tensors: [Tensor], axis: Int = 0) throws -> Tensor {
        guard let first = tensors.first else {
            throw TensorError(op: "stack", message: "needs at least one tensor")
        }
        for t in tensors where t.shape != first.shape {
            throw TensorError(
                op: "stack",
                message: "shapes \(first.shape.shapeDescription) and \(t.shape.shapeDescription) differ")
        }
        let a = try first.normalizedAxis(axis, op: "stack", rank: first.rank + 1)
        var expanded = first.shape
        expanded.insert(tensors.count, at: a)
        try requireSize(
            expanded, op: "stack",
            operands: "stacking \(tensors.count) tensors of shape \(first.shape.shapeDescription)")
        expanded[a] = 1
        let columns = tensors.map { Tensor(unchecked: expanded, scalars: $0.scalars) }
        return try join(columns, axis: a, op: "stack")
    }

    private static func join(_ tensors: [Tensor], axis: Int, op: String) throws -> Tensor {
        guard let first = tensors.first else {
            throw TensorError(op: op, message: "needs at least one tensor")
        }
        let a = try first.normalizedAxis(axis, op: op)
        for t in tensors {
            var expected = first.shape
            if t.rank == first.rank { expected[a] = t.shape[a] }
            guard t.shape == expected else {
                throw TensorError(
                    op: op,
                    message: "shapes \(first.shape.shapeDescription) and \(t.shape.shapeDescription) differ "
                        + "off axis \(axis)")
            }
        }
        var shape = first.shape
        shape[a] = tensors.reduce(0) { $0 + $1.shape[a] }
        try requireSize(shape, op: op, operands: describe(tensors.map(\.shape)))
        let outer = first.split(at: a).outer
        let blocks = tensors.map { $0.split(at: a).length * $0.split(at: a).inner }
        let rowSize = blocks.reduce(0, +)
        return Tensor.build(shape) { out in
            var offset = 0
            for (t, block) in zip(tensors, blocks) {
                t.scalars.withUnsafeBufferPointer { x in
                    for o in 0..<outer {
                        Copy.block(x, from: o * block, out, to: o * rowSize + offset, count: block)
                    }
                }
                offset += block
            }
        }
    }
}
