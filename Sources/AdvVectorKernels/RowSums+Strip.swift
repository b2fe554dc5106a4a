/// The contiguous copy of one block of source columns that `RowSums.columns` sums from, and the
/// sums themselves, one kernel per block width so every accumulator stays in a register.
enum Strip {
    /// The widest block: 64 columns, eight 8-lane registers per output.
    static let maximum = 64

    /// The lanes a block of `columns` (at most 64) is padded to: 64, 32, 16 or 8.
    static func lanes(for columns: Int) -> Int {
        columns > 32 ? 64 : columns > 16 ? 32 : columns > 8 ? 16 : 8
    }

    /// Copies `columns` scalars of each of `rows` source rows (`width` apart) into rows of `lanes`
    /// scalars, zero-padded.
    static func pack(
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

    /// The sums of `outputs` (at most 8) consecutive outputs over the strip, into `tile` [8][lanes];
    /// rows of the tile past `outputs` are zero.
    @inline(__always)
    static func sums(
        _ strip: UnsafeRawPointer, lanes: Int, entries: UnsafePointer<SparseEntry>, offsets: UnsafePointer<Int32>,
        outputs: Int, into tile: UnsafeMutableRawPointer
    ) {
        for j in 0..<8 {
            let range = j < outputs ? Int(offsets[j])..<Int(offsets[j + 1]) : 0..<0
            let target = tile + j * lanes * 4
            switch lanes {
            case 64: sum64(strip, entries, range, into: target)
            case 32: sum32(strip, entries, range, into: target)
            case 16: sum16(strip, entries, range, into: target)
            default: sum8(strip, entries, range, into: target)
            }
        }
    }

    /// 64 lanes: eight independent chains of adds, one load per multiply.
    @inline(__always)
    private static func sum64(
        _ strip: UnsafeRawPointer, _ entries: UnsafePointer<SparseEntry>, _ range: Range<Int>,
        into target: UnsafeMutableRawPointer
    ) {
        var (a0, a1, a2, a3) = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
        var (a4, a5, a6, a7) = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
        for s in range {
            let entry = entries[s]
            let row = strip + Int(entry.row) * 256
            let v = SIMD8<Float>(repeating: entry.value)
            a0 += v * row.load(as: SIMD8<Float>.self)
            a1 += v * row.load(fromByteOffset: 32, as: SIMD8<Float>.self)
            a2 += v * row.load(fromByteOffset: 64, as: SIMD8<Float>.self)
            a3 += v * row.load(fromByteOffset: 96, as: SIMD8<Float>.self)
            a4 += v * row.load(fromByteOffset: 128, as: SIMD8<Float>.self)
            a5 += v * row.load(fromByteOffset: 160, as: SIMD8<Float>.self)
            a6 += v * row.load(fromByteOffset: 192, as: SIMD8<Float>.self)
            a7 += v * row.load(fromByteOffset: 224, as: SIMD8<Float>.self)
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
    private static func sum32(
        _ strip: UnsafeRawPointer, _ entries: UnsafePointer<SparseEntry>, _ range: Range<Int>,
        into target: UnsafeMutableRawPointer
    ) {
        var (a0, a1, a2, a3) = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
        for s in range {
            let entry = entries[s]
            let row = strip + Int(entry.row) * 128
            let v = SIMD8<Float>(repeating: entry.value)
            a0 += v * row.load(as: SIMD8<Float>.self)
            a1 += v * row.load(fromByteOffset: 32, as: SIMD8<Float>.self)
            a2 += v * row.load(fromByteOffset: 64, as: SIMD8<Float>.self)
            a3 += v * row.load(fromByteOffset: 96, as: SIMD8<Float>.self)
        }
        target.storeBytes(of: a0, as: SIMD8<Float>.self)
        target.storeBytes(of: a1, toByteOffset: 32, as: SIMD8<Float>.self)
        target.storeBytes(of: a2, toByteOffset: 64, as: SIMD8<Float>.self)
        target.storeBytes(of: a3, toByteOffset: 96, as: SIMD8<Float>.self)
    }

    @inline(__always)
    private static func sum16(
        _ strip: UnsafeRawPointer, _ entries: UnsafePointer<SparseEntry>, _ range: Range<Int>,
        into target: UnsafeMutableRawPointer
    ) {
        var (a0, a1) = (SIMD8<Float>(), SIMD8<Float>())
        for s in range {
            let entry = entries[s]
            let row = strip + Int(entry.row) * 64
            let v = SIMD8<Float>(repeating: entry.value)
            a0 += v * row.load(as: SIMD8<Float>.self)
            a1 += v * row.load(fromByteOffset: 32, as: SIMD8<Float>.self)
        }
        target.storeBytes(of: a0, as: SIMD8<Float>.self)
        target.storeBytes(of: a1, toByteOffset: 32, as: SIMD8<Float>.self)
    }

    @inline(__always)
    private static func sum8(
        _ strip: UnsafeRawPointer, _ entries: UnsafePointer<SparseEntry>, _ range: Range<Int>,
        into target: UnsafeMutableRawPointer
    ) {
        var a0 = SIMD8<Float>()
        for s in range {
            let entry = entries[s]
            a0 += SIMD8<Float>(repeating: entry.value) * (strip + Int(entry.row) * 32).load(as: SIMD8<Float>.self)
        }
        target.storeBytes(of: a0, as: SIMD8<Float>.self)
    }
}
