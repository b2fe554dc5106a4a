/// One epoch's numbers, as reported to the progress callback.
public struct EpochReport: Sendable, Equatable, Codable {
    /// 1-based.
    public var epoch: Int
    public var epochs: Int
    /// The mean training objective over the epoch's minibatches (weight decay included).
    public var loss: Float
    /// The fraction of training examples misclassified during the epoch (training mode, before
    /// each update; for `.reconstruction`, 0).
    public var trainError: Float
    /// The validation error after the epoch (clean or adversarial per `earlyStopOn`), if validating.
    public var validationError: Float?
    /// The mean loss (no weight decay) on the same validation examples.
    public var validationLoss: Float?
    public var examplesPerSecond: Double
    public var seconds: Double
    public var learningRate: Float
    public var momentum: Float
}

/// A whole run: every epoch's report and the epoch whose weights were kept.
public struct TrainingResult: Sendable, Equatable {
    public var epochs: [EpochReport]
    /// 1-based epoch with the best validation error (the last epoch when not validating).
    public var bestEpoch: Int
    public var bestValidationError: Float?
    /// True when `shouldStop` ended the run early.
    public var interrupted: Bool
    /// True when patience ran out or the validation loss reached `stopAtValidationLoss`.
    public var stoppedEarly: Bool
}

extension TrainingResult {
    /// What a run `shouldStop` ended left in the model, in words, as `train` (Train.swift) leaves
    /// it: with a validation set, the weights of the epoch with the best validation error, which
    /// may be the interrupted epoch itself (it is validated on what it had done); without one (or
    /// with `stopAtValidationLoss`), the weights of the last update. Nil when the run was not
    /// interrupted.
    ///
    ///     interrupted in epoch 4; best weights, from epoch 3, kept
    ///     interrupted in epoch 4; the weights at the interruption, best on validation, kept
    ///     interrupted in epoch 4; the weights at the interruption kept
    public var interruption: String? {
        guard interrupted, let epoch = epochs.last?.epoch else { return nil }
        let kept =
            bestValidationError == nil
            ? "the weights at the interruption kept"
            : bestEpoch == epoch
                ? "the weights at the interruption, best on validation, kept"
                : "best weights, from epoch \(bestEpoch), kept"
        return "interrupted in epoch \(epoch); \(kept)"
    }
}
