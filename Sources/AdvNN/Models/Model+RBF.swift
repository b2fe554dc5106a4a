import AdvTensor

extension Model {
    /// Goodfellow's shallow RBF network (2015 §7): one unit per class,
    /// `p(y = c | x) = exp(-sum_i beta_ci (x_i - mu_ci)^2)`, with `beta = gamma^2 >= 0`.
    ///
    /// Trained with one-vs-rest binary cross-entropy on the unnormalised p (see `meanLoss`), and its
    /// `probabilities` are those unnormalised p: the paper's confidence, low on inputs far from every
    /// centre. Centres mu start uniform in [0, 1) (the pixel range), gamma at 0.05 (beta 0.0025).
    public static func rbf(inputs: Int = 784, classes: Int = 10, seed: UInt64 = 0) -> Model {
        Model(
            name: "RBF\(classes)", inputs: inputs, classes: classes,
            layers: [Layer(.rbf(inputs: inputs, classes: classes))],
            loss: .rbfBinaryCrossEntropy, seed: seed
        ) { _, position, shape, generator in
            // Parameters in order: mu, then gamma.
            position == 0
                ? uniform(shape, low: 0, high: 1, using: &generator)
                : Tensor(shape: shape, repeating: 0.05)
        }
    }
}
