import AdvAutograd
import AdvTensor
import AdvTestSupport
import XCTest

@testable import AdvNN

/// The tape-free `DenseNetwork` against the tape (`Model.objectiveStep`, `Model.logits(_:parameters:)`):
/// the same values and gradients to float rounding, with the same dropout masks for the same seed.
final class DenseNetworkTests: XCTestCase {
    /// Small members of every family the dense path runs, with parameters far from maxout ties.
    private func models() throws -> [Model] {
        let all = [
            Model.maxout(inputs: 12, units: 4, pieces: 3, layers: 2, classes: 5, seed: 1),
            Model.maxout(inputs: 12, units: 3, pieces: 2, layers: 1, classes: 5, dropout: false, seed: 2),
            Model.fullyConnected(inputs: 12, hidden: [7, 6], classes: 5, activation: .sigmoid, seed: 3),
            Model.fullyConnected(inputs: 12, hidden: [9], classes: 5, activation: .relu, seed: 4),
            Model.softmaxRegression(inputs: 12, classes: 5, seed: 5),
            Model.linearSVM(inputs: 12, classes: 5, seed: 7),
            Model.autoencoder(inputs: 12, hidden: 6, classes: 5, seed: 6),
        ]
        var generator = SeededGenerator(seed: 9)
        for model in all {
            try model.setParameters(
                model.parameters.map { Model.uniform($0.shape, low: -1, high: 1, using: &generator) })
        }
        return all
    }

    private func batch(n: Int = 6) -> (Tensor, [Int]) {
        var generator = SeededGenerator(seed: 11)
        return (Model.uniform([n, 12], low: 0, high: 1, using: &generator), (0..<n).map { $0 % 5 })
    }

    func testEveryDenseFamilyIsRecognisedAndOthersAreNot() throws {
        for model in try models() { XCTAssertNotNil(DenseNetwork(model), model.name) }
        XCTAssertNil(DenseNetwork(Model.rbf(inputs: 12, classes: 5)))
        XCTAssertNil(DenseNetwork(Model.logisticRegression(inputs: 12)))
    }

    func testObjectiveStepsMatchTheTape() throws {
        let (x, labels) = batch()
        let objectives: [TrainingOptions.Objective] = [
            .plain, .adversarial(eps: 0.1, alpha: 0.5), .adversarial(eps: 0.1, alpha: 0), .noise(.sign, eps: 0.1),
            .doubleBackprop(lambda: 0.5),
        ]
        let coded = try Model.errorCorrectingCodes(inputs: 12, hidden: [7], classes: 5, bits: 9, seed: 8)
        var generator = SeededGenerator(seed: 10)
        try coded.setParameters(coded.parameters.map { Model.uniform($0.shape, low: -1, high: 1, using: &generator) })
        for model in try models() + [coded] {
            let trainable = Array(model.parameters.indices)
            for objective in objectives {
                for mode in [Mode.training, .evaluation] {
                    var tapeGenerator = SeededGenerator(seed: 21)
                    var denseGenerator = SeededGenerator(seed: 21)
                    let expected = try model.objectiveStep(
                        x, labels: labels, objective: objective, trainable: trainable, mode: mode,
                        generator: &tapeGenerator)
                    let dense = try XCTUnwrap(DenseNetwork(model))
                    let actual = try XCTUnwrap(
                        try dense.objectiveStep(
                            x, labels: labels, objective: objective, trainable: trainable, mode: mode,
                            generator: &denseGenerator))
                    let context = "\(model.name) \(objective) \(mode)"
                    // NOTE: double backprop's gradient is a difference of two passes scaled by
                    // lambda / h (about 1e3 here), so the two paths' rounding, 1e-7 relative in
                    // each pass, shows at 1e-4 relative after it: a looser tolerance for it.
                    let difference = if case .doubleBackprop = objective { true } else { false }
                    XCTAssertEqual(
                        actual.value, expected.value, accuracy: 1e-5 * Swift.max(1, Swift.abs(expected.value)), context)
                    XCTAssertEqual(actual.errors, expected.errors, context)
                    XCTAssertEqual(actual.gradients.map(\.shape), expected.gradients.map(\.shape), context)
                    for (a, e) in zip(actual.gradients, expected.gradients) {
                        assertClose(a.scalars, e.scalars, tolerance: difference ? 2e-3 : 1e-4)
                    }
                    // Both drew the same numbers: the generators are in the same state.
                    XCTAssertEqual(tapeGenerator.next(), denseGenerator.next(), context)
                }
            }
        }
    }

