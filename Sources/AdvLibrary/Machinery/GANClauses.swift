import AdvLang
import AdvNN
import AdvSyntax
import Foundation

/// Reads the clauses of `train PAIR on SET clause*` for a GAN: `d_steps K` (the paper's k
/// discriminator steps per generator step), `minimax` or `nonsaturating` (the generator's
/// objective), `alternating` or `simultaneous` (`GANOptions.Update`), and train's optimizer and run clauses (epochs, batch, lr, decay, momentum, ramp,
/// l1, l2, maxnorm, dropout, seed, quiet, verbose, checkpoint, cache), read by `TrainClauses` so
/// their checks and messages are train's.
struct GANClauses {
    var options = GANOptions()
    var quiet = false
    var verbose = false
    /// `checkpoint "NAME"` and `cache`, as for a classifier: where the pair's run is saved and resumed.
    var checkpoint: String?
    var cache = false

    /// The clause words only a GAN uses.
    static let words: Set<String> = ["d_steps", "minimax", "nonsaturating", "alternating", "simultaneous"]
    /// Train's clauses that mean nothing for a GAN.
    static let refused: Set<String> = TrainClauses.words.subtracting([
        "epochs", "batch", "lr", "decay", "momentum", "ramp", "l1", "l2", "maxnorm", "dropout", "seed", "quiet",
        "verbose", "checkpoint", "cache",
    ])

    init(_ clauses: [(word: String, values: [Value])]) throws {
        var objective: GANOptions.Objective?
        var update: GANOptions.Update?
        for (word, values) in clauses {
            if let refused = GANClauses.refused.first(where: { $0 == word }) {
                throw RuntimeError(
                    "train: \(refused) is a classifier's clause; a GAN takes epochs batch lr decay momentum ramp l1 l2 "
                        + "maxnorm dropout seed d_steps minimax nonsaturating alternating simultaneous quiet verbose checkpoint cache")
            }
            switch word {
            case "d_steps":
                guard values.count == 1, case .number(let k) = values[0], k >= 1, k <= 100, k == k.rounded() else {
                    throw RuntimeError(
                        "train: d_steps takes one integer from 1 to 100 (discriminator steps per generator step), got "
                            + (values.map(\.repr).joined(separator: " ")))
                }
                options.discriminatorSteps = Int(k)
            case "minimax", "nonsaturating": objective = try Self.choice(word, values, after: objective)
            case "alternating", "simultaneous": update = try Self.choice(word, values, after: update)
            default: break
            }
        }
        let shared = try TrainClauses(clauses.filter { !GANClauses.words.contains($0.word) })
        options.training = shared.options
        options.objective = objective ?? .nonsaturating
        options.update = update ?? .alternating
        quiet = shared.quiet
        verbose = shared.verbose
        checkpoint = shared.checkpoint
        cache = shared.cache
    }
}

extension GANClauses {
    /// The valueless clause `word` as one of `Choice`'s cases, refusing a different one said before.
    private static func choice<Choice: RawRepresentable & CaseIterable & Equatable>(
        _ word: String, _ values: [Value], after previous: Choice?
    ) throws -> Choice where Choice.RawValue == String {
        guard values.isEmpty else { throw RuntimeError("train: \(word) takes no value, got \(values.count)") }
        guard let chosen = Choice(rawValue: word) else { throw RuntimeError("train: \(word) is not a choice here") }
        if let previous, previous != chosen {
            let names = Choice.allCases.map(\.rawValue).joined(separator: " and ")
            throw RuntimeError("train: choose one of \(names), not both")
        }
        return chosen
    }
}

extension GANEpochReport {
    /// One progress line: `epoch 3/20  D loss 0.6012  G loss 0.8123  D(x) 0.61  D(G(z)) 0.38  5120 ex/s  ~41 s left`.
    func progressLine() -> String {
        "epoch \(epoch)/\(epochs)  D loss \(formatNumber(Double(discriminatorLoss)))  "
            + "G loss \(formatNumber(Double(generatorLoss)))  D(x) \(String(format: "%.3f", realScore))  "
            + "D(G(z)) \(String(format: "%.3f", fakeScore))  \(Int(examplesPerSecond)) ex/s  "
            + "~\(Int((seconds * Double(epochs - epoch)).rounded())) s left"
    }
}

extension Value {
    /// The record `train PAIR` returns: epochs run, seconds, whether Ctrl-C ended it, the per-epoch
    /// curves {d_loss, g_loss, d_real, d_fake} and the first generator updates' trace {d_fake,
    /// grad_norm} (mean D(G(z)) and the norm of the generator's gradient, update by update).
    static func ganTrainingRecord(_ result: GANResult, seconds: Double) -> Value {
        let e = result.epochs
        let last = e.last
        func number(_ x: Float?) -> Value { x.map { .number(Double($0)) } ?? .none }
        return .record(
            Record([
                ("epochs", .number(Double(e.count))), ("d_loss", number(last?.discriminatorLoss)),
                ("g_loss", number(last?.generatorLoss)), ("d_real", number(last?.realScore)),
                ("d_fake", number(last?.fakeScore)), ("seconds", .number((seconds * 10).rounded() / 10)),
                ("interrupted", .bool(result.interrupted)),
                (
                    "curves",
                    .record(
                        Record([
                            ("d_loss", .vector(e.map(\.discriminatorLoss))),
                            ("g_loss", .vector(e.map(\.generatorLoss))),
                            ("d_real", .vector(e.map(\.realScore))), ("d_fake", .vector(e.map(\.fakeScore))),
                        ]))
                ),
                (
                    "trace",
                    .record(
                        Record([
                            ("d_fake", .vector(result.traceFakeScore)),
                            ("grad_norm", .vector(result.traceGradientNorm)),
                        ]))
                ),
            ]))
    }
}

/// `train PAIR on SET clause*`: the GAN's run, with progress lines as classifier training's,
/// Ctrl-C keeping both networks' weights so far (reported at the train statement), and the
/// classifier's `checkpoint "NAME"` (in the output folder) and `cache` (the model cache).
func trainGAN(_ pair: GANValue, _ args: Arguments, _ session: Session, _ data: LoadedData) throws -> Value {
    let set = try args.examples(1, "set")
    guard set.featureCount == pair.gan.discriminator.inputs else {
        throw RuntimeError(
            "train: \(set.name) \(set.images.shape.shapeDescription) does not fit the discriminator's "
                + "\(pair.gan.discriminator.inputs) inputs")
    }
    var clauses = try GANClauses(args.clauses)
    clauses.options.training.seed = session.scriptSeed(clauses.options.training.seed)
    if set.name.hasPrefix("mnist"), let mnist = data.mnist {
        pair.gan.generator.dataChecksum = mnist.checksum
        pair.gan.discriminator.dataChecksum = mnist.checksum
    }
    let sink: ((String) -> Void)? = clauses.quiet ? nil : clauses.verbose ? session.output : session.progress
    let checkpoint: CheckpointLocation? =
        try clauses.checkpoint.map { .file(try session.outputPath($0)) } ?? (clauses.cache ? .defaultCache : nil)
    let started = Date()
    let result = try args.namingGAN {
        try train(
            pair.gan, on: set, options: clauses.options, checkpoint: checkpoint,
            progress: { report in sink?(report.progressLine()) }, shouldStop: { session.isInterrupted })
    }
    let record = Value.ganTrainingRecord(result, seconds: Date().timeIntervalSince(started))
    pair.lastTraining = record
    if result.interrupted {
        throw TrainingInterrupted(
            "train: interrupted in epoch \(result.epochs.count); both networks keep their weights so far")
    }
    return record
}
