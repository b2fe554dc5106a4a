import AdvTensor
import XCTest

@testable import AdvNN

final class MetricTests: XCTestCase {
    func testEvaluationOfHandMadePredictions() throws {
        let predictions = Predictions(classes: [0, 1, 2, 2], confidences: [0.9, 0.6, 0.5, 0.8])
        let evaluation = try Evaluation(predictions: predictions, labels: [0, 2, 2, 1])
        XCTAssertEqual(evaluation.count, 4)
        XCTAssertEqual(evaluation.mistakes, 2)
        XCTAssertEqual(evaluation.error, 0.5)
        XCTAssertEqual(evaluation.accuracy, 0.5)
        XCTAssertEqual(evaluation.meanConfidence, 0.7, accuracy: 1e-6)
        XCTAssertEqual(evaluation.meanConfidenceOnMistakes, 0.7, accuracy: 1e-6)
        let perfect = try Evaluation(predictions: predictions, labels: [0, 1, 2, 2])
        XCTAssertEqual(perfect.error, 0)
        XCTAssert(perfect.meanConfidenceOnMistakes.isNaN)
    }

    func testPredictionsOfALinearModel() throws {
        // logits x W + b with W = I (2 x 2) and b = 0: the larger pixel wins.
        let model = AttackTestSoftmax(weights: [[1, 0], [0, 1]], bias: [0, 0])
        let x = try Tensor(shape: [3, 2], scalars: [1, 0, 0, 1, 0.5, 0.5])
        let predictions = try Metrics.predictions(model, x, chunkSize: 2)
        XCTAssertEqual(predictions.classes, [0, 1, 0])
        let e = Float(M_E)
        XCTAssertEqual(predictions.confidences[0], e / (e + 1), accuracy: 1e-6)
        XCTAssertEqual(predictions.confidences[2], 0.5, accuracy: 1e-6)
        let evaluation = try Metrics.evaluate(model, x, labels: [0, 0, 1])
        XCTAssertEqual(evaluation.mistakes, 2)
        XCTAssertEqual(evaluation.meanConfidenceOnMistakes, (e / (e + 1) + 0.5) / 2, accuracy: 1e-6)
    }

    func testDistortionIsTheRootMeanSquareOfThePerturbation() throws {
        let x = Tensor(shape: [2, 4], repeating: 0.5)
        let xPrime = try Tensor(shape: [2, 4], scalars: [0.5, 0.5, 0.5, 0.7, 0.6, 0.4, 0.6, 0.4])
        let each = try Metrics.distortions(x, xPrime)
        XCTAssertEqual(each[0], 0.1, accuracy: 1e-6)  // sqrt(0.04 / 4)
        XCTAssertEqual(each[1], 0.1, accuracy: 1e-6)  // sqrt(4 * 0.01 / 4)
        XCTAssertEqual(try Metrics.averageDistortion(x, xPrime), 0.1, accuracy: 1e-6)
        XCTAssertThrowsError(try Metrics.distortions(x, Tensor(shape: [2, 3], repeating: 0))) { error in
            XCTAssertEqual(
                "\(error)", "distortion: original [2, 4] and perturbed [2, 3] must be the same [n, d]")
        }
    }

    func testAgreementOverallWhenFirstWrongAndWhenBothWrong() throws {
        let labels = [0, 0, 0, 0, 0, 1]
        let first = [0, 1, 2, 3, 1, 2]
        let second = [0, 1, 2, 0, 3, 2]
        let agreement = try Agreement(first, second, labels: labels)
        XCTAssertEqual(agreement.overall, 4.0 / 6.0, accuracy: 1e-6)
        // First wrong on 1...5; second agrees on 1, 2, 5.
        XCTAssertEqual(agreement.firstWrong, 5)
        XCTAssertEqual(agreement.whenFirstWrong, 3.0 / 5.0, accuracy: 1e-6)
        // Both wrong on 1, 2, 4, 5; they agree on 1, 2, 5.
        XCTAssertEqual(agreement.bothWrong, 4)
        XCTAssertEqual(agreement.whenBothWrong, 0.75, accuracy: 1e-6)
    }

    func testTransferMatrixScoresEveryExampleSetOnEveryModel() throws {
        let identity = AttackTestSoftmax(weights: [[1, 0], [0, 1]], bias: [0, 0])
        let swapped = AttackTestSoftmax(weights: [[0, 1], [1, 0]], bias: [0, 0])
        let x = try Tensor(shape: [2, 2], scalars: [1, 0, 0, 1])
        let matrix = try Metrics.transferMatrix(
            sources: [("clean", x, [0, 1]), ("half", x, [0, 0])], models: [identity, swapped])
        XCTAssertEqual(matrix.sources, ["clean", "half"])
        XCTAssertEqual(matrix.models, ["test softmax", "test softmax"])
        XCTAssertEqual(matrix.errors, [[0, 1], [0.5, 0.5]])
        let agreement = try Metrics.agreement(identity, swapped, x, labels: [0, 1])
        XCTAssertEqual(agreement.overall, 0)
        XCTAssertEqual(agreement.firstWrong, 0)
        XCTAssert(agreement.whenBothWrong.isNaN)
    }
}
