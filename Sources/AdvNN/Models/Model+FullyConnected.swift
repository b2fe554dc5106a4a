import AdvTensor

extension Model {
    /// A fully connected network (Szegedy's FC100-100-10, FC200-200-10, FC123-456-10): linear
    /// layers of `hidden` widths with `activation` after each, then a linear layer to `classes`
    /// logits and a softmax.
    ///
    /// `l2[k]` is the weight-decay coefficient of layer k's weights (one per linear layer,
    /// `hidden.count + 1`; shorter lists are padded with their last value). Weights start uniform
    /// in Glorot's range (x4 for sigmoid), biases 0.
    public static func fullyConnected(
        inputs: Int = 784, hidden: [Int] = [100, 100], classes: Int = 10, activation: Activation = .sigmoid,
        l2: [Float] = [1e-5, 1e-5, 1e-6], seed: UInt64 = 0
    ) -> Model {
        let widths = [inputs] + hidden + [classes]
        var layers: [Layer] = []
        for k in 0..<(widths.count - 1) {
            let decay = l2.isEmpty ? 0 : l2[Swift.min(k, l2.count - 1)]
            layers.append(Layer(.linear(inputs: widths[k], outputs: widths[k + 1]), l2: decay))
            if k < hidden.count { layers.append(Layer(activation == .sigmoid ? .sigmoid : .relu)) }
        }
        let name = "FC" + (hidden + [classes]).map(String.init).joined(separator: "-")
        return Model(name: name, inputs: inputs, classes: classes, layers: layers, seed: seed) {
            _, _, shape, generator in
            guard shape.count == 2 else { return Tensor.zeros(shape) }
            let limit = glorotLimit(fanIn: shape[0], fanOut: shape[1], activation: activation)
            return uniform(shape, low: -limit, high: limit, using: &generator)
        }
    }
}
