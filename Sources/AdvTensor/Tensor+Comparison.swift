/// Elementwise comparisons (1 where true, 0 where false) and numpy's `where`, all broadcasting.
extension Tensor {
    public func lessThan(_ other: Tensor) throws -> Tensor { try Tensor.binary(.less, self, other) }
    public func greaterThan(_ other: Tensor) throws -> Tensor { try Tensor.binary(.greater, self, other) }
    public func lessEqual(_ other: Tensor) throws -> Tensor { try Tensor.binary(.lessEqual, self, other) }
    public func greaterEqual(_ other: Tensor) throws -> Tensor { try Tensor.binary(.greaterEqual, self, other) }
    public func equal(_ other: Tensor) throws -> Tensor { try Tensor.binary(.equal, self, other) }
    public func notEqual(_ other: Tensor) throws -> Tensor { try Tensor.binary(.notEqual, self, other) }

    /// `a` where `condition` is nonzero, else `b` (numpy's `where`); the three shapes broadcast.
    public static func select(_ condition: Tensor, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        guard let shape = Broadcast.shape([condition.shape, a.shape, b.shape]) else {
            throw TensorError(
                op: "select",
                message: "shapes \(condition.shape.shapeDescription), \(a.shape.shapeDescription) and "
                    + "\(b.shape.shapeDescription) do not broadcast")
        }
        try requireSize(
            shape, op: "select",
            operands: [condition.shape, a.shape, b.shape].map(\.shapeDescription).joined(separator: ", "))
        let (rows, strides) = Broadcast.coalesce(
            shape,
            [condition.shape, a.shape, b.shape].map { Broadcast.strides(of: $0, in: shape) }
                + [Broadcast.contiguousStrides(shape)])
        let row = rows.last ?? 1
        return condition.scalars.withUnsafeBufferPointer { pc in
            a.scalars.withUnsafeBufferPointer { pa in
                b.scalars.withUnsafeBufferPointer { pb in
                    Tensor.build(shape) { out in
                        Broadcast.forEachRow(of: rows, strides: strides) { offsets in
                            Elementwise.select(
                                pc, offsets[0], strideC: strides[0].last ?? 0,
                                pa, offsets[1], strideA: strides[1].last ?? 0,
                                pb, offsets[2], strideB: strides[2].last ?? 0,
                                out, offsets[3], count: row)
                        }
                    }
                }
            }
        }
    }
}
