import AdvTensor
import XCTest

@testable import AdvNN

final class AttackTests: XCTestCase {
    /// Two classes, three pixels: W[:, 0] = (1, -2, 0.5), W[:, 1] = (-1, 3, 0.25).
    private func twoClassModel() -> AttackTestSoftmax {
        AttackTestSoftmax(weights: [[1, -1], [-2, 3], [0.5, 0.25]], bias: [0, 0])
    }

    /// For two classes the gradient is p_wrong (w_wrong - w_true), so FGSM moves every pixel by
    /// eps * sign(w_wrong - w_true).
    func testFGSMOnALinearModelStepsAlongTheSignOfTheWeightDifference() throws {
        let model = twoClassModel()
        let x = try Tensor(shape: [2, 3], scalars: [0.5, 0.5, 0.5, 0.2, 0.4, 0.6])
        let adversarial = try Attacks.fgsm(model, x, labels: [0, 1], eps: 0.1, clip: false)
        // label 0: w1 - w0 = (-2, 5, -0.25) -> (-, +, -); label 1: the opposite.
        let expected: [Float] = [0.4, 0.6, 0.4, 0.3, 0.3, 0.7]
        for (a, e) in zip(adversarial.scalars, expected) { XCTAssertEqual(a, e, accuracy: 1e-6) }
    }

    func testTargetedFGSMStepsTowardTheTarget() throws {
        let model = twoClassModel()
        let x = try Tensor(shape: [1, 3], scalars: [0.5, 0.5, 0.5])
        let adversarial = try Attacks.fgsm(model, x, towards: [1], eps: 0.1, clip: false)
        // Toward class 1 is the same direction as away from class 0.
        let expected: [Float] = [0.4, 0.6, 0.4]
        for (a, e) in zip(adversarial.scalars, expected) { XCTAssertEqual(a, e, accuracy: 1e-6) }
    }

    func testFGSMClipsToThePixelRange() throws {
        let model = twoClassModel()
        let x = try Tensor(shape: [1, 3], scalars: [0.05, 0.95, 0.5])
        let adversarial = try Attacks.fgsm(model, x, labels: [0], eps: 0.25)
        XCTAssertEqual(adversarial.scalars, [0, 1, 0.25])
    }

    func testEveryAttackKeepsPixelsAndBoundsAndRaisesTheLoss() throws {
        let model = AttackTestSoftmax(inputs: 20, classes: 4, seed: 7)
        let (x, y) = try attackTestExamples(n: 37, d: 20, classes: 4, seed: 8)
        let eps: Float = 0.1
        var generator = SeededGenerator(seed: 9)
        let attacks: [(String, Tensor, Bool)] = [
            ("fgsm", try Attacks.fgsm(model, x, labels: y, eps: eps, chunkSize: 10), true),
            (
                "bim",
                try Attacks.pgd(
                    model, x, labels: y, eps: eps, steps: 5, stepSize: 0.03,
                    randomStart: false, using: &generator, chunkSize: 16), true
            ),
            (
                "pgd",
                try Attacks.pgd(
                    model, x, labels: y, eps: eps, steps: 5, stepSize: 0.03,
                    randomStart: true, using: &generator), true
            ),
            ("sign noise", try Attacks.signNoise(x, eps: eps, using: &generator), false),
            ("uniform noise", try Attacks.uniformNoise(x, eps: eps, using: &generator), false),
        ]
        let clean = try model.losses(x, labels: y).reduce(0, +)
        for (name, adversarial, raisesLoss) in attacks {
            XCTAssertEqual(adversarial.shape, x.shape, name)
            for (a, b) in zip(adversarial.scalars, x.scalars) {
                XCTAssert(a >= 0 && a <= 1, "\(name): pixel \(a) outside [0, 1]")
                XCTAssertLessThanOrEqual(abs(a - b), eps + 1e-6, name)
            }
            let loss = try model.losses(adversarial, labels: y).reduce(0, +)
            if raisesLoss { XCTAssertGreaterThan(loss, clean, name) }
            XCTAssertNotEqual(adversarial, x, name)
        }
    }

