/// One stored entry of a sparse matrix: the dense row it scales, and by how much.
public struct SparseEntry {
    public var row: Int32
    public var value: Float
    public init(row: Int32, value: Float) { (self.row, self.value) = (row, value) }
}

/// Products of a sparse matrix with a dense one, written as sums of scaled rows:
///
///     sum(o) = sum over the entries (r, v) of output o of v * source[r]
///
/// where `source` is row-major [_, width] and `sum(o)` is a row of `width` scalars. A maxout
/// layer's backward pass is this product (`MaxoutBackward` in AdvTensor): each example's gradient
/// reaches only the winning piece of each unit, so four fifths of a dense `dz` are zeros a GEMM
/// would multiply.
///
/// The module is compiled for the CPU's vector unit (AVX2 on x86-64, Package.swift), so callers
/// check `CPU.hasVectorKernels` first. Each sum runs in entry order, in Float32; the caller has
/// checked every extent.
public enum RowSums {
    /// `out[o, :] = sum(o)` for `o` in `outputs`, a row-major [_, width] result, where output o's
    /// entries are `o * count ..< (o + 1) * count` of `indices` (rows of `source`) and `values`.
    public static func rows(
        outputs: Range<Int>, entriesPerOutput count: Int, indices: UnsafePointer<Int32>, values: UnsafePointer<Float>,
        source: UnsafePointer<Float>, width: Int, into out: UnsafeMutablePointer<Float>
    ) {
        let entries = Arrays(rows: indices, values: values)
        var column = 0
        while width - column >= 8 {
            let lanes = Lanes.width(for: width - column)
            for o in outputs {
                Lanes.sum(
                    lanes: lanes, entries, o * count..<(o + 1) * count, base: UnsafeRawPointer(source + column),
                    rowBytes: width * 4, into: UnsafeMutableRawPointer(out + o * width + column))
            }
            column += lanes
        }
        for o in outputs {
            for c in column..<width {
                var sum: Float = 0
                for s in o * count..<(o + 1) * count { sum += values[s] * source[Int(indices[s]) * width + c] }
                out[o * width + c] = sum
            }
        }
    }

    /// `out[:, o] = sum(o)` (or `+=` when `accumulate`) for `o` in `outputs`: column o of a
    /// row-major [width, stride] result, the transposed product. Output o's entries are
    /// `entries[offsets[k] ..< offsets[k + 1]]` with `k = o - outputs.lowerBound`; `source` has
    /// `sourceRows` rows.
    ///
    /// For each block of up to 64 source columns, the block of every source row is first copied
    /// into a contiguous, zero-padded strip (`sourceRows` x 64 scalars, L1-sized for a minibatch of
    /// 100), so the sums read only L1; outputs then go eight at a time, and each 8 x 8 block of
    /// sums is stored transposed from registers.
    public static func columns(
        outputs: Range<Int>, offsets: UnsafePointer<Int32>, entries: UnsafePointer<SparseEntry>,
        source: UnsafePointer<Float>, sourceRows: Int, width: Int, into out: UnsafeMutablePointer<Float>,
        stride: Int, accumulate: Bool
    ) {
        guard !outputs.isEmpty, width > 0 else { return }
        let strip = UnsafeMutableRawPointer.allocate(byteCount: sourceRows * Lanes.maximum * 4, alignment: 64)
        let tile = UnsafeMutableRawPointer.allocate(byteCount: 8 * Lanes.maximum * 4, alignment: 64)
        defer {
            strip.deallocate()
            tile.deallocate()
        }
        let sums = tile.assumingMemoryBound(to: Float.self)
        var first = 0
        while first < width {
            let columns = min(width - first, Lanes.maximum)
            // The strip's rows are padded to the next kernel width.
            let lanes = columns > 32 ? 64 : columns > 16 ? 32 : columns > 8 ? 16 : 8
            pack(source + first, rows: sourceRows, width: width, columns: columns, lanes: lanes, into: strip)
            var o = outputs.lowerBound
            while o < outputs.upperBound {
                let group = min(8, outputs.upperBound - o)
                let lists = offsets + (o - outputs.lowerBound)
                for j in 0..<8 {
                    let range = j < group ? Int(lists[j])..<Int(lists[j + 1]) : 0..<0
                    Lanes.sum(
                        lanes: lanes, Pairs(base: entries), range, base: UnsafeRawPointer(strip), rowBytes: lanes * 4,
                        into: tile + j * lanes * 4)
                }
                // The tile holds [8][lanes]: output j's sums over this block's columns.
                let target = out + first * stride + o
                var row = 0
                while row < columns {
                    if group == 8 && columns - row >= 8 {
                        Transposition.storeBlock(
                            UnsafeRawPointer(tile + row * 4), stride: lanes, into: target + row * stride,
                            stride: stride, accumulate: accumulate)
                    } else {
                        for r in row..<min(row + 8, columns) {
                            for j in 0..<group {
                                let value = sums[j * lanes + r]
                                if accumulate {
                                    target[r * stride + j] += value
                                } else {
                                    target[r * stride + j] = value
                                }
                            }
                        }
                    }
                    row += 8
                }
                o += group
            }
            first += columns
        }
    }

    /// Copies `columns` scalars of each of `rows` source rows (`width` apart) into rows of `lanes`
    /// scalars, zero-padded.
    private static func pack(
        _ source: UnsafePointer<Float>, rows: Int, width: Int, columns: Int, lanes: Int,
        into strip: UnsafeMutableRawPointer
    ) {
        let target = strip.assumingMemoryBound(to: Float.self)
        for i in 0..<rows {
            let row = target + i * lanes
            row.update(from: source + i * width, count: columns)
            if columns < lanes { (row + columns).update(repeating: 0, count: lanes - columns) }
        }
    }
}
