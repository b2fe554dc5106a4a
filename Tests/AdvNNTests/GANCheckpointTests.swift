import AdvData
import AdvTensor
import AdvTestSupport
import Foundation
import XCTest

@testable import AdvNN

/// A GAN run killed and started again from its checkpoint ends with the numbers of a run never
/// stopped: both networks' weights, the per-epoch curves and the trace, to the bit; and the model
/// cache reads a pair trained once back instead of training it again.
final class GANCheckpointTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try temporaryFolder("gan-checkpoints")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Dropout in D (the generator of masks matters), two D steps per G step (so do both update
    /// counts), momentum ramp and lr decay (so do both optimizers' buffers and schedules), a trace
    /// shorter than the run (it stops inside the second epoch): 6 minibatches an epoch.
    private func settings() throws -> (ExampleSet, GANOptions) {
        var random = SeededGenerator(seed: 11)
        let set = try ExampleSet(
            images: Tensor.uniform([60, 6], using: &random), labels: [Int](repeating: 0, count: 60), name: "toy")
        var options = GANOptions()
        options.training.epochs = 5
        options.training.batchSize = 10
        options.training.learningRate = 0.1
        options.training.lrDecay = 1.01
        options.training.momentumStart = 0.5
        options.training.momentumEnd = 0.9
        options.training.momentumRampEpochs = 3
        options.training.seed = 3
        options.discriminatorSteps = 2
        options.traceUpdates = 4
        return (set, options)
    }

    /// A small pair with its weights spread in +-1, so that the curves move from epoch to epoch
    /// (from the init's near-zero weights every D(x) stays at .5000).
    private func pair() throws -> GAN {
        let g = Model.generator(noise: 3, hidden: [5], outputs: 6, seed: 1)
        let d = Model.discriminator(inputs: 6, units: 4, pieces: 2, layers: 1, dropout: true, seed: 2)
        var random = SeededGenerator(seed: 4)
        for model in [g, d] {
            try model.setParameters(model.parameters.map { Model.uniform($0.shape, low: -1, high: 1, using: &random) })
        }
        return try GAN(generator: g, discriminator: d)
    }

    func testAKilledGANRunResumesToTheUninterruptedNumbers() throws {
        let (set, options) = try settings()
        let path = folder.appendingPathComponent("gan.checkpoint").path
        // Killed in the third epoch: two epochs were saved; the third's steps are lost.
        let (uninterrupted, expected, _) = try assertKilledGANRunResumes(
            pair, on: set, options: options, killedAfter: 2 * 6 + 4, checkpoint: path)

        // Run again, the finished run's checkpoint gives the same pair and record at once.
        let again = try pair()
        let repeated = try train(again, on: set, options: options, checkpoint: .file(path))
        XCTAssertEqual(curves(repeated), curves(expected))
        XCTAssertEqual(again.generator.parameters, uninterrupted.generator.parameters)
        XCTAssertEqual(again.discriminator.parameters, uninterrupted.discriminator.parameters)
    }

    /// The cache names a pair's run by its fingerprint: the same training asked for again is read
    /// back, not redone; another objective trains anew, into a file of its own.
    func testTheCacheTrainsEachPairOnce() throws {
        let (set, options) = try settings()
        let models = folder.appendingPathComponent("models")
        let cache = CheckpointLocation.cache(folder: models.path)
        let first = try pair()
        let trained = try train(first, on: set, options: options, checkpoint: cache)
        let files = try FileManager.default.contentsOfDirectory(atPath: models.path)
        XCTAssertEqual(files.count, 1)
        let path = models.appendingPathComponent(files[0]).path
        let written = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date

        let again = try pair()
        let read = try train(again, on: set, options: options, checkpoint: cache)
        XCTAssertEqual(again.generator.parameters, first.generator.parameters)
        XCTAssertEqual(again.discriminator.parameters, first.discriminator.parameters)
        XCTAssertEqual(curves(read), curves(trained))
        XCTAssertEqual(read.traceFakeScore, trained.traceFakeScore)
        XCTAssertEqual(read.traceGradientNorm, trained.traceGradientNorm)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date, written)
        XCTAssertNotEqual(first.generator.parameters, try pair().generator.parameters, "the pair was trained")

        var minimax = options
        minimax.objective = .minimax
        try train(pair(), on: set, options: minimax, checkpoint: cache)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: models.path).count, 2)
    }

    /// An epoch without a generator step (k above the minibatches of an epoch) reports a NaN G loss;
    /// its checkpoint keeps it (JSON itself has no NaN) and reads back.
    func testAnEpochWithoutAGeneratorStepIsKept() throws {
        var (set, options) = try settings()
        options.discriminatorSteps = 7
        options.training.epochs = 2
        let path = folder.appendingPathComponent("nan.checkpoint").path
        let trained = try train(pair(), on: set, options: options, checkpoint: .file(path))
        let read = try train(pair(), on: set, options: options, checkpoint: .file(path))
        XCTAssertEqual(read.epochs.count, 2)
        XCTAssertTrue(read.epochs.allSatisfy { $0.generatorLoss.isNaN })
        XCTAssertEqual(read.epochs.map(\.discriminatorLoss), trained.epochs.map(\.discriminatorLoss))
    }

    func testACheckpointOfAClassifierDoesNotFitAPair() throws {
        let (set, options) = try settings()
        let path = folder.appendingPathComponent("classifier.checkpoint").path
        let classifier = TrainingCheckpoint(
            fingerprint: TrainingCheckpoint.fingerprint(try pair(), set: set, options: options), epoch: 1, updates: 1,
            generator: SeededGenerator(seed: 1).stateWords, reports: [], bestEpoch: nil, bestError: nil,
            stoppedEarly: false, shapes: [])
        try classifier.write(to: path)
        XCTAssertThrowsError(try train(pair(), on: set, options: options, checkpoint: .file(path))) { error in
            XCTAssertTrue("\(error)".contains("the checkpoint does not fit the pair"), "\(error)")
        }
    }
}

