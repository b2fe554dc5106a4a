/// Numpy broadcasting: the result shape of two or more shapes, and the strides that read an operand
/// as if it had been expanded to that shape.
enum Broadcast {
    /// The broadcast shape of `shapes`, or nil when they do not broadcast. Shapes align at the
    /// right; an axis of extent 1 stretches to the other extent.
    static func shape(_ shapes: [[Int]]) -> [Int]? {
        let rank = shapes.map(\.count).max() ?? 0
        var result = [Int](repeating: 1, count: rank)
        for shape in shapes {
            let offset = rank - shape.count
            for (axis, extent) in shape.enumerated() {
                let current = result[offset + axis]
                if current == extent || extent == 1 { continue }
                if current == 1 { result[offset + axis] = extent } else { return nil }
            }
        }
        return result
    }

    /// Row-major element strides of `shape` read as `target` (which it broadcasts to): axes that
    /// `shape` lacks or stretches from extent 1 get stride 0.
    static func strides(of shape: [Int], in target: [Int]) -> [Int] {
        let contiguous = contiguousStrides(shape)
        let offset = target.count - shape.count
        var strides = [Int](repeating: 0, count: target.count)
        for axis in 0..<shape.count where shape[axis] != 1 {
            strides[offset + axis] = contiguous[axis]
        }
        return strides
    }

    /// Row-major strides of a contiguous tensor of `shape`.
    static func contiguousStrides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var step = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[axis] = step
            step *= shape[axis]
        }
        return strides
    }

    /// Calls `body(offsets)` once per row of `shape` (all axes but the last), in row-major order,
    /// with each operand's element offset for that row. The caller walks the last axis itself, so the
    /// closure runs once per row, not once per element.
    static func forEachRow(
        of shape: [Int], strides: [[Int]], _ body: (_ offsets: [Int]) -> Void
    ) {
        let outerRank = shape.count - 1
        guard outerRank >= 0 else {
            body([Int](repeating: 0, count: strides.count))
            return
        }
        if shape.contains(0) { return }
        var index = [Int](repeating: 0, count: outerRank)
        var offsets = [Int](repeating: 0, count: strides.count)
        while true {
            body(offsets)
            var axis = outerRank - 1
            while axis >= 0 {
                index[axis] += 1
                for o in 0..<strides.count { offsets[o] += strides[o][axis] }
                if index[axis] < shape[axis] { break }
                for o in 0..<strides.count { offsets[o] -= strides[o][axis] * shape[axis] }
                index[axis] = 0
                axis -= 1
            }
            if axis < 0 { return }
        }
    }

    /// The same walk over fewer, longer axes: drops extent-1 axes and merges each axis into the one
    /// before it when every operand steps through both contiguously (outer stride = inner stride ×
    /// inner extent). `[5, 1000, 1] + [5, 1, 1]` becomes rows of 1000 instead of 5000 rows of 1.
    static func coalesce(_ shape: [Int], _ strides: [[Int]]) -> (shape: [Int], strides: [[Int]]) {
        var merged: [Int] = []
        var mergedStrides = [[Int]](repeating: [], count: strides.count)
        for axis in 0..<shape.count where shape[axis] != 1 {
            let joins =
                !merged.isEmpty
                && strides.indices.allSatisfy { o in
                    mergedStrides[o][merged.count - 1] == strides[o][axis] * shape[axis]
                }
            if joins {
                merged[merged.count - 1] *= shape[axis]
                for o in strides.indices { mergedStrides[o][merged.count - 1] = strides[o][axis] }
            } else {
                merged.append(shape[axis])
                for o in strides.indices { mergedStrides[o].append(strides[o][axis]) }
            }
        }
        return (merged, mergedStrides)
    }
}
