import AdvTensor
import XCTest

@testable import AdvAutograd

/// Finite-difference checks of the reductions and the softmax family.
final class ReductionGradientTests: XCTestCase {
    let x = randomTensor([3, 4], seed: 11)

    func testSum() throws {
        try checkGradients([x]) { try $0[0].sum() }
        try checkGradients([x]) { try $0[0].sum(axis: 0) }
        try checkGradients([x]) { try $0[0].sum(axis: -1, keepDims: true) }
    }

    func testMean() throws {
        try checkGradients([x]) { try $0[0].mean() }
        try checkGradients([x]) { try $0[0].mean(axis: 1) }
        try checkGradients([x]) { try $0[0].mean(axis: 0, keepDims: true) }
    }

    func testMax() throws {
        try checkGradients([x]) { try $0[0].max() }
        try checkGradients([x]) { try $0[0].max(axis: 1) }
        try checkGradients([x]) { try $0[0].max(axis: 0, keepDims: true) }
    }

    func testMin() throws {
        try checkGradients([x]) { try $0[0].min() }
        try checkGradients([x]) { try $0[0].min(axis: 1) }
        try checkGradients([x]) { try $0[0].min(axis: 0, keepDims: true) }
        let (_, gradient) = try valueWithGradient(at: Tensor(shape: [3], scalars: [1, 3, 1])) { try $0.min() }
        XCTAssertEqual(gradient.scalars, [0.5, 0, 0.5])
    }

    func testMaxSplitsTiesEqually() throws {
        let (_, gradient) = try valueWithGradient(at: Tensor(shape: [3], scalars: [2, 2, 1])) { try $0.max() }
        XCTAssertEqual(gradient.scalars, [0.5, 0.5, 0])
    }

    func testLogSumExp() throws {
        try checkGradients([x]) { try $0[0].logSumExp() }
        try checkGradients([x]) { try $0[0].logSumExp(axis: 1) }
        try checkGradients([x]) { try $0[0].logSumExp(axis: 0, keepDims: true) }
    }

    func testSoftmaxAndLogSoftmax() throws {
        try checkGradients([x]) { try $0[0].softmax() }
        try checkGradients([x]) { try $0[0].softmax(axis: 0) }
        try checkGradients([x]) { try $0[0].logSoftmax() }
        try checkGradients([x]) { try $0[0].logSoftmax(axis: 0) }
    }
}
