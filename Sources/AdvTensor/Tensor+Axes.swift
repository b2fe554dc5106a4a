extension Tensor {
    /// `axis` in 0..<rank, counting from the end when negative (-1 is the last axis); throws naming
    /// `op` and the shape when it is out of range.
    func normalizedAxis(_ axis: Int, op: String, rank: Int? = nil) throws -> Int {
        let rank = rank ?? self.rank
        let normalized = axis < 0 ? axis + rank : axis
        guard normalized >= 0, normalized < rank else {
            throw TensorError(op: op, message: "axis \(axis) is out of range for shape \(shape.shapeDescription)")
        }
        return normalized
    }

    /// The shape split around `axis` as (product of earlier extents, the axis's extent, product of
    /// later extents): a row-major tensor is `[outer, length, inner]` seen from that axis.
    func split(at axis: Int) -> (outer: Int, length: Int, inner: Int) {
        (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
    }
}
