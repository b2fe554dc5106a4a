import AdvTensor

extension Model {
    /// Binary logistic regression (Goodfellow §5, 3 vs 7 with labels 0/1): `p(y = 1 | x) =
    /// sigmoid(x w + b)`.
    ///
    /// It is a two-class classifier whose logits are `[0, z]` with `z = x w + b` [n, 1], so the
    /// softmax gives probabilities [n, 2] = `[1 - sigmoid(z), sigmoid(z)]` exactly and softmax
    /// cross-entropy equals the logistic loss `-log sigmoid(+-z)`.
    public static func logisticRegression(inputs: Int = 784, l2: Float = 0, seed: UInt64 = 0) -> Model {
        Model(
            name: "logistic", inputs: inputs, classes: 2,
            layers: [Layer(.linear(inputs: inputs, outputs: 1), l2: l2), Layer(.binaryLogits)], seed: seed
        ) { _, _, shape, generator in
            shape.count == 2 ? uniform(shape, low: -0.01, high: 0.01, using: &generator) : Tensor.zeros(shape)
        }
    }
}
