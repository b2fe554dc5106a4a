import AdvTensor
import Foundation
import XCTest

@testable import AdvNN

/// The lecture's defences as classifiers (test-time noise, a denoising autoencoder in front, a
/// confidence-reducing step, error-correcting output codes): tiny cases checked by hand and their
/// input gradients against central differences.
final class DefenceClassifierTests: XCTestCase {
    private let net = AttackTestSoftmax(inputs: 4, classes: 3, seed: 1, scale: 2)
    private let x = tensor([2, 4], [0.1, 0.5, 0.9, 0.3, 0.8, 0.2, 0.4, 0.6])
    private let labels = [2, 0]

    /// Central differences of the summed `loss` at `x`, row by row.
    private func numericGradient(_ x: Tensor, _ loss: (Tensor) throws -> [Float], h: Float = 1e-3) throws -> [Double] {
        var result: [Double] = []
        for i in 0..<x.count {
            var up = x.scalars
            var down = x.scalars
            up[i] += h
            down[i] -= h
            let plus = try loss(tensor(x.shape, up)).reduce(0.0) { $0 + Double($1) }
            let minus = try loss(tensor(x.shape, down)).reduce(0.0) { $0 + Double($1) }
            result.append((plus - minus) / Double(2 * h))
        }
        return result
    }

    // MARK: error-correcting output codes

    func testDecodingPicksTheNearestCodewordOfAThreeClassCode() throws {
        // Codewords 110, 011, 101. Bit logits +-8 spell 111 with one bit unsure: the loss-based
        // distance to each codeword is the logistic loss of its bits.
        let code = tensor([3, 3], [1, 1, 0, 0, 1, 1, 1, 0, 1])
        let z = tensor([3, 3], [8, 8, -8, 0, 0, 0, -8, 1, 8])
        let scores = try ErrorCorrectingCode.scores(z, code: code)
        // Row 0 is codeword 0 exactly: score log sigmoid(8) * 3; the others differ in two bits.
        let agree = -Foundation.log1p(Foundation.exp(-8.0))
        let disagree = -8 - Foundation.log1p(Foundation.exp(-8.0))
        XCTAssertEqual(Double(scores.scalars[0]), 3 * agree, accuracy: 1e-5)
        XCTAssertEqual(Double(scores.scalars[1]), agree + 2 * disagree, accuracy: 1e-4)
        // Row 1: every bit undecided, every codeword log(1/2) per bit.
        for c in 0..<3 { XCTAssertEqual(Double(scores.scalars[3 + c]), 3 * Foundation.log(0.5), accuracy: 1e-5) }
        // Row 2 spells 0?1 with the middle bit leaning to 1: codeword 1 (011) wins over 2 (101).
        XCTAssertEqual(try scores.argmaxRows(), [0, 0, 1])
    }

    func testBitLossesAndTheirGradient() throws {
        let code = tensor([3, 3], [1, 1, 0, 0, 1, 1, 1, 0, 1])
        let z = tensor([2, 3], [0, 0, 0, 2, -1, 0.5])
        let (losses, gradient) = try ErrorCorrectingCode.bitLosses(z, labels: [1, 2], code: code, gradientScale: 1)
        XCTAssertEqual(Double(losses[0]), 3 * Foundation.log(2.0), accuracy: 1e-6)
        // Row 1 against 101: softplus(-2) + softplus(-1) + softplus(-0.5).
        let expected = [-2.0, -1, -0.5].map { Foundation.log1p(Foundation.exp($0)) }.reduce(0, +)
        XCTAssertEqual(Double(losses[1]), expected, accuracy: 1e-6)
        let g = try XCTUnwrap(gradient)
        assertClose(Array(g.scalars[0..<3]), [0.5, -0.5, -0.5])
        let sigmoid = { (v: Float) in 1 / (1 + Foundation.exp(-v)) }
        assertClose(Array(g.scalars[3..<6]), [sigmoid(2) - 1, sigmoid(-1), sigmoid(0.5) - 1])
    }