    func testPGDRaisesTheLossAtLeastAsMuchAsFGSMAndChunkingDoesNotMatter() throws {
        let model = AttackTestSoftmax(inputs: 12, classes: 3, seed: 1)
        let (x, y) = try attackTestExamples(n: 25, d: 12, classes: 3, seed: 2)
        var g1 = SeededGenerator(seed: 3)
        var g2 = SeededGenerator(seed: 3)
        let whole = try Attacks.pgd(
            model, x, labels: y, eps: 0.2, steps: 20, stepSize: 0.02,
            randomStart: false, using: &g1)
        let chunked = try Attacks.pgd(
            model, x, labels: y, eps: 0.2, steps: 20, stepSize: 0.02,
            randomStart: false, using: &g2, chunkSize: 7)
        XCTAssertEqual(whole, chunked)
        let fgsmLoss = try model.losses(Attacks.fgsm(model, x, labels: y, eps: 0.2), labels: y).reduce(0, +)
        let pgdLoss = try model.losses(whole, labels: y).reduce(0, +)
        XCTAssertGreaterThanOrEqual(pgdLoss, fgsmLoss * 0.999)
    }

    func testNoiseIsSeededAndHasTheRequestedSize() throws {
        let x = Tensor(shape: [200, 50], repeating: 0.5)
        var a = SeededGenerator(seed: 4)
        var b = SeededGenerator(seed: 4)
        let first = try Attacks.gaussianNoise(x, standardDeviation: 0.1, clip: false, using: &a)
        let second = try Attacks.gaussianNoise(x, standardDeviation: 0.1, clip: false, using: &b)
        XCTAssertEqual(first, second)
        let distortion = try Metrics.averageDistortion(x, first)
        XCTAssertEqual(distortion, 0.1, accuracy: 0.005)
        let sign = try Attacks.signNoise(x, eps: 0.2, clip: false, using: &a)
        XCTAssert(sign.scalars.allSatisfy { abs(abs($0 - 0.5) - 0.2) < 1e-6 })
        let plus = sign.scalars.filter { $0 > 0.5 }.count
        XCTAssertEqual(Double(plus) / Double(sign.count), 0.5, accuracy: 0.03)
    }

    func testAmplifyRescalesEachPerturbationToTheRequestedSize() throws {
        let x = try Tensor(shape: [2, 4], scalars: [0.5, 0.5, 0.5, 0.5, 0.1, 0.2, 0.3, 0.4])
        // Row 0 perturbation (0.01, -0.01, 0.01, -0.01): rms 0.01; row 1 unchanged.
        let xPrime = try Tensor(shape: [2, 4], scalars: [0.51, 0.49, 0.51, 0.49, 0.1, 0.2, 0.3, 0.4])
        let amplified = try Attacks.amplified(x, xPrime, toStandardDeviation: 0.1)
        let expected: [Float] = [0.6, 0.4, 0.6, 0.4, 0.1, 0.2, 0.3, 0.4]
        for (a, e) in zip(amplified.scalars, expected) { XCTAssertEqual(a, e, accuracy: 1e-5) }
        XCTAssertEqual(try Metrics.distortions(x, amplified)[0], 0.1, accuracy: 1e-5)
    }

