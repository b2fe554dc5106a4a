import Foundation

/// The elementwise activation a fused dense layer applies after its bias.
public enum NeuralActivation: Sendable, Equatable {
    case identity
    case sigmoid
    case relu
}

/// Hot loops of the in-place layer ops (Tensor+Linear.swift, Tensor+Maxout.swift, Tensor+Dropout.swift): each one pass over a buffer
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

    /// `db[o] (+)= sum over rows of dy[n, o]`, accumulated in Float64 (a batch of thousands of rows
    /// loses digits in Float32), rows in order.
    static func columnSums(
        _ dy: UnsafeBufferPointer<Float>, rows n: Int, columns o: Int, accumulate: Bool,
        into db: UnsafeMutableBufferPointer<Float>, scratch: UnsafeMutableBufferPointer<Double>
    ) {
        scratch.update(repeating: 0)
        guard let dyBase = dy.baseAddress, let sums = scratch.baseAddress else { return }
        for row in 0..<n {
            let offset = row * o
            var column = 0
            // NOTE: explicit lanes: the compiler cannot prove that dy and the sums do not overlap, so
            // it leaves the scalar loop unvectorized. The lanes do the same additions in the same order.
            while column + Lanes.scalarCount <= o {
                let wide = SIMD8<Double>(Lanes.load(dyBase + offset + column))
                (SIMD8<Double>.load(sums + column) + wide).store(to: sums + column)
                column += Lanes.scalarCount
            }
            for column in column..<o { scratch[column] += Double(dy[offset + column]) }
        }
        for column in 0..<o { db[column] = (accumulate ? db[column] : 0) + Float(scratch[column]) }
    }

    private typealias Lanes = SIMD8<Float>
}

/// Explicit vector lanes for kernels whose buffers the compiler cannot prove apart (here and in
/// kernels of other modules); inlinable, so a kernel in another module compiles them in place.
extension SIMD8 {
    /// Eight consecutive scalars from `pointer` (any alignment).
    @inlinable @inline(__always)
    public static func load(_ pointer: UnsafePointer<Scalar>) -> Self {
        UnsafeRawPointer(pointer).loadUnaligned(as: Self.self)
    }

    @inlinable @inline(__always)
    public static func load(_ pointer: UnsafeMutablePointer<Scalar>) -> Self { load(UnsafePointer(pointer)) }

    /// Stores the eight scalars at `pointer` (any alignment).
    @inlinable @inline(__always)
    public func store(to pointer: UnsafeMutablePointer<Scalar>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: self, as: Self.self)
    }
}
