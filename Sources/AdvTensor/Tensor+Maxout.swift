/// The maxout unit (Goodfellow et al. 2013) and its gradient: `value[r, j] = max over p < k of
/// z[r, j*k + p]`, unit `j` owning the `k` consecutive columns `j*k ..< (j+1)*k` of z [n, u*k].
/// The backward pass of a whole maxout layer, with its products, is `MaxoutBackward`.
///
/// As for `linear`, each op comes allocating and in place (into a reused buffer), with the same bits.
extension Tensor {
    /// The unit's values [n, u] and, for the backward pass, `argmax[r*u + j]`: the column of `z`
    /// (in `0 ..< u*k`) that won for row `r`, unit `j` (the first one on ties).
    public static func maxout(_ z: Tensor, pieces k: Int) throws -> (value: Tensor, argmax: [Int32]) {
        guard z.rank == 2, k >= 1, z.shape[1] % k == 0 else {
            throw TensorError(
                op: "maxout",
                message: "z \(z.shape.shapeDescription) with \(k) pieces: want z [n, units * pieces], pieces >= 1")
        }
        let (n, u) = (z.shape[0], z.shape[1] / k)
        var argmax = [Int32](repeating: 0, count: n * u)
        let value = z.scalars.withUnsafeBufferPointer { z in
            Tensor.build([n, u]) { value in
                value.initialize(repeating: 0)
                argmax.withUnsafeMutableBufferPointer { argmax in
                    NeuralKernels.maxout(z: z, rows: n, units: u, pieces: k, value: value, argmax: argmax)
                }
            }
        }
        return (value, argmax)
    }

    /// A whole maxout layer forward, in place: `z = x @ w` (no bias yet), then one pass adds the bias
    /// and takes each unit's max. Shapes: x [n, i], w [i, u*k], b [u*k] -> z [n, u*k] (scratch),
    /// value [n, u], and `argmax` (n*u winning columns, for `maxoutGradient` or `MaxoutBackward`).
    public static func maxout(
        _ x: Tensor, _ w: Tensor, _ b: Tensor, pieces k: Int, scratch z: inout Tensor, into value: inout Tensor,
        argmax: inout [Int32]
    ) throws {
        try validateLinear(x, w, b)
        guard k >= 1, w.shape[1] % k == 0 else {
            throw TensorError(
                op: "maxout", message: "w \(w.shape.shapeDescription) with \(k) pieces: want w [i, units * pieces]")
        }
        let (n, width) = (x.shape[0], w.shape[1])
        let u = width / k
        gemm(x, transposeA: false, w, transposeB: false, into: &z)
        value.reshapeForOverwrite([n, u])
        if argmax.count != n * u { argmax = [Int32](repeating: 0, count: n * u) }
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

    /// The gradient of `maxout`: `dy` [n, u] scattered into the winning columns of a zero [n, u*k].
    public static func maxoutGradient(_ dy: Tensor, argmax: [Int32], pieces k: Int) throws -> Tensor {
        var dz = Tensor.zeros([0])
        try maxoutGradient(dy, argmax: argmax, pieces: k, into: &dz)
        return dz
    }

    /// `maxoutGradient` into `dz`.
    public static func maxoutGradient(_ dy: Tensor, argmax: [Int32], pieces k: Int, into dz: inout Tensor) throws {
        try validateMaxoutGradient(dy, argmax: argmax, pieces: k)
        let (n, u) = (dy.shape[0], dy.shape[1])
        dz.reshapeForOverwrite([n, u * k])
        dy.scalars.withUnsafeBufferPointer { dy in
            argmax.withUnsafeBufferPointer { argmax in
                dz.scalars.withUnsafeMutableBufferPointer { dz in
                    Parallel.rows(n, width: u * k) { rows in
                        NeuralKernels.maxoutBackward(
                            dy: dy.rows(rows, width: u), argmax: argmax.rows(rows, width: u), rows: rows.count,
                            units: u, pieces: k, dz: dz.rows(rows, width: u * k))
                    }
                }
            }
        }
    }

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
}
