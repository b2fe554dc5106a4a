import AdvAutograd
import AdvTensor
import Foundation
import XCTest

@testable import AdvNN

/// Each layer's forward pass on tiny cases computed by hand.
final class ModelLayerTests: XCTestCase {
    private func forward(
        _ layer: Layer, _ x: Tensor, _ parameters: [Tensor], mode: Mode = .evaluation, seed: UInt64 = 1
    ) throws -> Tensor {
        var layer = layer
        layer.parameterIndices = 0..<parameters.count
        let tape = Tape()
        var generator = SeededGenerator(seed: seed)
        return try layer.forward(
            tape.constant(x), parameters: parameters.map(tape.constant), mode: mode, generator: &generator
        ).value
    }

    func testLinear() throws {
        // [1, 2] @ [[1, 2, 3], [4, 5, 6]] + [0.5, 0, -1] = [9.5, 12, 14]
        let y = try forward(
            Layer(.linear(inputs: 2, outputs: 3)), tensor([1, 2], [1, 2]),
            [tensor([2, 3], [1, 2, 3, 4, 5, 6]), tensor([3], [0.5, 0, -1])])
        XCTAssertEqual(y.shape, [1, 3])
        assertClose(y.scalars, [9.5, 12, 14])
    }

    func testSigmoidAndRelu() throws {
        let x = tensor([1, 3], [-1, 0, 2])
        assertClose(try forward(Layer(.sigmoid), x, []).scalars, [0.26894142, 0.5, 0.88079708])
        assertClose(try forward(Layer(.relu), x, []).scalars, [0, 0, 2])
    }

    func testMaxoutTakesTheBestPieceOfEachUnit() throws {
        // z = x W + b = [1, 2] @ I(2 x 4 pattern) ...: W columns give z = [1, 2, -3, 0.5] + b
        let w = tensor([2, 4], [1, 0, -1, 0.5, 0, 1, -1, 0])
        let b = tensor([4], [0, 0, 0, 0])
        let y = try forward(Layer(.maxout(inputs: 2, units: 2, pieces: 2)), tensor([1, 2], [1, 2]), [w, b])
        // z = [1, 2, -3, 0.5]; unit 0 = max(1, 2) = 2, unit 1 = max(-3, 0.5) = 0.5
        XCTAssertEqual(y.shape, [1, 2])
        assertClose(y.scalars, [2, 0.5])
    }

    func testDropoutEvaluationScalesByTheMaskMean() throws {
        let x = tensor([1, 4], [1, 2, 3, 4])
        // Input dropout of the maxout recipe: kept with p .8, not rescaled -> evaluation multiplies by .8.
        assertClose(try forward(Layer(.dropout(keep: 0.8, scale: 1)), x, []).scalars, [0.8, 1.6, 2.4, 3.2])
        // Hidden dropout: kept with p .5, scaled x2 -> evaluation is the identity.
        assertClose(try forward(Layer(.dropout(keep: 0.5, scale: 2)), x, []).scalars, [1, 2, 3, 4])
    }

    func testDropoutTrainingKeepsOrZeroes() throws {
        let x = Tensor(shape: [50, 40], repeating: 1)
        let input = try forward(Layer(.dropout(keep: 0.8, scale: 1)), x, [], mode: .training)
        XCTAssertTrue(input.scalars.allSatisfy { $0 == 0 || $0 == 1 })
        let kept = Float(input.scalars.filter { $0 == 1 }.count) / Float(x.count)
        XCTAssertEqual(kept, 0.8, accuracy: 0.05)
        let hidden = try forward(Layer(.dropout(keep: 0.5, scale: 2)), x, [], mode: .training)
        XCTAssertTrue(hidden.scalars.allSatisfy { $0 == 0 || $0 == 2 })
        XCTAssertEqual(Float(hidden.scalars.filter { $0 == 2 }.count) / Float(x.count), 0.5, accuracy: 0.05)
    }

    func testRBFScores() throws {
        // x = [1, 0]; class 0: mu = [1, 1], gamma = [1, 2] (beta = [1, 4]): -(0 + 4 * 1) = -4
        //             class 1: mu = [0, 0], gamma = [0.5, 1] (beta = [.25, 1]): -(.25 * 1 + 0) = -.25
        let mu = tensor([2, 2], [1, 0, 1, 0])
        let gamma = tensor([2, 2], [1, 0.5, 2, 1])
        let y = try forward(Layer(.rbf(inputs: 2, classes: 2)), tensor([1, 2], [1, 0]), [mu, gamma])
        assertClose(y.scalars, [-4, -0.25])
    }

