import AdvTensor

/// Minibatches of an example set in a fixed order: `[size, features]` images and their labels,
/// the last batch smaller when `size` does not divide the count.
///
/// Iterating copies each batch's rows into one reusable buffer: when the caller lets go of the
/// previous batch's tensor before asking for the next, no memory is allocated per batch.
public struct Minibatches: Sequence, IteratorProtocol {
    public let examples: ExampleSet
    public let size: Int
    /// The order the examples are visited in (a permutation of 0..<count, or the identity).
    public let order: [Int]
    private var position = 0
    private var rows: [Float] = []
    private var batchLabels: [Int] = []

    init(examples: ExampleSet, size: Int, order: [Int]) {
        self.examples = examples
        self.size = size
        self.order = order
        rows.reserveCapacity(size * examples.featureCount)
        batchLabels.reserveCapacity(size)
    }

    /// The number of batches.
    public var count: Int { (order.count + size - 1) / size }

    public mutating func next() -> (images: Tensor, labels: [Int])? {
        guard position < order.count else { return nil }
        let end = Swift.min(position + size, order.count)
        let width = examples.featureCount
        rows.removeAll(keepingCapacity: true)
        batchLabels.removeAll(keepingCapacity: true)
        examples.images.scalars.withUnsafeBufferPointer { source in
            for index in order[position..<end] {
                rows.append(contentsOf: UnsafeBufferPointer(rebasing: source[index * width..<(index + 1) * width]))
                batchLabels.append(examples.labels[index])
            }
        }
        // NOTE: the shape agrees with `rows` by construction, so this cannot fail; returning nil
        // (ending the epoch) is the only non-crashing answer an iterator has.
        guard let images = try? Tensor(shape: [end - position, width], scalars: rows) else { return nil }
        position = end
        return (images, batchLabels)
    }
}

extension ExampleSet {
    /// Minibatches of `size` in the set's order.
    public func batches(size: Int) throws -> Minibatches {
        try batches(size: size, order: Array(0..<count))
    }

    /// Minibatches of `size` in a fresh random order drawn from `generator` (one epoch).
    public func batches(size: Int, shuffledWith generator: inout SeededGenerator) throws -> Minibatches {
        try batches(size: size, order: generator.permutation(count))
    }

    private func batches(size: Int, order: [Int]) throws -> Minibatches {
        try checkConsistent("batches")
        guard size > 0 else {
            throw DataError.invalidArgument(op: "batches", message: "batch size must be positive, got \(size)")
        }
        return Minibatches(examples: self, size: size, order: order)
    }
}
