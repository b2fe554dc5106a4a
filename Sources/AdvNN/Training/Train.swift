import AdvData
import AdvTensor
import Foundation

/// Trains `model` on `set` by minibatch SGD with momentum (see `TrainingOptions`), in place.
///
/// Each epoch visits the set in a fresh permutation drawn from the options' seed; after every update
/// the weights are max-norm constrained. With a validation set, the error after each epoch decides
/// the best epoch, whose weights are restored at the end, and `patience` epochs without improvement
/// stop the run; with `stopAtValidationLoss` instead (the recipe's stage 2, retraining on all 60k),
/// the run ends once the validation loss reaches that value and keeps its final weights.
/// `progress` gets a report per epoch; `shouldStop` is polled after every minibatch and
/// ends the run (keeping the best weights so far) when it returns true.
///
/// With a `checkpoint` location the run's state is written there after every epoch, and a run that
/// finds its own checkpoint there continues from it (see `TrainingCheckpoint`): killed and started
/// again, it ends with the same numbers as a run never stopped; finished, it is not run again.
@discardableResult
public func train(
    _ model: Model, on set: ExampleSet, options: TrainingOptions, checkpoint: CheckpointLocation? = nil,
    progress: (EpochReport) -> Void = { _ in }, shouldStop: () -> Bool = { false }
) throws -> TrainingResult {
    guard set.count > 0, set.featureCount == model.inputs, options.batchSize > 0, options.epochs >= 0 else {
        throw TensorError(
            op: "train",
            message:
                "\(set.name) \(set.images.shape.shapeDescription) for model \(model.name) with \(model.inputs) "
                + "inputs, batch \(options.batchSize), \(options.epochs) epochs: want a non-empty "
                + "[n, \(model.inputs)] set and positive sizes"
        )
    }
    let trainer = try Trainer(model, options: options)
    var buffer = MinibatchBuffer(set)
    var reports: [EpochReport] = []
    var best: (epoch: Int, error: Float, parameters: [Tensor])?
    var interrupted = false
    var stoppedEarly = false
    var firstEpoch = 1
    let fingerprint = checkpoint.map { _ in TrainingCheckpoint.fingerprint(model, set: set, options: options) }
    let checkpoint = try fingerprint.flatMap { fingerprint in try checkpoint?.path(fingerprint: fingerprint) }
    if let checkpoint, let saved = try TrainingCheckpoint.read(checkpoint), saved.fingerprint == fingerprint {
        try model.setParameters(saved.parameters)
        try trainer.restore(velocities: saved.velocities, generator: saved.generator, updates: saved.updates)
        reports = saved.reports
        if let epoch = saved.bestEpoch, let error = saved.bestError { best = (epoch, error, saved.bestParameters) }
        stoppedEarly = saved.stoppedEarly
        firstEpoch = stoppedEarly ? options.epochs + 1 : saved.epoch + 1
    }

    for epoch in stride(from: firstEpoch, through: options.epochs, by: 1) {
        let started = Date()
        let momentum = options.momentum(atEpoch: epoch)
        var lossTotal = 0.0
        var errors = 0
        var seen = 0
        let order = trainer.permutation(set.count)
        for start in stride(from: 0, to: set.count, by: options.batchSize) {
            let (x, labels) = try buffer.batch(order[start..<Swift.min(start + options.batchSize, set.count)])
            let step = try trainer.step(x, labels: labels, momentum: momentum)
            lossTotal += Double(step.loss) * Double(labels.count)
            errors += step.errors
            seen += labels.count
            if shouldStop() {
                interrupted = true
                break
            }
        }
        let seconds = Date().timeIntervalSince(started)
        let attack = options.validationAttack
        let validation = try options.validation.map {
            try model.evaluate(on: $0, fgsmEps: attack?.eps, clip: attack?.clip ?? true)
        }
        let validationError = validation?.error
        reports.append(
            EpochReport(
                epoch: epoch, epochs: options.epochs,
                loss: Float(lossTotal / Double(Swift.max(seen, 1))) + trainer.penalty,
                trainError: Float(errors) / Float(Swift.max(seen, 1)), validationError: validationError,
                validationLoss: validation?.loss,
                examplesPerSecond: Double(seen) / Swift.max(seconds, 1e-9), seconds: seconds,
                learningRate: trainer.learningRate,
                momentum: momentum))
        if let report = reports.last { progress(report) }
        if let target = options.stopAtValidationLoss {
            if let loss = validation?.loss, loss <= target, !interrupted { stoppedEarly = true }
        } else {
            if let validationError, best.map({ validationError < $0.error }) ?? true {
                best = (epoch, validationError, model.parameters)
            }
            if let patience = options.patience, let best, epoch - best.epoch >= patience, !interrupted {
                stoppedEarly = true
            }
        }
        if interrupted { break }
        if let checkpoint, let fingerprint {
            let (velocities, generator, updates) = trainer.state
            try TrainingCheckpoint(
                fingerprint: fingerprint, epoch: epoch, updates: updates, generator: generator, reports: reports,
                bestEpoch: best?.epoch, bestError: best?.error, stoppedEarly: stoppedEarly,
                shapes: (model.parameters + velocities + (best?.parameters ?? [])).map(\.shape),
                parameters: model.parameters, velocities: velocities, bestParameters: best?.parameters ?? []
            ).write(to: checkpoint)
        }
        if stoppedEarly { break }
    }
    if let best { try model.setParameters(best.parameters) }
    let result = TrainingResult(
        epochs: reports, bestEpoch: best?.epoch ?? reports.count, bestValidationError: best?.error,
        interrupted: interrupted,
        stoppedEarly: stoppedEarly)
    model.trainingLog.append("trained on \(set.name) (\(set.count) examples): \(options.summary)")
    model.trainingLog.append(result.summary)
    return result
}

