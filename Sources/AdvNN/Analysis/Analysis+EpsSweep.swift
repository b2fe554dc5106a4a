import AdvTensor

/// Error against eps along the FGSM direction for several models (each attacked white-box).
public struct ErrorSweep: Sendable, Equatable {
    /// The eps values, in the order given.
    public var epsilons: [Float]
    /// The model names, one per row.
    public var models: [String]
    /// errors[m][j]: model m's error on its own FGSM examples at epsilons[j].
    public var errors: [[Float]]
    /// Per model: whether its error falls (by more than the tolerance) somewhere as eps grows, a sign
    /// that the gradient's sign is not a good direction far from x (e.g. saturation, or an RBF).
    public var errorFallsAsEpsGrows: [Bool]

    /// One line per flagged model, e.g. "warning: RBF: error falls from 0.55 to 0.40 as eps grows
    /// from 0.25 to 0.3".
    public var warnings: [String]
}

extension Analysis {
    /// The logits of one example moved along its FGSM direction (Goodfellow et al. 2015, Fig. 4):
    /// row j holds logits(x + epsilons[j] * sign(grad_x J(theta, x, label))), [epsilons.count,
    /// classes]. The direction is fixed at x. Not clipped unless `clip` (the figure runs eps far
    /// beyond the pixel range, where the logits are linear in eps for a piecewise-linear model).
    ///
    /// - Parameters: `x` one example, [inputs] or [1, inputs]; `label` its true class.
    public static func logitsAlongFGSM(
        _ model: any Classifier, _ x: Tensor, label: Int, epsilons: [Float], clip: Bool = false
    ) throws -> Tensor {
        let op = "eps sweep"
        let row = try x.rank == 1 ? Tensor(shape: [1, x.count], scalars: x.scalars) : x
        guard row.rank == 2, row.shape[0] == 1 else {
            throw AttackError(op: op, message: "one example [\(model.inputs)] wanted, got \(x.shape.shapeDescription)")
        }
        try Batch.validate(op, model, row, labels: [label])
        let direction = try Batch.inputGradient(op, model, row, labels: [label]).gradient.sign()
        // [k, 1] * [1, d] + [1, d] -> [k, d]: row j is x + epsilons[j] * direction.
        let steps = try Tensor(shape: [epsilons.count, 1], scalars: epsilons)
        var batch = try row + steps * direction
        if clip { batch = batch.clipped(min: 0, max: 1) }
        let logits = try model.logits(batch)
        guard logits.shape == [epsilons.count, model.classes] else {
            throw AttackError(
                op: op,
                message:
                    "\(model.name) returned logits \(logits.shape.shapeDescription) for \(batch.shape.shapeDescription)"
            )
        }
        return logits
    }

    /// Each model's error on its own FGSM examples of (x, labels) at every eps, with a flag where
    /// error falls by more than `tolerance` between consecutive eps values of increasing size.
    /// Throws "interrupted" when `shouldStop` (polled before each attack) says so.
    public static func errorAgainstEps(
        _ models: [any Classifier], _ x: Tensor, labels: [Int], epsilons: [Float], clip: Bool = true,
        tolerance: Float = 0, chunkSize: Int = Attacks.defaultChunkSize, shouldStop: () -> Bool = { false }
    ) throws -> ErrorSweep {
        var sweep = ErrorSweep(
            epsilons: epsilons, models: models.map(\.name), errors: [], errorFallsAsEpsGrows: [], warnings: [])
        for model in models {
            let errors = try epsilons.map { eps in
                if shouldStop() { throw AttackError(op: "error against eps", message: "interrupted") }
                let adversarial = try Attacks.fgsm(model, x, labels: labels, eps: eps, clip: clip, chunkSize: chunkSize)
                return try Metrics.evaluate(model, adversarial, labels: labels, chunkSize: chunkSize).error
            }
            sweep.errors.append(errors)
            let fall = firstFall(epsilons: epsilons, errors: errors, tolerance: tolerance)
            if let (a, b) = fall {
                sweep.warnings.append(
                    "warning: \(model.name): error falls from \(errors[a]) to \(errors[b]) as eps grows from \(epsilons[a]) to \(epsilons[b])"
                )
            }
            sweep.errorFallsAsEpsGrows.append(fall != nil)
        }
        return sweep
    }

    /// The first pair of indices (a, b) with epsilons[a] < epsilons[b] but errors[b] < errors[a] -
    /// tolerance, or nil when error never falls as eps grows.
    static func firstFall(epsilons: [Float], errors: [Float], tolerance: Float) -> (Int, Int)? {
        for a in epsilons.indices {
            for b in epsilons.indices where epsilons[b] > epsilons[a] && errors[b] < errors[a] - tolerance {
                return (a, b)
            }
        }
        return nil
    }
}
