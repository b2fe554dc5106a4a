import AdvTensor
import Foundation
import XCTest

@testable import AdvNN

final class AnalysisTests: XCTestCase {
    func testPowerIterationMatchesClosedFormSingularValues() throws {
        // [[3, 0], [4, 5]]: sigma_1^2 = (S + sqrt(S^2 - 4 det^2)) / 2 = (50 + 40) / 2 = 45.
        let twoByTwo = try Tensor(shape: [2, 2], scalars: [3, 0, 4, 5])
        XCTAssertEqual(try Lipschitz.largestSingularValue(twoByTwo), Float(45).squareRoot(), accuracy: 1e-5)
        // Symmetric [[2, 1, 0], [1, 2, 0], [0, 0, 1]] has eigenvalues 3, 1, 1.
        let threeByThree = try Tensor(shape: [3, 3], scalars: [2, 1, 0, 1, 2, 0, 0, 0, 1])
        XCTAssertEqual(try Lipschitz.largestSingularValue(threeByThree), 3, accuracy: 1e-5)
        // [in 3, out 2] = [[1, 0], [0, 1], [1, 1]]: W^T W = [[2, 1], [1, 2]], eigenvalues 3 and 1.
        let tall = try Tensor(shape: [3, 2], scalars: [1, 0, 0, 1, 1, 1])
        XCTAssertEqual(try Lipschitz.largestSingularValue(tall), Float(3).squareRoot(), accuracy: 1e-5)
        XCTAssertEqual(try Lipschitz.largestSingularValue(tall.transposed()), Float(3).squareRoot(), accuracy: 1e-5)
        let diagonal = try Tensor(shape: [3, 3], scalars: [0.5, 0, 0, 0, -4, 0, 0, 0, 2])
        XCTAssertEqual(try Lipschitz.largestSingularValue(diagonal), 4, accuracy: 1e-5)
        // A rank-one u v^T has the single singular value |u| |v| = 5 * 13.
        let u: [Float] = [3, 4]
        let v: [Float] = [5, 12, 0]
        let rankOne = try Tensor(shape: [2, 3], scalars: u.flatMap { a in v.map { a * $0 } })
        XCTAssertEqual(try Lipschitz.largestSingularValue(rankOne), 65, accuracy: 1e-3)
    }

    func testBoundsMultiplyAcrossLayersAndRejectNonMatrices() throws {
        let first = try Tensor(shape: [2, 2], scalars: [3, 0, 4, 5])
        let second = try Tensor(shape: [3, 3], scalars: [0.5, 0, 0, 0, -4, 0, 0, 0, 2])
        let bounds = try Lipschitz.upperBounds([first, second])
        XCTAssertEqual(bounds.perLayer.count, 2)
        XCTAssertEqual(bounds.product, Float(45).squareRoot() * 4, accuracy: 1e-4)
        XCTAssertThrowsError(try Lipschitz.largestSingularValue(Tensor([1, 2, 3]))) { error in
            XCTAssertEqual("\(error)", "largest singular value: weights [3] must be a matrix [in, out]")
        }
    }

    func testLogitsAlongTheFGSMDirectionAreLinearForALinearModel() throws {
        let model = AttackTestSoftmax(inputs: 6, classes: 3, seed: 21)
        let (x, y) = try attackTestExamples(n: 1, d: 6, classes: 3, seed: 22)
        let epsilons: [Float] = [-2, -1, 0, 1, 2]
        let logits = try Analysis.logitsAlongFGSM(model, x.reshaped([6]), label: y[0], epsilons: epsilons)
        XCTAssertEqual(logits.shape, [5, 3])
        let clean = try model.logits(x)
        let direction = try model.lossAndInputGradient(x, labels: y).gradient.sign()
        for (j, eps) in epsilons.enumerated() {
            for c in 0..<3 {
                var expected = clean.scalars[c]
                for i in 0..<6 { expected += eps * direction.scalars[i] * model.weights[i * 3 + c] }
                XCTAssertEqual(logits.scalars[j * 3 + c], expected, accuracy: 1e-4)
            }
        }
        // The true class loses ground to the others as eps grows.
        func margin(_ j: Int) -> Float {
            let row = Array(logits.scalars[j * 3..<(j + 1) * 3])
            let others: [Float] = (0..<3).filter { $0 != y[0] }.map { row[$0] }
            return row[y[0]] - (others.max() ?? 0)
        }
        XCTAssertGreaterThan(margin(0), margin(4))
    }