extension TrainingOptions {
    /// `learningRate / lrDecay^t`, floored at `minLearningRate`.
    func learningRate(afterUpdates t: Double) -> Float {
        Swift.max(Float(Double(learningRate) * Foundation.pow(lrDecay, -t)), minLearningRate)
    }

    /// Linear from `momentumStart` at epoch 1 to `momentumEnd` at `momentumRampEpochs`, then constant.
    func momentum(atEpoch epoch: Int) -> Float {
        guard momentumRampEpochs > 1 else { return momentumEnd }
        let progress = Float(Swift.min(Swift.max(epoch - 1, 0), momentumRampEpochs - 1)) / Float(momentumRampEpochs - 1)
        return momentumStart + (momentumEnd - momentumStart) * progress
    }

    /// The FGSM attack of the adversarial validation error, or nil for clean: the objective's eps
    /// (FGSM's or PGD's, else .25), clipped to [0, 1] unless the FGSM objective trains unclipped.
    var validationAttack: (eps: Float, clip: Bool)? {
        guard earlyStopOn == .adversarial else { return nil }
        if case .adversarial(let eps, _, let clip) = objective { return (eps, clip) }
        if case .pgd(let eps, _, _, _, _) = objective { return (eps, true) }
        return (0.25, true)
    }
}

extension TrainingResult {
    /// One line for the model's training log.
    public var summary: String {
        var words = ["\(epochs.count) epochs", "best epoch \(bestEpoch)"]
        if let bestValidationError { words.append("best validation error \(bestValidationError)") }
        if let last = epochs.last {
            words.append("final loss \(last.loss)")
            words.append("final train error \(last.trainError)")
        }
        if interrupted { words.append("interrupted") }
        if stoppedEarly { words.append("stopped early") }
        return words.joined(separator: ", ")
    }
}

extension Model {
    /// The indices of the parameters `options` trains: the classifier path's (default), only its last
    /// weighted layer's (`trainOnlyLastLayer`), or the encoder's and decoder's (`.reconstruction`).
    func trainableParameters(_ options: TrainingOptions) throws -> [Int] {
        if options.objective.reconstructs {
            guard !decoder.isEmpty else {
                throw TensorError(
                    op: "train",
                    message: "model \(name) has no decoder: the reconstruction objective is for autoencoders")
            }
            return (layers.prefix(encoderDepth) + decoder).flatMap { Array($0.parameterIndices) }
        }
        if options.trainOnlyLastLayer, let last = layers.last(where: { !$0.parameterIndices.isEmpty }) {
            return Array(last.parameterIndices)
        }
        return layers.flatMap { Array($0.parameterIndices) }
    }
}