    func testTheCodeKeepsItsCodewordsApartAndItsBitsInformative() throws {
        let code = try ErrorCorrectingCode.matrix(classes: 10, bits: 15, seed: 1)
        XCTAssertEqual(code.shape, [10, 15])
        XCTAssertEqual(code, try ErrorCorrectingCode.matrix(classes: 10, bits: 15, seed: 1))
        let rows = (0..<10).map { Array(code.scalars[$0 * 15..<($0 + 1) * 15]) }
        for i in 0..<10 {
            for j in (i + 1)..<10 {
                let distance = zip(rows[i], rows[j]).filter { $0 != $1 }.count
                XCTAssertGreaterThanOrEqual(distance, ErrorCorrectingCode.minimumDistance(15), "rows \(i), \(j)")
            }
        }
        for b in 0..<15 {
            let column = rows.map { $0[b] }
            XCTAssertTrue(column.contains(0) && column.contains(1), "bit \(b) is constant")
        }
        XCTAssertThrowsError(try ErrorCorrectingCode.matrix(classes: 10, bits: 3, seed: 1))
    }

    func testAnECOCNetworkPredictsByItsCodeAndItsInputGradientIsItsLoss() throws {
        let model = try Model.errorCorrectingCodes(inputs: 4, hidden: [5], classes: 3, bits: 6, activation: .sigmoid)
        var generator = SeededGenerator(seed: 3)
        try model.setParameters(model.parameters.map { Model.uniform($0.shape, low: -1, high: 1, using: &generator) })
        let code = try XCTUnwrap(model.code)
        let bits = try model.outputs(x)
        XCTAssertEqual(bits.shape, [2, 6])
        XCTAssertEqual(try model.logits(x), try ErrorCorrectingCode.scores(bits, code: code))
        XCTAssertEqual(
            try model.probabilities(x).argmaxRows(), try ErrorCorrectingCode.scores(bits, code: code).argmaxRows())
        let (losses, gradient) = try model.lossAndInputGradient(x, labels: labels)
        assertClose(losses, try ErrorCorrectingCode.bitLosses(bits, labels: labels, code: code).losses)
        let numeric = try numericGradient(x) { try model.lossAndInputGradient($0, labels: self.labels).losses }
        for (a, e) in zip(gradient.scalars, numeric) { XCTAssertEqual(Double(a), e, accuracy: 2e-3) }
    }

    // MARK: test-time defences

    func testNoiseAtTestTimeAveragesTheDrawsOfItsGenerator() throws {
        let noisy = try NoisyInput(net, sd: 0.3, samples: 3, seed: 7)
        let p = try noisy.probabilities(x)
        // The same three draws by hand, from the same generator.
        var generator = SeededGenerator(seed: 7)
        var expected = [Float](repeating: 0, count: 6)
        for _ in 0..<3 {
            let q = try net.probabilities(x + Tensor.normal(x.shape, std: 0.3, using: &generator))
            for i in 0..<6 { expected[i] += q.scalars[i] / 3 }
        }
        assertClose(p.scalars, expected)
        // The next call draws afresh.
        XCTAssertNotEqual(try noisy.probabilities(x), p)
    }

    func testNoiseOfZeroIsTheWrappedClassifier() throws {
        let quiet = try NoisyInput(net, sd: 0, samples: 2, seed: 1)
        assertClose(try quiet.probabilities(x).scalars, try net.probabilities(x).scalars)
        let (losses, gradient) = try quiet.lossAndInputGradient(x, labels: labels)
        let (netLosses, netGradient) = try net.lossAndInputGradient(x, labels: labels)
        assertClose(losses, netLosses)
        assertClose(gradient.scalars, netGradient.scalars)
        XCTAssertThrowsError(try NoisyInput(net, sd: -1, samples: 2, seed: 1))
        XCTAssertThrowsError(try NoisyInput(net, sd: 0.1, samples: 0, seed: 1))
    }

