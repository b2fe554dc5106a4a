import AdvLibrary
import Foundation
import XCTest

@testable import AdvLang

/// `train ... checkpoint "NAME"`: the state goes into the output folder, a second run resumes from
/// it and prints the same numbers, and a wrong value is an error naming the clause.
final class CheckpointClauseTests: XCTestCase {
    func testASecondRunResumesFromTheCheckpointInTheOutputFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("clause-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = """
            labels = []
            for i in 0..40 { labels = append(labels, i % 2) }
            set = examples(rand([40, 4], seed: 1), labels)
            m = maxout(3, pieces: 2, layers: 1, inputs: 4, classes: 2, seed: 2)
            train m on set epochs 3 lr 0.3 batch 10 seed 4 checkpoint "m.checkpoint" quiet
            print m.training.curves.loss
            """
        func run() throws -> [String] { try printed(source, outputFolder: folder) }
        let first = try run()
        let checkpoint = folder.appendingPathComponent("m.checkpoint").path
        let written = try FileManager.default.attributesOfItem(atPath: checkpoint)[.modificationDate] as? Date
        XCTAssertEqual(try run(), first)
        // The finished run was resumed, not run again: no epoch was trained, none written.
        XCTAssertEqual(
            try FileManager.default.attributesOfItem(atPath: checkpoint)[.modificationDate] as? Date, written)
    }

    /// A GAN pair's run resumes the same way: the second run reads the finished checkpoint and
    /// prints the same curves and samples without training an epoch.
    func testAGANPairResumesFromItsCheckpoint() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gan-clause-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = """
            s = examples(rand([40, 16], seed: 1), zeros([40]))
            pair = gan(generator(noise: 4, hidden: [8], outputs: 16, seed: 1), discriminator(6, pieces: 2, layers: 1, inputs: 16, seed: 2))
            train pair on s epochs 3 batch 10 d_steps 2 seed 3 checkpoint "pair.checkpoint" quiet
            print pair.training.curves.d_loss, pair.training.curves.g_loss, len(pair.training.trace.d_fake)
            print sum(samples(pair, 5, seed: 1))
            """
        func run() throws -> [String] { try printed(source, outputFolder: folder) }
        let first = try run()
        let checkpoint = folder.appendingPathComponent("pair.checkpoint").path
        let written = try FileManager.default.attributesOfItem(atPath: checkpoint)[.modificationDate] as? Date
        XCTAssertEqual(try run(), first)
        XCTAssertEqual(
            try FileManager.default.attributesOfItem(atPath: checkpoint)[.modificationDate] as? Date, written)
    }

    func testTheClauseTakesAFileName() {
        assertErrorHeadlines([
            (
                "train softmax_regression(inputs: 4, classes: 2) on examples(rand([2, 4], seed: 1), [0, 1]) checkpoint 3",
                "1:1: error: train: checkpoint takes a file name, got 3"
            ),
            (
                "train softmax_regression(inputs: 4, classes: 2) on examples(rand([2, 4], seed: 1), [0, 1]) checkpoint \"a\" cache",
                "1:1: error: train: choose one of checkpoint \"NAME\" and cache, not both"
            ),
        ])
    }

    /// The lines `source` prints, run in a fresh session writing into `outputFolder`.
    private func printed(_ source: String, outputFolder folder: URL) throws -> [String] {
        var lines: [String] = []
        let session = Session(library: .standard(), output: { lines.append($0) })
        session.outputFolder = folder.path
        try session.run(source)
        return lines
    }
}
