import AdvTensor
import XCTest

@testable import AdvNN

final class AttackMinimumDistortionTests: XCTestCase {
    /// A seeded 4-class linear model on 16 pixels and 12 examples with pixels in [0.3, 0.7].
    private func setting() throws -> (AttackTestSoftmax, Tensor, [Int]) {
        let model = AttackTestSoftmax(inputs: 16, classes: 4, seed: 11)
        let (raw, _) = try attackTestExamples(n: 12, d: 16, classes: 4, seed: 12)
        let x = 0.3 + 0.4 * raw
        // The model's own predictions as labels, so every clean example is classified correctly.
        return (model, x, try Metrics.predictions(model, x).classes)
    }

    func testReachesTheTargetCloseToTheNearestPointOfTheDecisionBoundary() throws {
        let (model, x, y) = try setting()
        let result = try Attacks.minimumDistortion(model, x, labels: y, chunkSize: 5)
        XCTAssertEqual(result.failures, [])
        let predicted = try Metrics.predictions(model, result.examples).classes
        XCTAssertEqual(predicted, result.targets)
        XCTAssert(zip(result.targets, y).allSatisfy { $0 != $1 })
        XCTAssert(result.examples.scalars.allSatisfy { $0 >= 0 && $0 <= 1 })
        let d = 16
        for i in 0..<12 {
            // The nearest point where logit(target) = logit(y) is |margin| / |w_t - w_y| away (the
            // box is far); the attack must cross it, but not by much.
            let t = result.targets[i]
            let row = Array(x.scalars[i * d..<(i + 1) * d])
            var margin = model.bias[y[i]] - model.bias[t]
            var norm: Float = 0
            for k in 0..<d {
                let w = model.weights[k * 4 + y[i]] - model.weights[k * 4 + t]
                margin += w * row[k]
                norm += w * w
            }
            let boundary = margin / norm.squareRoot() / Float(d).squareRoot()
            XCTAssertGreaterThanOrEqual(result.distortions[i], boundary * 0.999, "example \(i)")
            XCTAssertLessThan(result.distortions[i], boundary * 1.25, "example \(i)")
            XCTAssertEqual(result.distortions[i], try Metrics.distortions(x, result.examples)[i], accuracy: 1e-5)
        }
    }

    func testTheSearchKeepsTheSmallestDistortionAndALargerCFails() throws {
        let (model, x, y) = try setting()
        let settings = MinimumDistortionSettings(target: .next)
        let result = try Attacks.minimumDistortion(model, x, labels: y, settings: settings)
        XCTAssertEqual(result.targets, y.map { ($0 + 1) % 4 })
        for i in 0..<12 where result.succeeded[i] {
            // A single round at a smaller c (a weaker penalty) also succeeds, with more distortion.
            let smaller = MinimumDistortionSettings(
                initialC: result.c[i] / 4, maxRounds: 1, bisectionSteps: 0, target: .given([result.targets[i]]))
            let row = try x.rowBlock(i..<i + 1)
            let aggressive = try Attacks.minimumDistortion(model, row, labels: [y[i]], settings: smaller)
            XCTAssertEqual(aggressive.succeeded, [true])
            XCTAssertLessThanOrEqual(result.distortions[i], aggressive.distortions[0] + 1e-6)
            // A single round at a much larger c does not reach the target.
            let larger = MinimumDistortionSettings(
                initialC: result.c[i] * 16, maxRounds: 1, bisectionSteps: 0, target: .given([result.targets[i]]))
            let timid = try Attacks.minimumDistortion(model, row, labels: [y[i]], settings: larger)
            XCTAssertEqual(timid.succeeded, [false], "example \(i)")
            XCTAssertLessThan(timid.distortions[0], result.distortions[i])
        }
        XCTAssertGreaterThan(result.succeeded.filter { $0 }.count, 8)
    }

    func testUnreachableTargetsAreReported() throws {
        let (model, x, y) = try setting()
        // One round at a huge c cannot move anything far enough.
        let settings = MinimumDistortionSettings(initialC: 1e4, maxRounds: 1)
        let result = try Attacks.minimumDistortion(model, x, labels: y, settings: settings)
        XCTAssertEqual(result.failures, Array(0..<12))
        XCTAssert(result.averageDistortion.isNaN)
        XCTAssertThrowsError(
            try Attacks.minimumDistortion(
                model, x, labels: y, settings: MinimumDistortionSettings(target: .given(y)))
        ) { error in
            XCTAssertEqual("\(error)", "minimum distortion: example 0: target \(y[0]) is its true label")
        }
    }
}

extension AttackMinimumDistortionTests {
    func testAnExampleAlreadyClassifiedAsItsTargetNeedsNoDistortion() throws {
        let (model, x, predicted) = try setting()
        // Claim a different true label: the most likely wrong class is then the predicted one.
        let labels = predicted.map { ($0 + 1) % 4 }
        let result = try Attacks.minimumDistortion(model, x, labels: labels)
        XCTAssertEqual(result.targets, predicted)
        XCTAssertEqual(result.succeeded, Array(repeating: true, count: 12))
        XCTAssertEqual(result.distortions, Array(repeating: 0, count: 12))
        XCTAssertEqual(result.examples, x)
        XCTAssert(result.c.allSatisfy { $0 == .infinity })
    }
}

extension AttackMinimumDistortionTests {
    func testStoppingBeforeTheFirstRoundLeavesTheExamplesUnchanged() throws {
        let (model, x, y) = try setting()
        let result = try Attacks.minimumDistortion(model, x, labels: y, shouldStop: { true })
        XCTAssertEqual(result.examples, x)
        XCTAssertEqual(result.failures, Array(0..<12))
    }
}
