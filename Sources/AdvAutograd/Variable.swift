import AdvTensor

/// A tensor taking part in a computation recorded on a `Tape`.
///
/// Operations on variables mirror `Tensor`'s names (`try a + b`, `x.sigmoid()`, `try x.sum()`,
/// `try x.matmul(w)`) and record themselves on the tape so that `Tape.gradients(of:wrt:)` can run
/// them backward.
public struct Variable {
    /// The forward value.
    public let value: Tensor
    /// The tape the variable is recorded on (or, for a constant, belongs to).
    public let tape: Tape
    /// The node that produced this variable; nil when no gradient flows to it.
    let node: Int?

    /// The value's shape.
    public var shape: [Int] { value.shape }

    /// Whether a gradient can flow back through this variable.
    public var requiresGradient: Bool { node != nil }

    /// A constant on the same tape, for mixing plain tensors into an expression.
    func constant(_ tensor: Tensor) -> Variable { tape.constant(tensor) }

    /// Throws, naming `op`, unless all of `variables` are on one tape.
    static func sameTape(_ op: String, _ variables: [Variable]) throws {
        guard let first = variables.first else { return }
        guard variables.allSatisfy({ $0.tape === first.tape }) else {
            throw TensorError(op: op, message: "the operands were recorded on different tapes")
        }
    }
}
