import AdvData
import AdvTensor
import XCTest

@testable import AdvNN

final class AttackExampleSetTests: XCTestCase {
    func testLabelsTravelWithTheExamplesThroughEveryAttack() throws {
        let model = AttackTestSoftmax(inputs: 10, classes: 3, seed: 51)
        let (x, y) = try attackTestExamples(n: 9, d: 10, classes: 3, seed: 52)
        let set = try ExampleSet(images: x, labels: y, name: "toy")
        var generator = SeededGenerator(seed: 53)
        let fgsm = try Attacks.fgsm(model, set, eps: 0.1)
        XCTAssertEqual(fgsm.name, "toy, fgsm eps 0.1 against test softmax")
        XCTAssertEqual(fgsm.images, try Attacks.fgsm(model, x, labels: y, eps: 0.1))
        let moved = [
            fgsm,
            try Attacks.pgd(model, set, eps: 0.1, steps: 3, stepSize: 0.05, randomStart: true, using: &generator),
            try Attacks.signNoise(set, eps: 0.1, using: &generator),
            try Attacks.uniformNoise(set, eps: 0.1, using: &generator),
            try Attacks.gaussianNoise(set, standardDeviation: 0.1, using: &generator),
            try Attacks.rotatedTowardGradient(model, set, angle: 0.1),
            try Attacks.amplified(set, fgsm, toStandardDeviation: 0.05),
            try Attacks.minimumDistortion(model, set).examples,
        ]
        for example in moved {
            XCTAssertEqual(example.labels, y, example.name)
            XCTAssertEqual(example.images.shape, [9, 10], example.name)
            XCTAssert(example.name.hasPrefix("toy, "), example.name)
        }
        let amplified = moved[6]
        for distortion in try Metrics.distortions(set, amplified) { XCTAssertLessThanOrEqual(distortion, 0.05 + 1e-5) }
        let matrix = try Metrics.transferMatrix(Array(moved[0..<2]), models: [model, model])
        XCTAssertEqual(matrix.sources, [moved[0].name, moved[1].name])
        XCTAssertEqual(matrix.errors[0][0], try Metrics.evaluate(model, fgsm).error)
        let relabeled = try ExampleSet(images: fgsm.images, labels: y.map { ($0 + 1) % 3 }, name: "other")
        XCTAssertThrowsError(try Metrics.distortions(set, relabeled)) { error in
            XCTAssertEqual(
                "\(error)",
                "distortion: other [9, 10] is not a perturbed copy of toy [9, 10] (shapes or labels differ)")
        }
    }
}

extension AttackExampleSetTests {
    func testTransferMatrixOfExamplesMadeForEachModel() throws {
        let first = AttackTestSoftmax(inputs: 10, classes: 3, seed: 61, scale: 3)
        let second = AttackTestSoftmax(inputs: 10, classes: 3, seed: 62, scale: 3)
        let (x, _) = try attackTestExamples(n: 30, d: 10, classes: 3, seed: 63)
        let set = try ExampleSet(images: x, labels: Metrics.predictions(first, x).classes, name: "toy")
        let matrix = try Metrics.transferMatrix(models: [first, second]) { model in
            try Attacks.fgsm(model, set, eps: 0.3)
        }
        XCTAssertEqual(matrix.sources, ["for test softmax", "for test softmax"])
        XCTAssertEqual(matrix.errors[0][0], try Metrics.evaluate(first, Attacks.fgsm(first, set, eps: 0.3)).error)
        XCTAssertEqual(matrix.errors[1][0], try Metrics.evaluate(first, Attacks.fgsm(second, set, eps: 0.3)).error)
        // White-box examples hurt their own model at least as much as the other model's examples do.
        XCTAssertGreaterThanOrEqual(matrix.errors[0][0], matrix.errors[1][0])
        XCTAssertGreaterThan(matrix.errors[0][0], 0.5)

        let targeted = try Attacks.fgsm(first, set, towards: set.labels.map { ($0 + 1) % 3 }, eps: 0.3)
        XCTAssertEqual(targeted.labels, set.labels)
        XCTAssertThrowsError(try Attacks.fgsm(first, set, towards: [0], eps: 0.3)) { error in
            XCTAssertEqual("\(error)", "fgsm (targeted): 1 targets for 30 examples")
        }
    }
}