    func testClassifierQueriesMatchTheTape() throws {
        let (x, labels) = batch()
        for model in try models() {
            let tape = Tape()
            let input = tape.variable(x)
            var unused = SeededGenerator(seed: 0)
            let z = try model.logits(
                input, parameters: model.parameters.map(tape.constant), mode: .evaluation, generator: &unused)
            let mean = try model.meanLoss(z, labels: labels)
            let gradient = try tape.gradients(of: mean, wrt: [input])[0] * Float(labels.count)
            assertClose(try model.logits(x).scalars, z.value.scalars)
            let (losses, actual) = try model.lossAndInputGradient(x, labels: labels)
            assertClose(losses, try model.exampleLosses(outputs: z.value, labels: labels))
            assertClose(actual.scalars, gradient.scalars, tolerance: 1e-4)
        }
    }

    /// The model keeps one evaluation network; its answers follow the parameters as they change
    /// and do not depend on what it answered before (another batch size, an input gradient).
    func testTheKeptEvaluationNetworkFollowsTheParameters() throws {
        let (x, _) = batch()
        let (wide, _) = batch(n: 9)
        for model in try models() {
            let network = model.evaluationNetwork
            XCTAssertNotNil(network)
            let before = try model.logits(x)
            _ = try model.logits(wide)
            _ = try model.lossAndInputGradient(wide, labels: (0..<9).map { $0 % 5 })
            assertSameScalars(try model.logits(x), before)
            XCTAssertTrue(model.evaluationNetwork === network, "the network is kept")
            try model.setParameters(model.parameters.map { $0 * 0.5 })
            let fresh = try XCTUnwrap(DenseNetwork(model))
            var unused = SeededGenerator(seed: 0)
            let expected = try fresh.forward(x, mode: .evaluation, generator: &unused)
            assertSameScalars(try model.logits(x), expected)
            XCTAssertNotEqual(expected.scalars, before.scalars)
        }
    }

    func testTrainingOnlyTheLastLayerLeavesTheOthersAlone() throws {
        let model = Model.maxout(inputs: 12, units: 4, pieces: 3, layers: 2, classes: 5, seed: 1)
        let (x, labels) = batch()
        var options = TrainingOptions()
        options.trainOnlyLastLayer = true
        let trainable = try model.trainableParameters(options)
        var a = SeededGenerator(seed: 5)
        var b = SeededGenerator(seed: 5)
        let expected = try model.objectiveStep(
            x, labels: labels, objective: .plain, trainable: trainable, mode: .training, generator: &a)
        let actual = try XCTUnwrap(
            try XCTUnwrap(DenseNetwork(model)).objectiveStep(
                x, labels: labels, objective: .plain, trainable: trainable, mode: .training, generator: &b))
        XCTAssertEqual(actual.gradients.count, 2)
        for (g, e) in zip(actual.gradients, expected.gradients) { assertClose(g.scalars, e.scalars, tolerance: 1e-4) }
    }

    func testWrongInputWidthThrowsNamingTheModel() throws {
        let model = Model.maxout(inputs: 12, units: 4, pieces: 3, layers: 2, classes: 5, seed: 1)
        let dense = try XCTUnwrap(DenseNetwork(model))
        var generator = SeededGenerator(seed: 1)
        XCTAssertThrowsError(try dense.forward(Tensor.zeros([2, 11]), mode: .training, generator: &generator)) {
            XCTAssertTrue("\($0)".contains("[2, 11]"), "\($0)")
        }
    }
}
