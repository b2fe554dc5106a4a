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
    private var dy = Tensor.zeros([0])
    private var argmax: [Int32] = []
    /// Sparse: dz's entries by piece, one list set per thread's block of units.
    private var lists: [PieceLists] = []
    /// Sparse: w^T [u*k, i] for `inputGradient`.
    private var transposedWeights: [Float] = []
    /// Dense: dz [n, u*k].
    private var dz = Tensor.zeros([0])

    public init() {}

    /// Takes `dy` [n, u] and `argmax` (n*u winning columns of z, in `0 ..< u*k`) for the products.
    public mutating func prepare(_ dy: Tensor, argmax: [Int32], pieces k: Int) throws {
        isSparse = Self.sparse && CPU.hasVectorKernels
        if isSparse {
            try Tensor.validateMaxoutGradient(dy, argmax: argmax, pieces: k)
            (self.dy, self.argmax) = (dy, argmax)
        } else {
            try Tensor.maxoutGradient(dy, argmax: argmax, pieces: k, into: &dz)
        }
        (examples, units, pieces) = (dy.shape[0], dy.shape[1], k)
    }

    /// Lets go of the `dy` and `argmax` that `prepare` took. They are the network's buffers: while
    /// this value shares them, the next pass's in-place writes copy them first.
    public mutating func finish() {
        dy = Tensor.zeros([0])
        argmax = []
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
        dw.reshapeForOverwrite([inputs, width])
        db.reshapeForOverwrite([width])
        guard examples > 0 else {
            // An empty batch: sums of nothing.
            if !accumulate { (dw, db) = (Tensor.zeros([inputs, width]), Tensor.zeros([width])) }
            return
        }
        // Blocks of whole groups of 8 units, so each thread's pieces start at a multiple of 8 and
        // it stores whole 8 x 8 blocks of dw; each thread sorts its own units' entries.
        let parts = min(examples * units * inputs >= Parallel.minimumScalars ? BLAS.threads : 1, (units + 7) / 8)
        while lists.count < parts { lists.append(PieceLists()) }
        let (lists, examples, units, pieces) = (lists, examples, units, pieces)
        x.scalars.withUnsafeBufferPointer { x in
            dw.scalars.withUnsafeMutableBufferPointer { dw in
                db.scalars.withUnsafeMutableBufferPointer { db in
                    dy.scalars.withUnsafeBufferPointer { dy in
                        argmax.withUnsafeBufferPointer { argmax in
                            guard let source = x.baseAddress, let out = dw.baseAddress else { return }
                            let operands = Operands(out: out, source: source)
                            Parallel.blocks((units + 7) / 8, parts: parts) { part, range in
                                let block = range.lowerBound * 8..<min(range.upperBound * 8, units)
                                let list = lists[part]
                                list.sort(dy, argmax, units: block, of: units, examples: examples, pieces: pieces)
                                list.entries.withUnsafeBufferPointer { entries in
                                    list.offsets.withUnsafeBufferPointer { offsets in
                                        guard let entries = entries.baseAddress, let offsets = offsets.baseAddress
                                        else { return }
                                        RowSums.columns(
                                            outputs: block.lowerBound * pieces..<block.upperBound * pieces,
                                            offsets: offsets, entries: entries, source: operands.source,
                                            sourceRows: examples, width: inputs, into: operands.out, stride: width,
                                            accumulate: accumulate)
                                    }
                                }
                                list.biasGradient(accumulate: accumulate, into: db)
                            }
                        }
                    }
                }
            }
        }
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
        dx.reshapeForOverwrite([examples, inputs])
        if transposedWeights.count != w.count { transposedWeights = [Float](repeating: 0, count: w.count) }
        let parts = examples * units * inputs >= Parallel.minimumScalars ? BLAS.threads : 1
        w.scalars.withUnsafeBufferPointer { w in
            transposedWeights.withUnsafeMutableBufferPointer { wt in
                guard let w = w.baseAddress, let wt = wt.baseAddress else { return }
                let operands = Operands(out: wt, source: w)
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
                argmax.withUnsafeBufferPointer { argmax in
                    dy.scalars.withUnsafeBufferPointer { dy in
                        guard let dx = dx.baseAddress, let wt = wt.baseAddress, let argmax = argmax.baseAddress,
                            let dy = dy.baseAddress
                        else { return }
                        let (operands, winners) = (Operands(out: dx, source: wt), Winners(argmax: argmax, dy: dy))
                        // Example i's entries are its units' winning columns (rows of w^T) and dy.
                        Parallel.blocks(examples, parts: parts) { _, range in
                            RowSums.rows(
                                outputs: range, entriesPerOutput: units, indices: winners.argmax, values: winners.dy,
                                source: operands.source, width: inputs, into: operands.out)
                        }
                    }
                }
            }
        }
    }
}

