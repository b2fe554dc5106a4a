import AdvTensor
import Foundation
import XCTest

@testable import AdvAutograd

/// Finite-difference checks of the elementwise primitives, broadcasting included.
final class ElementwiseGradientTests: XCTestCase {
    let a = randomTensor([2, 3], seed: 1)
    let b = randomTensor([2, 3], seed: 2)
    let row = randomTensor([3], seed: 3)
    let column = randomTensor([2, 1], seed: 4)
    let positive = randomTensor([2, 3], seed: 5, low: 0.5, high: 2)
    let awayFromZero = randomTensor([2, 3], seed: 6, avoiding: [0])

    func testAddSubtractSameShapeAndBroadcast() throws {
        try checkGradients([a, b]) { try $0[0] + $0[1] }
        try checkGradients([a, row]) { try $0[0] + $0[1] }
        try checkGradients([column, row]) { try $0[0] - $0[1] }
        try checkGradients([a, Tensor(0.7)]) { try $0[1] - $0[0] }
    }

    func testMultiplyDivideSameShapeAndBroadcast() throws {
        try checkGradients([a, b]) { try $0[0] * $0[1] }
        try checkGradients([column, row]) { try $0[0] * $0[1] }
        try checkGradients([a, positive]) { try $0[0] / $0[1] }
        try checkGradients([randomTensor([2, 1], seed: 7, low: 0.5, high: 2), row]) { try $0[1] / $0[0] }
    }

    func testScalarOperands() throws {
        try checkGradients([a]) { 2 * $0[0] + 1 }
        try checkGradients([positive]) { 1 / $0[0] - 3 }
        try checkGradients([a]) { ($0[0] / 4) * 3 - 1 }
    }

    func testNegateExpLogSqrt() throws {
        try checkGradients([a]) { -$0[0] }
        try checkGradients([a]) { $0[0].exp() }
        try checkGradients([positive]) { $0[0].log() }
        try checkGradients([positive]) { $0[0].sqrt() }
    }

    func testAbsSquarePowSign() throws {
        try checkGradients([awayFromZero]) { $0[0].abs() }
        try checkGradients([a]) { $0[0].squared() }
        try checkGradients([a]) { $0[0].pow(3) }
        try checkGradients([positive]) { $0[0].pow(-0.5) }
        try checkGradients([awayFromZero]) { $0[0].sign() }
    }

    func testPowerWithTensorExponent() throws {
        try checkGradients([positive, a]) { try Variable.pow($0[0], $0[1]) }
        try checkGradients([positive, row]) { try Variable.pow($0[0], $0[1]) }
        try checkGradients([Tensor(2), a]) { try Variable.pow($0[0], $0[1]) }
        try checkGradients([randomTensor([2, 1], seed: 9, low: 0.5, high: 2), Tensor(3)]) {
            try Variable.pow($0[0], $0[1])
        }
    }

    func testPowerExponentGradientOutsidePositiveBase() throws {
        // d(x^y)/dy at x = 0, y = 2 is 0 (the limit from x > 0); at x = -2 it does not exist.
        let (_, gradients) = try valueWithGradients(at: [Tensor([0, -2, 3]), Tensor([2, 2, 2])]) {
            try Variable.pow($0[0], $0[1]).sum()
        }
        XCTAssertEqual(gradients[0].scalars, [0, -4, 6])
        XCTAssertEqual(gradients[1].scalars[0], 0)
        XCTAssertTrue(gradients[1].scalars[1].isNaN)
        XCTAssertEqual(gradients[1].scalars[2], 9 * Float(log(3.0)), accuracy: 1e-5)
    }

    func testMaximumGivesTiesToTheFirst() throws {
        let (_, gradients) = try valueWithGradients(at: [Tensor([1, 2]), Tensor([1, 1])]) {
            try Variable.maximum($0[0], $0[1]).sum()
        }
        XCTAssertEqual(gradients[0].scalars, [1, 1])
        XCTAssertEqual(gradients[1].scalars, [0, 0])
    }

    func testSigmoidTanhRelu() throws {
        try checkGradients([a]) { $0[0].sigmoid() }
        try checkGradients([a]) { $0[0].tanh() }
        try checkGradients([awayFromZero]) { $0[0].relu() }
    }

    func testClipGradientIsZeroOutside() throws {
        let x = randomTensor([3, 4], seed: 8, avoiding: [-0.5, 0.5])
        try checkGradients([x]) { $0[0].clipped(min: -0.5, max: 0.5) }
        let (_, gradient) = try valueWithGradient(at: Tensor(shape: [2], scalars: [-2, 0.1])) {
            try $0.clipped(min: -1, max: 1).sum()
        }
        XCTAssertEqual(gradient.scalars, [0, 1])
    }

    func testMinimumMaximumSelect() throws {
        try checkGradients([a, b]) { try Variable.minimum($0[0], $0[1]) }
        try checkGradients([a, row]) { try Variable.maximum($0[0], $0[1]) }
        let condition = try Tensor(shape: [2, 3], scalars: [1, 0, 1, 0, 0, 1])
        try checkGradients([a, row]) { try Variable.select(condition, $0[0], $0[1]) }
    }
}
