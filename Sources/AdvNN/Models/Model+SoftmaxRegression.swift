import AdvTensor

extension Model {
    /// Softmax regression: one linear layer and a softmax (Szegedy's FC10(lambda), Goodfellow's
    /// shallow softmax). `l2` is lambda, the coefficient of `||W||^2` added to the mean loss.
    ///
    /// Shapes: x [n, inputs] -> logits [n, classes]. Weights start uniform in +-0.01, bias 0.
    public static func softmaxRegression(inputs: Int = 784, classes: Int = 10, l2: Float = 0, seed: UInt64 = 0) -> Model
    {
        Model(
            name: "FC\(classes)(\(l2))", inputs: inputs, classes: classes,
            layers: [Layer(.linear(inputs: inputs, outputs: classes), l2: l2)], seed: seed
        ) { _, _, shape, generator in
            shape.count == 2 ? uniform(shape, low: -0.01, high: 0.01, using: &generator) : Tensor.zeros(shape)
        }
    }
}
