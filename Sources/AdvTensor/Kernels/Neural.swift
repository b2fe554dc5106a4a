import Foundation

/// Hot loops of the fused neural primitives (linear, maxout, softmax cross-entropy, the SVM's
/// squared hinge, dropout, max-norm), on raw row-major buffers. Callers (the Tensor+ files
/// of each family) have checked every extent.
enum NeuralKernels {
    /// Maxout forward: `value[r, j] = max over p < k of z[r, j*k + p]`; `argmax[r*u + j]` is the column
    /// of `z` that won (the first one on ties).
    static func maxout(
        z: UnsafeBufferPointer<Float>, rows n: Int, units u: Int, pieces k: Int,
        value: UnsafeMutableBufferPointer<Float>, argmax: UnsafeMutableBufferPointer<Int32>
    ) {
        let width = u * k
        for row in 0..<n {
            let zOffset = row * width
            for unit in 0..<u {
                let first = zOffset + unit * k
                var best = z[first]
                var bestPiece = 0
                for piece in 1..<max(k, 1) where z[first + piece] > best {
                    best = z[first + piece]
                    bestPiece = piece
                }
                value[row * u + unit] = best
                argmax[row * u + unit] = Int32(unit * k + bestPiece)
            }
        }
    }

    /// Maxout backward: `dz[r, argmax[r, j]] = dy[r, j]`, every other slot of `dz` zero.
    static func maxoutBackward(
        dy: UnsafeBufferPointer<Float>, argmax: UnsafeBufferPointer<Int32>, rows n: Int, units u: Int,
        pieces k: Int, dz: UnsafeMutableBufferPointer<Float>
    ) {
        dz.update(repeating: 0)
        let width = u * k
        for row in 0..<n {
            for unit in 0..<u {
                let slot = row * u + unit
                dz[row * width + Int(argmax[slot])] = dy[slot]
            }
        }
    }

    /// Softmax of each row of `logits[n, c]` into `probabilities`, and the summed negative
    /// log-likelihood of `labels` (Float64). Labels are already range-checked.
    static func softmaxCrossEntropy(
        logits: UnsafeBufferPointer<Float>, labels: UnsafeBufferPointer<Int>, rows n: Int, classes c: Int,
        probabilities: UnsafeMutableBufferPointer<Float>
    ) -> Double {
        var total = 0.0
        for row in 0..<n {
            let offset = row * c
            // NOTE: log-sum-exp shifted by the row maximum, so exp never overflows and the
            // largest term is exactly 1; the loss is logSumExp - logit[label], never log(0).
            var maximum = -Float.infinity
            for j in 0..<c { maximum = max(maximum, logits[offset + j]) }
            var sum = 0.0
            for j in 0..<c {
                let e = exp(logits[offset + j] - maximum)
                probabilities[offset + j] = e
                sum += Double(e)
            }
            let scale = Float(1 / sum)
            for j in 0..<c { probabilities[offset + j] *= scale }
            let logSumExp = Double(maximum) + log(sum)
            total += logSumExp - Double(logits[offset + labels[row]])
        }
        return total
    }

    /// `dlogits = scale * (p - onehot(labels))`, with `scale = dLoss / n` for the mean loss.
    static func softmaxCrossEntropyBackward(
        probabilities: UnsafeBufferPointer<Float>, labels: UnsafeBufferPointer<Int>, rows n: Int, classes c: Int,
        scale: Float, dlogits: UnsafeMutableBufferPointer<Float>
    ) {
        for index in 0..<(n * c) { dlogits[index] = scale * probabilities[index] }
        for row in 0..<n { dlogits[row * c + labels[row]] -= scale }
    }

    /// One-vs-rest squared hinge: `losses[r] = sum_c max(0, 1 - t s[r, c])^2` with t = +1 for the
    /// row's label and -1 for every other class (summed in Float64), and
    /// `dscores[r, c] = scale * -2 t max(0, 1 - t s[r, c])`. Labels are already range-checked.
    static func squaredHinge(
        scores: UnsafeBufferPointer<Float>, labels: UnsafeBufferPointer<Int>, rows n: Int, classes c: Int,
        scale: Float, losses: UnsafeMutableBufferPointer<Float>, dscores: UnsafeMutableBufferPointer<Float>
    ) {
        for row in 0..<n {
            let offset = row * c
            var total = 0.0
            for j in 0..<c {
                let t: Float = j == labels[row] ? 1 : -1
                let slack = max(0, 1 - t * scores[offset + j])
                total += Double(slack) * Double(slack)
                dscores[offset + j] = scale * -2 * t * slack
            }
            losses[row] = Float(total)
        }
    }

    /// `y = x * mask`, elementwise over equal counts.
    static func multiply(
        _ x: UnsafeBufferPointer<Float>, _ mask: UnsafeBufferPointer<Float>, into y: UnsafeMutableBufferPointer<Float>
    ) {
        for index in 0..<y.count { y[index] = x[index] * mask[index] }
    }

    /// Rescales each row of `w[r, c]` whose L2 norm exceeds `maxNorm` to norm `maxNorm`.
    static func maxNormRows(_ w: UnsafeMutableBufferPointer<Float>, rows r: Int, columns c: Int, maxNorm: Float) {
        for row in 0..<r {
            let offset = row * c
            var squares = 0.0
            for j in 0..<c { squares += Double(w[offset + j]) * Double(w[offset + j]) }
            let norm = squares.squareRoot()
            guard norm > Double(maxNorm) else { continue }
            let scale = Float(Double(maxNorm) / norm)
            for j in 0..<c { w[offset + j] *= scale }
        }
    }

    /// Rescales each column of `w[r, c]` whose L2 norm exceeds `maxNorm` to norm `maxNorm`.
    static func maxNormColumns(_ w: UnsafeMutableBufferPointer<Float>, rows r: Int, columns c: Int, maxNorm: Float) {
        var squares = [Double](repeating: 0, count: c)
        squares.withUnsafeMutableBufferPointer { squares in
            for row in 0..<r {
                let offset = row * c
                for j in 0..<c { squares[j] += Double(w[offset + j]) * Double(w[offset + j]) }
            }
            // Reuse the buffer for the scale of each column (1 where the norm is within bounds).
            for j in 0..<c {
                let norm = squares[j].squareRoot()
                squares[j] = norm > Double(maxNorm) ? Double(maxNorm) / norm : 1
            }
            for row in 0..<r {
                let offset = row * c
                for j in 0..<c { w[offset + j] *= Float(squares[j]) }
            }
        }
    }

    /// Inverted-dropout mask: each entry is `(1 / keep) * factor` with probability `keep`, else 0.
    ///
    /// An entry is kept when the generator's next unit float `v / 2^24` (v its top 24 bits) is below
    /// `keep`, which is `v < ceil(keep * 2^24)` exactly; the comparison is done on integers and
    /// without a branch (a kept/dropped branch mispredicts on every other entry at keep .5).
    static func dropoutMask(
        _ mask: UnsafeMutableBufferPointer<Float>, keep: Float, factor: Float = 1,
        using generator: inout SeededGenerator
    ) {
        let kept = (1 / keep) * factor
        let threshold = UInt64((keep * 16_777_216).rounded(.up))
        // NOTE: a local copy keeps the generator's state in registers across the loop.
        var local = generator
        defer { generator = local }
        for index in 0..<mask.count {
            let v = local.next() >> 40
            // v < threshold <=> the subtraction wraps and sets the top bit.
            mask[index] = kept * Float((v &- threshold) >> 63)
        }
    }
}