    func testRotationKeepsTheNormAndTurnsByTheAngle() throws {
        let model = AttackTestSoftmax(inputs: 10, classes: 3, seed: 5)
        let (x, y) = try attackTestExamples(n: 6, d: 10, classes: 3, seed: 6)
        let angle: Float = 0.2
        let rotated = try Attacks.rotatedTowardGradient(model, x, labels: y, angle: angle, clip: false)
        let gradient = try model.lossAndInputGradient(x, labels: y).gradient
        for r in 0..<6 {
            let a = Array(x.scalars[r * 10..<(r + 1) * 10])
            let b = Array(rotated.scalars[r * 10..<(r + 1) * 10])
            let g = Array(gradient.scalars[r * 10..<(r + 1) * 10])
            let dot = { (u: [Float], v: [Float]) in zip(u, v).map(*).reduce(0, +) }
            XCTAssertEqual(dot(b, b), dot(a, a), accuracy: 1e-4)
            XCTAssertEqual(dot(a, b) / dot(a, a), cos(angle), accuracy: 1e-5)
            // It turned toward the gradient: the loss's first-order change is positive.
            XCTAssertGreaterThan(dot(zip(b, a).map { $0 - $1 }, g), 0)
        }
        let losses = try model.losses(rotated, labels: y)
        let clean = try model.losses(x, labels: y)
        XCTAssertGreaterThan(losses.reduce(0, +), clean.reduce(0, +))
    }

    func testAttacksRejectMismatchedShapesAndLabels() throws {
        let model = twoClassModel()
        let x = Tensor(shape: [2, 4], repeating: 0.5)
        XCTAssertThrowsError(try Attacks.fgsm(model, x, labels: [0, 1], eps: 0.1)) { error in
            XCTAssertEqual("\(error)", "fgsm: examples [2, 4] but test softmax takes [n, 3]")
        }
        let y = Tensor(shape: [2, 3], repeating: 0.5)
        XCTAssertThrowsError(try Attacks.fgsm(model, y, labels: [0], eps: 0.1)) { error in
            XCTAssertEqual("\(error)", "fgsm: examples [2, 3] but 1 labels")
        }
        XCTAssertThrowsError(try Attacks.fgsm(model, y, labels: [0, 2], eps: 0.1)) { error in
            XCTAssertEqual("\(error)", "fgsm: label 2 is not a class of test softmax (0..<2)")
        }
    }
}

/// The long attacks and analyses poll `shouldStop` and end with "interrupted".
final class AttackInterruptTests: XCTestCase {
    func testPGDRubbishAndErrorAgainstEpsStopWhenAsked() throws {
        let model = AttackTestSoftmax(inputs: 20, classes: 4, seed: 7)
        let (x, y) = try attackTestExamples(n: 6, d: 20, classes: 4, seed: 8)
        var generator = SeededGenerator(seed: 9)
        var polls = 0
        XCTAssertThrowsError(
            try Attacks.pgd(
                model, x, labels: y, eps: 0.1, steps: 1000, stepSize: 0.01, randomStart: false, using: &generator,
                shouldStop: {
                    polls += 1
                    return polls > 3
                })
        ) { error in XCTAssertEqual("\(error)", "pgd: interrupted") }
        XCTAssertEqual(polls, 4)
        XCTAssertThrowsError(
            try Analysis.rubbishInputs(model, count: 100, using: &generator, shouldStop: { true })
        ) { error in XCTAssertEqual("\(error)", "rubbish inputs: interrupted") }
        XCTAssertThrowsError(
            try Analysis.errorAgainstEps([model], x, labels: y, epsilons: [0.1], shouldStop: { true })
        ) { error in XCTAssertEqual("\(error)", "error against eps: interrupted") }
    }

    func testPGDRejectsANaNEps() throws {
        let model = AttackTestSoftmax(inputs: 20, classes: 4, seed: 7)
        let (x, y) = try attackTestExamples(n: 2, d: 20, classes: 4, seed: 8)
        var generator = SeededGenerator(seed: 9)
        XCTAssertThrowsError(
            try Attacks.pgd(
                model, x, labels: y, eps: .nan, steps: 1, stepSize: 0.01, randomStart: false, using: &generator)
        ) { error in XCTAssertTrue("\(error)".contains("must be finite and not negative"), "\(error)") }
    }
}
