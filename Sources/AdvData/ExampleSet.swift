import AdvTensor

/// A labeled set of examples, one per row: `images` is `[count, features]` (784 for MNIST, pixels
/// in [0, 1]) and `labels[i]` is row i's class.
///
/// Subsets, splits and relabelings are in ExampleSet+Subsets.swift; minibatches in
/// ExampleSet+Batches.swift.
public struct ExampleSet: Sendable, Equatable {
    /// `[count, features]`, one example per row.
    public var images: Tensor
    /// One class per row.
    public var labels: [Int]
    /// What the set is, for messages and results tables, e.g. "mnist-test" or "mnist-train[0..<1000]".
    public var name: String

    /// A set from rows and labels; throws unless `images` is rank 2 with one row per label.
    public init(images: Tensor, labels: [Int], name: String) throws {
        guard images.rank == 2, images.shape[0] == labels.count else {
            throw DataError.invalidArgument(
                op: "ExampleSet",
                message: "\(name): images \(images.shape.shapeDescription) need rank 2 with one row per label (\(labels.count) labels)")
        }
        self.images = images
        self.labels = labels
        self.name = name
    }

    /// The number of examples.
    public var count: Int { labels.count }
    /// The number of features per example (784 for MNIST).
    public var featureCount: Int { images.rank == 2 ? images.shape[1] : 0 }

    /// Throws unless `images` still has one row per label (both are `var`, so a caller may have
    /// replaced one); every row-copying operation checks this first.
    func checkConsistent(_ op: String) throws {
        guard images.rank == 2, images.shape[0] == labels.count else {
            throw DataError.invalidArgument(
                op: op, message: "\(name): images \(images.shape.shapeDescription) do not have one row per label (\(labels.count) labels)")
        }
    }
}
