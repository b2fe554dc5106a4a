import Foundation

/// Numpy-like printing: a header with the shape, then nested brackets, one row per line.
///
///     tensor [2, 3]
///     [[1, -2, 3],
///      [0.5, 0, -1]]
///
/// Tensors of more than `Tensor.summaryThreshold` scalars show only the first and last
/// `Tensor.edgeItems` entries of each long axis, with `...` between. A rank-0 tensor prints as its
/// number alone.
extension Tensor: CustomStringConvertible {
    /// Above this many scalars, long axes are abbreviated (numpy's default is also 1000).
    public static let summaryThreshold = 1000
    /// Entries kept at each end of an abbreviated axis.
    public static let edgeItems = 3

    public var description: String {
        if rank == 0 { return Tensor.format(scalars[0]) }
        var text = "tensor \(shape.shapeDescription)\n"
        let strides = Broadcast.contiguousStrides(shape)
        let abbreviate = count > Tensor.summaryThreshold
        appendBlock(to: &text, axis: 0, offset: 0, strides: strides, abbreviate: abbreviate)
        return text
    }

    /// Appends `[...]` for the sub-tensor at `offset` spanning axes `axis...`.
    private func appendBlock(to text: inout String, axis: Int, offset: Int, strides: [Int], abbreviate: Bool) {
        let extent = shape[axis]
        let innermost = axis == rank - 1
        let separator =
            innermost
            ? ", "
            : "," + String(repeating: "\n", count: rank - axis - 1)
                + String(repeating: " ", count: axis + 1)
        var positions = Array(0..<extent)
        var gap: Int? = nil
        if abbreviate && extent > 2 * Tensor.edgeItems {
            positions = Array(0..<Tensor.edgeItems) + Array((extent - Tensor.edgeItems)..<extent)
            gap = Tensor.edgeItems
        }
        text += "["
        for (k, position) in positions.enumerated() {
            if k > 0 { text += separator }
            if k == gap { text += "..." + separator }
            let at = offset + position * strides[axis]
            if innermost {
                text += Tensor.format(scalars[at])
            } else {
                appendBlock(to: &text, axis: axis + 1, offset: at, strides: strides, abbreviate: abbreviate)
            }
        }
        text += "]"
    }

    /// `%g` with 6 significant digits: `1`, `-0.5`, `1.23457e+06`, `nan`, `inf`.
    static func format(_ value: Float) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return String(format: "%g", Double(value))
    }
}
