import AdvTensor

extension Optimizer {
    /// One SGD-with-momentum step on a parameter, with weight decay and (for a matrix [r, c]) the
    /// column max-norm fused into the same pass: `g' = g + 2 l2 w + l1 sign(w)`, `v = momentum v -
    /// lr g'`, `w += v`, then every column whose L2 norm exceeds `maxNorm` is scaled down to it. A
    /// vector is one row. `squares` is scratch for the Float64 column sums.
    ///
    /// The squared column norms are summed in the same pass as the update, so the second pass runs
    /// only when a column is actually too long. Matrices of `Parallel.minimumScalars` or more are
    /// updated in `updateBlocks` row blocks shared out over the cores, each summing its own column
    /// norms, added up afterwards in block order: the blocks come from the matrix's shape, so the
    /// sums, and a clipped column's last bits, are the same for every thread count.
    static func momentumUpdate(
        _ w: inout Tensor, gradient g: Tensor, velocity v: inout Tensor, learningRate lr: Float, momentum: Float,
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
        let maxNorm = w.count == r * c && r > 0 ? maxNorm : nil
        let step = Step(learningRate: lr, momentum: momentum, l1: l1, l2: l2)
        g.scalars.withUnsafeBufferPointer { g in
            w.withUnsafeMutableScalars { w in
                v.withUnsafeMutableScalars { v in
                    squares.withUnsafeMutableBufferPointer { squares in
                        Parallel.blocks(blocks) { block, rows in
                            step.update(
                                w: w, gradient: g, velocity: v, rows: rows, columns: c,
                                squares: squares.part((block * c)..<((block + 1) * c)))
                        }
                        guard let maxNorm else { return }
                        clipColumns(w, rows: blocks, columns: c, maxNorm: maxNorm, squares: squares)
                    }
                }
            }
        }
    }

    /// The row blocks of a large matrix's update, whatever the thread count: a power of two, so
    /// 1, 2, 4 or 8 cores share them evenly.
    static let updateBlocks = 8

    /// Scales each column of w [r, c] whose norm (from the blocks' squared sums, `squares` [blocks
    /// * c]) exceeds `maxNorm` down to it.
    private static func clipColumns(
        _ w: UnsafeMutableBufferPointer<Float>, rows blocks: Partition, columns c: Int, maxNorm: Float,
        squares: UnsafeMutableBufferPointer<Double>
    ) {
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

    /// The scalars of one update.
    private struct Step {
        let learningRate: Float
        let momentum: Float
        let l1: Float
        let l2: Float

        /// The update of rows `rows` of w, v; their squared column norms into `squares` [c].
        func update(
            w: UnsafeMutableBufferPointer<Float>, gradient g: UnsafeBufferPointer<Float>,
            velocity v: UnsafeMutableBufferPointer<Float>, rows: Range<Int>, columns c: Int,
            squares: UnsafeMutableBufferPointer<Double>
        ) {
            squares.update(repeating: 0)
            guard let wBase = w.baseAddress, let gBase = g.baseAddress, let vBase = v.baseAddress,
                let sBase = squares.baseAddress
            else { return }
            let (lr, momentum, l1, l2) = (learningRate, momentum, l1, l2)
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
    }
}
