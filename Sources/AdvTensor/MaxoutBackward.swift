import AdvVectorKernels

/// The backward pass of a maxout layer `z = x @ w + b`, `y[:, j] = max of unit j's pieces of z`
/// (`Tensor.maxout`), from the output's gradient `dy` [n, u] and the forward pass's `argmax`.
///
/// `dz` [n, u*k] holds one nonzero per example and unit (the winning piece's), so the two products
/// of the backward pass, `dw = x^T dz` and `dx = dz w^T`, need a k-th of a GEMM's multiply-adds.
/// Where the CPU has AdvVectorKernels they run as sums of scaled rows (`RowSums`): `dw`'s column
/// for piece p sums the input rows of the examples p won for; `dx`'s row i sums the rows of `w^T`
/// of example i's winners. Elsewhere, or with `sparse` off, `dz` is built and multiplied densely.
/// The two ways agree to float rounding (MaxoutBackwardTests); `adv-bench maxout` times both.
///
/// A value keeps its buffers from call to call: `prepare`, then either product, in any order.
public struct MaxoutBackward {
    /// Whether the sums of rows run (on CPUs that have them); adv-bench turns it off to time the
    /// dense way side by side.
    // NOTE: unsafe: set by whoever configures adv (a benchmark, a test) before work starts.
    public nonisolated(unsafe) static var sparse = CPU.hasVectorKernels

    private var (examples, units, pieces) = (0, 0, 1)
    private var isSparse = false
    /// Sparse: dz's entries by column (piece p: `byPiece[pieceOffsets[p] ..< pieceOffsets[p + 1]]`,
    /// examples in order) and by row (example i: `byExample[i * units ..< (i + 1) * units]`, the
    /// winning columns with dy).
    private var pieceOffsets: [Int32] = []
    private var byPiece: [SparseEntry] = []
    private var exampleOffsets: [Int32] = []
    private var byExample: [SparseEntry] = []
    /// Sparse: w^T [u*k, i] for `inputGradient`.
    private var transposedWeights: [Float] = []
    /// Dense: dz [n, u*k].
    private var dz = Tensor.zeros([0])

    public init() {}

    /// Takes `dy` [n, u] and `argmax` (n*u winning columns of z, in `0 ..< u*k`) for the products.
    public mutating func prepare(_ dy: Tensor, argmax: [Int32], pieces k: Int) throws {
        guard dy.rank == 2, k >= 1, argmax.count == dy.count,
            argmax.allSatisfy({ $0 >= 0 && Int($0) < dy.shape[1] * k })
        else {
            throw TensorError(
                op: "maxout backward",
                message:
                    "dy \(dy.shape.shapeDescription), \(argmax.count) argmax entries, \(k) pieces: they do not match")
        }
        (examples, units, pieces) = (dy.shape[0], dy.shape[1], k)
        isSparse = Self.sparse && CPU.hasVectorKernels
        if isSparse {
            gather(dy, argmax)
        } else {
            try Tensor.maxoutGradient(dy, argmax: argmax, pieces: k, into: &dz)
        }
    }

    /// `dw = x^T dz` [i, u*k] and `db` = column sums of dz [u*k], or both added to what they hold
    /// (`accumulate`, as `Tensor.linearParameterGradients`). `x` [n, i] is what the layer's GEMM read.
    public mutating func parameterGradients(
        _ x: Tensor, accumulate: Bool, weights dw: inout Tensor, bias db: inout Tensor, scratch: inout [Double]
    ) throws {
        guard isSparse else {
            try Tensor.linearParameterGradients(
                x, dz, accumulate: accumulate, weights: &dw, bias: &db, scratch: &scratch)
            return
        }
        let width = units * pieces
        guard x.rank == 2, x.shape[0] == examples,
            !accumulate || (dw.shape == [x.shape[1], width] && db.shape == [width])
        else {
            throw TensorError(
                op: "maxout backward",
                message: "x \(x.shape.shapeDescription), dy [\(examples), \(units)], accumulating into "
                    + "\(dw.shape.shapeDescription) and \(db.shape.shapeDescription): want x [n, i]")
        }
        let inputs = x.shape[1]
        dw.prepare([inputs, width])
        db.prepare([width])
        // Blocks of whole groups of 8 pieces: each thread stores whole 8 x 8 blocks of dw.
        let groups = (width + 7) / 8
        let parts = examples * units * inputs >= Parallel.minimumScalars ? BLAS.threads : 1
        x.scalars.withUnsafeBufferPointer { x in
            dw.scalars.withUnsafeMutableBufferPointer { dw in
                pieceOffsets.withUnsafeBufferPointer { offsets in
                    byPiece.withUnsafeBufferPointer { entries in
                        guard let x = x.baseAddress, let dw = dw.baseAddress, let offsets = offsets.baseAddress,
                            let entries = entries.baseAddress
                        else { return }
                        let operands = Operands(out: dw, offsets: offsets, entries: entries, source: x)
                        Parallel.blocks(groups, parts: parts) { _, range in
                            guard let offsets = operands.offsets, let entries = operands.entries else { return }
                            RowSums.columns(
                                outputs: range.lowerBound * 8..<min(range.upperBound * 8, width),
                                offsets: offsets, entries: entries, source: operands.source,
                                sourceRows: examples, width: inputs, into: operands.out, stride: width,
                                accumulate: accumulate)
                        }
                    }
                }
            }
        }
        biasGradient(accumulate: accumulate, into: &db)
    }

