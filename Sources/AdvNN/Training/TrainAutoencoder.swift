import AdvData

/// The stages of `trainAutoencoder`, in order, as its `progress` names them.
public let autoencoderStages = ["pretraining", "softmax", "fine-tuning"]

/// Szegedy's AE400-10 recipe in three runs of `train`: pretraining of the autoencoder by squared
/// reconstruction error, then the softmax on the frozen code, then fine-tuning of the whole
/// classifier path (encoder + softmax; the decoder is no longer used).
///
/// The `objective` and `trainOnlyLastLayer` of the three option sets are overridden to suit each
/// stage. Returns the three results in order; `shouldStop` ends the current stage and skips the rest.
@discardableResult
public func trainAutoencoder(
    _ model: Model, on set: ExampleSet, pretraining: TrainingOptions, softmax: TrainingOptions,
    fineTuning: TrainingOptions,
    progress: (String, EpochReport) -> Void = { _, _ in }, shouldStop: () -> Bool = { false }
) throws -> [TrainingResult] {
    var stages: [(String, TrainingOptions)] = []
    var options = pretraining
    options.objective = .reconstruction
    options.trainOnlyLastLayer = false
    options.validation = nil
    stages.append((autoencoderStages[0], options))
    options = softmax
    options.trainOnlyLastLayer = true
    stages.append((autoencoderStages[1], options))
    options = fineTuning
    options.trainOnlyLastLayer = false
    stages.append((autoencoderStages[2], options))
    var results: [TrainingResult] = []
    for (stage, options) in stages {
        let result = try train(
            model, on: set, options: options, progress: { progress(stage, $0) }, shouldStop: shouldStop)
        results.append(result)
        if result.interrupted { break }
    }
    return results
}
