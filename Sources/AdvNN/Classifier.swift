import AdvTensor

/// What attacks and metrics need of a trained model, always in evaluation mode (no dropout).
///
/// Batches are rows: `x` is [n, inputs] with pixels in [0, 1]; `labels` are class indices.
/// Models (softmax regression, logistic regression, sigmoid/ReLU nets, maxout, RBF, autoencoder +
/// softmax) conform; so can a tiny hand-written model in a test.
public protocol Classifier: AnyObject {
    /// The number of input features (784 for MNIST).
    var inputs: Int { get }
    /// The number of classes (10 for MNIST, 2 for 3-vs-7 logistic regression).
    var classes: Int { get }
    /// A short name for tables: "maxout(240)", "FC100-100-10".
    var name: String { get }

    /// Class probabilities, [n, classes], in evaluation mode.
    func probabilities(_ x: Tensor) throws -> Tensor

    /// Pre-softmax scores, [n, classes], in evaluation mode (Goodfellow Fig. 4 plots these).
    func logits(_ x: Tensor) throws -> Tensor

    /// Each example's training loss (cross-entropy, without weight decay), [n], and the gradient of
    /// their sum with respect to `x`, [n, inputs]: row i is the gradient of example i's own loss.
    func lossAndInputGradient(_ x: Tensor, labels: [Int]) throws -> (losses: [Float], gradient: Tensor)
}

extension Classifier {
    /// `log p` of `probabilities`, a share of 0 read as the smallest normal Float32 (log -87.3):
    /// the logits of a classifier that has only probabilities (a vote, a tree's leaf shares),
    /// whose softmax gives the probabilities back.
    func logitsOfProbabilities(_ x: Tensor) throws -> Tensor {
        try probabilities(x).clipped(min: Float.leastNormalMagnitude, max: 1).log()
    }
}
