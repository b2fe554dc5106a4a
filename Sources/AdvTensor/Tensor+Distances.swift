/// Squared Euclidean distances between rows, through one matrix product: what k-nearest
/// neighbours classifies with.
extension Tensor {
    /// Each row's squared L2 norm of a matrix [n, d], summed in Float64: [n].
    public func rowSquaredNorms() throws -> [Float] {
        guard rank == 2 else {
            throw TensorError(op: "rowSquaredNorms", message: "shape \(shape.shapeDescription): want a matrix [n, d]")
        }
        let (n, d) = (shape[0], shape[1])
        var norms = [Float](repeating: 0, count: n)
        scalars.withUnsafeBufferPointer { x in
            for row in 0..<n {
                var sum = 0.0
                for i in row * d..<(row + 1) * d { sum += Double(x[i]) * Double(x[i]) }
                norms[row] = Float(sum)
            }
        }
        return norms
    }

    /// `distances[i, j] = ||a_i||^2 - 2 a_i . b_r + ||b_r||^2` for every row i of `a` [m, d] and
    /// every row r = rows.lowerBound + j of `b` [N, d] in `rows`, into `distances` [m, rows.count]
    /// (reused from call to call): one GEMM `-2 a b_rows^T` reading b's rows in place, then one
    /// pass adding the norms (`aNorms` [m] and `bNorms` [N], from `rowSquaredNorms`).
    ///
    /// NOTE: the expansion loses the low bits of a small distance between long vectors to
    /// cancellation (MNIST digits: norms near 100, Float32 keeps about 1e-5 of them), so a
    /// distance is exact to about 1e-4 and rounding can make it slightly negative: it is clamped
    /// at 0.
    public static func squaredDistances(
        _ a: Tensor, aNorms: [Float], _ b: Tensor, rows: Range<Int>, bNorms: [Float], into distances: inout Tensor
    ) throws {
        guard a.rank == 2, b.rank == 2, a.shape[1] == b.shape[1] else {
            throw TensorError(
                op: "squaredDistances",
                message: "rows \(a.shape.shapeDescription) and \(b.shape.shapeDescription): want [m, d] and [N, d]")
        }
        let (m, d) = (a.shape[0], a.shape[1])
        guard aNorms.count == m, bNorms.count == b.shape[0], rows.lowerBound >= 0, rows.upperBound <= b.shape[0] else {
            throw TensorError(
                op: "squaredDistances",
                message:
                    "rows \(rows) of \(b.shape.shapeDescription) with \(aNorms.count) and \(bNorms.count) norms for \(a.shape.shapeDescription)"
            )
        }
        let n = rows.count
        try requireSize([m, n], op: "squaredDistances", operands: "\(a.shape.shapeDescription) x \(n) rows")
        distances.reshapeForOverwrite([m, n])
        a.scalars.withUnsafeBufferPointer { a in
            b.scalars.withUnsafeBufferPointer { b in
                distances.scalars.withUnsafeMutableBufferPointer { c in
                    guard let aBase = a.baseAddress, let bBase = b.baseAddress, let cBase = c.baseAddress, d > 0 else {
                        c.update(repeating: 0)
                        return
                    }
                    BLAS.gemm(
                        transposeA: false, transposeB: true, m: m, n: n, k: d, alpha: -2, a: aBase,
                        b: bBase + rows.lowerBound * d, c: cBase)
                }
            }
            distances.scalars.withUnsafeMutableBufferPointer { c in
                aNorms.withUnsafeBufferPointer { aNorms in
                    bNorms.withUnsafeBufferPointer { bNorms in
                        let bRows = UnsafeBufferPointer(rebasing: bNorms[rows])
                        Parallel.rows(m, width: n) { block in
                            for i in block {
                                for j in 0..<n {
                                    let offset = i * n + j
                                    c[offset] = Swift.max(aNorms[i] + bRows[j] + c[offset], 0)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
