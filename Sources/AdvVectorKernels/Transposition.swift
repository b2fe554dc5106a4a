/// `out[j, i] = x[i, j]` for a row-major [rows, columns] matrix, in 8 x 8 blocks moved through
/// registers: eight rows are loaded, interleaved in three rounds of shuffles, and stored as
/// eight columns, a few times faster than moving one scalar at a time. Edges that do not fill a
/// block go scalar by scalar.
public enum Transposition {
    ///
    /// `out`'s rows are `outStride` scalars apart (`rows` by default), so a band of `x`'s rows can
    /// be transposed into its columns of a larger result.
    public static func matrix(
        _ x: UnsafePointer<Float>, rows: Int, columns: Int, into out: UnsafeMutablePointer<Float>, outStride: Int? = nil
    ) {
        let ld = outStride ?? rows
        let (fullRows, fullColumns) = (rows / 8 * 8, columns / 8 * 8)
        // Bands of 8 rows, so a band's 8 source rows stay in L1 while its blocks are moved.
        for i in stride(from: 0, to: fullRows, by: 8) {
            for j in stride(from: 0, to: fullColumns, by: 8) {
                block(x + i * columns + j, stride: columns, into: out + j * ld + i, stride: ld, accumulate: false)
            }
            for j in fullColumns..<columns {
                for k in i..<i + 8 { out[j * ld + k] = x[k * columns + j] }
            }
        }
        for i in fullRows..<rows {
            for j in 0..<columns { out[j * ld + i] = x[i * columns + j] }
        }
    }

    /// One 8 x 8 block: the 8 rows of `source` (`stride` scalars apart) become the 8 columns of
    /// `target` (rows `targetStride` apart), stored or, with `accumulate`, added.
    public static func storeBlock(
        _ source: UnsafeRawPointer, stride: Int, into target: UnsafeMutablePointer<Float>, stride targetStride: Int,
        accumulate: Bool
    ) {
        block(
            source.assumingMemoryBound(to: Float.self), stride: stride, into: target, stride: targetStride,
            accumulate: accumulate)
    }

    @inline(__always)
    private static func block(
        _ source: UnsafePointer<Float>, stride: Int, into target: UnsafeMutablePointer<Float>, stride targetStride: Int,
        accumulate: Bool
    ) {
        func row(_ k: Int) -> SIMD8<Float> {
            UnsafeRawPointer(source + k * stride).loadUnaligned(as: SIMD8<Float>.self)
        }
        // Round 1: pairs of rows interleaved scalar by scalar, within each 4-lane half.
        let (a0, a1) = interleave(row(0), row(1))
        let (a2, a3) = interleave(row(2), row(3))
        let (a4, a5) = interleave(row(4), row(5))
        let (a6, a7) = interleave(row(6), row(7))
        // Round 2: pairs of scalars interleaved, within each half.
        let (b0, b1) = interleavePairs(a0, a2)
        let (b2, b3) = interleavePairs(a1, a3)
        let (b4, b5) = interleavePairs(a4, a6)
        let (b6, b7) = interleavePairs(a5, a7)
        // Round 3: halves: rows 0-3 give the low half of each output row, rows 4-7 the high.
        func store(_ k: Int, _ low: SIMD4<Float>, _ high: SIMD4<Float>) {
            let row = UnsafeMutableRawPointer(target + k * targetStride)
            var value = SIMD8(lowHalf: low, highHalf: high)
            if accumulate { value += row.loadUnaligned(as: SIMD8<Float>.self) }
            row.storeBytes(of: value, as: SIMD8<Float>.self)
        }
        store(0, b0.lowHalf, b4.lowHalf)
        store(1, b1.lowHalf, b5.lowHalf)
        store(2, b2.lowHalf, b6.lowHalf)
        store(3, b3.lowHalf, b7.lowHalf)
        store(4, b0.highHalf, b4.highHalf)
        store(5, b1.highHalf, b5.highHalf)
        store(6, b2.highHalf, b6.highHalf)
        store(7, b3.highHalf, b7.highHalf)
    }

    /// (a0 b0 a1 b1 | a4 b4 a5 b5, a2 b2 a3 b3 | a6 b6 a7 b7): the unpack of two rows.
    @inline(__always)
    private static func interleave(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> (SIMD8<Float>, SIMD8<Float>) {
        (
            SIMD8(a[0], b[0], a[1], b[1], a[4], b[4], a[5], b[5]),
            SIMD8(a[2], b[2], a[3], b[3], a[6], b[6], a[7], b[7])
        )
    }

    /// The same on pairs of scalars: (a0 a1 b0 b1 | a4 a5 b4 b5, a2 a3 b2 b3 | a6 a7 b6 b7).
    @inline(__always)
    private static func interleavePairs(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> (SIMD8<Float>, SIMD8<Float>) {
        (
            SIMD8(a[0], a[1], b[0], b[1], a[4], a[5], b[4], b[5]),
            SIMD8(a[2], a[3], b[2], b[3], a[6], a[7], b[6], b[7])
        )
    }
}
