import AdvTensor
import XCTest

@testable import AdvNN

/// Whole-model gradients (from the tape) against central finite differences of the loss.
final class ModelGradientTests: XCTestCase {
    private let step: Float = 1e-3

    /// Fresh parameters uniform in [low, high), so maxout pieces and sigmoids are far from ties.
    private func randomize(_ model: Model, low: Float = -1, high: Float = 1, seed: UInt64 = 3) throws {
        var generator = SeededGenerator(seed: seed)
        try model.setParameters(
            model.parameters.map { Model.uniform($0.shape, low: low, high: high, using: &generator) })
    }

    private func batch(_ model: Model, n: Int = 4) -> (Tensor, [Int]) {
        var generator = SeededGenerator(seed: 11)
        let x = Model.uniform([n, model.inputs], low: 0, high: 1, using: &generator)
        return (x, (0..<n).map { $0 % model.classes })
    }

    /// Compares the gradient of `objective` for every parameter scalar with central differences,
    /// the difference taken in Float64.
    private func checkParameterGradients(
        _ model: Model, objective: TrainingOptions.Objective = .plain, file: StaticString = #filePath,
        line: UInt = #line
    ) throws {
        let (x, labels) = batch(model)
        let trainable = Array(model.parameters.indices)
        func value() throws -> Double {
            var generator = SeededGenerator(seed: 5)
            return Double(
                try model.objectiveStep(
                    x, labels: labels, objective: objective, trainable: trainable, mode: .evaluation,
                    generator: &generator
                ).value)
        }
        var generator = SeededGenerator(seed: 5)
        let analytic = try model.objectiveStep(
            x, labels: labels, objective: objective, trainable: trainable, mode: .evaluation, generator: &generator
        ).gradients
        XCTAssertEqual(analytic.count, model.parameters.count, file: file, line: line)
        var checked = 0
        for (index, gradient) in analytic.enumerated() {
            XCTAssertEqual(gradient.shape, model.parameters[index].shape, file: file, line: line)
            for j in 0..<gradient.count {
                let h = step
                try model.updateParameter(index) { $0[j] += h }
                let plus = try value()
                try model.updateParameter(index) { $0[j] -= 2 * h }
                let minus = try value()
                try model.updateParameter(index) { $0[j] += h }
                let numeric = (plus - minus) / (2 * Double(h))
                let exact = Double(gradient.scalars[j])
                XCTAssertEqual(
                    exact, numeric, accuracy: 2e-2 * Swift.max(Swift.abs(numeric), 0.05),
                    "parameter \(model.parameterNames[index]) scalar \(j)", file: file, line: line)
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 0, file: file, line: line)
    }

    func testSoftmaxRegression() throws {
        let model = Model.softmaxRegression(inputs: 3, classes: 3)
        try randomize(model)
        try checkParameterGradients(model)
    }

    func testLinearSVM() throws {
        // Random weights put some scores beyond their margin and some inside, so both sides of the
        // hinge are checked (a kink sits at t s = 1, which a random point misses).
        let model = Model.linearSVM(inputs: 3, classes: 3, l2: 0)
        try randomize(model)
        try checkParameterGradients(model)
    }

    func testLogisticRegression() throws {
        let model = Model.logisticRegression(inputs: 3)
        try randomize(model)
        try checkParameterGradients(model)
    }

    func testSigmoidNetwork() throws {
        let model = Model.fullyConnected(inputs: 3, hidden: [4, 3], classes: 3, activation: .sigmoid, l2: [0])
        try randomize(model)
        try checkParameterGradients(model)
    }

    func testMaxoutNetwork() throws {
        let model = Model.maxout(inputs: 3, units: 2, pieces: 3, layers: 2, classes: 3, dropout: true)
        try randomize(model)
        try checkParameterGradients(model)
    }

    func testRBF() throws {
        let model = Model.rbf(inputs: 3, classes: 3)
        try randomize(model, low: 0.2, high: 0.9)
        try checkParameterGradients(model)
    }

    func testAutoencoderReconstruction() throws {
        let model = Model.autoencoder(inputs: 3, hidden: 2, classes: 3, l2: 0)
        try randomize(model)
        try checkParameterGradients(model, objective: .reconstruction)
    }

    func testAdversarialObjectiveGradient() throws {
        // The sign is a constant: away from sign flips, eq. 6 is differentiable in the parameters.
        let model = Model.fullyConnected(inputs: 3, hidden: [4], classes: 3, activation: .sigmoid, l2: [0])
        try randomize(model)
        try checkParameterGradients(model, objective: .adversarial(eps: 0.05, alpha: 0.5))
    }

    func testDoubleBackpropObjectiveGradient() throws {
        // J + lambda mean |grad_x J_i|^2: its parameter gradient by a central difference of first-order
        // passes (Objective+DoubleBackprop) against central differences of the objective's value.
        let model = Model.fullyConnected(inputs: 3, hidden: [4], classes: 3, activation: .sigmoid, l2: [0])
        try randomize(model)
        try checkParameterGradients(model, objective: .doubleBackprop(lambda: 0.5))
    }

    func testErrorCorrectingCodesGradient() throws {
        let model = try Model.errorCorrectingCodes(inputs: 3, hidden: [4], classes: 3, bits: 5, activation: .sigmoid)
        try randomize(model)
        try checkParameterGradients(model)
    }

    func testInputGradientMatchesFiniteDifferences() throws {
        for model in [
            Model.fullyConnected(inputs: 3, hidden: [4], classes: 3, l2: [0]), Model.rbf(inputs: 3, classes: 3),
            Model.maxout(inputs: 3, units: 2, pieces: 2, layers: 1, classes: 3),
            Model.linearSVM(inputs: 3, classes: 3, l2: 0),
        ] {
            try randomize(model, low: 0.1, high: 0.9)
            let (x, labels) = batch(model)
            let (losses, gradient) = try model.lossAndInputGradient(x, labels: labels)
            XCTAssertEqual(losses.count, 4)
            XCTAssertEqual(gradient.shape, x.shape)
            for j in 0..<x.count {
                var plus = x.scalars
                var minus = x.scalars
                plus[j] += step
                minus[j] -= step
                let up = try model.exampleLosses(outputs: model.logits(tensor(x.shape, plus)), labels: labels)
                let down = try model.exampleLosses(outputs: model.logits(tensor(x.shape, minus)), labels: labels)
                let numeric = zip(up, down).reduce(0.0) { $0 + Double($1.0) - Double($1.1) } / (2 * Double(step))
                XCTAssertEqual(
                    Double(gradient.scalars[j]), numeric, accuracy: 2e-2 * Swift.max(Swift.abs(numeric), 0.05),
                    "\(model.name) x[\(j)]")
            }
        }
    }
}
