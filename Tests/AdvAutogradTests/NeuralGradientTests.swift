import AdvTensor
import XCTest

@testable import AdvAutograd

/// Finite-difference checks of the fused primitives, and their equivalence with composed ops.
final class NeuralGradientTests: XCTestCase {
    func testLinear() throws {
        let inputs = [randomTensor([3, 4], seed: 41), randomTensor([4, 2], seed: 42), randomTensor([2], seed: 43)]
        try checkGradients(inputs) { try Variable.linear($0[0], $0[1], $0[2]) }
    }

    func testLinearMatchesMatmulPlusBias() throws {
        let inputs = [randomTensor([3, 4], seed: 41), randomTensor([4, 2], seed: 42), randomTensor([2], seed: 43)]
        let fused = try valueWithGradients(at: inputs) { try Variable.linear($0[0], $0[1], $0[2]).squared().sum() }
        let composed = try valueWithGradients(at: inputs) { try (try $0[0].matmul($0[1]) + $0[2]).squared().sum() }
        XCTAssertEqual(fused.value.scalars[0], composed.value.scalars[0], accuracy: 1e-5)
        for (f, c) in zip(fused.gradients, composed.gradients) {
            for (x, y) in zip(f.scalars, c.scalars) { XCTAssertEqual(x, y, accuracy: 1e-5) }
        }
    }

    func testMaxout() throws {
        try checkGradients([randomTensor([3, 6], seed: 44)]) { try $0[0].maxout(pieces: 3) }
        try checkGradients([randomTensor([2, 4], seed: 45)]) { try $0[0].maxout(pieces: 1) }
    }

    func testSoftmaxCrossEntropy() throws {
        try checkGradients([randomTensor([4, 3], seed: 46, low: -3, high: 3)]) {
            try $0[0].softmaxCrossEntropy(labels: [0, 2, 1, 2])
        }
    }

    func testSoftmaxCrossEntropyMatchesLogSoftmax() throws {
        let logits = randomTensor([4, 3], seed: 47)
        let onehot = try Tensor(shape: [4, 3], scalars: [1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1])
        let fused = try valueWithGradient(at: logits) { try $0.softmaxCrossEntropy(labels: [0, 2, 1, 2]) }
        let composed = try valueWithGradient(at: logits) { x in
            -(try (try x.logSoftmax() * x.tape.constant(onehot)).sum()) / 4
        }
        XCTAssertEqual(fused.value.scalars[0], composed.value.scalars[0], accuracy: 1e-5)
        for (f, c) in zip(fused.gradient.scalars, composed.gradient.scalars) { XCTAssertEqual(f, c, accuracy: 1e-5) }
    }

    func testDropout() throws {
        var generator = SeededGenerator(seed: 48)
        let mask = try Tensor.dropoutMask([3, 4], keepProbability: 0.5, using: &generator)
        try checkGradients([randomTensor([3, 4], seed: 49)]) { try $0[0].dropout(mask: mask) }
    }
}

/// A whole maxout network, as the papers train it, checked end to end.
final class MaxoutNetworkGradientTests: XCTestCase {
    func testTwoLayerMaxoutNetworkWithDropout() throws {
        var generator = SeededGenerator(seed: 61)
        let mask = try Tensor.dropoutMask([3, 2], keepProbability: 0.5, using: &generator)
        let parameters = [
            randomTensor([3, 4], seed: 62),  // x
            randomTensor([4, 6], seed: 63),  // w1: 2 units of 3 pieces
            randomTensor([6], seed: 64),  // b1
            randomTensor([2, 3], seed: 65),  // w2
            randomTensor([3], seed: 66),  // b2
        ]
        try checkGradients(parameters) { p in
            let hidden = try Variable.linear(p[0], p[1], p[2]).maxout(pieces: 3).dropout(mask: mask)
            return try Variable.linear(hidden, p[3], p[4]).softmaxCrossEntropy(labels: [2, 0, 1])
        }
    }
}

/// The linear SVM's loss on the tape: its gradient against finite differences and against the
/// same loss composed from primitives.
final class HingeGradientTests: XCTestCase {
    func testOneVsRestSquaredHinge() throws {
        // Scores kept away from the kinks at +1 and -1.
        try checkGradients([randomTensor([4, 3], seed: 71, low: -2, high: 2, avoiding: [1, -1])]) {
            try $0[0].oneVsRestSquaredHinge(labels: [0, 2, 1, 2])
        }
    }

    func testOneVsRestSquaredHingeMatchesItsComposition() throws {
        let scores = randomTensor([4, 3], seed: 72, low: -2, high: 2)
        // t = +1 at the label, -1 elsewhere.
        let targets = try Tensor(shape: [4, 3], scalars: [1, -1, -1, -1, -1, 1, -1, 1, -1, -1, -1, 1])
        let fused = try valueWithGradient(at: scores) { try $0.oneVsRestSquaredHinge(labels: [0, 2, 1, 2]) }
        let composed = try valueWithGradient(at: scores) { s in
            try (1 - s * s.tape.constant(targets)).relu().squared().sum() / 4
        }
        XCTAssertEqual(fused.value.scalars[0], composed.value.scalars[0], accuracy: 1e-5)
        for (f, c) in zip(fused.gradient.scalars, composed.gradient.scalars) { XCTAssertEqual(f, c, accuracy: 1e-5) }
    }
}
