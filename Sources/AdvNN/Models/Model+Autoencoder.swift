import AdvTensor

extension Model {
    /// Szegedy's AE400-10: a sigmoid autoencoder 784 -> `hidden` -> 784 and a softmax on its code.
    ///
    /// Classifier path: linear inputs -> hidden, sigmoid (the encoder, `encoderDepth` 2), linear
    /// hidden -> classes. Decoder: linear hidden -> inputs, sigmoid, trained with squared
    /// reconstruction error. Train with `trainAutoencoder` (pretraining, the softmax on the frozen
    /// code, then fine-tuning of the classifier path). `l2` applies to every weight matrix.
    public static func autoencoder(
        inputs: Int = 784, hidden: Int = 400, classes: Int = 10, l2: Float = 1e-6, seed: UInt64 = 0
    ) -> Model {
        Model(
            name: "AE\(hidden)-\(classes)", inputs: inputs, classes: classes,
            layers: [
                Layer(.linear(inputs: inputs, outputs: hidden), l2: l2), Layer(.sigmoid),
                Layer(.linear(inputs: hidden, outputs: classes), l2: l2),
            ],
            decoder: [Layer(.linear(inputs: hidden, outputs: inputs), l2: l2), Layer(.sigmoid)], encoderDepth: 2,
            seed: seed
        ) { _, _, shape, generator in
            guard shape.count == 2 else { return Tensor.zeros(shape) }
            let limit = glorotLimit(fanIn: shape[0], fanOut: shape[1], activation: .sigmoid)
            return uniform(shape, low: -limit, high: limit, using: &generator)
        }
    }
}
