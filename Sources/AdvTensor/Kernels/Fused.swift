import Foundation

/// The elementwise activation a fused dense layer applies after its bias.
public enum NeuralActivation: Sendable, Equatable {
    case identity
    case sigmoid
    case relu
}

/// Hot loops of the allocation-free dense step (Tensor+InPlace.swift): each one pass over a buffer
/// right after a GEMM, so the bias, the nonlinearity and the maxout share one read of `z`.
/// Callers have checked every extent.
enum FusedKernels {
    /// `y[r, j] = act(y[r, j] + b[j])` in place, over [n, o].
    static func biasActivation(
        _ y: UnsafeMutableBufferPointer<Float>, bias b: UnsafeBufferPointer<Float>, rows n: Int, columns o: Int,
        activation: NeuralActivation
    ) {
        for row in 0..<n {
            let offset = row * o
            switch activation {
            case .identity:
                for j in 0..<o { y[offset + j] += b[j] }
            case .sigmoid:
                // NOTE: split at 0 as Tensor.sigmoid, so exp never overflows.
                for j in 0..<o {
                    let x = y[offset + j] + b[j]
                    if x >= 0 {
                        y[offset + j] = 1 / (1 + exp(-x))
                    } else {
                        let e = exp(x)
                        y[offset + j] = e / (1 + e)
                    }
                }
            case .relu:
                // NOTE: relu(NaN) is NaN, as Tensor.relu.
                for j in 0..<o {
                    let x = y[offset + j] + b[j]
                    y[offset + j] = x > 0 || x.isNaN ? x : 0
                }
            }
        }
    }

    /// `value[r, j] = max over p < k of (z[r, j*k + p] + b[j*k + p])`, the winning column of `z` in
    /// `argmax` (the first on ties): the bias and the maxout in one read of z [n, u*k].
    static func biasMaxout(
        z: UnsafeBufferPointer<Float>, bias b: UnsafeBufferPointer<Float>, rows n: Int, units u: Int, pieces k: Int,
        value: UnsafeMutableBufferPointer<Float>, argmax: UnsafeMutableBufferPointer<Int32>
    ) {
        let width = u * k
        for row in 0..<n {
            let zOffset = row * width
            for unit in 0..<u {
                let first = unit * k
                var best = z[zOffset + first] + b[first]
                var bestPiece = 0
                for piece in 1..<max(k, 1) {
                    let candidate = z[zOffset + first + piece] + b[first + piece]
                    if candidate > best {
                        best = candidate
                        bestPiece = piece
                    }
                }
                value[row * u + unit] = best
                argmax[row * u + unit] = Int32(first + bestPiece)
            }
        }
    }

    /// `dy *= act'(y)` in place, with the derivative written through the layer's output y.
    static func activationBackward(
        _ dy: UnsafeMutableBufferPointer<Float>, output y: UnsafeBufferPointer<Float>, activation: NeuralActivation
    ) {
        switch activation {
        case .identity: return
        case .sigmoid: for i in 0..<dy.count { dy[i] *= y[i] * (1 - y[i]) }
        case .relu: for i in 0..<dy.count where !(y[i] > 0) { dy[i] = 0 }
        }
    }

    /// `y = x * factor`, elementwise.
    static func scale(_ x: UnsafeBufferPointer<Float>, by factor: Float, into y: UnsafeMutableBufferPointer<Float>) {
        for i in 0..<y.count { y[i] = x[i] * factor }
    }

    /// `db[o] (+)= sum over rows of dy[n, o]`, accumulated in Float64 as `NeuralKernels.columnSums`.
    static func columnSums(
        _ dy: UnsafeBufferPointer<Float>, rows n: Int, columns o: Int, accumulate: Bool,
        into db: UnsafeMutableBufferPointer<Float>, scratch: UnsafeMutableBufferPointer<Double>
    ) {
        scratch.update(repeating: 0)
        guard let dyBase = dy.baseAddress, let sums = scratch.baseAddress else { return }
        for row in 0..<n {
            let offset = row * o
            var column = 0
            // NOTE: explicit lanes, as in `momentumUpdateRows` (the same additions, in the same order).
            while column + Lanes.scalarCount <= o {
                let wide = SIMD8<Double>(Lanes.load(dyBase + offset + column))
                (SIMD8<Double>.load(sums + column) + wide).store(to: sums + column)
                column += Lanes.scalarCount
            }
            for column in column..<o { scratch[column] += Double(dy[offset + column]) }
        }
        for column in 0..<o { db[column] = (accumulate ? db[column] : 0) + Float(scratch[column]) }
    }

