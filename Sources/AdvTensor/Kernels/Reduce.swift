import Foundation

/// Reductions along one axis of a row-major buffer seen as `[outer, length, inner]`; the output is
/// `[outer, inner]`. Every loop walks memory in order: the inner axis is contiguous.
enum Reduce {
    /// Sums along the axis.
    /// NOTE: accumulates in Float64, so a sum of 60k Float32 pixels keeps all of its digits.
    static func sum(
        _ x: UnsafeBufferPointer<Float>, outer: Int, length: Int, inner: Int, _ out: UnsafeMutableBufferPointer<Float>
    ) {
        if inner == 1 {
            for o in 0..<outer {
                var total: Double = 0
                let base = o * length
                for j in 0..<length { total += Double(x[base + j]) }
                out[o] = Float(total)
            }
            return
        }
        var totals = [Double](repeating: 0, count: inner)
        totals.withUnsafeMutableBufferPointer { totals in
            for o in 0..<outer {
                for i in 0..<inner { totals[i] = 0 }
                for j in 0..<length {
                    let base = (o * length + j) * inner
                    for i in 0..<inner { totals[i] += Double(x[base + i]) }
                }
                for i in 0..<inner { out[o * inner + i] = Float(totals[i]) }
            }
        }
    }

    /// The largest (or, with `smallest`, the smallest) value along the axis; NaN wins, as in numpy.
    /// `length` must be positive.
    static func extreme(
        _ x: UnsafeBufferPointer<Float>, outer: Int, length: Int, inner: Int, smallest: Bool,
        _ out: UnsafeMutableBufferPointer<Float>
    ) {
        for o in 0..<outer {
            let first = o * length * inner
            for i in 0..<inner { out[o * inner + i] = x[first + i] }
            for j in 1..<max(length, 1) {
                let base = (o * length + j) * inner
                for i in 0..<inner {
                    let v = x[base + i]
                    let best = out[o * inner + i]
                    if (smallest ? v < best : v > best) || v.isNaN { out[o * inner + i] = v }
                }
            }
        }
    }

    /// The index of the first largest value along the axis (the first NaN, if any, as in numpy).
    /// `length` must be positive.
    static func argmax(
        _ x: UnsafeBufferPointer<Float>, outer: Int, length: Int, inner: Int, _ out: UnsafeMutableBufferPointer<Int>
    ) {
        for o in 0..<outer {
            for i in 0..<inner {
                var bestIndex = 0
                var best = x[o * length * inner + i]
                var j = 1
                while j < length && !best.isNaN {
                    let v = x[(o * length + j) * inner + i]
                    if v > best || v.isNaN {
                        best = v
                        bestIndex = j
                    }
                    j += 1
                }
                out[o * inner + i] = bestIndex
            }
        }
    }

    /// log(sum(exp(x))) along the axis, shifted by the maximum so exp never overflows.
    /// NOTE: when the maximum is ±inf the shift is 0, so an all -inf slice gives -inf (not NaN)
    /// and a +inf gives +inf. The sum of exponentials is accumulated in Float64.
    static func logSumExp(
        _ x: UnsafeBufferPointer<Float>, outer: Int, length: Int, inner: Int, _ out: UnsafeMutableBufferPointer<Float>
    ) {
        guard length > 0 else {
            for k in 0..<out.count { out[k] = -.infinity }
            return
        }
        extreme(x, outer: outer, length: length, inner: inner, smallest: false, out)
        var totals = [Double](repeating: 0, count: inner)
        var shifts = [Float](repeating: 0, count: inner)
        totals.withUnsafeMutableBufferPointer { totals in
            shifts.withUnsafeMutableBufferPointer { shifts in
                for o in 0..<outer {
                    for i in 0..<inner {
                        let m = out[o * inner + i]
                        shifts[i] = m.isFinite ? m : 0
                        totals[i] = 0
                    }
                    for j in 0..<length {
                        let base = (o * length + j) * inner
                        for i in 0..<inner { totals[i] += Double(Foundation.exp(x[base + i] - shifts[i])) }
                    }
                    for i in 0..<inner { out[o * inner + i] = Float(Foundation.log(totals[i])) + shifts[i] }
                }
            }
        }
    }

    /// Adds every scalar of `x` (of `shape`) into `out` read through `targetStrides` (broadcast
    /// strides, 0 on summed axes): the sum of a broadcast result back down to an operand's shape.
    /// NOTE: accumulates in Float64, like `sum`.
    static func sumToShape(
        _ x: UnsafeBufferPointer<Float>, shape: [Int], targetStrides: [Int], _ out: UnsafeMutableBufferPointer<Float>
    ) {
        var totals = [Double](repeating: 0, count: out.count)
        totals.withUnsafeMutableBufferPointer { totals in
            let (rows, strides) = Broadcast.coalesce(shape, [Broadcast.contiguousStrides(shape), targetStrides])
            let row = rows.last ?? 1
            let step = strides[1].last ?? 0
            Broadcast.forEachRow(of: rows, strides: strides) { offsets in
                let (from, to) = (offsets[0], offsets[1])
                if step == 0 {
                    var total: Double = 0
                    for j in 0..<row { total += Double(x[from + j]) }
                    totals[to] += total
                } else {
                    for j in 0..<row { totals[to + j * step] += Double(x[from + j]) }
                }
            }
            for i in 0..<out.count { out[i] = Float(totals[i]) }
        }
    }
}