    func testErrorAgainstEpsRisesForALinearModelAndFlagsABumpModel() throws {
        let linear = AttackTestSoftmax(inputs: 8, classes: 3, seed: 31, scale: 3)
        let (x, _) = try attackTestExamples(n: 40, d: 8, classes: 3, seed: 32)
        let y = try Metrics.predictions(linear, x).classes
        let sweep = try Analysis.errorAgainstEps([linear], x, labels: y, epsilons: [0, 0.1, 0.3])
        XCTAssertEqual(sweep.errors[0][0], 0)
        XCTAssertGreaterThan(sweep.errors[0][2], 0.5)
        XCTAssertEqual(sweep.errorFallsAsEpsGrows, [false])
        XCTAssertEqual(sweep.warnings, [])

        // x = 0.5 with label 0; the bump model says 1 only on (0.55, 0.75): FGSM at .1 fools it,
        // at .3 it overshoots.
        let bump = BumpClassifier()
        let point = try Tensor(shape: [1, 1], scalars: [0.5])
        let bumpSweep = try Analysis.errorAgainstEps([bump], point, labels: [0], epsilons: [0, 0.1, 0.3])
        XCTAssertEqual(bumpSweep.errors, [[0, 1, 0]])
        XCTAssertEqual(bumpSweep.errorFallsAsEpsGrows, [true])
        XCTAssertEqual(bumpSweep.warnings, ["warning: bump: error falls from 1.0 to 0.0 as eps grows from 0.1 to 0.3"])
        XCTAssertNil(Analysis.firstFall(epsilons: [0.1, 0.2], errors: [0.5, 0.45], tolerance: 0.1))
    }

    func testRubbishInputsCountConfidentClassifications() throws {
        var generator = SeededGenerator(seed: 41)
        let indifferent = AttackTestSoftmax(weights: Array(repeating: [0, 0, 0, 0], count: 5), bias: [0, 0, 0, 0])
        let none = try Analysis.rubbishInputs(indifferent, count: 30, using: &generator, chunkSize: 7)
        XCTAssertEqual(none.confident, 0)
        XCTAssert(none.meanConfidence.isNaN)
        let sure = AttackTestSoftmax(weights: Array(repeating: [0, 0, 0, 0], count: 5), bias: [10, 0, 0, 0])
        let all = try Analysis.rubbishInputs(sure, count: 30, using: &generator, chunkSize: 7)
        XCTAssertEqual(all.fraction, 1)
        XCTAssertEqual(all.meanConfidence, Float(exp(10.0) / (exp(10.0) + 3)), accuracy: 1e-6)
        // A random linear model is confident on some draws and not on others.
        let random = AttackTestSoftmax(inputs: 5, classes: 4, seed: 42)
        let some = try Analysis.rubbishInputs(random, count: 200, using: &generator)
        XCTAssertGreaterThan(some.fraction, 0)
        XCTAssertLessThan(some.fraction, 1)
        XCTAssertGreaterThan(some.meanConfidence, 0.5)
    }
}

/// One input, two classes: logits (0, s(x)) with s(x) = 100 (0.01 - (x - 0.65)^2), so class 1 wins
/// exactly on (0.55, 0.75). Its loss gradient at 0.5 for label 0 points up, into and past the bump.
final class BumpClassifier: Classifier {
    let inputs = 1
    let classes = 2
    let name = "bump"

    private func score(_ x: Float) -> Float { 100 * (0.01 - (x - 0.65) * (x - 0.65)) }

    func logits(_ x: Tensor) throws -> Tensor {
        try Tensor(shape: [x.shape[0], 2], scalars: x.scalars.flatMap { [0, score($0)] })
    }

    func probabilities(_ x: Tensor) throws -> Tensor {
        try Tensor(
            shape: [x.shape[0], 2],
            scalars: x.scalars.flatMap { value -> [Float] in
                let p1 = 1 / (1 + Foundation.exp(-score(value)))
                return [1 - p1, p1]
            })
    }

    func lossAndInputGradient(_ x: Tensor, labels: [Int]) throws -> (losses: [Float], gradient: Tensor) {
        var losses = [Float]()
        var gradient = [Float]()
        for (value, label) in zip(x.scalars, labels) {
            let s = score(value)
            let p1 = 1 / (1 + Foundation.exp(-s))
            let slope = -200 * (value - 0.65)
            losses.append(label == 1 ? -Foundation.log(p1) : -Foundation.log(1 - p1))
            gradient.append(label == 1 ? -(1 - p1) * slope : p1 * slope)
        }
        return (losses, try Tensor(shape: x.shape, scalars: gradient))
    }
}
