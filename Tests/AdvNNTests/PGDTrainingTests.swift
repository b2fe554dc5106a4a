import AdvData
import AdvTensor
import AdvTestSupport
import Foundation
import XCTest

@testable import AdvNN

/// PGD adversarial training (Madry et al. 2017), `TrainingOptions.Objective.pgd`: its examples on a
/// model where they are known by hand, FGSM's objective as its one-step case to the bit, the tape
/// and the tape-free path agreeing, seeds, and a killed run resumed to the uninterrupted numbers.
final class PGDTrainingTests: XCTestCase {
    /// Two-class softmax regression on 4 inputs: the loss's input gradient for class 0 is
    /// `p1 (W[:, 1] - W[:, 0])`, whose sign is the same at every x. So PGD walks every pixel
    /// straight in the sign of `W[:, 1] - W[:, 0]` (here + - + -) until the ball or [0, 1] stops it.
    private func linearModel() throws -> Model {
        let model = Model.softmaxRegression(inputs: 4, classes: 2, seed: 1)
        try model.setParameters([
            tensor([4, 2], [0.5, 1, 1, -1, -0.5, 0.5, 0.3, 0.2]), tensor([2], [0.1, -0.1]),
        ])
        return model
    }

    func testTheExamplesOfALinearModelAreKnownByHand() throws {
        let model = try linearModel()
        let x = tensor([2, 4], [0.5, 0.5, 0.95, 0.2, 0.1, 0.05, 0.5, 0.9])
        let labels = [0, 0]
        let signs: [Float] = [1, -1, 1, -1]
        // (steps, step, random start) -> where each pixel ends: `steps * step` along the sign when
        // that stays inside the ball, else its edge; always inside [0, 1]. From a random start,
        // 7 steps of .1 cover the ball's whole width (.6), so every pixel ends on the edge.
        let cases: [(steps: Int, step: Float, randomStart: Bool, moved: Float)] = [
            (2, 0.1, false, 0.2), (5, 0.1, false, 0.3), (7, 0.1, true, 0.3),
        ]
        let (eps, alpha): (Float, Float) = (0.3, 0.25)
        for (steps, step, randomStart, moved) in cases {
            var expected = x.scalars
            for i in expected.indices {
                let sign = signs[i % 4]
                // The walk, step by step, as PGD rounds it; then the edge when it is reached.
                var walked = x.scalars[i]
                for _ in 0..<Int((moved / step).rounded()) { walked += step * sign }
                let edge = sign > 0 ? x.scalars[i] + eps : (sign < 0 ? x.scalars[i] - eps : x.scalars[i])
                expected[i] = Swift.min(Swift.max(moved < eps ? walked : edge, 0), 1)
            }
            let objective = TrainingOptions.Objective.pgd(
                eps: eps, steps: steps, stepSize: step, randomStart: randomStart, alpha: alpha)
            let dense = try XCTUnwrap(DenseNetwork(model))
            var generator = SeededGenerator(seed: 3)
            let result = try XCTUnwrap(
                try dense.objectiveStep(
                    x, labels: labels, objective: objective, trainable: Array(model.parameters.indices),
                    mode: .evaluation, generator: &generator))
            let context = "steps \(steps) step \(step) random start \(randomStart)"
            assertClose(dense.perturbed.scalars, expected, tolerance: 1e-6)
            // The value is eq. 6 at those examples.
            let mean = { (values: [Float]) in values.reduce(0, +) / Float(values.count) }
            let clean = try model.exampleLosses(outputs: model.logits(x), labels: labels)
            let adversarial = try model.exampleLosses(
                outputs: model.logits(tensor(x.shape, expected)), labels: labels)
            XCTAssertEqual(result.value, alpha * mean(clean) + (1 - alpha) * mean(adversarial), accuracy: 1e-6, context)
            XCTAssertGreaterThan(mean(adversarial), mean(clean), context)
        }
    }

    /// Models with dropout (so the masks' order matters) and without.
    private func models() -> [Model] {
        [
            Model.maxout(inputs: 12, units: 4, pieces: 3, layers: 2, classes: 5, seed: 1),
            Model.fullyConnected(inputs: 12, hidden: [9], classes: 5, activation: .relu, seed: 4),
        ]
    }

