import AdvData
import AdvTensor

/// Virtual adversarial training's unlabelled minibatches, one beside every labelled one.
///
/// Update t takes the positions `[t b, (t + 1) b)` of an endless sequence of passes over the
/// unlabelled set, each pass in its own permutation drawn from a generator seeded by the run's
/// seed and the pass number. The minibatch is a function of the seed and the update count
/// alone, so a run resumed from a checkpoint (which keeps the count) draws what an uninterrupted
/// one does, and the labelled minibatches' generator is not touched.
struct UnlabelledMinibatches {
    private let count: Int
    private let batchSize: Int
    private let seed: UInt64
    private var buffer: MinibatchBuffer
    private var pass = -1
    private var order: [Int] = []

    /// Nil when `options` have no unlabelled set; throws when it does not fit `model` or the
    /// objective is not virtual adversarial training (the only one that reads unlabelled inputs).
    init?(_ model: Model, options: TrainingOptions) throws {
        guard let set = options.unlabelled else { return nil }
        guard case .virtualAdversarial = options.objective else {
            throw TensorError(
                op: "train", message: "unlabelled examples are read only by vat (virtual adversarial training)")
        }
        let batchSize = options.unlabelledBatchSize ?? options.batchSize
        guard set.count > 0, set.featureCount == model.inputs, batchSize > 0 else {
            throw TensorError(
                op: "train",
                message:
                    "unlabelled \(set.name) \(set.images.shape.shapeDescription), batch \(batchSize), for model "
                    + "\(model.name) with \(model.inputs) inputs: want a non-empty [n, \(model.inputs)] set and a positive batch"
            )
        }
        (count, self.batchSize, seed, buffer) = (set.count, batchSize, options.seed, MinibatchBuffer(set))
    }

    /// The unlabelled inputs [b, inputs] of update `t` (counted from 0).
    mutating func batch(update t: Int) throws -> Tensor {
        var rows: [Int] = []
        rows.reserveCapacity(batchSize)
        for position in (t * batchSize)..<((t + 1) * batchSize) {
            if position / count != pass {
                pass = position / count
                // The pass number mixed into the seed through SplitMix64 (`SeededGenerator.init`).
                var generator = SeededGenerator(seed: seed ^ (0x5641_5400_0000_0000 &+ UInt64(pass)))
                order = generator.permutation(count)
            }
            rows.append(order[position % count])
        }
        return try buffer.batch(rows[...]).images
    }
}