    /// One SGD-with-momentum update of a weight matrix w [r, c] and the column max-norm, fused:
    /// `g' = g + 2 l2 w + l1 sign(w)`, `v = momentum v - lr g'`, `w += v`, then every column whose L2
    /// norm exceeds `maxNorm` is scaled down to it. The squared column norms are summed (Float64) in
    /// the same pass as the update, so the second pass only runs when a column is actually too long.
    ///
    /// The rows are updated in the blocks of `blocks` (concurrently when there are several), each
    /// summing its own column norms in `squares` [blocks * c], added up afterwards in block order:
    /// the blocks come from the matrix's shape, so the sums, and a clipped column's last bits, are
    /// the same for every thread count.
    static func momentumUpdate(
        w: UnsafeMutableBufferPointer<Float>, gradient g: UnsafeBufferPointer<Float>,
        velocity v: UnsafeMutableBufferPointer<Float>, rows blocks: Partition, columns c: Int, learningRate lr: Float,
        momentum: Float, l1: Float, l2: Float, maxNorm: Float?, squares: UnsafeMutableBufferPointer<Double>
    ) {
        Parallel.blocks(blocks) { block, rows in
            momentumUpdateRows(
                w: w, gradient: g, velocity: v, rows: rows, columns: c, learningRate: lr, momentum: momentum, l1: l1,
                l2: l2, squares: UnsafeMutableBufferPointer(rebasing: squares[(block * c)..<((block + 1) * c)]))
        }
        guard let maxNorm else { return }
        var clipped = false
        for j in 0..<c {
            var sum = squares[j]
            for block in 1..<max(blocks.blocks, 1) { sum += squares[block * c + j] }
            let norm = sum.squareRoot()
            squares[j] = norm > Double(maxNorm) ? Double(maxNorm) / norm : 1
            clipped = clipped || norm > Double(maxNorm)
        }
        guard clipped else { return }
        Parallel.blocks(blocks) { _, rows in
            for row in rows {
                let offset = row * c
                for j in 0..<c { w[offset + j] *= Float(squares[j]) }
            }
        }
    }

    /// The update of rows `rows` of w, v; their squared column norms into `squares` [c].
    private static func momentumUpdateRows(
        w: UnsafeMutableBufferPointer<Float>, gradient g: UnsafeBufferPointer<Float>,
        velocity v: UnsafeMutableBufferPointer<Float>, rows: Range<Int>, columns c: Int, learningRate lr: Float,
        momentum: Float, l1: Float, l2: Float, squares: UnsafeMutableBufferPointer<Double>
    ) {
        squares.update(repeating: 0)
        guard let wBase = w.baseAddress, let gBase = g.baseAddress, let vBase = v.baseAddress,
            let sBase = squares.baseAddress
        else { return }
        let decays = l1 != 0 || l2 != 0
        for row in rows {
            let offset = row * c
            var j = 0
            // NOTE: eight lanes at a time, explicitly: the compiler cannot prove that w, v, g and
            // squares do not overlap, so it leaves the scalar loop unvectorized. The lanes do the
            // scalar loop's IEEE operations in the same order, so the results are identical.
            if !decays {
                while j + Lanes.scalarCount <= c {
                    let i = offset + j
                    let velocity = momentum * Lanes.load(vBase + i) - lr * Lanes.load(gBase + i)
                    let weight = Lanes.load(wBase + i) + velocity
                    velocity.store(to: vBase + i)
                    weight.store(to: wBase + i)
                    let wide = SIMD8<Double>(weight)
                    (SIMD8<Double>.load(sBase + j) + wide * wide).store(to: sBase + j)
                    j += Lanes.scalarCount
                }
            }
            for j in j..<c {
                let i = offset + j
                let sign: Float = w[i] > 0 ? 1 : (w[i] < 0 ? -1 : 0)
                v[i] = momentum * v[i] - lr * (decays ? g[i] + 2 * l2 * w[i] + l1 * sign : g[i])
                w[i] += v[i]
                squares[j] += Double(w[i]) * Double(w[i])
            }
        }
    }

    private typealias Lanes = SIMD8<Float>

    /// The FGSM step `x' = x + step * sign(g)`, clipped to [0, 1] when `clip`; sign(0) = 0.
    static func gradientSignStep(
        _ x: UnsafeBufferPointer<Float>, gradient g: UnsafeBufferPointer<Float>, step: Float, clip: Bool,
        into y: UnsafeMutableBufferPointer<Float>
    ) {
        for i in 0..<y.count {
            let sign: Float = g[i] > 0 ? 1 : (g[i] < 0 ? -1 : 0)
            let moved = x[i] + step * sign
            y[i] = clip ? min(max(moved, 0), 1) : moved
        }
    }
}

extension SIMD8 {
    /// Eight consecutive scalars from `pointer` (any alignment).
    @inline(__always)
    static func load(_ pointer: UnsafePointer<Scalar>) -> Self {
        UnsafeRawPointer(pointer).loadUnaligned(as: Self.self)
    }

    @inline(__always)
    static func load(_ pointer: UnsafeMutablePointer<Scalar>) -> Self { load(UnsafePointer(pointer)) }

    /// Stores the eight scalars at `pointer` (any alignment).
    @inline(__always)
    func store(to pointer: UnsafeMutablePointer<Scalar>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: self, as: Self.self)
    }
}
