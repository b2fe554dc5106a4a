import AdvData
import AdvLang
import AdvNN
import AdvSyntax
import AdvTensor
import Foundation

/// `train [MODEL] on SET clause*`: SGD training with the papers' objectives, progress on a
/// terminal, Ctrl-C keeping the best weights; and its inner loop as values, `trainer(...)` and
/// `step(t, batch)`, for training loops written in adv.
extension BuiltinLibrary {
    func registerTraining(_ data: LoadedData) {
        registerStepping(data)
        registerClauseWords(Array(TrainClauses.words))
        register(
            "train", "train on set epochs 5\ntrain net on set epochs 5 lr 0.1 adversarial eps 0.25 alpha 0.5",
            """
            Trains MODEL (default: the current model) on SET in place (a GAN pair from gan(g, d): see gan). Clauses: epochs N, batch N, \
            lr R, decay D (lr / D^t), momentum M [M_END], ramp EPOCHS, l1 X.., l2 X.. (one or per \
            layer), maxnorm X, dropout true|false, last_layer (train only the last weighted layer), seed N, validate SET ["adversarial"], patience N, \
            adversarial eps E alpha A (Goodfellow eq. 6), clip false (adversarial or noise training \
            on examples not clipped to [0, 1], as the paper's formula), adversarial pgd eps E steps N step S \
            random_start true|false alpha A (Madry et al.'s PGD training: eq. 6 with PGD's examples, made \
            in every step in training mode, defaults 40 steps of .01 from a random start; alpha 0 is \
            their min-max), noise sign|uniform eps E, \
            vat [eps E] [xi X] [power N] [lambda L] [unlabelled SET [B]] (Miyato et al.'s virtual \
            adversarial training: the loss plus L times the KL divergence between the model's \
            predictions at an input and at the input moved by the L2 step of length E (default 2) \
            that changes them most, found by N (1) power iterations with finite differences of size \
            X (1e-6); on B (the batch) examples of the unlabelled SET per step, labels ignored, else \
            on the minibatch itself), quiet, verbose, \
            checkpoint "NAME" (the run's state saved in the output folder after every epoch; run again, \
            it resumes there and ends with the numbers of a run never stopped), cache (the same in \
            ~/.cache/adv/models or $ADV_CACHE/models, named by a hash of the model, options and data: \
            training done once is not done again, in any script). \
            Progress per epoch on a terminal; Ctrl-C stops after the current minibatch, keeps the best \
            weights (on the validation set; else the last) and is reported at the train. The record of \
            the run (epochs, best_epoch, train_error, validation_error, loss, seconds, interrupted, \
            stopped_early, curves: {loss, train_error, validation_error} per epoch) is MODEL.training. \
            A decision tree is grown on SET by CART in one pass, with no clauses (its limits are \
            decision_tree's); its record is {nodes, leaves, depth, train_error, seconds}.
            """
        ) { args, session in
            try args.check(2...2)
            if case .object(let o) = try args.value(0, "model"), let pair = o as? GANValue {
                return try trainGAN(pair, args, session, data)
            }
            let target = try args.model(0, "model")
            let set = try args.examples(1, "set")
            guard set.featureCount == target.classifier.inputs else {
                throw RuntimeError(
                    "train: \(set.name) \(set.images.shape.shapeDescription) does not fit model \(target.classifier.name) with \(target.classifier.inputs) inputs"
                )
            }
            if let tree = target.classifier as? DecisionTree {
                let checksum = set.name.hasPrefix("mnist") ? data.mnist?.checksum : nil
                return try grow(tree, target, on: set, args, dataChecksum: checksum)
            }
            guard let network = target.network else {
                let why =
                    target.classifier is NearestNeighbours
                    ? "keeps the training set it was made with, knn(set, k: n): there is nothing to train"
                    : "is trained member by member"
                throw RuntimeError("train: \(target.kindPhrase), \(why)")
            }
            var clauses = try TrainClauses(args.clauses)
            clauses.options.seed = session.scriptSeed(clauses.options.seed)
            if set.name.hasPrefix("mnist"), let mnist = data.mnist { network.dataChecksum = mnist.checksum }
            // NOTE: the session's progress sink is set only on a terminal, so a pipe stays quiet.
            let sink: ((String) -> Void)? = clauses.quiet ? nil : clauses.verbose ? session.output : session.progress
            let report: ((String, EpochReport) -> Void)? = sink.map { sink in
                { stage, r in sink(r.progressLine(stage)) }
            }
            let started = Date()
            let results: [TrainingResult]
            // A denoising autoencoder trains its reconstruction only: one run, which the cache keeps.
            if network.decoder.isEmpty || clauses.options.objective.reconstructs {
                let checkpoint: CheckpointLocation? =
                    try clauses.checkpoint.map { .file(try session.outputPath($0)) }
                    ?? (clauses.cache ? .defaultCache : nil)
                results = [
                    try train(
                        network, on: set, options: clauses.options, checkpoint: checkpoint,
                        progress: { report?("", $0) }, shouldStop: { session.isInterrupted })
                ]
            } else {
                if clauses.checkpoint != nil || clauses.cache {
                    throw RuntimeError(
                        "train: checkpoint and cache are for one training run; an autoencoder's stages are three (train without them)"
                    )
                }
                results = try trainAutoencoder(
                    network, on: set, pretraining: clauses.options, softmax: clauses.options,
                    fineTuning: clauses.options,
                    progress: { report?($0 + " ", $1) }, shouldStop: { session.isInterrupted })
            }
            let record = Value.trainingRecord(results, seconds: Date().timeIntervalSince(started))
            target.lastTraining = record
            if let interruption = TrainingInterrupted(results, autoencoder: !network.decoder.isEmpty) {
                throw interruption
            }
            return record
        }
    }
}

