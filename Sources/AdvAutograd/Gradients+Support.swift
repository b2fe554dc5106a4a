import AdvTensor

// Helpers the gradient rules share: expanding a reduced gradient
// back to its input's shape, and scattering rows back to where a slice or gather read them.

/// `a + b` for two gradients of the same shape (the tape's accumulation step).
func accumulate(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    guard a.shape == b.shape else {
        throw TensorError(
            op: "gradient", message: "accumulating \(a.shape.shapeDescription) and \(b.shape.shapeDescription)")
    }
    return try a + b
}

/// The shape a reduction over `axis` (nil = all) of `shape` has with `keepDims`.
func keptShape(_ shape: [Int], axis: Int?) -> [Int] {
    guard let axis else { return shape.map { _ in 1 } }
    var kept = shape
    kept[axis] = 1
    return kept
}

/// Broadcasts the gradient of a reduction over `axis` back to the input's `shape`.
func expandReduced(_ gradient: Tensor, to shape: [Int], axis: Int?) throws -> Tensor {
    try gradient.reshaped(keptShape(shape, axis: axis)).broadcasted(to: shape)
}

/// The number of scalars a reduction over `axis` (nil = all) of `shape` combines into one.
func reducedCount(_ shape: [Int], axis: Int?) -> Int {
    guard let axis else { return shape.reduce(1, *) }
    return shape[axis]
}

/// Adds slab `k` of `gradient` (along `axis`) into slab `indices[k]` of a zero tensor of `shape`:
/// the adjoint of reading those slabs, as `gather` and `slice` do. Indices may repeat (gather) and
/// are already in range.
func scatterAdd(_ gradient: Tensor, indices: [Int], axis: Int, into shape: [Int]) throws -> Tensor {
    let outer = shape[..<axis].reduce(1, *)
    let inner = shape[(axis + 1)...].reduce(1, *)
    let extent = shape[axis]
    guard gradient.count == outer * indices.count * inner else {
        throw TensorError(
            op: "gradient",
            message: "scattering \(gradient.shape.shapeDescription) into \(shape.shapeDescription) along axis \(axis)")
    }
    var scalars = [Float](repeating: 0, count: outer * extent * inner)
    scalars.withUnsafeMutableBufferPointer { target in
        gradient.scalars.withUnsafeBufferPointer { source in
            for o in 0..<outer {
                for (k, index) in indices.enumerated() {
                    let from = (o * indices.count + k) * inner
                    let to = (o * extent + index) * inner
                    for j in 0..<inner { target[to + j] += source[from + j] }
                }
            }
        }
    }
    return try Tensor(shape: shape, scalars: scalars)
}

/// The matrix view of a matmul operand: a vector `[k]` is a row `[1, k]` on the left and a
/// column `[k, 1]` on the right, as in numpy.
func matrixView(_ t: Tensor, left: Bool) throws -> Tensor {
    guard t.rank == 1 else { return t }
    return try t.reshaped(left ? [1, t.shape[0]] : [t.shape[0], 1])
}

/// `axis` counted from the end when negative; throws naming `op` when out of range for `rank`.
func normalizedAxis(_ axis: Int, rank: Int, op: String) throws -> Int {
    let normalized = axis < 0 ? axis + rank : axis
    guard normalized >= 0, normalized < rank else {
        throw TensorError(op: op, message: "axis \(axis) is out of range for rank \(rank)")
    }
    return normalized
}