    func testNoiseAtTestTimeGradientIsTheMeanProbabilitysOverItsDraws() throws {
        // Two wrappers with one seed draw the same noise: one gives the gradient, the other the
        // loss at shifted inputs; with noise fixed per call, the EOT gradient is exact.
        let h: Float = 1e-3
        for i in [0, 5] {
            var up = x.scalars
            var down = x.scalars
            up[i] += h
            down[i] -= h
            let reference = try NoisyInput(net, sd: 0.2, samples: 4, seed: 9)
            let gradient = try reference.lossAndInputGradient(x, labels: labels).gradient
            let plus = try NoisyInput(net, sd: 0.2, samples: 4, seed: 9).lossAndInputGradient(
                tensor(x.shape, up), labels: labels
            ).losses
            let minus = try NoisyInput(net, sd: 0.2, samples: 4, seed: 9).lossAndInputGradient(
                tensor(x.shape, down), labels: labels
            ).losses
            let numeric = (plus.reduce(0, +) - minus.reduce(0, +)) / (2 * h)
            XCTAssertEqual(gradient.scalars[i], numeric, accuracy: 2e-3)
        }
    }

    func testTheConfidenceReducingStepLowersThePredictedClassAndKeepsBPDAsGradient() throws {
        let reducing = try ConfidenceReduced(net, eps: 0.05)
        let predicted = try net.probabilities(x).argmaxRows()
        let moved = try reducing.reduced(x)
        let expected = try Attacks.fgsm(net, x, labels: predicted, eps: 0.05)
        XCTAssertEqual(moved, expected)
        let before = try net.probabilities(x)
        let after = try net.probabilities(moved)
        for (r, c) in predicted.enumerated() { XCTAssertLessThan(after.scalars[r * 3 + c], before.scalars[r * 3 + c]) }
        XCTAssertEqual(try reducing.probabilities(x), after)
        let (losses, gradient) = try reducing.lossAndInputGradient(x, labels: labels)
        let (netLosses, netGradient) = try net.lossAndInputGradient(moved, labels: labels)
        XCTAssertEqual(losses, netLosses)
        XCTAssertEqual(gradient, netGradient)
        let still = try ConfidenceReduced(net, eps: 0)
        XCTAssertEqual(try still.probabilities(x), before)
    }

    func testNoiseAtTestTimeOneDrawGradientIsTheWrappedGradientAtItsFirstDraw() throws {
        let naive = try NoisyInput(net, sd: 0.2, samples: 4, seed: 9, gradient: .oneDraw)
        let (losses, gradient) = try naive.lossAndInputGradient(x, labels: labels)
        // One draw from the same generator, by hand.
        var generator = SeededGenerator(seed: 9)
        let noisy = try x + Tensor.normal(x.shape, std: 0.2, using: &generator)
        let (netLosses, netGradient) = try net.lossAndInputGradient(noisy, labels: labels)
        XCTAssertEqual(losses, netLosses)
        XCTAssertEqual(gradient, netGradient)
        // It differs from the EOT gradient over four draws of the same seed, and the probabilities
        // (the defence itself) do not depend on the mode.
        let honest = try NoisyInput(net, sd: 0.2, samples: 4, seed: 9)
        XCTAssertNotEqual(try honest.lossAndInputGradient(x, labels: labels).gradient, gradient)
        let a = try NoisyInput(net, sd: 0.2, samples: 4, seed: 9, gradient: .oneDraw)
        XCTAssertEqual(try a.probabilities(x), try NoisyInput(net, sd: 0.2, samples: 4, seed: 9).probabilities(x))
        XCTAssertEqual(a.name, "noisy_input(test softmax, sd 0.2, 4 samples, gradient one_draw)")
    }

