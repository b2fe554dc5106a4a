/// The fused primitives of the papers' maxout networks (Goodfellow et al. 2013, 2015): each one is a
/// single validated call over a kernel in Kernels/Neural.swift, forward and backward, so a training
/// step does not pay for a chain of generic ops.
extension Tensor {
    // MARK: Linear

    /// The affine layer `y = x @ w + b`.
    ///
    /// Shapes: `x` [n, i], `w` [i, o], `b` [o] -> [n, o]. One GEMM (beta = 0), then the bias in one pass.
    public static func linear(_ x: Tensor, _ w: Tensor, _ b: Tensor) throws -> Tensor {
        guard x.rank == 2, w.rank == 2, b.rank == 1, x.shape[1] == w.shape[0], b.shape[0] == w.shape[1] else {
            throw TensorError(
                op: "linear",
                message: "x \(x.shape.shapeDescription), w \(w.shape.shapeDescription), b \(b.shape.shapeDescription): "
                    + "want x [n, i], w [i, o], b [o]")
        }
        let (n, i, o) = (x.shape[0], x.shape[1], w.shape[1])
        try requireSize(
            [n, o], op: "linear", operands: "x \(x.shape.shapeDescription) and w \(w.shape.shapeDescription)")
        let scalars = [Float](unsafeUninitializedCapacity: n * o) { y, initialized in
            x.scalars.withUnsafeBufferPointer { x in
                w.scalars.withUnsafeBufferPointer { w in
                    b.scalars.withUnsafeBufferPointer { b in
                        y.initialize(repeating: 0)
                        NeuralKernels.linear(x: x, w: w, b: b, y: y, rows: n, inputs: i, outputs: o)
                    }
                }
            }
            initialized = n * o
        }
        return Tensor(unchecked: [n, o], scalars: scalars)
    }

    /// The gradient of `linear` with respect to `x`: `dx = dy @ w^T`, shapes `dy` [n, o], `w` [i, o] -> [n, i].
    public static func linearInputGradient(_ dy: Tensor, _ w: Tensor) throws -> Tensor {
        guard dy.rank == 2, w.rank == 2, dy.shape[1] == w.shape[1] else {
            throw TensorError(
                op: "linear backward",
                message: "dy \(dy.shape.shapeDescription) and w \(w.shape.shapeDescription): want dy [n, o], w [i, o]")
        }
        return gemmProduct(dy, transposeA: false, w, transposeB: true, m: dy.shape[0], n: w.shape[0], k: dy.shape[1])
    }

    /// The gradient of `linear` with respect to `w`: `dw = x^T @ dy`, shapes `x` [n, i], `dy` [n, o] -> [i, o].
    public static func linearWeightGradient(_ x: Tensor, _ dy: Tensor) throws -> Tensor {
        guard x.rank == 2, dy.rank == 2, x.shape[0] == dy.shape[0] else {
            throw TensorError(
                op: "linear backward",
                message: "x \(x.shape.shapeDescription) and dy \(dy.shape.shapeDescription): want x [n, i], dy [n, o]")
        }
        return gemmProduct(x, transposeA: true, dy, transposeB: false, m: x.shape[1], n: dy.shape[1], k: x.shape[0])
    }

    /// The gradient of `linear` with respect to `b`: the column sums of `dy` [n, o] -> [o].
    public static func linearBiasGradient(_ dy: Tensor) throws -> Tensor {
        guard dy.rank == 2 else {
            throw TensorError(op: "linear backward", message: "dy \(dy.shape.shapeDescription): want rank 2 [n, o]")
        }
        let (n, o) = (dy.shape[0], dy.shape[1])
        let scalars = [Float](unsafeUninitializedCapacity: o) { db, initialized in
            db.initialize(repeating: 0)
            dy.scalars.withUnsafeBufferPointer { NeuralKernels.columnSums($0, rows: n, columns: o, into: db) }
            initialized = o
        }
        return Tensor(unchecked: [o], scalars: scalars)
    }

