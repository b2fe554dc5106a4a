/// A Float32 tensor of any rank: a shape and its scalars in row-major order, stored contiguously.
///
/// `Tensor` is a value: copies share storage until one of them is written (Swift's array
/// copy-on-write), so passing tensors around never copies scalars.
public struct Tensor: Sendable, Equatable {
    /// The extent of each axis; `[]` for a scalar.
    public private(set) var shape: [Int]
    /// The scalars in row-major order; `scalars.count == shape.reduce(1, *)`.
    public internal(set) var scalars: [Float]

    /// A tensor with the given shape and scalars; throws when the counts disagree.
    public init(shape: [Int], scalars: [Float]) throws {
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw TensorError(op: "tensor", message: "shape \(shape.shapeDescription) has a negative extent")
        }
        let count = shape.reduce(1, *)
        guard count == scalars.count else {
            throw TensorError(
                op: "tensor",
                message: "shape \(shape.shapeDescription) holds \(count) scalars, but \(scalars.count) were given")
        }
        self.shape = shape
        self.scalars = scalars
    }

    /// A tensor whose shape the caller has already checked against `scalars.count`.
    init(unchecked shape: [Int], scalars: [Float]) {
        self.shape = shape
        self.scalars = scalars
    }

    /// A tensor of the given shape with every scalar equal to `value`.
    public init(shape: [Int], repeating value: Float) {
        let extents = shape.map { Swift.max($0, 0) }
        self.init(unchecked: extents, scalars: Array(repeating: value, count: extents.reduce(1, *)))
    }

    /// A rank-0 tensor.
    public init(_ value: Float) {
        self.init(unchecked: [], scalars: [value])
    }

    /// A tensor of zeros.
    public static func zeros(_ shape: [Int]) -> Tensor { Tensor(shape: shape, repeating: 0) }

    /// The number of scalars.
    public var count: Int { scalars.count }
    /// The number of axes.
    public var rank: Int { shape.count }
}

/// An error of one named operation: the operation's name and what was wrong, shapes included,
/// read as "op: message". `Source` tells its kinds apart by type (`TensorError` here, AdvNN's
/// `AttackError`), so a presenter can say which layer failed; they share this one definition.
public struct OperationError<Source>: Error, Sendable, Equatable, CustomStringConvertible {
    public let op: String
    public let message: String

    public init(op: String, message: String) {
        self.op = op
        self.message = message
    }

    public var description: String { "\(op): \(message)" }
}

/// Marks the errors of tensor operations.
public enum TensorOperation {}

/// An error from a tensor operation.
public typealias TensorError = OperationError<TensorOperation>

extension Array where Element == Int {
    /// `[100, 784]`: how shapes are written in every message.
    public var shapeDescription: String { "[" + map(String.init).joined(separator: ", ") + "]" }
}