/// `train TREE on SET`: CART grows the tree in one pass; epochs, lr and the other clauses are
/// SGD's and do not apply. Returns the record {nodes, leaves, depth, train_error, seconds}.
private func grow(
    _ tree: DecisionTree, _ target: ModelValue, on set: ExampleSet, _ args: Arguments, dataChecksum: String?
) throws -> Value {
    if let clause = args.clauses.first {
        throw RuntimeError(
            "train: \(clause.word) does not apply to \(target.kindPhrase): CART grows it in one pass, "
                + "within the limits of decision_tree(depth: d, min_leaf: n, min_split: n)")
    }
    let started = Date()
    try tree.fit(set.images, labels: set.labels)
    let seconds = Date().timeIntervalSince(started)
    let error = try Metrics.evaluate(tree, set).error
    tree.dataChecksum = dataChecksum
    tree.trainingLog.append(
        "fitted by CART (gini) on \(set.name), \(set.count) examples: \(tree.nodes.count) nodes, "
            + "\(tree.leafCount) leaves, depth \(tree.depth), training error \(percent(Double(error)))")
    let record = Value.record(
        Record([
            ("nodes", .number(Double(tree.nodes.count))), ("leaves", .number(Double(tree.leafCount))),
            ("depth", .number(Double(tree.depth))), ("train_error", .number(Double(error))),
            ("seconds", .number((seconds * 10).rounded() / 10)),
        ]))
    target.lastTraining = record
    return record
}

/// Ctrl-C stopped a `train`: reported at the train statement (catalog id run.interrupted, see
/// ErrorCatalog.swift) with what the model kept, e.g. "train: interrupted in epoch 4; best
/// weights, from epoch 3, kept". The run's record is MODEL.training all the same.
struct TrainingInterrupted: Error, CustomStringConvertible {
    let description: String

    /// A run of its own kind (a GAN's), told in `description`.
    init(_ description: String) { self.description = description }

    /// Nil when no run of `results` was interrupted. An autoencoder's results are its stages'
    /// (`autoencoderStages`), up to the interrupted one.
    init?(_ results: [TrainingResult], autoencoder: Bool) {
        guard let last = results.last, let interruption = last.interruption else { return nil }
        guard autoencoder, results.count <= autoencoderStages.count else {
            description = "train: \(interruption)"
            return
        }
        let stage = autoencoderStages[results.count - 1]
        let skipped = autoencoderStages.dropFirst(results.count)
        description =
            "train: \(stage) stage \(interruption)"
            + (skipped.isEmpty ? "" : "; \(skipped.joined(separator: " and ")) not run")
    }
}

