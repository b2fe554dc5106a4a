import AdvTensor

/// A reverse-mode autodiff tape: the record of one computation, and its backward pass.
///
/// Design (after micrograd/tinygrad): every operation on `Variable`s appends one `Node` holding a
/// closed `Primitive` (with whatever data its gradient needs), its inputs' values and node ids, and
/// its output value. Nodes are appended in evaluation order, so the array is already a topological
/// order: the backward pass walks it once from the output down to node 0, looks up each primitive's
/// vector-Jacobian product in the one table in Gradients.swift, and adds the results into one
/// preallocated gradient slot per node. Constants and operations inside `withoutGradient` record
/// nothing (their `Variable` has no node), so no work is spent on them going backward. A tape is
/// meant for one computation: make a fresh one per training step (see `valueWithGradient`).
public final class Tape {
    /// One recorded operation (or a leaf, whose `primitive` is nil).
    struct Node {
        let primitive: Primitive?
        /// The node ids of the inputs; nil for an input that needs no gradient (a constant).
        let inputIDs: [Int?]
        let inputs: [Tensor]
        let value: Tensor
    }

    private(set) var nodes: [Node] = []
    private var pausedDepth = 0

    public init() {}

    /// The number of recorded nodes (leaves and operations).
    public var count: Int { nodes.count }

    /// True unless inside `withoutGradient`.
    public var isRecording: Bool { pausedDepth == 0 }

    /// A leaf that wants a gradient (inside `withoutGradient`, a constant: nothing is recorded).
    public func variable(_ value: Tensor) -> Variable {
        guard isRecording else { return Variable(value: value, tape: self, node: nil) }
        nodes.append(Node(primitive: nil, inputIDs: [], inputs: [], value: value))
        return Variable(value: value, tape: self, node: nodes.count - 1)
    }

    /// A value that takes part in the computation but never gets a gradient; records nothing.
    public func constant(_ value: Tensor) -> Variable {
        Variable(value: value, tape: self, node: nil)
    }

    /// Runs `body` with recording off: operations inside compute values only.
    public func withoutGradient<Result>(_ body: () throws -> Result) rethrows -> Result {
        pausedDepth += 1
        defer { pausedDepth -= 1 }
        return try body()
    }

    /// Records `primitive` applied to `inputs` giving `value`, unless no input needs a gradient or
    /// recording is off; either way returns the output `Variable`.
    func record(_ primitive: Primitive, _ inputs: [Variable], value: Tensor) -> Variable {
        let ids = inputs.map(\.node)
        guard isRecording, ids.contains(where: { $0 != nil }) else {
            return Variable(value: value, tape: self, node: nil)
        }
        nodes.append(Node(primitive: primitive, inputIDs: ids, inputs: inputs.map(\.value), value: value))
        return Variable(value: value, tape: self, node: nodes.count - 1)
    }

    /// The gradient of the scalar `output` with respect to `input` (see `gradients(of:wrt:)`).
    public func gradient(of output: Variable, wrt input: Variable) throws -> Tensor {
        let gradients = try gradients(of: output, wrt: [input])
        return gradients.first ?? Tensor.zeros(input.value.shape)
    }

    /// The gradients of the scalar `output` with respect to each of `inputs`, in order.
    ///
    /// `output` must hold exactly one scalar. An input that `output` does not depend on (or that is a
    /// constant) gets zeros of its shape.
    public func gradients(of output: Variable, wrt inputs: [Variable]) throws -> [Tensor] {
        guard output.value.count == 1 else {
            throw TensorError(
                op: "gradient",
                message: "the output has shape \(output.value.shape.shapeDescription); want a single scalar")
        }
        guard output.tape === self, inputs.allSatisfy({ $0.tape === self }) else {
            throw TensorError(op: "gradient", message: "the output and inputs were recorded on different tapes")
        }
        guard let last = output.node else { return inputs.map { Tensor.zeros($0.value.shape) } }
        var wanted = [Bool](repeating: false, count: last + 1)
        for case let id? in inputs.map(\.node) where id <= last { wanted[id] = true }
        var slots = [Tensor?](repeating: nil, count: last + 1)
        slots[last] = Tensor(shape: output.value.shape, repeating: 1)
        for id in stride(from: last, through: 0, by: -1) {
            guard let outputGradient = slots[id], let primitive = nodes[id].primitive else { continue }
            let node = nodes[id]
            let inputGradients = try vectorJacobianProduct(
                primitive, inputs: node.inputs, output: node.value, outputGradient: outputGradient,
                needed: node.inputIDs.map { $0 != nil })
            for (inputID, gradient) in zip(node.inputIDs, inputGradients) {
                guard let inputID, let gradient else { continue }
                slots[inputID] = try slots[inputID].map { try accumulate($0, gradient) } ?? gradient
            }
            // Intermediate gradients are freed as soon as they are consumed.
            if !wanted[id] { slots[id] = nil }
        }
        return inputs.map { input in
            input.node.flatMap { $0 <= last ? slots[$0] : nil } ?? Tensor.zeros(input.value.shape)
        }
    }
}