    /// `dx = dz w^T` [n, i] for the layer's weights `w` [i, u*k].
    public mutating func inputGradient(_ w: Tensor, into dx: inout Tensor) throws {
        guard isSparse else { return try Tensor.linearInputGradient(dz, w, into: &dx) }
        guard w.rank == 2, w.shape[1] == units * pieces else {
            throw TensorError(
                op: "maxout backward",
                message: "dy [\(examples), \(units)] with \(pieces) pieces and w \(w.shape.shapeDescription): "
                    + "want w [i, \(units * pieces)]")
        }
        let (inputs, width) = (w.shape[0], w.shape[1])
        dx.prepare([examples, inputs])
        if transposedWeights.count != w.count { transposedWeights = [Float](repeating: 0, count: w.count) }
        let parts = examples * units * inputs >= Parallel.minimumScalars ? BLAS.threads : 1
        w.scalars.withUnsafeBufferPointer { w in
            transposedWeights.withUnsafeMutableBufferPointer { wt in
                guard let w = w.baseAddress, let wt = wt.baseAddress else { return }
                let operands = Operands(out: wt, offsets: nil, entries: nil, source: w)
                // Bands of whole 8-row blocks of w, each into its own columns of w^T.
                Parallel.blocks((inputs + 7) / 8, parts: inputs * width >= Parallel.minimumScalars ? parts : 1) {
                    _, range in
                    let band = range.lowerBound * 8..<min(range.upperBound * 8, inputs)
                    Transposition.matrix(
                        operands.source + band.lowerBound * width, rows: band.count, columns: width,
                        into: operands.out + band.lowerBound, outStride: inputs)
                }
            }
        }
        dx.scalars.withUnsafeMutableBufferPointer { dx in
            transposedWeights.withUnsafeBufferPointer { wt in
                exampleOffsets.withUnsafeBufferPointer { offsets in
                    byExample.withUnsafeBufferPointer { entries in
                        guard let dx = dx.baseAddress, let wt = wt.baseAddress, let offsets = offsets.baseAddress,
                            let entries = entries.baseAddress
                        else { return }
                        let operands = Operands(out: dx, offsets: offsets, entries: entries, source: wt)
                        Parallel.blocks(examples, parts: parts) { _, range in
                            guard let offsets = operands.offsets, let entries = operands.entries else { return }
                            RowSums.rows(
                                outputs: range, offsets: offsets, entries: entries,
                                source: operands.source, width: inputs, into: operands.out)
                        }
                    }
                }
            }
        }
    }

    /// dz's entries by example (as `argmax` lists them) and, by a counting sort, by piece.
    private mutating func gather(_ dy: Tensor, _ argmax: [Int32]) {
        let (units, width, count) = (units, units * pieces, examples * units)
        if pieceOffsets.count != width + 1 { pieceOffsets = [Int32](repeating: 0, count: width + 1) }
        if byPiece.count != count {
            byPiece = [SparseEntry](repeating: SparseEntry(row: 0, value: 0), count: count)
            byExample = byPiece
        }
        if exampleOffsets.count != examples + 1 { exampleOffsets = (0...examples).map { Int32($0 * units) } }
        pieceOffsets.withUnsafeMutableBufferPointer { offsets in
            offsets.update(repeating: 0)
            for column in argmax { offsets[Int(column) + 1] += 1 }
            for p in 0..<width { offsets[p + 1] += offsets[p] }
            byPiece.withUnsafeMutableBufferPointer { byPiece in
                byExample.withUnsafeMutableBufferPointer { byExample in
                    dy.scalars.withUnsafeBufferPointer { dy in
                        // `offsets[p]` advances past each entry placed; shifted back afterwards.
                        for entry in 0..<count {
                            let p = Int(argmax[entry])
                            let slot = Int(offsets[p])
                            offsets[p] += 1
                            byPiece[slot] = SparseEntry(row: Int32(entry / units), value: dy[entry])
                            byExample[entry] = SparseEntry(row: argmax[entry], value: dy[entry])
                        }
                    }
                }
            }
            for p in stride(from: width, to: 0, by: -1) { offsets[p] = offsets[p - 1] }
            offsets[0] = 0
        }
    }

    /// `db[p] (+)= sum of piece p's entries`, in Float64 and in example order like
    /// `Tensor.linearParameterGradients` (which adds the zeros too), so both give the same bias.
    private func biasGradient(accumulate: Bool, into db: inout Tensor) {
        db.scalars.withUnsafeMutableBufferPointer { db in
            for p in 0..<units * pieces {
                var sum = 0.0
                for slot in Int(pieceOffsets[p])..<Int(pieceOffsets[p + 1]) { sum += Double(byPiece[slot].value) }
                db[p] = (accumulate ? db[p] : 0) + Float(sum)
            }
        }
    }
}

/// Carries one `RowSums` product's operands into the concurrent blocks.
// NOTE: unchecked: the blocks read the entries and the source, write disjoint outputs, and none
// outlives the call.
private struct Operands: @unchecked Sendable {
    let out: UnsafeMutablePointer<Float>
    let offsets: UnsafePointer<Int32>?
    let entries: UnsafePointer<SparseEntry>?
    let source: UnsafePointer<Float>
}
