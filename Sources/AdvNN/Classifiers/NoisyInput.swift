import AdvTensor

/// Noise at test time, one of the lecture's failed defences: a classifier that adds Gaussian
/// noise N(0, sd^2) to its input and averages the wrapped classifier's probabilities over
/// `samples` draws.
///
/// The noise is fresh at every call (a generator seeded once, advancing from call to call), so the
/// defence is random: an evaluation does not see the draws the attack saw. A run is still
/// reproducible from the seed. The noisy input is not clipped to [0, 1], so the wrapper is as
/// differentiable as the wrapped classifier.
///
/// Its input gradient is expectation over transformation (Athalye, Carlini & Wagner 2018): the
/// gradient of `-log` of the mean probability of the true class over `samples` fresh draws, each
/// draw's gradient weighted by its share of that mean (`Ensemble.averaged`). It is random, a
/// Monte-Carlo estimate of the expected defence's gradient, which is what an attacker who knows
/// the defence but not its dice can compute.
///
/// `Gradient.oneDraw` is the naive attacker's gradient instead, for showing gradient masking
/// (Athalye et al.'s randomised defences): the wrapped classifier's gradient at a single fresh
/// noisy copy of x, the gradient of one call of the defence taken as if its noise were fixed.
public final class NoisyInput: Classifier, CustomStringConvertible {
    /// Which input gradient the attacks follow.
    public enum Gradient: String, CaseIterable, Sendable {
        /// Expectation over transformation over `samples` fresh draws (the honest attack).
        case expectation = "eot"
        /// The gradient through one fresh draw (the naive attack).
        case oneDraw = "one_draw"
    }

    public let wrapped: any Classifier
    public let sd: Float
    public let samples: Int
    public let seed: UInt64
    public let gradientMode: Gradient
    public let name: String
    public var inputs: Int { wrapped.inputs }
    public var classes: Int { wrapped.classes }
    private var generator: SeededGenerator

    public init(
        _ wrapped: any Classifier, sd: Float, samples: Int, seed: UInt64, gradient: Gradient = .expectation
    ) throws {
        guard sd.isFinite, sd >= 0, samples >= 1 else {
            throw AttackError(
                op: "noisy_input", message: "sd \(sd) must be finite and not negative, samples \(samples) at least 1")
        }
        self.wrapped = wrapped
        self.sd = sd
        self.samples = samples
        self.seed = seed
        gradientMode = gradient
        generator = SeededGenerator(seed: seed)
        let mode = gradient == .expectation ? "" : ", gradient \(gradient.rawValue)"
        name = "noisy_input(\(wrapped.name), sd \(sd), \(samples) samples\(mode))"
    }

    /// `x` plus one fresh draw of the noise.
    private func draw(_ x: Tensor) throws -> Tensor {
        try Batch.validate("noisy_input", self, x, labels: nil)
        return try x + Tensor.normal(x.shape, std: sd, using: &generator)
    }

    /// The wrapped classifier's probabilities averaged over `samples` noisy copies of `x`.
    public func probabilities(_ x: Tensor) throws -> Tensor {
        var total = try wrapped.probabilities(draw(x))
        for _ in 1..<samples { total = try total + wrapped.probabilities(draw(x)) }
        return total * (1 / Float(samples))
    }

    /// The logs of `probabilities` (see `logitsOfProbabilities`).
    public func logits(_ x: Tensor) throws -> Tensor { try logitsOfProbabilities(x) }

    /// `-log` of the mean probability of each true class over `samples` fresh draws, and its
    /// gradient (expectation over transformation); with `.oneDraw`, the wrapped classifier's loss
    /// and gradient at one fresh draw.
    public func lossAndInputGradient(_ x: Tensor, labels: [Int]) throws -> (losses: [Float], gradient: Tensor) {
        if gradientMode == .oneDraw { return try wrapped.lossAndInputGradient(draw(x), labels: labels) }
        let parts = try (0..<samples).map { _ in try wrapped.lossAndInputGradient(draw(x), labels: labels) }
        return try Ensemble.averaged(parts, shape: x.shape)
    }

    public var description: String {
        "test-time noise: N(0, \(sd)^2) added to the input of \(wrapped.name), probabilities averaged over "
            + "\(samples) draws (seed \(seed)); attacked through "
            + (gradientMode == .expectation ? "expectation over the noise" : "one noise draw")
            + "; \(inputs) inputs, \(classes) classes"
    }
}
