/// The one size limit on tensors. Ops whose result can be larger than their inputs (broadcasting,
/// matrix products, concatenation, gathering) check it before allocating, so `zeros([1e6, 1]) +
/// zeros([1, 1e6])` is an error naming the op and the shapes rather than an allocation failure
/// that ends the process.
extension Tensor {
    /// The most scalars a tensor may hold: 2^28, 1 GiB of Float32. The language's shape
    /// arguments (`zeros(shape)`) use the same limit.
    public static let maximumCount = 1 << 28

    /// The number of scalars in `shape`, or nil when the product overflows `Int` or an extent is
    /// negative.
    public static func count(of shape: [Int]) -> Int? {
        var count = 1
        for extent in shape {
            guard extent >= 0 else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: extent)
            guard !overflow else { return nil }
            count = product
        }
        return count
    }

    /// Throws unless a result of `shape` holds at most `maximumCount` scalars; `operands` says
    /// what it was made from ("[1000000, 1] and [1, 1000000]"), written only for the error.
    static func requireSize(_ shape: [Int], op: String, operands: @autoclosure () -> String) throws {
        if let count = count(of: shape), count <= maximumCount { return }
        throw TensorError(
            op: op,
            message: "the result of \(operands()) would have shape \(shape.shapeDescription), "
                + "more than the \(maximumCount) scalars a tensor may hold")
    }

    /// Shapes for a message, at most three written out: "[2], [3], [4] and 7 more".
    static func describe(_ shapes: [[Int]]) -> String {
        let written = shapes.prefix(3).map(\.shapeDescription)
        let more = shapes.count - written.count
        if more > 0 { return written.joined(separator: ", ") + " and \(more) more" }
        if written.count <= 1 { return written.joined() }
        return written.dropLast().joined(separator: ", ") + " and " + (written.last ?? "")
    }
}
