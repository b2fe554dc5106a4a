/// Matrix products (through BLAS) and transposes.
extension Tensor {
    /// The matrix product `a @ b`, numpy style: `[m, k] @ [k, n] -> [m, n]`, `[k] @ [k, n] -> [n]`,
    /// `[m, k] @ [k] -> [m]`, `[k] @ [k] -> []` (the dot product).
    public static func matmul(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        guard (1...2).contains(a.rank), (1...2).contains(b.rank) else {
            throw TensorError(
                op: "matmul",
                message: "\(a.shape.shapeDescription) x \(b.shape.shapeDescription): operands must have rank 1 or 2")
        }
        let (m, k) = a.rank == 2 ? (a.shape[0], a.shape[1]) : (1, a.shape[0])
        let (kb, n) = b.rank == 2 ? (b.shape[0], b.shape[1]) : (b.shape[0], 1)
        guard k == kb else {
            throw TensorError(
                op: "matmul",
                message:
                    "\(a.shape.shapeDescription) x \(b.shape.shapeDescription): inner dimensions \(k) and \(kb) differ")
        }
        var shape: [Int] = []
        if a.rank == 2 { shape.append(m) }
        if b.rank == 2 { shape.append(n) }
        try requireSize(shape, op: "matmul", operands: "\(a.shape.shapeDescription) x \(b.shape.shapeDescription)")
        // Vectors as [1, k] and [k, 1] matrices (sharing their storage), the result reshaped back.
        let left = a.rank == 2 ? a : Tensor(unchecked: [m, k], scalars: a.scalars)
        let right = b.rank == 2 ? b : Tensor(unchecked: [k, n], scalars: b.scalars)
        var c = Tensor.zeros([0])
        gemm(left, transposeA: false, right, transposeB: false, into: &c)
        return Tensor(unchecked: shape, scalars: c.scalars)
    }

    /// `op(a) @ op(b)` for rank-2 `a` and `b`, where `op` transposes when asked, without copying
    /// either operand: BLAS reads them transposed. `[k, m]ᵀ @ [k, n] -> [m, n]`.
    public static func matmul(_ a: Tensor, transposeA: Bool, _ b: Tensor, transposeB: Bool) throws -> Tensor {
        let left = a.shape.shapeDescription + (transposeA ? "^T" : "")
        let right = b.shape.shapeDescription + (transposeB ? "^T" : "")
        guard a.rank == 2, b.rank == 2 else {
            throw TensorError(op: "matmul", message: "\(left) x \(right): operands must have rank 2")
        }
        let (m, k) = transposeA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
        let (kb, n) = transposeB ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
        guard k == kb else {
            throw TensorError(op: "matmul", message: "\(left) x \(right): inner dimensions \(k) and \(kb) differ")
        }
        try requireSize([m, n], op: "matmul", operands: "\(left) x \(right)")
        var c = Tensor.zeros([0])
        gemm(a, transposeA: transposeA, b, transposeB: transposeB, into: &c)
        return c
    }

    /// `c = op(a) @ op(b) + beta c`, [m, n], on extents the caller has checked: the one place a tensor
    /// op calls BLAS. With beta 0, `c` is reshaped (reallocated only when its count changes); with
    /// beta 1 it must already be [m, n]. NOTE: with k == 0 the product is an empty sum: zeros, or `c`
    /// unchanged for beta 1.
    static func gemm(
        _ a: Tensor, transposeA: Bool, _ b: Tensor, transposeB: Bool, beta: Float = 0, into c: inout Tensor
    ) {
        let (m, k) = transposeA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
        let n = transposeB ? b.shape[0] : b.shape[1]
        c.reshapeForOverwrite([m, n])
        a.scalars.withUnsafeBufferPointer { a in
            b.scalars.withUnsafeBufferPointer { b in
                c.scalars.withUnsafeMutableBufferPointer { c in
                    guard let aBase = a.baseAddress, let bBase = b.baseAddress, let cBase = c.baseAddress, k > 0 else {
                        if beta == 0 { c.update(repeating: 0) }
                        return
                    }
                    BLAS.gemm(
                        transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: aBase, b: bBase,
                        beta: beta, c: cBase)
                }
            }
        }
    }

    /// The transpose of a matrix (`[m, n] -> [n, m]`, a blocked copy); rank 0 and 1 are unchanged.
    public func transposed() throws -> Tensor {
        switch rank {
        case 0, 1: return self
        case 2:
            let (rows, columns) = (shape[0], shape[1])
            return mapped([columns, rows]) { x, out in Transpose.matrix(x, rows: rows, columns: columns, out) }
        default:
            throw TensorError(
                op: "transpose",
                message: "shape \(shape.shapeDescription) has rank \(rank); pass a permutation of its axes")
        }
    }

    /// The axes reordered: axis `d` of the result is axis `permutation[d]` of `self` (numpy's
    /// `transpose(axes)`).
    public func transposed(_ permutation: [Int]) throws -> Tensor {
        guard permutation.count == rank, permutation.sorted() == Array(0..<rank) else {
            throw TensorError(
                op: "transpose",
                message: "\(permutation) is not a permutation of the axes of shape \(shape.shapeDescription)")
        }
        if permutation == Array(0..<rank) { return self }
        if rank == 2 { return try transposed() }
        return mapped(permutation.map { shape[$0] }) { x, out in
            Transpose.permute(x, shape: shape, permutation: permutation, out)
        }
    }
}
