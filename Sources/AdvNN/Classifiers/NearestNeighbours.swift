import AdvTensor

/// k-nearest neighbours (Papernot, McDaniel & Goodfellow 2016's kNN): it keeps its training set
/// and classifies a row by the classes of the k training examples nearest to it in Euclidean
/// distance.
///
/// `probabilities` are the vote shares of the k neighbours (scikit-learn's uniform weights), so the
/// predicted class is the most common among them, ties to the lower class (as scikit-learn breaks
/// them); of training examples at equal distance, the earlier counts as nearer. Distances come
/// from one matrix product per block (`Tensor.squaredDistances`; see NearestNeighbours+Search.swift).
/// A vote is piecewise constant, so there is no input gradient (`lossAndInputGradient` throws);
/// adversarial examples for it come from `Attacks.nearestNeighbours`.
public final class NearestNeighbours: Classifier, CustomStringConvertible {
    public let name: String
    public let inputs: Int
    public let classes: Int
    /// How many neighbours vote.
    public let k: Int
    /// The training examples [m, inputs] and their classes: the whole of the model.
    public let examples: Tensor
    public let labels: [Int]
    /// Each training example's squared norm, for the distances.
    let squaredNorms: [Float]
    /// Where the training set came from (its name and size), for the printed summary and files.
    public var trainingLog: [String] = []
    /// A fingerprint of the training data (e.g. `MNIST.checksum`), recorded by whoever builds it.
    public var dataChecksum: String?

    /// A k-NN classifier of `examples` [m, d] with `labels` in 0..<classes; k from 1 to m.
    public init(examples: Tensor, labels: [Int], classes: Int, k: Int) throws {
        guard examples.rank == 2, examples.shape[0] >= 1, examples.shape[1] >= 1 else {
            throw AttackError(
                op: "knn", message: "training examples \(examples.shape.shapeDescription): want [m, d] with m, d >= 1")
        }
        guard labels.count == examples.shape[0] else {
            throw AttackError(
                op: "knn", message: "training examples \(examples.shape.shapeDescription) but \(labels.count) labels")
        }
        guard classes >= 2 else { throw AttackError(op: "knn", message: "classes must be at least 2, got \(classes)") }
        if let bad = labels.firstIndex(where: { !(0..<classes).contains($0) }) {
            throw AttackError(
                op: "knn", message: "label \(labels[bad]) at index \(bad) is outside 0..<\(classes)")
        }
        guard (1...examples.shape[0]).contains(k) else {
            throw AttackError(
                op: "knn", message: "k must be from 1 to the \(examples.shape[0]) training examples, got \(k)")
        }
        self.examples = examples
        self.labels = labels
        self.classes = classes
        self.k = k
        inputs = examples.shape[1]
        name = "\(k)-NN"
        squaredNorms = try examples.rowSquaredNorms()
    }

    /// The vote shares of each row's k nearest training examples, [n, classes].
    public func probabilities(_ x: Tensor) throws -> Tensor {
        let neighbours = try nearest(x, count: k)
        let n = neighbours.count / k
        var p = [Float](repeating: 0, count: n * classes)
        for r in 0..<n {
            for j in 0..<k { p[r * classes + labels[neighbours[r * k + j]]] += 1 / Float(k) }
        }
        return try Tensor(shape: [n, classes], scalars: p)
    }

    /// The logs of `probabilities` (see `logitsOfProbabilities`).
    public func logits(_ x: Tensor) throws -> Tensor { try logitsOfProbabilities(x) }

    /// Throws: a vote of neighbours is piecewise constant, with no input gradient.
    public func lossAndInputGradient(_ x: Tensor, labels: [Int]) throws -> (losses: [Float], gradient: Tensor) {
        throw AttackError(
            op: "input gradient",
            message: "\(name) is a k-nearest-neighbour vote: piecewise constant, it has no input gradient")
    }

    public var description: String {
        "k-nearest neighbours \(name): \(inputs) inputs, \(classes) classes, k = \(k), "
            + "\(examples.shape[0]) training examples kept"
    }
}
