import AdvData
import AdvTensor
import XCTest

@testable import AdvNN

/// The linear SVM: its training on a case with a known answer, and Papernot 2016's SVM crafting.
final class LinearSVMTests: XCTestCase {
    func testTrainingSeparatesTwoPointsWithAMargin() throws {
        // Two points in the plane, one per class: an SVM puts each beyond its margin, t s >= 1.
        let set = try ExampleSet(images: tensor([2, 2], [0.1, 0.2, 0.9, 0.7]), labels: [0, 1], name: "two points")
        let model = Model.linearSVM(inputs: 2, classes: 2, l2: 0, seed: 1)
        var options = TrainingOptions()
        (options.epochs, options.batchSize, options.learningRate, options.dropout) = (400, 2, 0.5, false)
        try train(model, on: set, options: options)
        let scores = try model.logits(set.images).scalars
        // Row 0 (class 0): s0 >= 1 and s1 <= -1; row 1 (class 1): the other way round.
        XCTAssertGreaterThan(scores[0], 0.95)
        XCTAssertLessThan(scores[1], -0.95)
        XCTAssertLessThan(scores[2], -0.95)
        XCTAssertGreaterThan(scores[3], 0.95)
        XCTAssertEqual(try model.errorRate(on: set), 0)
        let losses = try model.exampleLosses(outputs: model.logits(set.images), labels: set.labels)
        XCTAssertLessThan(losses.max() ?? 1, 0.01)
    }

    func testTheSVMAttackStepsAgainstTheTrueClassNormal() throws {
        // Class 0's hyperplane normal is (3, 4) (unit (0.6, 0.8)), class 1's (0, -1).
        let model = Model.handMade(
            inputs: 2, classes: 2, layers: [Layer(.linear(inputs: 2, outputs: 2))],
            parameters: [tensor([2, 2], [3, 0, 4, -1]), tensor([2], [0, 0])], loss: .oneVsRestSquaredHinge)
        XCTAssertTrue(model.isLinear)
        let x = tensor([2, 2], [0.5, 0.5, 0.5, 0.5])
        let moved = try Attacks.linearSVM(model, x, labels: [0, 1], eps: 0.5, clip: false)
        // Row 0: (0.5, 0.5) - 0.5 (0.6, 0.8); row 1: (0.5, 0.5) - 0.5 (0, -1).
        assertClose(moved.scalars, [0.2, 0.1, 0.5, 1.0])
        // Each row's true-class score fell by eps |w_y|: 0.5 * 5 for row 0, 0.5 * 1 for row 1.
        let before = try model.logits(x).scalars
        let after = try model.logits(moved).scalars
        XCTAssertEqual(before[0] - after[0], 2.5, accuracy: 1e-5)
        XCTAssertEqual(before[3] - after[3], 0.5, accuracy: 1e-5)
        // Clipped, row 1's second pixel stays at 1.
        XCTAssertEqual(try Attacks.linearSVM(model, x, labels: [0, 1], eps: 0.6).scalars[3], 1)
    }

    func testTheSVMAttackFlipsAPointJustPastTheBoundary() throws {
        // Scores s0 = x0 - x1, s1 = x1 - x0: x = (0.6, 0.5) is class 0 by 0.1 each way.
        let model = Model.handMade(
            inputs: 2, classes: 2, layers: [Layer(.linear(inputs: 2, outputs: 2))],
            parameters: [tensor([2, 2], [1, -1, -1, 1]), tensor([2], [0, 0])], loss: .oneVsRestSquaredHinge)
        let x = tensor([1, 2], [0.6, 0.5])
        XCTAssertEqual(try model.logits(x).argmaxRows(), [0])
        // A step of L2 length 0.1 along -(1, -1)/sqrt 2 lowers s0 by 0.1 sqrt 2 > 0.1: class 1.
        let moved = try Attacks.linearSVM(model, x, labels: [0], eps: 0.1)
        XCTAssertEqual(try model.logits(moved).argmaxRows(), [1])
    }

    func testTheSVMAttackRefusesANonLinearModel() {
        let model = Model.fullyConnected(inputs: 2, hidden: [3], classes: 2, seed: 1)
        XCTAssertThrowsError(try Attacks.linearSVM(model, tensor([1, 2], [0, 0]), labels: [0], eps: 1)) { error in
            XCTAssertTrue("\(error)".hasPrefix("svm attack: FC3-2 is not one linear layer"), "\(error)")
        }
    }

    func testTheSVMSavesAndLoadsWithItsLoss() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("adv-svm-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let model = Model.linearSVM(inputs: 4, classes: 3, seed: 2)
        let url = directory.appendingPathComponent("svm.advmodel")
        try model.save(to: url)
        let loaded = try XCTUnwrap(try ClassifierFile.load(from: url) as? Model)
        XCTAssertEqual(loaded.loss, .oneVsRestSquaredHinge)
        XCTAssertEqual(loaded.header, model.header)
        XCTAssertEqual(model.name, "SVM")
    }
}
