import AdvTensor

extension Model {
    /// scikit-learn's `LinearSVC(C = 1)` on 60,000 examples as a weight decay: LinearSVC minimises
    /// `||W||^2 / 2 + C sum_i loss_i`, which is `n C` times `mean loss + ||W||^2 / (2 n C)`.
    public static let linearSVMDefaultL2: Float = 1 / (2 * 60_000)

    /// A linear support vector machine, one-vs-rest (Papernot, McDaniel & Goodfellow 2016's SVM):
    /// one binary SVM per class, scores `s = x W + b`, the class the highest score.
    ///
    /// Trained by `train` on the one-vs-rest squared hinge `sum_c max(0, 1 - t_c s_c)^2` (t_c = +1
    /// for the label, -1 otherwise; LinearSVC's default loss) plus `l2 ||W||^2` (the bias is not
    /// decayed, where liblinear decays its intercept feature too). The default l2 is LinearSVC's
    /// C = 1 for 60,000 examples (`linearSVMDefaultL2`); for n examples and a C, l2 = 1 / (2 n C).
    /// `probabilities` are the softmax of the scores (see `Model.probabilities`), and FGSM takes
    /// the sign of the hinge's input gradient; the paper's own SVM attack is `Attacks.linearSVM`.
    ///
    /// Named "SVM" with the default l2, else "SVM(l2)". Shapes: x [n, inputs] -> scores
    /// [n, classes]. Weights start uniform in +-0.01, bias 0.
    public static func linearSVM(
        inputs: Int = 784, classes: Int = 10, l2: Float = linearSVMDefaultL2, seed: UInt64 = 0
    ) -> Model {
        Model(
            name: l2 == linearSVMDefaultL2 ? "SVM" : "SVM(\(l2))", inputs: inputs, classes: classes,
            layers: [Layer(.linear(inputs: inputs, outputs: classes), l2: l2)], loss: .oneVsRestSquaredHinge,
            seed: seed
        ) { _, _, shape, generator in
            shape.count == 2 ? uniform(shape, low: -0.01, high: 0.01, using: &generator) : Tensor.zeros(shape)
        }
    }

    /// Whether this model is a linear classifier of one-vs-rest scores: exactly one linear layer
    /// from the inputs to the classes (the linear SVM, and softmax regression), whose weight
    /// column c is class c's hyperplane normal.
    public var isLinear: Bool {
        guard layers.count == 1, decoder.isEmpty, case .linear(let i, let o) = layers[0].kind else { return false }
        return i == inputs && o == classes
    }
}
