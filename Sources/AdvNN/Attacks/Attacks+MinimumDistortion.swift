import AdvOptimization
import AdvTensor

extension Attacks {
    /// Szegedy et al. 2014's minimum-distortion adversarial examples (section 4.1): for each example
    /// x with target label l, minimise
    ///     c |x' - x|_2^2 + loss(x', l)   subject to x' in [0, 1]^d
    /// with box-constrained L-BFGS, searching c per example for the largest c whose minimiser is
    /// classified as l (see `MinimumDistortionSettings` for the search and the choices the paper
    /// leaves open). Examples run in chunks of `chunkSize`; within a chunk every example is its own
    /// problem in one batched `BoxLBFGS` run per round, and each evaluation is one
    /// `lossAndInputGradient` call over the rows still active.
    ///
    /// - Parameters: `x` [n, model.inputs] with pixels in [0, 1]; `labels` the n true classes.
    /// - Returns: per example, the kept adversarial example, its target, c, distortion, success.
    public static func minimumDistortion(
        _ model: any Classifier, _ x: Tensor, labels: [Int],
        settings: MinimumDistortionSettings = MinimumDistortionSettings(),
        chunkSize: Int = Attacks.defaultChunkSize, shouldStop: () -> Bool = { false }
    ) throws -> MinimumDistortionResult {
        let op = "minimum distortion"
        try Batch.validate(op, model, x, labels: labels)
        guard model.classes >= 2 else {
            throw AttackError(op: op, message: "\(model.name) has \(model.classes) class; a target needs 2")
        }
        guard settings.divisor > 1, settings.initialC > 0, settings.maxRounds >= 1, settings.bisectionSteps >= 0 else {
            throw AttackError(
                op: op,
                message:
                    "c starts at \(settings.initialC) (> 0), divisor \(settings.divisor) (> 1), rounds \(settings.maxRounds) (>= 1), bisections \(settings.bisectionSteps) (>= 0)"
            )
        }
        let targets = try chooseTargets(op, model, x, labels: labels, choice: settings.target, chunkSize: chunkSize)
        try Batch.validate(op, model, x, labels: targets)
        var result = MinimumDistortionResult(
            examples: x, targets: targets, succeeded: [], c: [], distortions: [])
        let examples = try Batch.mapChunks(op, x, labels: targets, chunkSize: chunkSize) { chunk, chunkTargets, _ in
            var search = CSearch(chunk: chunk, targets: chunkTargets, settings: settings)
            try search.run(model, shouldStop: shouldStop)
            result.succeeded += search.succeeded
            result.c += search.keptC
            result.distortions += search.keptDistortion
            return try Tensor(shape: chunk.shape, scalars: search.kept)
        }
        result.examples = examples
        return result
    }

    /// The target label of every example, by `choice`; never the true label.
    static func chooseTargets(
        _ op: String, _ model: any Classifier, _ x: Tensor, labels: [Int],
        choice: MinimumDistortionSettings.TargetChoice, chunkSize: Int
    ) throws -> [Int] {
        let k = model.classes
        switch choice {
        case .next:
            return labels.map { ($0 + 1) % k }
        case .random(let seed):
            var generator = SeededGenerator(seed: seed)
            return labels.map { ($0 + 1 + generator.nextIndex(below: k - 1)) % k }
        case .given(let targets):
            guard targets.count == labels.count else {
                throw AttackError(op: op, message: "\(targets.count) targets for \(labels.count) examples")
            }
            if let i = targets.indices.first(where: { targets[$0] == labels[$0] }) {
                throw AttackError(op: op, message: "example \(i): target \(targets[i]) is its true label")
            }
            return targets
        case .mostLikelyWrong:
            var targets = [Int]()
            targets.reserveCapacity(labels.count)
            try Batch.forEachProbabilityChunk(op, model, x, chunkSize: chunkSize) { rows, p in
                for (row, label) in zip(0..<rows.count, labels[rows]) {
                    var best = label == 0 ? 1 : 0
                    for c in 0..<k where c != label && p.scalars[row * k + c] > p.scalars[row * k + best] { best = c }
                    targets.append(best)
                }
            }
            return targets
        }
    }
}
