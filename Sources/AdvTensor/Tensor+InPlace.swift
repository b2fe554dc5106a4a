/// In-place versions of the fused neural primitives, for a training step or an attack that keeps its
/// activations, gradients and momentum in buffers reused from call to call (no allocation once the
/// batch size is fixed). Each writes into an `inout` tensor, which is reshaped (and reallocated only
/// when its count changes) to the result's shape; arguments are validated like the allocating ops.
///
/// NOTE: the write is in place only while the output tensor's storage is uniquely referenced; a
/// caller that hands out a copy of a buffer (say, a gradient) must drop it before the next call, or
/// that call pays one copy.
extension Tensor {
    /// Makes `self` a tensor of `shape`, keeping its storage when the count already matches; the
    /// scalars are unspecified afterwards (every in-place op overwrites all of them).
    mutating func prepare(_ shape: [Int]) {
        let count = shape.reduce(1, *)
        if scalars.count != count {
            self = Tensor(unchecked: shape, scalars: [Float](repeating: 0, count: count))
        } else if self.shape != shape {
            self = Tensor(unchecked: shape, scalars: scalars)
        }
    }

    // MARK: Forward

    /// `y = act(x @ w + b)`: one GEMM into `y`, then the bias and the activation in one pass.
    /// Shapes: x [n, i], w [i, o], b [o] -> y [n, o].
    public static func linear(
        _ x: Tensor, _ w: Tensor, _ b: Tensor, activation: NeuralActivation, into y: inout Tensor
    ) throws {
        try validateLinear(x, w, b)
        let (n, i, o) = (x.shape[0], x.shape[1], w.shape[1])
        y.prepare([n, o])
        x.scalars.withUnsafeBufferPointer { x in
            w.scalars.withUnsafeBufferPointer { w in
                b.scalars.withUnsafeBufferPointer { b in
                    y.scalars.withUnsafeMutableBufferPointer { y in
                        gemm(x, false, w, false, m: n, n: o, k: i, beta: 0, into: y)
                        Parallel.rows(n, width: o) { rows in
                            FusedKernels.biasActivation(
                                y.rows(rows, width: o), bias: b, rows: rows.count, columns: o, activation: activation)
                        }
                    }
                }
            }
        }
    }

    /// A maxout layer: `z = x @ w` (no bias yet), then one pass adds the bias and takes each unit's
    /// max over its `pieces` consecutive columns. Shapes: x [n, i], w [i, u*k], b [u*k] -> z
    /// [n, u*k] (scratch), value [n, u], and `argmax` (n*u winning columns, for `maxoutGradient`).
    public static func maxout(
        _ x: Tensor, _ w: Tensor, _ b: Tensor, pieces k: Int, scratch z: inout Tensor, into value: inout Tensor,
        argmax: inout [Int32]
    ) throws {
        try validateLinear(x, w, b)
        guard k >= 1, w.shape[1] % k == 0 else {
            throw TensorError(
                op: "maxout", message: "w \(w.shape.shapeDescription) with \(k) pieces: want w [i, units * pieces]")
        }
        let (n, i, width) = (x.shape[0], x.shape[1], w.shape[1])
        let u = width / k
        z.prepare([n, width])
        value.prepare([n, u])
        if argmax.count != n * u { argmax = [Int32](repeating: 0, count: n * u) }
        x.scalars.withUnsafeBufferPointer { x in
            w.scalars.withUnsafeBufferPointer { w in
                z.scalars.withUnsafeMutableBufferPointer { z in
                    gemm(x, false, w, false, m: n, n: width, k: i, beta: 0, into: z)
                }
            }
        }
        z.scalars.withUnsafeBufferPointer { z in
            b.scalars.withUnsafeBufferPointer { b in
                value.scalars.withUnsafeMutableBufferPointer { value in
                    argmax.withUnsafeMutableBufferPointer { argmax in
                        Parallel.rows(n, width: width) { rows in
                            FusedKernels.biasMaxout(
                                z: z.rows(rows, width: width), bias: b, rows: rows.count, units: u, pieces: k,
                                value: value.rows(rows, width: u), argmax: argmax.rows(rows, width: u))
                        }
                    }
                }
            }
        }
    }