    /// `op(a) @ op(b)` into a fresh [m, n] tensor; extents already checked.
    private static func gemmProduct(
        _ a: Tensor, transposeA: Bool, _ b: Tensor, transposeB: Bool, m: Int, n: Int, k: Int
    ) -> Tensor {
        let scalars = [Float](unsafeUninitializedCapacity: m * n) { c, initialized in
            c.initialize(repeating: 0)
            a.scalars.withUnsafeBufferPointer { a in
                b.scalars.withUnsafeBufferPointer { b in
                    guard let aBase = a.baseAddress, let bBase = b.baseAddress, let cBase = c.baseAddress, k > 0 else {
                        return
                    }
                    BLAS.gemm(
                        transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: aBase, b: bBase, beta: 0,
                        c: cBase)
                }
            }
            initialized = m * n
        }
        return Tensor(unchecked: [m, n], scalars: scalars)
    }

    // MARK: Maxout

    /// The maxout unit: `value[r, j] = max over p < k of z[r, j*k + p]`.
    ///
    /// Layout: `z` is [n, u*k] and unit `j` owns the `k` consecutive columns `j*k ..< (j+1)*k`.
    /// Returns the values [n, u] and, for the backward pass, `argmax[r*u + j]`: the column of `z`
    /// (in `0 ..< u*k`) that won for row `r`, unit `j` (the first one on ties).
    public static func maxout(_ z: Tensor, pieces k: Int) throws -> (value: Tensor, argmax: [Int32]) {
        guard z.rank == 2, k >= 1, z.shape[1] % k == 0 else {
            throw TensorError(
                op: "maxout",
                message: "z \(z.shape.shapeDescription) with \(k) pieces: want z [n, units * pieces], pieces >= 1")
        }
        let (n, u) = (z.shape[0], z.shape[1] / k)
        var argmax = [Int32](repeating: 0, count: n * u)
        let scalars = [Float](unsafeUninitializedCapacity: n * u) { value, initialized in
            value.initialize(repeating: 0)
            z.scalars.withUnsafeBufferPointer { z in
                argmax.withUnsafeMutableBufferPointer { argmax in
                    NeuralKernels.maxout(z: z, rows: n, units: u, pieces: k, value: value, argmax: argmax)
                }
            }
            initialized = n * u
        }
        return (Tensor(unchecked: [n, u], scalars: scalars), argmax)
    }

    /// The gradient of `maxout`: `dy` [n, u] scattered into the winning columns of a zero [n, u*k].
    public static func maxoutGradient(_ dy: Tensor, argmax: [Int32], pieces k: Int) throws -> Tensor {
        guard dy.rank == 2, k >= 1, argmax.count == dy.count,
            argmax.allSatisfy({ $0 >= 0 && Int($0) < dy.shape[1] * k })
        else {
            throw TensorError(
                op: "maxout backward",
                message:
                    "dy \(dy.shape.shapeDescription), \(argmax.count) argmax entries, \(k) pieces: they do not match")
        }
        let (n, u) = (dy.shape[0], dy.shape[1])
        let scalars = [Float](unsafeUninitializedCapacity: n * u * k) { dz, initialized in
            dz.initialize(repeating: 0)
            dy.scalars.withUnsafeBufferPointer { dy in
                argmax.withUnsafeBufferPointer { argmax in
                    NeuralKernels.maxoutBackward(dy: dy, argmax: argmax, rows: n, units: u, pieces: k, dz: dz)
                }
            }
            initialized = n * u * k
        }
        return Tensor(unchecked: [n, u * k], scalars: scalars)
    }

    // MARK: Softmax cross-entropy

