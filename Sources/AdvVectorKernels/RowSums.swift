/// One stored entry of a sparse matrix: the dense row it scales, and by how much.
public struct SparseEntry {
    public var row: Int32
    public var value: Float
    public init(row: Int32, value: Float) { (self.row, self.value) = (row, value) }
}

/// Products of a sparse matrix with a dense one, written as sums of scaled rows:
///
///     sum(o) = sum over s in offsets[o] ..< offsets[o + 1] of entries[s].value * source[entries[s].row]
///
/// where `source` is row-major [_, width] and `sum(o)` is a row of `width` scalars. A maxout
/// layer's backward pass is this product (`MaxoutBackward` in AdvTensor): each example's gradient
/// reaches only the winning piece of each unit, so four fifths of a dense `dz` are zeros a GEMM
/// would multiply.
///
/// The module is compiled for the CPU's vector unit (AVX2 on x86-64, Package.swift), so callers
/// check `CPU.hasVectorKernels` first. Sums run in entry order, in Float32; the caller has checked
/// every extent.
public enum RowSums {
    /// `out[o, :] = sum(o)` for `o` in `outputs`: a row-major [_, width] result.
    public static func rows(
        outputs: Range<Int>, offsets: UnsafePointer<Int32>, entries: UnsafePointer<SparseEntry>,
        source: UnsafePointer<Float>, width: Int, into out: UnsafeMutablePointer<Float>
    ) {
        var column = 0
        while column < width {
            let block = min(width - column, 32)
            for o in outputs {
                let range = Int(offsets[o])..<Int(offsets[o + 1])
                let target = out + o * width + column
                if block == 32 {
                    sum32(entries, range, source: source + column, width: width, into: target)
                } else {
                    sumNarrow(entries, range, source: source + column, width: width, block: block, into: target)
                }
            }
            column += block
        }
    }

    /// `out[:, o] = sum(o)` (or `+=` when `accumulate`) for `o` in `outputs`: column o of a
    /// row-major [width, stride] result, the transposed product. `source` has `sourceRows` rows.
    ///
    /// For each block of up to 64 source columns, the block of every source row is first copied
    /// into a contiguous strip (`sourceRows` x 64 scalars, L1-sized for a minibatch of 100), so the
    /// sums read only L1; outputs then go eight at a time, and each 8 x 8 block of sums is stored
    /// transposed from registers.
    public static func columns(
        outputs: Range<Int>, offsets: UnsafePointer<Int32>, entries: UnsafePointer<SparseEntry>,
        source: UnsafePointer<Float>, sourceRows: Int, width: Int, into out: UnsafeMutablePointer<Float>,
        stride: Int, accumulate: Bool
    ) {
        guard !outputs.isEmpty, width > 0 else { return }
        let strip = UnsafeMutableRawPointer.allocate(byteCount: sourceRows * Strip.maximum * 4, alignment: 64)
        let tile = UnsafeMutableRawPointer.allocate(byteCount: 8 * Strip.maximum * 4, alignment: 64)
        defer { (strip.deallocate(), tile.deallocate()) }
        let scalars = tile.assumingMemoryBound(to: Float.self)
        var first = 0
        while first < width {
            let columns = min(width - first, Strip.maximum)
            let lanes = Strip.lanes(for: columns)
            Strip.pack(source + first, rows: sourceRows, width: width, columns: columns, lanes: lanes, into: strip)
            var o = outputs.lowerBound
            while o < outputs.upperBound {
                let group = min(8, outputs.upperBound - o)
                Strip.sums(
                    UnsafeRawPointer(strip), lanes: lanes, entries: entries, offsets: offsets + o, outputs: group,
                    into: tile)
                // The tile holds [group][lanes]: output j's sums over this block's columns.
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
                                let value = scalars[j * lanes + r]
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

    /// One output's sum over 32 columns, in four 8-lane registers.
    @inline(__always)
    private static func sum32(
        _ entries: UnsafePointer<SparseEntry>, _ range: Range<Int>, source: UnsafePointer<Float>, width: Int,
        into target: UnsafeMutablePointer<Float>
    ) {
        var (a0, a1, a2, a3) = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
        for s in range {
            let entry = entries[s]
            let row = UnsafeRawPointer(source + Int(entry.row) * width)
            let v = SIMD8<Float>(repeating: entry.value)
            a0 += v * row.loadUnaligned(as: SIMD8<Float>.self)
            a1 += v * row.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
            a2 += v * row.loadUnaligned(fromByteOffset: 64, as: SIMD8<Float>.self)
            a3 += v * row.loadUnaligned(fromByteOffset: 96, as: SIMD8<Float>.self)
        }
        let t = UnsafeMutableRawPointer(target)
        t.storeBytes(of: a0, as: SIMD8<Float>.self)
        t.storeBytes(of: a1, toByteOffset: 32, as: SIMD8<Float>.self)
        t.storeBytes(of: a2, toByteOffset: 64, as: SIMD8<Float>.self)
        t.storeBytes(of: a3, toByteOffset: 96, as: SIMD8<Float>.self)
    }

    /// One output's sum over the last, narrower block (fewer than 32 columns), summed in place.
    private static func sumNarrow(
        _ entries: UnsafePointer<SparseEntry>, _ range: Range<Int>, source: UnsafePointer<Float>, width: Int,
        block: Int, into target: UnsafeMutablePointer<Float>
    ) {
        let vectors = block / 8 * 8
        target.update(repeating: 0, count: block)
        for s in range {
            let entry = entries[s]
            let row = source + Int(entry.row) * width
            let v = SIMD8<Float>(repeating: entry.value)
            for c in Swift.stride(from: 0, to: vectors, by: 8) {
                let sum = UnsafeMutableRawPointer(target + c)
                let product = v * UnsafeRawPointer(row + c).loadUnaligned(as: SIMD8<Float>.self)
                sum.storeBytes(of: sum.loadUnaligned(as: SIMD8<Float>.self) + product, as: SIMD8<Float>.self)
            }
            for c in vectors..<block { target[c] += entry.value * row[c] }
        }
    }
}
