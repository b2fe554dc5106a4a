/// Writing into part of a tensor: what the language's `t[i, 1:3] = v` does.
extension Tensor {
    /// The positions chosen along one axis, and whether the axis was chosen by a single index
    /// (`t[2]`), which numpy leaves out of the shape the value is broadcast to.
    public struct AxisSelection: Sendable, Equatable {
        public let positions: [Int]
        public let isSingleIndex: Bool

        public init(positions: [Int], isSingleIndex: Bool) {
            self.positions = positions
            self.isSingleIndex = isSingleIndex
        }
    }

    /// Sets the entries `selection` chooses to `value`, broadcast by numpy's rules to the shape
    /// of the part chosen (the leading axes as selected, single-index axes dropped, the rest
    /// whole). Only the chosen entries are written, in place when this tensor's storage is not
    /// shared; the tensor is unchanged when this throws.
    public mutating func assign(_ value: Tensor, at selection: [AxisSelection]) throws {
        guard selection.count <= rank else {
            throw TensorError(
                op: "assign", message: "\(selection.count) indices for a tensor of shape \(shape.shapeDescription)")
        }
        for (axis, chosen) in selection.enumerated() {
            if let bad = chosen.positions.first(where: { $0 < 0 || $0 >= shape[axis] }) {
                throw TensorError(
                    op: "assign",
                    message: "position \(bad) is out of range for axis \(axis) of shape \(shape.shapeDescription)")
            }
        }
        let trailing = Array(shape[selection.count...])
        let partShape = selection.filter { !$0.isSingleIndex }.map(\.positions.count) + trailing
        let source: Tensor
        do {
            source = try value.broadcasted(to: partShape)
        } catch {
            throw TensorError(
                op: "assign",
                message: "a value of shape \(value.shape.shapeDescription) does not fit the part of shape "
                    + "\(partShape.shapeDescription) chosen from \(shape.shapeDescription)")
        }
        guard source.count > 0 else { return }
        // Each combination of the selected leading positions names one contiguous block of the
        // trailing axes, written in the order the part lists its scalars.
        let block = trailing.reduce(1, *)
        var strides = [Int](repeating: block, count: selection.count)
        for axis in stride(from: selection.count - 2, through: 0, by: -1) {
            strides[axis] = strides[axis + 1] * shape[axis + 1]
        }
        var counter = [Int](repeating: 0, count: selection.count)
        source.scalars.withUnsafeBufferPointer { from in
            scalars.withUnsafeMutableBufferPointer { to in
                var read = 0
                while read < from.count {
                    var write = 0
                    for axis in 0..<selection.count {
                        write += selection[axis].positions[counter[axis]] * strides[axis]
                    }
                    for k in 0..<block { to[write + k] = from[read + k] }
                    read += block
                    // The next combination, last axis fastest.
                    var axis = selection.count - 1
                    while axis >= 0 {
                        counter[axis] += 1
                        if counter[axis] < selection[axis].positions.count { break }
                        counter[axis] = 0
                        axis -= 1
                    }
                }
            }
        }
    }
}