    private func batch(n: Int = 6) -> (Tensor, [Int]) {
        var generator = SeededGenerator(seed: 11)
        return (Model.uniform([n, 12], low: 0, high: 1, using: &generator), (0..<n).map { $0 % 5 })
    }

    func testOneStepOfEpsFromXIsTheFGSMObjectiveToTheBit() throws {
        let (x, labels) = batch()
        for model in models() {
            let trainable = Array(model.parameters.indices)
            for alpha: Float in [0, 0.5] {
                for mode in [Mode.training, .evaluation] {
                    let fgsm = TrainingOptions.Objective.adversarial(eps: 0.1, alpha: alpha)
                    let pgd = TrainingOptions.Objective.pgd(
                        eps: 0.1, steps: 1, stepSize: 0.1, randomStart: false, alpha: alpha)
                    let context = "\(model.name) alpha \(alpha) \(mode)"
                    // Tape-free and on the tape.
                    var generators = (SeededGenerator(seed: 21), SeededGenerator(seed: 21))
                    let expected = try XCTUnwrap(
                        try DenseNetwork(model)?.objectiveStep(
                            x, labels: labels, objective: fgsm, trainable: trainable, mode: mode,
                            generator: &generators.0))
                    let actual = try XCTUnwrap(
                        try DenseNetwork(model)?.objectiveStep(
                            x, labels: labels, objective: pgd, trainable: trainable, mode: mode,
                            generator: &generators.1))
                    assertSameStep(actual, expected, context + " dense")
                    XCTAssertEqual(generators.0.next(), generators.1.next(), context)
                    var tapeGenerators = (SeededGenerator(seed: 21), SeededGenerator(seed: 21))
                    let tapeExpected = try model.objectiveStep(
                        x, labels: labels, objective: fgsm, trainable: trainable, mode: mode,
                        generator: &tapeGenerators.0)
                    let tapeActual = try model.objectiveStep(
                        x, labels: labels, objective: pgd, trainable: trainable, mode: mode,
                        generator: &tapeGenerators.1)
                    assertSameStep(tapeActual, tapeExpected, context + " tape")
                    XCTAssertEqual(tapeGenerators.0.next(), tapeGenerators.1.next(), context)
                }
            }
        }
    }

    private func assertSameStep(_ a: ObjectiveStep, _ b: ObjectiveStep, _ context: String) {
        XCTAssertEqual(a.value.bitPattern, b.value.bitPattern, context)
        XCTAssertEqual(a.errors, b.errors, context)
        XCTAssertEqual(a.gradients.count, b.gradients.count, context)
        for (index, (g, h)) in zip(a.gradients, b.gradients).enumerated() {
            assertSameScalars(g, h, "\(context): gradient \(index)")
        }
    }

    func testTheTapeFreePathMatchesTheTape() throws {
        let (x, labels) = batch()
        let objectives: [TrainingOptions.Objective] = [
            .pgd(eps: 0.1, steps: 3, stepSize: 0.05), .pgd(eps: 0.1, steps: 3, stepSize: 0.05, alpha: 0.5),
            .pgd(eps: 0.2, steps: 2, stepSize: 0.1, randomStart: false, alpha: 0.3),
        ]
        for model in models() {
            let trainable = Array(model.parameters.indices)
            for objective in objectives {
                for mode in [Mode.training, .evaluation] {
                    var tapeGenerator = SeededGenerator(seed: 21)
                    var denseGenerator = SeededGenerator(seed: 21)
                    let expected = try model.objectiveStep(
                        x, labels: labels, objective: objective, trainable: trainable, mode: mode,
                        generator: &tapeGenerator)
                    let actual = try XCTUnwrap(
                        try DenseNetwork(model)?.objectiveStep(
                            x, labels: labels, objective: objective, trainable: trainable, mode: mode,
                            generator: &denseGenerator))
                    let context = "\(model.name) \(objective) \(mode)"
                    XCTAssertEqual(actual.value, expected.value, accuracy: 1e-5, context)
                    XCTAssertEqual(actual.errors, expected.errors, context)
                    for (a, e) in zip(actual.gradients, expected.gradients) {
                        assertClose(a.scalars, e.scalars, tolerance: 1e-4)
                    }
                    XCTAssertEqual(tapeGenerator.next(), denseGenerator.next(), context)
                }
            }
        }
    }

