/// The affine layer `y = act(x @ w + b)` and its gradients: one GEMM each, with the bias, the
/// activation and the bias gradient fused into one pass over the GEMM's result.
///
/// Each op comes twice: allocating (what the tape and the language call) and in place, writing
/// into an `inout` buffer that is reshaped, and reallocated only when its count changes (what
/// AdvNN's tape-free network calls, so a step allocates nothing once the batch size is fixed).
/// Both forms run the same kernels and give the same bits.
///
/// NOTE: a write is in place only while the buffer's storage is uniquely referenced; a caller that
/// hands out a copy of a buffer (say, a gradient) must drop it before the next call, or that call
/// pays one copy.
extension Tensor {
    /// `y = x @ w + b`. Shapes: x [n, i], w [i, o], b [o] -> [n, o].
    public static func linear(_ x: Tensor, _ w: Tensor, _ b: Tensor) throws -> Tensor {
        try validateLinear(x, w, b)
        try requireSize(
            [x.shape[0], w.shape[1]], op: "linear",
            operands: "x \(x.shape.shapeDescription) and w \(w.shape.shapeDescription)")
        var y = Tensor.zeros([0])
        try linear(x, w, b, activation: .identity, into: &y)
        return y
    }

    /// `y = act(x @ w + b)` into `y`: one GEMM, then the bias and the activation in one pass.
    /// Shapes: x [n, i], w [i, o], b [o] -> y [n, o].
    public static func linear(
        _ x: Tensor, _ w: Tensor, _ b: Tensor, activation: NeuralActivation, into y: inout Tensor
    ) throws {
        try validateLinear(x, w, b)
        let (n, o) = (x.shape[0], w.shape[1])
        gemm(x, transposeA: false, w, transposeB: false, into: &y)
        b.scalars.withUnsafeBufferPointer { b in
            y.scalars.withUnsafeMutableBufferPointer { y in
                Parallel.rows(n, width: o) { rows in
                    FusedKernels.biasActivation(
                        y.rows(rows, width: o), bias: b, rows: rows.count, columns: o, activation: activation)
                }
            }
        }
    }

    /// The gradient of `linear` with respect to `x`: `dx = dy @ w^T`, dy [n, o], w [i, o] -> [n, i].
    public static func linearInputGradient(_ dy: Tensor, _ w: Tensor) throws -> Tensor {
        var dx = Tensor.zeros([0])
        try linearInputGradient(dy, w, into: &dx)
        return dx
    }

    /// `linearInputGradient` into `dx`.
    public static func linearInputGradient(_ dy: Tensor, _ w: Tensor, into dx: inout Tensor) throws {
        guard dy.rank == 2, w.rank == 2, dy.shape[1] == w.shape[1] else {
            throw TensorError(
                op: "linear backward",
                message: "dy \(dy.shape.shapeDescription) and w \(w.shape.shapeDescription): want dy [n, o], w [i, o]")
        }
        gemm(dy, transposeA: false, w, transposeB: true, into: &dx)
    }

    /// The gradient of `linear` with respect to `w`: `dw = x^T @ dy`, x [n, i], dy [n, o] -> [i, o].
    public static func linearWeightGradient(_ x: Tensor, _ dy: Tensor) throws -> Tensor {
        try validateParameterGradients(x, dy)
        var dw = Tensor.zeros([0])
        gemm(x, transposeA: true, dy, transposeB: false, into: &dw)
        return dw
    }

    /// The gradient of `linear` with respect to `b`: the column sums of `dy` [n, o] -> [o], in Float64.
    public static func linearBiasGradient(_ dy: Tensor) throws -> Tensor {
        guard dy.rank == 2 else {
            throw TensorError(op: "linear backward", message: "dy \(dy.shape.shapeDescription): want rank 2 [n, o]")
        }
        var db = Tensor.zeros([0])
        var scratch: [Double] = []
        columnSums(dy, accumulate: false, into: &db, scratch: &scratch)
        return db
    }

    /// `dw = x^T @ dy` and `db = column sums of dy` (Float64), or, with `accumulate`, both added to
    /// what `dw` and `db` hold (a second loss term landing on the first's gradients).
    /// Shapes: x [n, i], dy [n, o] -> dw [i, o], db [o]; `scratch` holds o Float64 sums.
    public static func linearParameterGradients(
        _ x: Tensor, _ dy: Tensor, accumulate: Bool, weights dw: inout Tensor, bias db: inout Tensor,
        scratch: inout [Double]
    ) throws {
        try validateParameterGradients(x, dy)
        guard !accumulate || (dw.shape == [x.shape[1], dy.shape[1]] && db.shape == [dy.shape[1]]) else {
            throw TensorError(
                op: "linear backward",
                message: "x \(x.shape.shapeDescription), dy \(dy.shape.shapeDescription), accumulating into "
                    + "\(dw.shape.shapeDescription) and \(db.shape.shapeDescription): want x [n, i], dy [n, o]")
        }
        gemm(x, transposeA: true, dy, transposeB: false, beta: accumulate ? 1 : 0, into: &dw)
        columnSums(dy, accumulate: accumulate, into: &db, scratch: &scratch)
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

    // MARK: Helpers

    /// `db (+)= the column sums of dy` [n, o], summed in Float64 in `scratch`.
    private static func columnSums(_ dy: Tensor, accumulate: Bool, into db: inout Tensor, scratch: inout [Double]) {
        let (n, o) = (dy.shape[0], dy.shape[1])
        db.reshapeForOverwrite([o])
        if scratch.count != o { scratch = [Double](repeating: 0, count: o) }
        dy.scalars.withUnsafeBufferPointer { dy in
            db.scalars.withUnsafeMutableBufferPointer { db in
                scratch.withUnsafeMutableBufferPointer { scratch in
                    FusedKernels.columnSums(dy, rows: n, columns: o, accumulate: accumulate, into: db, scratch: scratch)
                }
            }
        }
    }

    static func validateLinear(_ x: Tensor, _ w: Tensor, _ b: Tensor) throws {
        guard x.rank == 2, w.rank == 2, b.rank == 1, x.shape[1] == w.shape[0], b.shape[0] == w.shape[1] else {
            throw TensorError(
                op: "linear",
                message: "x \(x.shape.shapeDescription), w \(w.shape.shapeDescription), b \(b.shape.shapeDescription): "
                    + "want x [n, i], w [i, o], b [o]")
        }
    }

    private static func validateParameterGradients(_ x: Tensor, _ dy: Tensor) throws {
        guard x.rank == 2, dy.rank == 2, x.shape[0] == dy.shape[0] else {
            throw TensorError(
                op: "linear backward",
                message: "x \(x.shape.shapeDescription) and dy \(dy.shape.shapeDescription): want x [n, i], dy [n, o]")
        }
    }
}
