/// Copies of whole blocks: selecting positions along one axis, and joining tensors along one axis.
enum Copy {
    /// For `x` seen as `[outer, length, inner]`, writes `[outer, positions.count, inner]`: block
    /// `positions[t]` of each outer slice, in order. Positions are already checked.
    static func take(
        _ x: UnsafeBufferPointer<Float>, outer: Int, length: Int, inner: Int, positions: [Int],
        _ out: UnsafeMutableBufferPointer<Float>
    ) {
        var to = 0
        for o in 0..<outer {
            for j in positions {
                let from = (o * length + j) * inner
                for t in 0..<inner { out[to + t] = x[from + t] }
                to += inner
            }
        }
    }

    /// Copies `block` scalars from `x` (starting at `from`) into `out` (starting at `to`).
    static func block(
        _ x: UnsafeBufferPointer<Float>, from: Int, _ out: UnsafeMutableBufferPointer<Float>, to: Int, count: Int
    ) {
        for t in 0..<count { out[to + t] = x[from + t] }
    }

    /// Writes `x` read through broadcast `strides` (0 on stretched axes) into `out` of `shape`.
    static func broadcast(
        _ x: UnsafeBufferPointer<Float>, strides: [Int], shape: [Int], _ out: UnsafeMutableBufferPointer<Float>
    ) {
        let (rows, walk) = Broadcast.coalesce(shape, [strides, Broadcast.contiguousStrides(shape)])
        let row = rows.last ?? 1
        let step = walk[0].last ?? 0
        Broadcast.forEachRow(of: rows, strides: walk) { offsets in
            let (from, to) = (offsets[0], offsets[1])
            for j in 0..<row { out[to + j] = x[from + j * step] }
        }
    }
}
