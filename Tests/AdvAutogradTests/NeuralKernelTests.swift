import AdvTensor
import Foundation
import XCTest

/// Hand-checked values of the fused layer kernels of AdvTensor (Tensor+Linear, +Maxout, +Dropout, +CrossEntropy), and their error messages.
final class NeuralKernelTests: XCTestCase {
    func testLinearByHand() throws {
        let x = try Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        let w = try Tensor(shape: [2, 3], scalars: [1, 0, -1, 0, 1, 2])
        let b = try Tensor(shape: [3], scalars: [0.5, 0, -0.5])
        let y = try Tensor.linear(x, w, b)
        XCTAssertEqual(y.shape, [2, 3])
        XCTAssertEqual(y.scalars, [1.5, 2, 2.5, 3.5, 4, 4.5])
        let dy = try Tensor(shape: [2, 3], scalars: [1, 0, 0, 0, 1, 1])
        XCTAssertEqual(try Tensor.linearInputGradient(dy, w).scalars, [1, 0, -1, 3])
        XCTAssertEqual(try Tensor.linearWeightGradient(x, dy).scalars, [1, 3, 3, 2, 4, 4])
        XCTAssertEqual(try Tensor.linearBiasGradient(dy).scalars, [1, 1, 1])
    }

    func testLinearShapeErrorNamesShapes() {
        XCTAssertThrowsError(try Tensor.linear(Tensor.zeros([2, 3]), Tensor.zeros([4, 5]), Tensor.zeros([5]))) {
            error in
            XCTAssertEqual(
                "\(error)", "linear: x [2, 3], w [4, 5], b [5]: want x [n, i], w [i, o], b [o]")
        }
    }

    func testMaxoutByHand() throws {
        // Two units of two pieces: unit 0 owns columns 0, 1; unit 1 owns columns 2, 3.
        let z = try Tensor(shape: [2, 4], scalars: [1, 3, -1, -2, 5, 4, 0, 7])
        let (value, argmax) = try Tensor.maxout(z, pieces: 2)
        XCTAssertEqual(value.shape, [2, 2])
        XCTAssertEqual(value.scalars, [3, -1, 5, 7])
        XCTAssertEqual(argmax, [1, 2, 0, 3])
        let dz = try Tensor.maxoutGradient(
            try Tensor(shape: [2, 2], scalars: [10, 20, 30, 40]), argmax: argmax, pieces: 2)
        XCTAssertEqual(dz.scalars, [0, 10, 20, 0, 30, 0, 0, 40])
        XCTAssertThrowsError(try Tensor.maxout(z, pieces: 3))
    }

    func testSoftmaxCrossEntropyByHand() throws {
        // Row 0: equal logits, loss log 2. Row 1: logits (0, log 3): p = (1/4, 3/4), label 1, loss log(4/3).
        let logits = try Tensor(shape: [2, 2], scalars: [0, 0, 0, Float(Foundation.log(3.0))])
        let (loss, p) = try Tensor.softmaxCrossEntropy(logits: logits, labels: [0, 1])
        XCTAssertEqual(Double(loss), (Foundation.log(2.0) + Foundation.log(4.0 / 3.0)) / 2, accuracy: 1e-6)
        for (got, want) in zip(p.scalars, [0.5, 0.5, 0.25, 0.75] as [Float]) {
            XCTAssertEqual(got, want, accuracy: 1e-6)
        }
        let d = try Tensor.softmaxCrossEntropyGradient(probabilities: p, labels: [0, 1])
        for (got, want) in zip(d.scalars, [-0.25, 0.25, 0.125, -0.125] as [Float]) {
            XCTAssertEqual(got, want, accuracy: 1e-6)
        }
    }

    func testSoftmaxCrossEntropyIsStableForHugeLogits() throws {
        let logits = try Tensor(shape: [1, 3], scalars: [1000, 0, -1000])
        let (loss, p) = try Tensor.softmaxCrossEntropy(logits: logits, labels: [1])
        XCTAssertEqual(loss, 1000, accuracy: 1e-3)
        XCTAssertEqual(p.scalars, [1, 0, 0])
    }

    func testSoftmaxCrossEntropyChecksLabels() {
        XCTAssertThrowsError(try Tensor.softmaxCrossEntropy(logits: Tensor.zeros([2, 3]), labels: [0, 3])) { error in
            XCTAssertEqual("\(error)", "softmaxCrossEntropy: label 3 at index 1 is outside 0..<3 for logits [2, 3]")
        }
        XCTAssertThrowsError(try Tensor.softmaxCrossEntropy(logits: Tensor.zeros([2, 3]), labels: [0]))
    }

    func testDropoutMaskKeepsExpectation() throws {
        var generator = SeededGenerator(seed: 7)
        let mask = try Tensor.dropoutMask([10_000], keepProbability: 0.8, using: &generator)
        XCTAssertTrue(mask.scalars.allSatisfy { $0 == 0 || $0 == 1.25 })
        let mean = mask.scalars.reduce(0, +) / Float(mask.count)
        XCTAssertEqual(mean, 1, accuracy: 0.03)
        var again = SeededGenerator(seed: 7)
        XCTAssertEqual(try Tensor.dropoutMask([10_000], keepProbability: 0.8, using: &again), mask)
        let x = try Tensor(shape: [2], scalars: [3, 4])
        XCTAssertEqual(try Tensor.dropout(x, mask: Tensor(shape: [2], scalars: [0, 2])).scalars, [0, 8])
    }

    func testMaxNormClipsOnlyLongVectors() throws {
        // Columns: (3, 4) has norm 5 and is scaled to norm 1; (0.6, 0) has norm 0.6 and stays.
        var w = try Tensor(shape: [2, 2], scalars: [3, 0.6, 4, 0])
        try Tensor.maxNormColumns(&w, maxNorm: 1)
        for (got, want) in zip(w.scalars, [0.6, 0.6, 0.8, 0] as [Float]) { XCTAssertEqual(got, want, accuracy: 1e-6) }
        var rows = try Tensor(shape: [2, 2], scalars: [3, 4, 0.6, 0])
        try Tensor.maxNormRows(&rows, maxNorm: 1)
        for (got, want) in zip(rows.scalars, [0.6, 0.8, 0.6, 0] as [Float]) {
            XCTAssertEqual(got, want, accuracy: 1e-6)
        }
        XCTAssertThrowsError(try Tensor.maxNormRows(&rows, maxNorm: 0))
    }

    func testEmptyBatchesDoNotTrap() throws {
        let y = try Tensor.linear(Tensor.zeros([0, 3]), Tensor.zeros([3, 2]), Tensor(shape: [2], repeating: 1))
        XCTAssertEqual(y.shape, [0, 2])
        XCTAssertEqual(try Tensor.linearBiasGradient(y).scalars, [0, 0])
        XCTAssertEqual(try Tensor.linearWeightGradient(Tensor.zeros([0, 3]), y), Tensor.zeros([3, 2]))
        // No inputs: the output is the bias alone.
        XCTAssertEqual(
            try Tensor.linear(Tensor.zeros([2, 0]), Tensor.zeros([0, 2]), Tensor(shape: [2], repeating: 1)).scalars,
            [1, 1, 1, 1])
        let (value, argmax) = try Tensor.maxout(Tensor.zeros([0, 4]), pieces: 2)
        XCTAssertEqual(value.shape, [0, 2])
        XCTAssertEqual(argmax, [])
        XCTAssertThrowsError(try Tensor.softmaxCrossEntropy(logits: Tensor.zeros([0, 3]), labels: []))
    }
}
