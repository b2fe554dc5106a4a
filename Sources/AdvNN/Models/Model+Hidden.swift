import AdvAutograd
import AdvTensor

extension Model {
    /// How many hidden layers the classifier path has: its nonlinear layers (sigmoid, ReLU,
    /// maxout), each of which ends one hidden representation.
    public var hiddenLayerCount: Int { layers.filter(\.isHiddenNonlinearity).count }

    /// The representation `x` [n, inputs] has after hidden layer `k` (1-based, in evaluation
    /// mode): the output of the model's k-th nonlinear layer, [n, units] (Szegedy's phi(x), whose
    /// units and random directions §3 compares).
    public func hiddenActivations(_ x: Tensor, layer k: Int) throws -> Tensor {
        try checkInput(x.shape)
        let count = hiddenLayerCount
        guard (1...max(count, 1)).contains(k), count > 0 else {
            throw TensorError(
                op: "activations",
                message: count == 0
                    ? "model \(name) has no hidden layer" : "model \(name) has hidden layers 1 to \(count), not \(k)")
        }
        let tape = Tape()
        let parameters = parameters.map(tape.constant)
        var unused = SeededGenerator(seed: seed)
        var y = tape.constant(x)
        var seen = 0
        for layer in layers {
            y = try layer.forward(y, parameters: parameters, mode: .evaluation, generator: &unused)
            if layer.isHiddenNonlinearity {
                seen += 1
                if seen == k { break }
            }
        }
        return y.value
    }
}

extension Layer {
    /// Whether this layer ends a hidden representation (a sigmoid, ReLU or maxout layer).
    var isHiddenNonlinearity: Bool {
        switch kind {
        case .sigmoid, .relu, .maxout: return true
        case .linear, .dropout, .rbf, .binaryLogits: return false
        }
    }
}
