/// Elementwise arithmetic with numpy broadcasting: shapes align at the right and axes of extent 1
/// stretch, so `[n, k] + [k]` adds a row to every row. Errors name the op and both shapes.
extension Tensor {
    /// Applies a binary operator with broadcasting. Fast paths: equal shapes, a one-scalar operand,
    /// and an operand whose shape is the other's trailing axes (a row vector); else a strided walk.
    static func binary(_ op: BinaryOperator, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        let shape: [Int]
        if a.shape == b.shape {
            shape = a.shape
        } else if let broadcast = Broadcast.shape([a.shape, b.shape]) {
            shape = broadcast
        } else {
            throw TensorError(
                op: op.name,
                message: "shapes \(a.shape.shapeDescription) and \(b.shape.shapeDescription) do not broadcast")
        }
        try requireSize(
            shape, op: op.name, operands: "\(a.shape.shapeDescription) and \(b.shape.shapeDescription)")
        return a.scalars.withUnsafeBufferPointer { pa in
            b.scalars.withUnsafeBufferPointer { pb in
                Tensor.build(shape) { out in
                    let count = out.count
                    if a.count == count && b.count == count {
                        Elementwise.binary(op, pa, 0, strideA: 1, pb, 0, strideB: 1, out, 0, count: count)
                    } else if b.count == 1 && a.count == count {
                        Elementwise.binary(op, pa, 0, strideA: 1, pb, 0, strideB: 0, out, 0, count: count)
                    } else if a.count == 1 && b.count == count {
                        Elementwise.binary(op, pa, 0, strideA: 0, pb, 0, strideB: 1, out, 0, count: count)
                    } else if a.count == count && b.count > 0 && Array(shape.suffix(b.rank)) == b.shape {
                        let row = b.count
                        for start in stride(from: 0, to: count, by: row) {
                            Elementwise.binary(op, pa, start, strideA: 1, pb, 0, strideB: 1, out, start, count: row)
                        }
                    } else if b.count == count && a.count > 0 && Array(shape.suffix(a.rank)) == a.shape {
                        let row = a.count
                        for start in stride(from: 0, to: count, by: row) {
                            Elementwise.binary(op, pa, 0, strideA: 1, pb, start, strideB: 1, out, start, count: row)
                        }
                    } else {
                        stridedBinary(op, pa, a.shape, pb, b.shape, out, shape)
                    }
                }
            }
        }
    }

    /// The general broadcast: walks the output row by row with each operand's broadcast strides.
    private static func stridedBinary(
        _ op: BinaryOperator, _ pa: UnsafeBufferPointer<Float>, _ shapeA: [Int],
        _ pb: UnsafeBufferPointer<Float>, _ shapeB: [Int],
        _ out: UnsafeMutableBufferPointer<Float>, _ shape: [Int]
    ) {
        let (rows, strides) = Broadcast.coalesce(
            shape,
            [
                Broadcast.strides(of: shapeA, in: shape), Broadcast.strides(of: shapeB, in: shape),
                Broadcast.contiguousStrides(shape),
            ])
        let row = rows.last ?? 1
        let innerA = strides[0].last ?? 0
        let innerB = strides[1].last ?? 0
        Broadcast.forEachRow(of: rows, strides: strides) { offsets in
            Elementwise.binary(
                op, pa, offsets[0], strideA: innerA, pb, offsets[1], strideB: innerB, out, offsets[2], count: row)
        }
    }

    public static func + (a: Tensor, b: Tensor) throws -> Tensor { try binary(.add, a, b) }
    public static func - (a: Tensor, b: Tensor) throws -> Tensor { try binary(.subtract, a, b) }
    public static func * (a: Tensor, b: Tensor) throws -> Tensor { try binary(.multiply, a, b) }
    public static func / (a: Tensor, b: Tensor) throws -> Tensor { try binary(.divide, a, b) }

    /// A tensor and a scalar never fail to broadcast.
    private static func binary(_ op: BinaryOperator, _ a: Tensor, _ b: Float) -> Tensor {
        a.mapped(a.shape) { pa, out in
            withUnsafePointer(to: b) { pointer in
                Elementwise.binary(
                    op, pa, 0, strideA: 1, UnsafeBufferPointer(start: pointer, count: 1), 0, strideB: 0,
                    out, 0, count: out.count)
            }
        }
    }

    private static func binary(_ op: BinaryOperator, _ a: Float, _ b: Tensor) -> Tensor {
        b.mapped(b.shape) { pb, out in
            withUnsafePointer(to: a) { pointer in
                Elementwise.binary(
                    op, UnsafeBufferPointer(start: pointer, count: 1), 0, strideA: 0, pb, 0, strideB: 1,
                    out, 0, count: out.count)
            }
        }
    }

    public static func + (a: Tensor, b: Float) -> Tensor { binary(.add, a, b) }
    public static func - (a: Tensor, b: Float) -> Tensor { binary(.subtract, a, b) }
    public static func * (a: Tensor, b: Float) -> Tensor { binary(.multiply, a, b) }
    public static func / (a: Tensor, b: Float) -> Tensor { binary(.divide, a, b) }
    public static func + (a: Float, b: Tensor) -> Tensor { binary(.add, a, b) }
    public static func - (a: Float, b: Tensor) -> Tensor { binary(.subtract, a, b) }
    public static func * (a: Float, b: Tensor) -> Tensor { binary(.multiply, a, b) }
    public static func / (a: Float, b: Tensor) -> Tensor { binary(.divide, a, b) }

    public static prefix func - (x: Tensor) -> Tensor { x.unary(.negate) }

    /// `self ** exponent` elementwise, broadcasting.
    public func pow(_ exponent: Tensor) throws -> Tensor { try Tensor.binary(.power, self, exponent) }
    /// `self ** exponent` elementwise.
    public func pow(_ exponent: Float) -> Tensor { Tensor.binary(.power, self, exponent) }

    /// The elementwise smaller of `a` and `b`, broadcasting; NaN wins, as in numpy.
    public static func minimum(_ a: Tensor, _ b: Tensor) throws -> Tensor { try binary(.minimum, a, b) }
    /// The elementwise larger of `a` and `b`, broadcasting; NaN wins, as in numpy.
    public static func maximum(_ a: Tensor, _ b: Tensor) throws -> Tensor { try binary(.maximum, a, b) }
}
