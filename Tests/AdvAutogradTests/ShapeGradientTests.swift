import AdvTensor
import XCTest

@testable import AdvAutograd

/// Finite-difference checks of matmul and the shape primitives.
final class ShapeGradientTests: XCTestCase {
    func testMatmulMatrices() throws {
        try checkGradients([randomTensor([2, 3], seed: 21), randomTensor([3, 4], seed: 22)]) {
            try Variable.matmul($0[0], $0[1])
        }
    }

    func testMatmulWithVectors() throws {
        let vector = randomTensor([3], seed: 23)
        try checkGradients([vector, randomTensor([3, 2], seed: 24)]) { try $0[0].matmul($0[1]) }
        try checkGradients([randomTensor([2, 3], seed: 25), vector]) { try $0[0].matmul($0[1]) }
        try checkGradients([vector, randomTensor([3], seed: 26)]) { try $0[0].matmul($0[1]) }
    }

    func testTransposeAndReshape() throws {
        try checkGradients([randomTensor([2, 3], seed: 27)]) { try $0[0].transposed() }
        try checkGradients([randomTensor([2, 3, 4], seed: 28)]) { try $0[0].transposed([2, 0, 1]) }
        try checkGradients([randomTensor([2, 3], seed: 29)]) { try $0[0].reshaped([3, -1]) }
    }

    func testSlice() throws {
        let x = randomTensor([5, 3], seed: 30)
        try checkGradients([x]) { try $0[0].slice(axis: 0, start: 1, end: 4) }
        try checkGradients([x]) { try $0[0].slice(axis: 0, start: nil, end: nil, step: 2) }
        try checkGradients([x]) { try $0[0].slice(axis: -1, start: -1, end: nil, step: -2) }
    }

    func testGatherAddsRepeatedRows() throws {
        let x = randomTensor([4, 3], seed: 31)
        try checkGradients([x]) { try $0[0].gather([2, 0, 2]) }
        try checkGradients([x]) { try $0[0].gather([1, 1], axis: 1) }
        let (_, gradient) = try valueWithGradient(at: x) { try $0.gather([3, 3, 0]).sum() }
        XCTAssertEqual(gradient.scalars, [1, 1, 1, 0, 0, 0, 0, 0, 0, 2, 2, 2])
    }

    func testConcatenate() throws {
        let (a, b) = (randomTensor([2, 3], seed: 32), randomTensor([1, 3], seed: 33))
        try checkGradients([a, b]) { try Variable.concatenate($0, axis: 0) }
        try checkGradients([a, randomTensor([2, 2], seed: 34)]) { try Variable.concatenate($0, axis: 1) }
        try checkGradients([a]) { try Variable.concatenate([$0[0], $0[0] * 2], axis: 0) }
    }

    func testStack() throws {
        let (a, b) = (randomTensor([2, 3], seed: 35), randomTensor([2, 3], seed: 36))
        try checkGradients([a, b]) { try Variable.stack($0, axis: 0) }
        try checkGradients([a, b]) { try Variable.stack($0, axis: 2) }
        try checkGradients([a, b]) { try Variable.stack($0, axis: -2) }
        try checkGradients([Tensor(0.3), Tensor(-1.2)]) { try Variable.stack($0) }
    }
}