    func testTheConfidenceReducingStepsLiteralGradientIsItsFiniteDifferenceAndZeroWhereClipped() throws {
        // Pixels at 0.01 and 0.99 that the step pushes past the bounds are held by the clip; the
        // literal gradient is zero there, BPDA's is not, and elsewhere both are net's at x'.
        let edge = tensor([2, 4], [0.01, 0.99, 0.5, 0.3, 0.99, 0.01, 0.4, 0.6])
        let literal = try ConfidenceReduced(net, eps: 0.05, gradient: .literal)
        let bpda = try ConfidenceReduced(net, eps: 0.05)
        let moved = try literal.reduced(edge)
        let clipped = (0..<8).filter { (moved.scalars[$0] == 0 || moved.scalars[$0] == 1) }
        XCTAssertFalse(clipped.isEmpty, "the case must have a clipped pixel")
        let (losses, gradient) = try literal.lossAndInputGradient(edge, labels: labels)
        let honest = try bpda.lossAndInputGradient(edge, labels: labels)
        XCTAssertEqual(losses, honest.losses)
        for i in 0..<8 {
            XCTAssertEqual(gradient.scalars[i], clipped.contains(i) ? 0 : honest.gradient.scalars[i], "pixel \(i)")
        }
        XCTAssertTrue(clipped.contains { honest.gradient.scalars[$0] != 0 })
        // A tape's derivative of the whole pipeline: the sign is constant under a small nudge.
        let numeric = try numericGradient(edge) {
            try literal.lossAndInputGradient($0, labels: self.labels).losses
        }
        for (a, e) in zip(gradient.scalars, numeric) { XCTAssertEqual(Double(a), e, accuracy: 2e-3) }
        XCTAssertEqual(literal.name, "confidence_reduced(test softmax, eps 0.05, gradient literal)")
        // Read as having no derivative, the step leaves a zero gradient and the same losses.
        let zero = try ConfidenceReduced(net, eps: 0.05, gradient: .zero)
        let opaque = try zero.lossAndInputGradient(edge, labels: labels)
        XCTAssertEqual(opaque.losses, honest.losses)
        XCTAssertEqual(opaque.gradient, Tensor.zeros(edge.shape))
    }

    func testTheDenoisedClassifierClassifiesTheReconstructionAndItsGradientGoesThroughBoth() throws {
        let dae = Model.autoencoder(inputs: 4, hidden: 3, classes: 3, l2: 0, seed: 2)
        var generator = SeededGenerator(seed: 4)
        try dae.setParameters(dae.parameters.map { Model.uniform($0.shape, low: -2, high: 2, using: &generator) })
        let denoised = try Denoised(net, autoencoder: dae)
        let r = try denoised.reconstruct(x)
        XCTAssertEqual(r.shape, x.shape)
        XCTAssertEqual(try denoised.probabilities(x), try net.probabilities(r))
        let (losses, gradient) = try denoised.lossAndInputGradient(x, labels: labels)
        assertClose(losses, try net.lossAndInputGradient(r, labels: labels).losses)
        let numeric = try numericGradient(x) { try denoised.lossAndInputGradient($0, labels: self.labels).losses }
        for (a, e) in zip(gradient.scalars, numeric) { XCTAssertEqual(Double(a), e, accuracy: 2e-3) }
        XCTAssertThrowsError(try Denoised(net, autoencoder: Model.fullyConnected(inputs: 4, hidden: [3], classes: 3)))
    }

    func testADenoisingAutoencoderLearnsToRemoveNoise() throws {
        // Squared error against the clean input falls when trained on noisy copies.
        let set = try separableSet(n: 60, features: 6, classes: 3, seed: 1)
        let dae = Model.autoencoder(inputs: 6, hidden: 4, classes: 3, l2: 0, seed: 1)
        let error = { () throws -> Float in
            let r = try Denoised(AttackTestSoftmax(inputs: 6, classes: 3, seed: 1), autoencoder: dae).reconstruct(
                set.images)
            return try (r - set.images).squared().sum().scalars[0]
        }
        let before = try error()
        var options = TrainingOptions()
        options.objective = .denoising(sd: 0.1)
        options.epochs = 30
        options.batchSize = 10
        options.learningRate = 0.5
        try train(dae, on: set, options: options)
        XCTAssertLessThan(try error(), before / 2)
    }
}