    func testLogisticRegressionProbabilities() throws {
        // z = 2 * 1 + (-1) * 1 + 0.5 = 1.5: p = [1 - sigmoid(1.5), sigmoid(1.5)]
        let model = Model.handMade(
            inputs: 2, classes: 2, layers: [Layer(.linear(inputs: 2, outputs: 1)), Layer(.binaryLogits)],
            parameters: [tensor([2, 1], [2, -1]), tensor([1], [0.5])])
        assertClose(try model.logits(tensor([1, 2], [1, 1])).scalars, [0, 1.5])
        let s: Float = 1 / (1 + Foundation.exp(-1.5))
        assertClose(try model.probabilities(tensor([1, 2], [1, 1])).scalars, [1 - s, s])
    }

    func testRBFProbabilitiesAreUnnormalised() throws {
        let model = Model.handMade(
            inputs: 2, classes: 2, layers: [Layer(.rbf(inputs: 2, classes: 2))],
            parameters: [tensor([2, 2], [1, 0, 1, 0]), tensor([2, 2], [1, 0.5, 2, 1])], loss: .rbfBinaryCrossEntropy)
        assertClose(
            try model.probabilities(tensor([1, 2], [1, 0])).scalars, [Foundation.exp(-4), Foundation.exp(-0.25)])
    }

    func testFamiliesHaveThePapersShapes() {
        XCTAssertEqual(Model.softmaxRegression(l2: 1e-4).parameterCount, 7850)
        XCTAssertEqual(Model.logisticRegression().parameterCount, 785)
        XCTAssertEqual(
            Model.fullyConnected(hidden: [100, 100]).parameterCount, 784 * 100 + 100 + 100 * 100 + 100 + 100 * 10 + 10)
        XCTAssertEqual(Model.fullyConnected(hidden: [100, 100]).name, "FC100-100-10")
        let maxout = Model.maxout(units: 240, pieces: 5, layers: 2)
        XCTAssertEqual(maxout.parameterCount, 784 * 1200 + 1200 + 240 * 1200 + 1200 + 2410)
        XCTAssertTrue(maxout.parameters[0].scalars.allSatisfy { Swift.abs($0) <= 0.005 })
        XCTAssertTrue(maxout.parameters[1].scalars.allSatisfy { $0 == 0 })
        XCTAssertEqual(Model.rbf().parameterCount, 2 * 7840)
        XCTAssertEqual(Model.autoencoder(hidden: 400).parameterCount, 784 * 400 + 400 + 4010 + 400 * 784 + 784)
        XCTAssertTrue(maxout.description.contains("maxout 784 -> 240 units x 5 pieces"), maxout.description)
        XCTAssertTrue(maxout.description.contains("max-norm 1.9365"), maxout.description)
    }

    func testSameSeedSameWeights() {
        XCTAssertEqual(Model.fullyConnected(seed: 7).parameters, Model.fullyConnected(seed: 7).parameters)
        XCTAssertNotEqual(Model.fullyConnected(seed: 7).parameters, Model.fullyConnected(seed: 8).parameters)
    }

    func testWrongInputWidthThrows() {
        let model = Model.softmaxRegression(inputs: 4, classes: 3)
        XCTAssertThrowsError(try model.logits(Tensor.zeros([2, 5]))) { error in
            XCTAssertTrue("\(error)".contains("[2, 5]"), "\(error)")
        }
    }

    func testBadLabelsThrowNamingTheLabel() {
        for model in [Model.softmaxRegression(inputs: 4, classes: 3), Model.rbf(inputs: 4, classes: 3)] {
            XCTAssertThrowsError(try model.lossAndInputGradient(Tensor.zeros([2, 4]), labels: [0, 5])) { error in
                XCTAssertTrue("\(error)".contains("label 5"), "\(error)")
            }
            XCTAssertThrowsError(try model.lossAndInputGradient(Tensor.zeros([2, 4]), labels: [0])) { error in
                XCTAssertTrue("\(error)".contains("1 labels"), "\(error)")
            }
        }
    }
}