    /// The mean negative log-likelihood of `labels` under `softmax(logits)`, computed stably.
    ///
    /// Shapes: `logits` [n, c] (n >= 1), `labels` n integers in `0 ..< c`. Returns the loss
    /// `(1/n) sum_r (logSumExp(logits[r]) - logits[r, labels[r]])` and the probabilities [n, c],
    /// which the backward pass reuses.
    public static func softmaxCrossEntropy(logits: Tensor, labels: [Int]) throws -> (loss: Float, probabilities: Tensor)
    {
        try validateCrossEntropy(op: "softmaxCrossEntropy", logits.shape, labels)
        let (n, c) = (logits.shape[0], logits.shape[1])
        var total = 0.0
        let scalars = [Float](unsafeUninitializedCapacity: n * c) { p, initialized in
            p.initialize(repeating: 0)
            logits.scalars.withUnsafeBufferPointer { logits in
                labels.withUnsafeBufferPointer { labels in
                    total = NeuralKernels.softmaxCrossEntropy(
                        logits: logits, labels: labels, rows: n, classes: c, probabilities: p)
                }
            }
            initialized = n * c
        }
        return (Float(total / Double(n)), Tensor(unchecked: [n, c], scalars: scalars))
    }

    /// The gradient of the mean `softmaxCrossEntropy` with respect to the logits:
    /// `dLoss * (p - onehot(labels)) / n`, shape [n, c].
    public static func softmaxCrossEntropyGradient(probabilities p: Tensor, labels: [Int], lossGradient: Float = 1)
        throws -> Tensor
    {
        try validateCrossEntropy(op: "softmaxCrossEntropy backward", p.shape, labels)
        let (n, c) = (p.shape[0], p.shape[1])
        let scalars = [Float](unsafeUninitializedCapacity: n * c) { d, initialized in
            d.initialize(repeating: 0)
            p.scalars.withUnsafeBufferPointer { p in
                labels.withUnsafeBufferPointer { labels in
                    NeuralKernels.softmaxCrossEntropyBackward(
                        probabilities: p, labels: labels, rows: n, classes: c, scale: lossGradient / Float(n),
                        dlogits: d)
                }
            }
            initialized = n * c
        }
        return Tensor(unchecked: [n, c], scalars: scalars)
    }

    private static func validateCrossEntropy(op: String, _ shape: [Int], _ labels: [Int]) throws {
        guard shape.count == 2, shape[0] >= 1, shape[0] == labels.count else {
            throw TensorError(
                op: op,
                message:
                    "logits \(shape.shapeDescription) and \(labels.count) labels: want logits [n, c] with n = labels >= 1"
            )
        }
        if let bad = labels.firstIndex(where: { $0 < 0 || $0 >= shape[1] }) {
            throw TensorError(
                op: op,
                message:
                    "label \(labels[bad]) at index \(bad) is outside 0..<\(shape[1]) for logits \(shape.shapeDescription)"
            )
        }
    }

    // MARK: Dropout

    /// An inverted-dropout mask of the given shape: each entry is `1 / keepProbability` with
    /// probability `keepProbability`, else 0, so `x * mask` keeps the expected activation and
    /// evaluation mode needs no rescaling.
    public static func dropoutMask(
        _ shape: [Int], keepProbability keep: Float, using generator: inout SeededGenerator
    ) throws -> Tensor {
        guard keep > 0, keep <= 1, shape.allSatisfy({ $0 >= 0 }) else {
            throw TensorError(
                op: "dropout",
                message: "shape \(shape.shapeDescription), keep probability \(keep): want extents >= 0, 0 < keep <= 1")
        }
        var mask = Tensor(shape: shape, repeating: 0)
        mask.scalars.withUnsafeMutableBufferPointer { NeuralKernels.dropoutMask($0, keep: keep, using: &generator) }
        return mask
    }

    /// Dropout with a given mask: `x * mask`, both of the same shape. Its gradient is `dy * mask`,
    /// the same call.
    public static func dropout(_ x: Tensor, mask: Tensor) throws -> Tensor {
        guard x.shape == mask.shape else {
            throw TensorError(
                op: "dropout", message: "x \(x.shape.shapeDescription) and mask \(mask.shape.shapeDescription) differ")
        }
        let scalars = [Float](unsafeUninitializedCapacity: x.count) { y, initialized in
            y.initialize(repeating: 0)
            x.scalars.withUnsafeBufferPointer { x in
                mask.scalars.withUnsafeBufferPointer { mask in NeuralKernels.multiply(x, mask, into: y) }
            }
            initialized = x.count
        }
        return Tensor(unchecked: x.shape, scalars: scalars)
    }

    // MARK: Max-norm constraint

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