extension BuiltinLibrary {
    /// `trainer(model, ...)` and `step(t, batch)`: one `AdvNN.Trainer` per loop, so momentum, the
    /// dropout generator and the learning-rate schedule carry from step to step.
    private func registerStepping(_ data: LoadedData) {
        register(
            "trainer",
            "trainer(net, lr: 0.1, decay: 1.000004, momentum: 0.5, l1: x, l2: x, maxnorm: x, "
                + "dropout: true, seed: 1, adversarial: true, eps: 0.25, alpha: 0.5, clip: true, noise: \"sign\", "
                + "adversarial: \"pgd\", steps: 40, step: 0.01, random_start: true)",
            """
            A training run kept open between minibatches, for loops written in adv: \
            t = trainer(net, lr: 0.1, momentum: 0.5) then step(t, set[0:100]), step(t, set[100:200]), ... \
            The options are train's clauses as named arguments (adversarial: true, adversarial: "pgd" \
            and noise: "sign" or "uniform" pick the objective; l1/l2 take one number or a list, one per layer); epochs, batch, \
            ramp, validate and patience belong to the loop. Members: .model, .steps, .lr, .loss and \
            .errors (of the last step).
            """
        ) { args, session in
            try args.check(1...1, labels: TrainClauses.stepWords.union(TrainClauses.runWords))
            let target = try args.model(0, "model")
            guard let network = target.network else { throw target.notANetwork("trainer") }
            var clauses = try TrainClauses(stepArguments: args.named)
            clauses.options.seed = session.scriptSeed(clauses.options.seed)
            do {
                return .object(TrainerValue(try Trainer(network, options: clauses.options), model: target))
            } catch let error as TensorError where error.op == "train" {
                // The options are train's, checked by AdvNN under train's name; here they are ours.
                throw RuntimeError("trainer: \(error.message)")
            }
        }
        register(
            "step", "step(trainer, batch, momentum: m)",
            """
            One training step of `trainer` on the example set `batch` (e.g. mnist.train[0:100]): the \
            objective's value and gradients on the minibatch, then one SGD update of the model in place. \
            Returns the minibatch's objective (before the update, without weight decay). momentum: m \
            overrides the trainer's for this step.
            """
        ) { args, session in
            try args.check(2...2, labels: ["momentum"])
            let t = try args.object(0, "trainer", as: TrainerValue.self, what: "a trainer")
            let batch = try args.examples(1, "batch")
            let model = t.trainer.model
            guard batch.featureCount == model.inputs else {
                throw RuntimeError(
                    "step: \(batch.name) \(batch.images.shape.shapeDescription) does not fit model \(model.name) "
                        + "with \(model.inputs) inputs")
            }
            let momentum = try args.namedNumber("momentum")
            if let momentum, !(0...1).contains(momentum) {
                throw RuntimeError("step: momentum must be a number in [0, 1], got \(formatNumber(momentum))")
            }
            if t.trainer.updates == 0 {
                let settings = t.trainer.options.summary.components(separatedBy: ", ")
                    .filter { !$0.hasPrefix("epochs ") && !$0.hasPrefix("batch ") }
                model.trainingLog.append("trained by steps (trainer): \(settings.joined(separator: ", "))")
            }
            if batch.name.hasPrefix("mnist"), let mnist = data.mnist { model.dataChecksum = mnist.checksum }
            let result = try t.trainer.step(batch.images, labels: batch.labels, momentum: momentum.map(Float.init))
            t.last = result
            return .number(Double(result.loss))
        }
    }
}

extension EpochReport {
    /// One progress line: `epoch 3/20  loss 0.1234  train 4.50%  valid 3.20%  5120 ex/s  ~41 s left`.
    func progressLine(_ stage: String) -> String {
        var line =
            "\(stage)epoch \(epoch)/\(epochs)  loss \(formatNumber(Double(loss)))  train \(percent(Double(trainError)))"
        if let validationError { line += "  valid \(percent(Double(validationError)))" }
        line += "  \(Int(examplesPerSecond)) ex/s  ~\(Int((seconds * Double(epochs - epoch)).rounded())) s left"
        return line
    }
}

extension Value {
    /// The last stage's training curves, one value per epoch, for `plot`: a record {loss,
    /// train_error, validation_error} of tensors [epochs] (validation_error NaN without validation).
    private static func curves(_ epochs: [EpochReport]) -> Value {
        .record(
            Record([
                ("loss", .vector(epochs.map(\.loss))), ("train_error", .vector(epochs.map(\.trainError))),
                ("validation_error", .vector(epochs.map { $0.validationError ?? .nan })),
            ]))
    }

    /// The record `train` returns: epochs run (all stages), best epoch and final errors of the last
    /// stage, wall-clock seconds, whether Ctrl-C or patience ended it, and the curves.
    static func trainingRecord(_ results: [TrainingResult], seconds: Double) -> Value {
        let last = results.last
        let final = last?.epochs.last
        return .record(
            Record([
                ("epochs", .number(Double(results.reduce(0) { $0 + $1.epochs.count }))),
                ("best_epoch", .number(Double(last?.bestEpoch ?? 0))),
                ("train_error", final.map { .number(Double($0.trainError)) } ?? .none),
                ("validation_error", last?.bestValidationError.map { .number(Double($0)) } ?? .none),
                ("loss", final.map { .number(Double($0.loss)) } ?? .none),
                ("seconds", .number((seconds * 10).rounded() / 10)),
                ("interrupted", .bool(results.contains { $0.interrupted })),
                ("stopped_early", .bool(last?.stoppedEarly ?? false)),
                ("curves", curves(last?.epochs ?? [])),
            ]))
    }
}

/// `x` as a percentage with one decimal: 0.1234 -> "12.3%".
func percent(_ x: Double) -> String {
    x.isNaN ? "nan" : String(format: "%.1f%%", x * 100)
}
