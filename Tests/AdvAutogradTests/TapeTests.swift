import Foundation
import AdvTensor
import XCTest

@testable import AdvAutograd

/// The tape's contract: zeros for unused inputs, no recording when paused, scalar outputs only.
final class TapeTests: XCTestCase {
    func testUnusedInputGetsZeroGradient() throws {
        let x = randomTensor([2, 2], seed: 51)
        let unused = randomTensor([3], seed: 52)
        let (_, gradients) = try valueWithGradients(at: [x, unused]) { try $0[0].squared().sum() }
        XCTAssertEqual(gradients[1], Tensor.zeros([3]))
        XCTAssertEqual(gradients[0].scalars, x.scalars.map { 2 * $0 })
    }

    func testConstantsAndLaterVariablesGetZeros() throws {
        let tape = Tape()
        let x = tape.variable(Tensor(shape: [2], repeating: 3))
        let c = tape.constant(Tensor(shape: [2], repeating: 5))
        let y = try (x * c).sum()
        let later = tape.variable(Tensor(1))
        let gradients = try tape.gradients(of: y, wrt: [x, c, later])
        XCTAssertEqual(gradients[0].scalars, [5, 5])
        XCTAssertEqual(gradients[1].scalars, [0, 0])
        XCTAssertEqual(gradients[2].scalars, [0])
    }

    func testSharedSubexpressionAccumulates() throws {
        // f(x) = x * x + x, df/dx = 2x + 1.
        let (value, gradient) = try valueWithGradient(at: Tensor(3)) { x in try x * x + x }
        XCTAssertEqual(value.scalars, [12])
        XCTAssertEqual(gradient.scalars, [7])
    }

    func testGradientWithRespectToAnIntermediate() throws {
        let tape = Tape()
        let x = tape.variable(Tensor(2))
        let h = x.squared()
        let y = h * 3
        let gradients = try tape.gradients(of: y, wrt: [h, x])
        XCTAssertEqual(gradients[0].scalars, [3])
        XCTAssertEqual(gradients[1].scalars, [12])
    }

    func testWithoutGradientRecordsNothing() throws {
        let tape = Tape()
        let x = tape.variable(Tensor(shape: [3], repeating: 1))
        let before = tape.count
        let y = try tape.withoutGradient { try (x.exp() * x).sum() }
        XCTAssertEqual(tape.count, before)
        XCTAssertFalse(y.requiresGradient)
        XCTAssertEqual(y.value.scalars[0], 3 * Float(Foundation.exp(1.0)), accuracy: 1e-5)
        XCTAssertTrue(tape.isRecording)
        XCTAssertEqual(try tape.gradients(of: y, wrt: [x])[0].scalars, [0, 0, 0])
    }

    func testNonScalarOutputThrows() {
        XCTAssertThrowsError(try valueWithGradient(at: Tensor.zeros([2, 2])) { $0.exp() }) { error in
            XCTAssertEqual("\(error)", "gradient: the output has shape [2, 2]; want a single scalar")
        }
    }

    func testMixingTapesThrows() {
        let x = Tape().variable(Tensor(1))
        let y = Tape().variable(Tensor(2))
        XCTAssertThrowsError(try x + y)
    }
}

extension TapeTests {
    func testBackwardCanRunTwice() throws {
        let tape = Tape()
        let x = tape.variable(randomTensor([2, 3], seed: 53))
        let y = try x.sigmoid().sum()
        let first = try tape.gradients(of: y, wrt: [x])
        let second = try tape.gradient(of: y, wrt: x)
        XCTAssertEqual(first[0], second)
        XCTAssertNotEqual(second, Tensor.zeros([2, 3]))
    }
}