/// Carries a product's result and dense operand into the concurrent blocks.
// NOTE: unchecked: the blocks read the source, write disjoint parts of `out`, and none outlives
// the call. Likewise `Winners`, read only.
private struct Operands: @unchecked Sendable {
    let out: UnsafeMutablePointer<Float>
    let source: UnsafePointer<Float>
}

/// The forward pass's winning columns and the output gradient, [n * u] each.
private struct Winners: @unchecked Sendable {
    let argmax: UnsafePointer<Int32>
    let dy: UnsafePointer<Float>
}

/// dz's entries for one block of units, listed by piece: piece `p` (counted from the block's
/// first) owns `entries[offsets[p] ..< offsets[p + 1]]`, examples in order.
// NOTE: a class, so concurrent blocks each fill their own without copying `MaxoutBackward`.
private final class PieceLists: @unchecked Sendable {
    var offsets: [Int32] = []
    var entries: [SparseEntry] = []
    var block = 0..<0
    var pieces = 1

    /// A counting sort of the entries of `block`'s units (of `units` per example) by winning piece.
    func sort(
        _ dy: UnsafeBufferPointer<Float>, _ argmax: UnsafeBufferPointer<Int32>, units block: Range<Int>,
        of units: Int, examples: Int, pieces: Int
    ) {
        (self.block, self.pieces) = (block, pieces)
        let (first, width, count) = (block.lowerBound * pieces, block.count * pieces, examples * block.count)
        if offsets.count != width + 1 { offsets = [Int32](repeating: 0, count: width + 1) }
        if entries.count != count { entries = [SparseEntry](repeating: SparseEntry(row: 0, value: 0), count: count) }
        offsets.withUnsafeMutableBufferPointer { offsets in
            offsets.update(repeating: 0)
            for i in 0..<examples {
                for u in block { offsets[Int(argmax[i * units + u]) - first + 1] += 1 }
            }
            for p in 0..<width { offsets[p + 1] += offsets[p] }
            entries.withUnsafeMutableBufferPointer { entries in
                // `offsets[p]` advances past each entry placed; shifted back afterwards.
                for i in 0..<examples {
                    for u in block {
                        let p = Int(argmax[i * units + u]) - first
                        entries[Int(offsets[p])] = SparseEntry(row: Int32(i), value: dy[i * units + u])
                        offsets[p] += 1
                    }
                }
            }
            for p in stride(from: width, to: 0, by: -1) { offsets[p] = offsets[p - 1] }
            offsets[0] = 0
        }
    }

    /// `db[p] (+)= sum of piece p's entries` for the block's pieces, in Float64 and in example
    /// order like `Tensor.linearParameterGradients` (which adds the zeros too), so both give the
    /// same bias.
    func biasGradient(accumulate: Bool, into db: UnsafeMutableBufferPointer<Float>) {
        let first = block.lowerBound * pieces
        for p in 0..<block.count * pieces {
            var sum = 0.0
            for slot in Int(offsets[p])..<Int(offsets[p + 1]) { sum += Double(entries[slot].value) }
            db[first + p] = (accumulate ? db[first + p] : 0) + Float(sum)
        }
    }
}