    /// `y = x * mask` (dropout in training, and its gradient), both of one shape.
    public static func dropout(_ x: Tensor, mask: Tensor, into y: inout Tensor) throws {
        guard x.shape == mask.shape else {
            throw TensorError(
                op: "dropout", message: "x \(x.shape.shapeDescription) and mask \(mask.shape.shapeDescription) differ")
        }
        y.prepare(x.shape)
        x.scalars.withUnsafeBufferPointer { x in
            mask.scalars.withUnsafeBufferPointer { mask in
                y.scalars.withUnsafeMutableBufferPointer { y in
                    Parallel.elements(y.count) { range in
                        NeuralKernels.multiply(x.part(range), mask.part(range), into: y.part(range))
                    }
                }
            }
        }
    }

    /// `y = x * factor` (dropout in evaluation, and its gradient).
    public static func scaled(_ x: Tensor, by factor: Float, into y: inout Tensor) {
        y.prepare(x.shape)
        x.scalars.withUnsafeBufferPointer { x in
            y.scalars.withUnsafeMutableBufferPointer { y in
                Parallel.elements(y.count) { range in
                    FusedKernels.scale(x.part(range), by: factor, into: y.part(range))
                }
            }
        }
    }

    /// Refills `mask` (shape `shape`) with a dropout mask: each entry `(1 / keep) * factor` with
    /// probability `keep`, else 0, drawing from `generator` exactly as `dropoutMask(_:keepProbability:using:)`
    /// followed by `* factor` does, so both paths see the same masks for the same seed.
    public static func dropoutMask(
        _ shape: [Int], keepProbability keep: Float, factor: Float, using generator: inout SeededGenerator,
        into mask: inout Tensor
    ) throws {
        guard keep > 0, keep <= 1, shape.allSatisfy({ $0 >= 0 }) else {
            throw TensorError(
                op: "dropout",
                message: "shape \(shape.shapeDescription), keep probability \(keep): want extents >= 0, 0 < keep <= 1")
        }
        mask.prepare(shape)
        mask.scalars.withUnsafeMutableBufferPointer { mask in
            NeuralKernels.dropoutMask(mask, keep: keep, factor: factor, using: &generator)
        }
    }

    // MARK: Backward

    /// Throws unless `dy` is [n, u] with one `argmax` entry per scalar, each a column in `0 ..< u*k`.
    static func validateMaxoutGradient(_ dy: Tensor, argmax: [Int32], pieces k: Int) throws {
        guard dy.rank == 2, k >= 1, argmax.count == dy.count,
            argmax.allSatisfy({ $0 >= 0 && Int($0) < dy.shape[1] * k })
        else {
            throw TensorError(
                op: "maxout backward",
                message:
                    "dy \(dy.shape.shapeDescription), \(argmax.count) argmax entries, \(k) pieces: they do not match")
        }
    }

    /// `dz` [n, u*k]: `dy` [n, u] scattered into the winning columns of `maxout`, zero elsewhere.
    public static func maxoutGradient(_ dy: Tensor, argmax: [Int32], pieces k: Int, into dz: inout Tensor) throws {
        try validateMaxoutGradient(dy, argmax: argmax, pieces: k)
        let (n, u) = (dy.shape[0], dy.shape[1])
        dz.prepare([n, u * k])
        dy.scalars.withUnsafeBufferPointer { dy in
            argmax.withUnsafeBufferPointer { argmax in
                dz.scalars.withUnsafeMutableBufferPointer { dz in
                    Parallel.rows(n, width: u * k) { rows in
                        NeuralKernels.maxoutBackward(
                            dy: dy.rows(rows, width: u), argmax: argmax.rows(rows, width: u), rows: rows.count,
                            units: u,
                            pieces: k, dz: dz.rows(rows, width: u * k))
                    }
                }
            }
        }
    }

