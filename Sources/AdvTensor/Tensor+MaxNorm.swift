/// The max-norm constraint of the maxout papers: rows or columns of a weight matrix clipped to an L2 norm.
extension Tensor {
    /// Clips the L2 norm of every row of `w` [r, c] to at most `maxNorm`, in place.
    public static func maxNormRows(_ w: inout Tensor, maxNorm: Float) throws {
        try validateMaxNorm(op: "maxNormRows", w.shape, maxNorm)
        let (r, c) = (w.shape[0], w.shape[1])
        w.scalars.withUnsafeMutableBufferPointer {
            NeuralKernels.maxNormRows($0, rows: r, columns: c, maxNorm: maxNorm)
        }
    }

    /// Clips the L2 norm of every column of `w` [i, o] to at most `maxNorm`, in place. For a linear
    /// layer's `w` [i, o], column `j` is unit `j`'s incoming weight vector (the maxout papers' constraint).
    public static func maxNormColumns(_ w: inout Tensor, maxNorm: Float) throws {
        try validateMaxNorm(op: "maxNormColumns", w.shape, maxNorm)
        let (r, c) = (w.shape[0], w.shape[1])
        w.scalars.withUnsafeMutableBufferPointer {
            NeuralKernels.maxNormColumns($0, rows: r, columns: c, maxNorm: maxNorm)
        }
    }

    private static func validateMaxNorm(op: String, _ shape: [Int], _ maxNorm: Float) throws {
        guard shape.count == 2, maxNorm > 0 else {
            throw TensorError(
                op: op, message: "w \(shape.shapeDescription), max norm \(maxNorm): want rank 2 and a positive norm")
        }
    }
}