    /// A short PGD-trained run with dropout, lr decay and momentum ramp.
    private func settings(seed: UInt64 = 3) throws -> (ExampleSet, TrainingOptions) {
        let set = try separableSet(n: 80, features: 12, classes: 3, seed: 7)
        var options = TrainingOptions()
        options.epochs = 5
        options.batchSize = 10
        options.learningRate = 0.2
        options.lrDecay = 1.01
        options.momentumEnd = 0.9
        options.momentumRampEpochs = 4
        options.seed = seed
        options.objective = .pgd(eps: 0.1, steps: 3, stepSize: 0.05, alpha: 0.2)
        return (set, options)
    }

    private func model() -> Model { Model.maxout(inputs: 12, units: 4, pieces: 2, layers: 2, classes: 3, seed: 5) }

    func testASeedGivesTheSameRunAndAnotherSeedAnother() throws {
        let (set, options) = try settings()
        let (a, b) = (model(), model())
        try train(a, on: set, options: options)
        try train(b, on: set, options: options)
        for (index, (p, q)) in zip(a.parameters, b.parameters).enumerated() {
            assertSameScalars(p, q, "parameter \(index)")
        }
        let (_, other) = try settings(seed: 4)
        let c = model()
        try train(c, on: set, options: other)
        XCTAssertNotEqual(a.parameters[0], c.parameters[0])
        XCTAssertTrue(a.trainingLog.contains { $0.contains("objective adversarial pgd eps 0.1 steps 3 step 0.05") })
    }

    func testAKilledRunResumesToTheUninterruptedNumbers() throws {
        let (set, options) = try settings()
        let folder = try temporaryFolder("pgd")
        defer { try? FileManager.default.removeItem(at: folder) }
        // Killed in the third epoch: two epochs were saved; the third's steps are lost.
        try assertKilledRunResumes(
            model, on: set, options: options, killedAfter: 2 * 8 + 3,
            checkpoint: folder.appendingPathComponent("run.checkpoint").path)
    }

    func testTheSettingsAreInTheFingerprint() throws {
        let (set, options) = try settings()
        var other = options
        other.objective = .pgd(eps: 0.1, steps: 4, stepSize: 0.05, alpha: 0.2)
        var noStart = options
        noStart.objective = .pgd(eps: 0.1, steps: 3, stepSize: 0.05, randomStart: false, alpha: 0.2)
        let prints = [options, other, noStart].map { TrainingCheckpoint.fingerprint(model(), set: set, options: $0) }
        XCTAssertEqual(Set(prints).count, 3)
    }

    /// The attack's projection, now one fused pass, against projecting onto the ball clipped to
    /// [0, 1] as two separate operations, from the same random start.
    func testTheAttackEqualsProjectingOntoTheClippedBall() throws {
        let model = models()[1]
        let (x, labels) = batch()
        let (eps, stepSize, steps): (Float, Float, Int) = (0.3, 0.07, 5)
        var generator = SeededGenerator(seed: 5)
        let attack = try Attacks.pgd(
            model, x, labels: labels, eps: eps, steps: steps, stepSize: stepSize, randomStart: true, using: &generator)
        var again = SeededGenerator(seed: 5)
        let low = (x - eps).clipped(min: 0, max: 1)
        let high = (x + eps).clipped(min: 0, max: 1)
        var current = try Tensor.minimum(
            Tensor.maximum(Attacks.uniformNoise(x, eps: eps, clip: false, using: &again), low), high)
        for _ in 0..<steps {
            let gradient = try model.lossAndInputGradient(current, labels: labels).gradient
            let moved = try current + stepSize * gradient.sign()
            current = try Tensor.minimum(Tensor.maximum(moved, low), high)
        }
        assertSameScalars(attack, current, "pgd attack")
    }
}