    /// `dy *= act'(x)` in place, the derivative written through the activation's output `y`.
    public static func activationGradient(_ dy: inout Tensor, output y: Tensor, activation: NeuralActivation) throws {
        guard dy.shape == y.shape else {
            throw TensorError(
                op: "activation backward",
                message: "dy \(dy.shape.shapeDescription) and y \(y.shape.shapeDescription) differ")
        }
        guard activation != .identity else { return }
        y.scalars.withUnsafeBufferPointer { y in
            dy.scalars.withUnsafeMutableBufferPointer {
                FusedKernels.activationBackward($0, output: y, activation: activation)
            }
        }
    }

    /// `dx = dy @ w^T`: dy [n, o], w [i, o] -> dx [n, i].
    public static func linearInputGradient(_ dy: Tensor, _ w: Tensor, into dx: inout Tensor) throws {
        guard dy.rank == 2, w.rank == 2, dy.shape[1] == w.shape[1] else {
            throw TensorError(
                op: "linear backward",
                message: "dy \(dy.shape.shapeDescription) and w \(w.shape.shapeDescription): want dy [n, o], w [i, o]")
        }
        let (n, i, o) = (dy.shape[0], w.shape[0], dy.shape[1])
        dx.prepare([n, i])
        dy.scalars.withUnsafeBufferPointer { dy in
            w.scalars.withUnsafeBufferPointer { w in
                dx.scalars.withUnsafeMutableBufferPointer {
                    gemm(dy, false, w, true, m: n, n: i, k: o, beta: 0, into: $0)
                }
            }
        }
    }

    /// `dw = x^T @ dy` and `db = column sums of dy` (Float64), or, with `accumulate`, both added to
    /// what `dw` and `db` hold (the second term of eq. 6 lands on the first's gradients).
    /// Shapes: x [n, i], dy [n, o] -> dw [i, o], db [o]; `scratch` holds o Float64 sums.
    public static func linearParameterGradients(
        _ x: Tensor, _ dy: Tensor, accumulate: Bool, weights dw: inout Tensor, bias db: inout Tensor,
        scratch: inout [Double]
    ) throws {
        guard x.rank == 2, dy.rank == 2, x.shape[0] == dy.shape[0],
            !accumulate || (dw.shape == [x.shape[1], dy.shape[1]] && db.shape == [dy.shape[1]])
        else {
            throw TensorError(
                op: "linear backward",
                message: "x \(x.shape.shapeDescription), dy \(dy.shape.shapeDescription), accumulating into "
                    + "\(dw.shape.shapeDescription) and \(db.shape.shapeDescription): want x [n, i], dy [n, o]")
        }
        let (n, i, o) = (x.shape[0], x.shape[1], dy.shape[1])
        dw.prepare([i, o])
        db.prepare([o])
        if scratch.count != o { scratch = [Double](repeating: 0, count: o) }
        x.scalars.withUnsafeBufferPointer { x in
            dy.scalars.withUnsafeBufferPointer { dy in
                dw.scalars.withUnsafeMutableBufferPointer {
                    gemm(x, true, dy, false, m: i, n: o, k: n, beta: accumulate ? 1 : 0, into: $0)
                }
                db.scalars.withUnsafeMutableBufferPointer { db in
                    scratch.withUnsafeMutableBufferPointer { scratch in
                        FusedKernels.columnSums(
                            dy, rows: n, columns: o, accumulate: accumulate, into: db, scratch: scratch)
                    }
                }
            }
        }
    }

    // MARK: Update and attack

