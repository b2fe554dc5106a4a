/// Reductions over one axis or over all scalars. `axis: nil` reduces everything; negative axes
/// count from the end; `keepDims` leaves the reduced axis with extent 1 so the result broadcasts
/// against the input (e.g. `x - x.max(axis: 1, keepDims: true)`).
extension Tensor {
    /// The value of a one-scalar tensor (any shape with count 1), else nil.
    public var scalar: Float? { count == 1 ? scalars[0] : nil }

    /// The result shape and the `[outer, length, inner]` view for reducing `axis` (nil: all).
    private func reduction(_ op: String, axis: Int?, keepDims: Bool) throws -> (
        shape: [Int], outer: Int, length: Int, inner: Int
    ) {
        guard let axis else {
            return (keepDims ? [Int](repeating: 1, count: rank) : [], 1, count, 1)
        }
        let a = try normalizedAxis(axis, op: op)
        var shape = self.shape
        if keepDims { shape[a] = 1 } else { shape.remove(at: a) }
        let (outer, length, inner) = split(at: a)
        return (shape, outer, length, inner)
    }

    /// The sum over `axis` (all scalars when nil); 0 over an empty axis.
    public func sum(axis: Int? = nil, keepDims: Bool = false) throws -> Tensor {
        let r = try reduction("sum", axis: axis, keepDims: keepDims)
        return mapped(r.shape) { x, out in Reduce.sum(x, outer: r.outer, length: r.length, inner: r.inner, out) }
    }

    /// The arithmetic mean over `axis` (all scalars when nil); NaN over an empty axis, as in numpy.
    public func mean(axis: Int? = nil, keepDims: Bool = false) throws -> Tensor {
        let r = try reduction("mean", axis: axis, keepDims: keepDims)
        let total = mapped(r.shape) { x, out in Reduce.sum(x, outer: r.outer, length: r.length, inner: r.inner, out) }
        return total / Float(r.length)
    }

    /// The largest scalar over `axis`; NaN if any is NaN.
    public func max(axis: Int? = nil, keepDims: Bool = false) throws -> Tensor {
        try extreme("max", axis: axis, keepDims: keepDims, smallest: false)
    }

    /// The smallest scalar over `axis`; NaN if any is NaN.
    public func min(axis: Int? = nil, keepDims: Bool = false) throws -> Tensor {
        try extreme("min", axis: axis, keepDims: keepDims, smallest: true)
    }

    private func extreme(_ op: String, axis: Int?, keepDims: Bool, smallest: Bool) throws -> Tensor {
        let r = try reduction(op, axis: axis, keepDims: keepDims)
        try requireNonEmpty(op, length: r.length, outer: r.outer * r.inner)
        return mapped(r.shape) { x, out in
            Reduce.extreme(x, outer: r.outer, length: r.length, inner: r.inner, smallest: smallest, out)
        }
    }

    /// A maximum has no value over an empty axis, unless there are no slices to reduce at all.
    private func requireNonEmpty(_ op: String, length: Int, outer: Int) throws {
        if length == 0 && outer > 0 {
            throw TensorError(op: op, message: "cannot reduce an empty axis of shape \(shape.shapeDescription)")
        }
    }

    /// log(Σ exp(x)) over `axis`, computed stably by shifting by the maximum; -inf over an empty axis.
    public func logSumExp(axis: Int? = nil, keepDims: Bool = false) throws -> Tensor {
        let r = try reduction("logsumexp", axis: axis, keepDims: keepDims)
        return mapped(r.shape) { x, out in
            Reduce.logSumExp(x, outer: r.outer, length: r.length, inner: r.inner, out)
        }
    }

    /// The index of the first largest scalar along `axis`, as Float; the axis is removed.
    public func argmax(axis: Int) throws -> Tensor {
        let r = try reduction("argmax", axis: axis, keepDims: false)
        try requireNonEmpty("argmax", length: r.length, outer: r.outer * r.inner)
        let indices = argmaxIndices(outer: r.outer, length: r.length, inner: r.inner)
        return Tensor(unchecked: r.shape, scalars: indices.map(Float.init))
    }

    /// For a rank-2 tensor `[n, classes]`, the predicted class of each row.
    public func argmaxRows() throws -> [Int] {
        guard rank == 2 else {
            throw TensorError(op: "argmaxRows", message: "needs a rank-2 tensor, got shape \(shape.shapeDescription)")
        }
        try requireNonEmpty("argmaxRows", length: shape[1], outer: shape[0])
        return argmaxIndices(outer: shape[0], length: shape[1], inner: 1)
    }

    private func argmaxIndices(outer: Int, length: Int, inner: Int) -> [Int] {
        scalars.withUnsafeBufferPointer { x in
            [Int](unsafeUninitializedCapacity: outer * inner) { out, initialized in
                Reduce.argmax(x, outer: outer, length: length, inner: inner, out)
                initialized = outer * inner
            }
        }
    }

    /// exp(x) / Σ exp(x) along `axis`, computed as exp(x - logSumExp(x)) so it never overflows.
    public func softmax(axis: Int = -1) throws -> Tensor {
        try logSoftmax(axis: axis, op: "softmax").exp()
    }

    /// x - logSumExp(x) along `axis`: the log-probabilities a cross-entropy loss needs.
    public func logSoftmax(axis: Int = -1) throws -> Tensor {
        try logSoftmax(axis: axis, op: "logSoftmax")
    }

    private func logSoftmax(axis: Int, op: String) throws -> Tensor {
        let a = try normalizedAxis(axis, op: op)
        return try self - logSumExp(axis: a, keepDims: true)
    }
}
