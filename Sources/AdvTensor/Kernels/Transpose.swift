import AdvVectorKernels

/// Copies that reorder axes.
enum Transpose {
    /// The side of the square tiles `matrix` copies through: 32 × 32 Floats = 4 KB read and 4 KB
    /// written per tile, which stays in L1 on either side.
    static let tile = 32

    /// `out[j, i] = x[i, j]` for a row-major `[rows, columns]` matrix: in registers, 8 x 8 blocks at a
    /// time, where the CPU has AdvVectorKernels; else tile by tile so both the reads and the writes
    /// stay in cache.
    static func matrix(
        _ x: UnsafeBufferPointer<Float>, rows: Int, columns: Int, _ out: UnsafeMutableBufferPointer<Float>
    ) {
        if CPU.hasVectorKernels, let source = x.baseAddress, let target = out.baseAddress {
            return Transposition.matrix(source, rows: rows, columns: columns, into: target)
        }
        for i0 in stride(from: 0, to: rows, by: tile) {
            let i1 = Swift.min(i0 + tile, rows)
            for j0 in stride(from: 0, to: columns, by: tile) {
                let j1 = Swift.min(j0 + tile, columns)
                for i in i0..<i1 {
                    for j in j0..<j1 { out[j * rows + i] = x[i * columns + j] }
                }
            }
        }
    }

    /// `out` is `x` (of `shape`) with its axes reordered: output axis `d` is input axis
    /// `permutation[d]`. Walks the output in order, reading the input through permuted strides.
    static func permute(
        _ x: UnsafeBufferPointer<Float>, shape: [Int], permutation: [Int], _ out: UnsafeMutableBufferPointer<Float>
    ) {
        let inputStrides = Broadcast.contiguousStrides(shape)
        let outShape = permutation.map { shape[$0] }
        let readStrides = permutation.map { inputStrides[$0] }
        let (rows, strides) = Broadcast.coalesce(outShape, [readStrides, Broadcast.contiguousStrides(outShape)])
        let row = rows.last ?? 1
        let step = strides[0].last ?? 0
        Broadcast.forEachRow(of: rows, strides: strides) { offsets in
            let (from, to) = (offsets[0], offsets[1])
            for j in 0..<row { out[to + j] = x[from + j * step] }
        }
    }
}
