/// The sums of scaled rows over one block of columns, one kernel per block width (64, 32, 16 or 8
/// lanes) so every accumulator stays in a register; `RowSums` picks the width. Blocks of 64 keep
/// eight independent chains of adds in flight, enough to hide the adds' latency.
enum Lanes {
    /// The widest block.
    static let maximum = 64

    /// The kernel width for the next block of `columns` (at least 8) columns.
    static func width(for columns: Int) -> Int {
        columns >= 64 ? 64 : columns >= 32 ? 32 : columns >= 16 ? 16 : 8
    }

    /// `target[0 ..< lanes] = sum over s in range of entries.value(s) * row(entries.row(s))`, where
    /// the rows start at `base` and lie `rowBytes` apart.
    @inline(__always)
    static func sum<Entries: EntryList>(
        lanes: Int, _ entries: Entries, _ range: Range<Int>, base: UnsafeRawPointer, rowBytes: Int,
        into target: UnsafeMutableRawPointer
    ) {
        switch lanes {
        case 64: sum64(entries, range, base: base, rowBytes: rowBytes, into: target)
        case 32: sum32(entries, range, base: base, rowBytes: rowBytes, into: target)
        case 16: sum16(entries, range, base: base, rowBytes: rowBytes, into: target)
        default: sum8(entries, range, base: base, rowBytes: rowBytes, into: target)
        }
    }

    @inline(__always)
    private static func sum64<Entries: EntryList>(
        _ entries: Entries, _ range: Range<Int>, base: UnsafeRawPointer, rowBytes: Int,
        into target: UnsafeMutableRawPointer
    ) {
        var (a0, a1, a2, a3) = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
        var (a4, a5, a6, a7) = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
        for s in range {
            let (index, value) = entries[s]
            let row = base + index * rowBytes
            let v = SIMD8<Float>(repeating: value)
            a0 += v * row.loadUnaligned(as: SIMD8<Float>.self)
            a1 += v * row.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
            a2 += v * row.loadUnaligned(fromByteOffset: 64, as: SIMD8<Float>.self)
            a3 += v * row.loadUnaligned(fromByteOffset: 96, as: SIMD8<Float>.self)
            a4 += v * row.loadUnaligned(fromByteOffset: 128, as: SIMD8<Float>.self)
            a5 += v * row.loadUnaligned(fromByteOffset: 160, as: SIMD8<Float>.self)
            a6 += v * row.loadUnaligned(fromByteOffset: 192, as: SIMD8<Float>.self)
            a7 += v * row.loadUnaligned(fromByteOffset: 224, as: SIMD8<Float>.self)
        }
        target.storeBytes(of: a0, as: SIMD8<Float>.self)
        target.storeBytes(of: a1, toByteOffset: 32, as: SIMD8<Float>.self)
        target.storeBytes(of: a2, toByteOffset: 64, as: SIMD8<Float>.self)
        target.storeBytes(of: a3, toByteOffset: 96, as: SIMD8<Float>.self)
        target.storeBytes(of: a4, toByteOffset: 128, as: SIMD8<Float>.self)
        target.storeBytes(of: a5, toByteOffset: 160, as: SIMD8<Float>.self)
        target.storeBytes(of: a6, toByteOffset: 192, as: SIMD8<Float>.self)
        target.storeBytes(of: a7, toByteOffset: 224, as: SIMD8<Float>.self)
    }

    @inline(__always)
    private static func sum32<Entries: EntryList>(
        _ entries: Entries, _ range: Range<Int>, base: UnsafeRawPointer, rowBytes: Int,
        into target: UnsafeMutableRawPointer
    ) {
        var (a0, a1, a2, a3) = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
        for s in range {
            let (index, value) = entries[s]
            let row = base + index * rowBytes
            let v = SIMD8<Float>(repeating: value)
            a0 += v * row.loadUnaligned(as: SIMD8<Float>.self)
            a1 += v * row.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
            a2 += v * row.loadUnaligned(fromByteOffset: 64, as: SIMD8<Float>.self)
            a3 += v * row.loadUnaligned(fromByteOffset: 96, as: SIMD8<Float>.self)
        }
        target.storeBytes(of: a0, as: SIMD8<Float>.self)
        target.storeBytes(of: a1, toByteOffset: 32, as: SIMD8<Float>.self)
        target.storeBytes(of: a2, toByteOffset: 64, as: SIMD8<Float>.self)
        target.storeBytes(of: a3, toByteOffset: 96, as: SIMD8<Float>.self)
    }

    @inline(__always)
    private static func sum16<Entries: EntryList>(
        _ entries: Entries, _ range: Range<Int>, base: UnsafeRawPointer, rowBytes: Int,
        into target: UnsafeMutableRawPointer
    ) {
        var (a0, a1) = (SIMD8<Float>(), SIMD8<Float>())
        for s in range {
            let (index, value) = entries[s]
            let row = base + index * rowBytes
            let v = SIMD8<Float>(repeating: value)
            a0 += v * row.loadUnaligned(as: SIMD8<Float>.self)
            a1 += v * row.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
        }
        target.storeBytes(of: a0, as: SIMD8<Float>.self)
        target.storeBytes(of: a1, toByteOffset: 32, as: SIMD8<Float>.self)
    }

    @inline(__always)
    private static func sum8<Entries: EntryList>(
        _ entries: Entries, _ range: Range<Int>, base: UnsafeRawPointer, rowBytes: Int,
        into target: UnsafeMutableRawPointer
    ) {
        var a0 = SIMD8<Float>()
        for s in range {
            let (index, value) = entries[s]
            a0 += SIMD8<Float>(repeating: value) * (base + index * rowBytes).loadUnaligned(as: SIMD8<Float>.self)
        }
        target.storeBytes(of: a0, as: SIMD8<Float>.self)
    }
}

/// Where a kernel reads entry s: (the index of the row it scales, the scale).
protocol EntryList {
    subscript(_ s: Int) -> (Int, Float) { get }
}

/// Entries stored as pairs (`SparseEntry`).
struct Pairs: EntryList {
    let base: UnsafePointer<SparseEntry>
    subscript(_ s: Int) -> (Int, Float) {
        let entry = base[s]
        return (Int(entry.row), entry.value)
    }
}

/// Entries stored as two parallel arrays.
struct Arrays: EntryList {
    let rows: UnsafePointer<Int32>
    let values: UnsafePointer<Float>
    subscript(_ s: Int) -> (Int, Float) { (Int(rows[s]), values[s]) }
}