    /// One SGD-with-momentum step on a parameter, with weight decay and (for a matrix [r, c]) the
    /// column max-norm fused into the same pass; see `FusedKernels.momentumUpdate`. A vector is one
    /// row. `squares` is scratch for the Float64 column sums. Matrices of `Parallel.minimumScalars` or
    /// more are updated in `updateBlocks` row blocks, shared out over the cores.
    public static func momentumUpdate(
        _ w: inout Tensor, gradient g: Tensor, velocity v: inout Tensor, learningRate: Float, momentum: Float,
        l1: Float, l2: Float, maxNorm: Float?, squares: inout [Double]
    ) throws {
        guard g.shape == w.shape, v.shape == w.shape, w.rank <= 2, maxNorm.map({ $0 > 0 }) ?? true else {
            throw TensorError(
                op: "sgd update",
                message:
                    "w \(w.shape.shapeDescription), gradient \(g.shape.shapeDescription), velocity \(v.shape.shapeDescription), "
                    + "max norm \(maxNorm.map { "\($0)" } ?? "none"): want one shape of rank <= 2 and a positive norm")
        }
        let (r, c) = w.rank == 2 ? (w.shape[0], w.shape[1]) : (1, w.count)
        let blocks = Partition(r, blocks: w.count >= Parallel.minimumScalars ? updateBlocks : 1)
        if squares.count != blocks.blocks * c { squares = [Double](repeating: 0, count: blocks.blocks * c) }
        g.scalars.withUnsafeBufferPointer { g in
            w.scalars.withUnsafeMutableBufferPointer { w in
                v.scalars.withUnsafeMutableBufferPointer { v in
                    squares.withUnsafeMutableBufferPointer { squares in
                        FusedKernels.momentumUpdate(
                            w: w, gradient: g, velocity: v, rows: blocks, columns: c, learningRate: learningRate,
                            momentum: momentum, l1: l1, l2: l2, maxNorm: w.count == r * c && r > 0 ? maxNorm : nil,
                            squares: squares)
                    }
                }
            }
        }
    }

    /// The row blocks of a large matrix's update, whatever the thread count: a power of two, so
    /// 1, 2, 4 or 8 cores share them evenly.
    static let updateBlocks = 8

    /// The FGSM step `x + step * sign(gradient)`, clipped to [0, 1] when `clip`, into `y`.
    public static func gradientSignStep(
        _ x: Tensor, gradient: Tensor, step: Float, clip: Bool, into y: inout Tensor
    ) throws {
        guard x.shape == gradient.shape else {
            throw TensorError(
                op: "fgsm",
                message: "x \(x.shape.shapeDescription) and gradient \(gradient.shape.shapeDescription) differ")
        }
        y.prepare(x.shape)
        x.scalars.withUnsafeBufferPointer { x in
            gradient.scalars.withUnsafeBufferPointer { g in
                y.scalars.withUnsafeMutableBufferPointer { y in
                    Parallel.elements(y.count) { range in
                        FusedKernels.gradientSignStep(
                            x.part(range), gradient: g.part(range), step: step, clip: clip, into: y.part(range))
                    }
                }
            }
        }
    }

    // MARK: Helpers

    private static func validateLinear(_ x: Tensor, _ w: Tensor, _ b: Tensor) throws {
        guard x.rank == 2, w.rank == 2, b.rank == 1, x.shape[1] == w.shape[0], b.shape[0] == w.shape[1] else {
            throw TensorError(
                op: "linear",
                message: "x \(x.shape.shapeDescription), w \(w.shape.shapeDescription), b \(b.shape.shapeDescription): "
                    + "want x [n, i], w [i, o], b [o]")
        }
    }

    /// `c = op(a) @ op(b) + beta c` on raw buffers, [m, n]; zeros (or leaves, for beta 1) c when k = 0.
    private static func gemm(
        _ a: UnsafeBufferPointer<Float>, _ transposeA: Bool, _ b: UnsafeBufferPointer<Float>, _ transposeB: Bool,
        m: Int, n: Int, k: Int, beta: Float, into c: UnsafeMutableBufferPointer<Float>
    ) {
        guard let aBase = a.baseAddress, let bBase = b.baseAddress, let cBase = c.baseAddress, k > 0 else {
            if beta == 0 { c.update(repeating: 0) }
            return
        }
        BLAS.gemm(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: aBase, b: bBase, beta: beta, c: cBase)
    }
}
