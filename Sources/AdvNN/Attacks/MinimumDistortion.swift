import AdvOptimization
import AdvTensor

/// Settings of Szegedy et al. 2014's minimum-distortion attack (`Attacks.minimumDistortion`).
///
/// The paper leaves these unstated; ours, and why:
/// - The penalty is c |r|_2^2 (L2 squared), not c |r|_2: it is smooth at r = 0, where every search
///   starts, so L-BFGS's curvature pairs stay meaningful; both penalties trace the same family of
///   minimisers as c varies (each minimiser of one is a minimiser of the other for some c).
/// - c starts at `initialC` and is divided by `divisor` each round until the minimiser is classified
///   as the target (if `initialC` already succeeds, c is multiplied by `divisor` until it fails, so
///   the search always brackets the boundary); then `bisectionSteps` geometric bisections between the last failing (larger) c
///   and the succeeding one look for a larger c that still succeeds. The smallest-distortion success
///   seen is kept.
public struct MinimumDistortionSettings: Sendable {
    /// The first, largest penalty weight c.
    public var initialC: Float
    /// The factor c is divided by after each round without success (> 1).
    public var divisor: Float
    /// The largest number of rounds of division (or growth) before the bisection; an example with
    /// no success by then is reported as a failure.
    public var maxRounds: Int
    /// The number of bisections of c after the first success.
    public var bisectionSteps: Int
    /// How the target label is chosen.
    public var target: TargetChoice
    /// The optimiser of each round; every example is its own problem in one batch.
    public var optimizer: BoxLBFGS

    public init(
        initialC: Float = 10, divisor: Float = 4, maxRounds: Int = 8, bisectionSteps: Int = 3,
        target: TargetChoice = .mostLikelyWrong,
        optimizer: BoxLBFGS = BoxLBFGS(maxIterations: 200, projectedGradientTolerance: 1e-4)
    ) {
        self.initialC = initialC
        self.divisor = divisor
        self.maxRounds = maxRounds
        self.bisectionSteps = bisectionSteps
        self.target = target
        self.optimizer = optimizer
    }

    /// How the target label l of each example is chosen (the paper does not say).
    public enum TargetChoice: Sendable, Equatable {
        /// The class other than the true one to which the model gives the highest probability on
        /// the clean example: the easiest target, so the distortion found is closest to the
        /// minimum over all targets. (The default.)
        case mostLikelyWrong
        /// (y + 1) mod classes.
        case next
        /// A wrong class drawn uniformly with a generator seeded by `seed`.
        case random(seed: UInt64)
        /// Explicit targets, one per example.
        case given([Int])
    }
}

/// The outcome of the minimum-distortion attack, per example (rows in the input order).
public struct MinimumDistortionResult: Sendable, Equatable {
    /// The adversarial examples, [n, d]; where no c succeeded, the best minimiser found (see
    /// `succeeded`), so every row is still a valid image.
    public var examples: Tensor
    /// The target label of each example, [n].
    public var targets: [Int]
    /// Whether the kept example is classified as its target, [n].
    public var succeeded: [Bool]
    /// The c of the kept example, [n] (the last c tried where none succeeded; +inf where the clean
    /// example is already classified as its target, its distortion then 0).
    public var c: [Float]
    /// The distortion sqrt(|r|^2 / d) of each kept example, [n]. Both `c` and the distortion are NaN
    /// for a row whose search was stopped (`shouldStop`) before its first round.
    public var distortions: [Float]

    /// The indices of the examples for which no c gave the target.
    public var failures: [Int] { succeeded.indices.filter { !succeeded[$0] } }
    /// The mean distortion over the successful examples (Szegedy's "av. min. distortion"); NaN if none.
    public var averageDistortion: Float {
        let kept = succeeded.indices.filter { succeeded[$0] }.map { Double(distortions[$0]) }
        return kept.isEmpty ? .nan : Float(kept.reduce(0, +) / Double(kept.count))
    }
}
