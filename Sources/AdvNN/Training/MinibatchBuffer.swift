import AdvData
import AdvTensor

/// Copies minibatches of rows out of an example set into storage reused from batch to batch.
///
/// `batch(_:)` hands out a tensor sharing the storage; once the caller has dropped it (the step's
/// tape is gone) the next fill writes in place, so a training epoch allocates no images.
struct MinibatchBuffer {
    private let examples: ExampleSet
    private let width: Int
    private var storage: [Float] = []
    private(set) var labels: [Int] = []

    init(_ examples: ExampleSet) {
        self.examples = examples
        self.width = examples.featureCount
    }

    /// The rows `order[range]` of the set as images [rows, width] and their labels.
    mutating func batch(_ order: ArraySlice<Int>) throws -> (images: Tensor, labels: [Int]) {
        let rows = order.count
        if storage.count != rows * width { storage = [Float](repeating: 0, count: rows * width) }
        labels.removeAll(keepingCapacity: true)
        let width = width
        let indices = order.startIndex
        examples.images.scalars.withUnsafeBufferPointer { source in
            storage.withUnsafeMutableBufferPointer { target in
                // Rows scattered over the whole set each miss the cache: two cores keep twice the
                // misses in flight.
                Parallel.rows(rows, width: width) { block in
                    for r in block {
                        let from = source.baseAddress.map { $0 + order[indices + r] * width }
                        if let from, let to = target.baseAddress.map({ $0 + r * width }) {
                            to.update(from: from, count: width)
                        }
                    }
                }
            }
        }
        for index in order { labels.append(examples.labels[index]) }
        return (try Tensor(shape: [rows, width], scalars: storage), labels)
    }
}
