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
}