/// The resume guarantee for a GAN, as `assertKilledRunResumes` for a classifier: a run killed after
/// `killedAfter` minibatch steps and started again from its checkpoint (at `path`) ends with both
/// networks' parameters, the per-epoch reports' numbers and the trace of an uninterrupted run.
@discardableResult
func assertKilledGANRunResumes(
    _ pair: () throws -> GAN, on set: ExampleSet, options: GANOptions, killedAfter killStep: Int,
    checkpoint path: String, _ message: String = "", file: StaticString = #filePath, line: UInt = #line
) throws -> (uninterrupted: GAN, expected: GANResult, resumed: GANResult) {
    let uninterrupted = try pair()
    let expected = try train(uninterrupted, on: set, options: options)
    var steps = 0
    let first = try train(
        try pair(), on: set, options: options, checkpoint: .file(path),
        shouldStop: {
            steps += 1
            return steps == killStep
        })
    XCTAssertTrue(first.interrupted, "the first run was not interrupted \(message)", file: file, line: line)
    let resumed = try pair()
    let result = try train(resumed, on: set, options: options, checkpoint: .file(path))
    XCTAssertFalse(result.interrupted, message, file: file, line: line)
    for (name, a, b) in [
        ("generator", resumed.generator, uninterrupted.generator),
        ("discriminator", resumed.discriminator, uninterrupted.discriminator),
    ] {
        for (index, (x, y)) in zip(a.parameters, b.parameters).enumerated() {
            assertSameScalars(
                x, y, "\(name) parameter \(index), resumed against uninterrupted \(message)", file: file, line: line)
        }
    }
    XCTAssertEqual(curves(result), curves(expected), message, file: file, line: line)
    XCTAssertEqual(result.traceFakeScore, expected.traceFakeScore, message, file: file, line: line)
    XCTAssertEqual(result.traceGradientNorm, expected.traceGradientNorm, message, file: file, line: line)
    return (uninterrupted, expected, result)
}

/// A GAN run's per-epoch curves (D loss, G loss, D(x), D(G(z))): its reports without their timings.
func curves(_ result: GANResult) -> [[Float]] {
    [\GANEpochReport.discriminatorLoss, \.generatorLoss, \.realScore, \.fakeScore].map { curve in
        result.epochs.map { $0[keyPath: curve] }
    }
}
