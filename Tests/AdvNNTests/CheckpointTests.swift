import AdvData
import AdvTensor
import AdvTestSupport
import Foundation
import XCTest

@testable import AdvNN

/// A training run killed and started again from its checkpoint ends with the numbers of a run
/// never stopped: weights, validation curve and best epoch, to the bit.
final class CheckpointTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("checkpoints-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Maxout with dropout (the generator matters), adversarial training (so does the model's
    /// gradient), momentum ramp and lr decay (so does the update count); with `validating`,
    /// validation with patience (the best epoch's weights are kept, so a run without it checks the
    /// last epoch's weights).
    private func settings(validating: Bool = true) throws -> (ExampleSet, TrainingOptions) {
        let set = try separableSet(n: 80, features: 12, classes: 3, seed: 7)
        var options = TrainingOptions()
        options.epochs = 6
        options.batchSize = 10
        options.learningRate = 0.2
        options.lrDecay = 1.01
        options.momentumStart = 0.5
        options.momentumEnd = 0.9
        options.momentumRampEpochs = 4
        options.seed = 3
        options.objective = .adversarial(eps: 0.1, alpha: 0.5)
        if validating {
            options.validation = try separableSet(n: 30, features: 12, classes: 3, seed: 8)
            options.patience = 10
        }
        return (set, options)
    }

    private func model() -> Model { Model.maxout(inputs: 12, units: 4, pieces: 2, layers: 2, classes: 3, seed: 5) }

    func testAKilledRunResumesToTheUninterruptedNumbers() throws {
        for validating in [true, false] {
            try killAndResume(validating: validating)
        }
    }

    private func killAndResume(validating: Bool) throws {
        let (set, options) = try settings(validating: validating)
        let path = folder.appendingPathComponent("run-\(validating).checkpoint").path
        // Killed in the fourth epoch: three epochs were saved; the fourth's steps are lost.
        let (uninterrupted, expected, result) = try assertKilledRunResumes(
            model, on: set, options: options, killedAfter: 3 * 8 + 5, checkpoint: path, "validating \(validating)")
        XCTAssertEqual(result.bestEpoch, expected.bestEpoch)

        // Run again, the finished run's checkpoint gives the same model at once.
        let again = model()
        let repeated = try train(again, on: set, options: options, checkpoint: .file(path))
        XCTAssertEqual(repeated.epochs.count, expected.epochs.count)
        XCTAssertEqual(again.parameters, uninterrupted.parameters)
    }

    func testACheckpointOfAnotherRunIsIgnored() throws {
        let (set, options) = try settings()
        let path = folder.appendingPathComponent("run.checkpoint").path
        try train(model(), on: set, options: options, checkpoint: .file(path))
        var other = options
        other.seed = 4
        let expected = model()
        try train(expected, on: set, options: other)
        let fresh = model()
        try train(fresh, on: set, options: other, checkpoint: .file(path))
        XCTAssertEqual(fresh.parameters, expected.parameters)
    }

    func testADamagedCheckpointNamesItsFile() throws {
        let (set, options) = try settings()
        let path = folder.appendingPathComponent("run.checkpoint").path
        try train(model(), on: set, options: options, checkpoint: .file(path))
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 200)
        try handle.close()
        XCTAssertThrowsError(try train(model(), on: set, options: options, checkpoint: .file(path))) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(path): not a training checkpoint adv can resume"), "\(error)")
        }
        try Data("something else".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try train(model(), on: set, options: options, checkpoint: .file(path))) { error in
            XCTAssertTrue("\(error)".contains("it does not start with \"adv-checkpoint 1\""), "\(error)")
        }
    }

    /// The cache names a run's checkpoint by its fingerprint: the same training asked for again
    /// (another script, another run) is read back, not redone; other settings train anew.
    func testTheCacheTrainsEachRunOnce() throws {
        let (set, options) = try settings()
        let cache = CheckpointLocation.cache(folder: folder.appendingPathComponent("models").path)
        let first = model()
        try train(first, on: set, options: options, checkpoint: cache)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("models").path)
        XCTAssertEqual(files.count, 1)
        XCTAssertTrue(files[0].hasSuffix(".checkpoint") && files[0].count == 64 + 11, files[0])
        let path = folder.appendingPathComponent("models").appendingPathComponent(files[0]).path
        let written = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date

        let again = model()
        try train(again, on: set, options: options, checkpoint: cache)
        XCTAssertEqual(again.parameters, first.parameters)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date, written)

        var longer = options
        longer.epochs += 1
        try train(model(), on: set, options: longer, checkpoint: cache)
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("models").path).count, 2)
    }

    /// The fingerprint describes the layers by Swift's own description of `Model.layers`: pinned
    /// here, so that a change in that text (a new field, another Swift) shows up as a failing test
    /// and a deliberate `numericsRevision` bump, not as a model cache silently trained anew.
    func testTheLayersDescriptionInTheFingerprintIsPinned() {
        let model = Model.maxout(inputs: 4, units: 3, pieces: 2, layers: 1, classes: 2, seed: 1)
        XCTAssertEqual(
            "\(model.layers)",
            "[AdvNN.Layer(kind: AdvNN.Layer.Kind.dropout(keep: 0.8, scale: 1.0), l1: 0.0, l2: 0.0, maxNorm: nil, "
                + "parameterIndices: Range(0..<0)), AdvNN.Layer(kind: AdvNN.Layer.Kind.maxout(inputs: 4, units: 3, "
                + "pieces: 2), l1: 0.0, l2: 0.0, maxNorm: Optional(1.9365), parameterIndices: Range(0..<2)), "
                + "AdvNN.Layer(kind: AdvNN.Layer.Kind.dropout(keep: 0.5, scale: 2.0), l1: 0.0, l2: 0.0, maxNorm: nil, "
                + "parameterIndices: Range(2..<2)), AdvNN.Layer(kind: AdvNN.Layer.Kind.linear(inputs: 3, outputs: 2), "
                + "l1: 0.0, l2: 0.0, maxNorm: Optional(1.9365), parameterIndices: Range(2..<4))]")
    }
}
