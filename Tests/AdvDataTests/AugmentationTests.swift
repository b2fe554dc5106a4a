import AdvTensor
import XCTest

@testable import AdvData

/// Rotations and shifts of small images, checked pixel by pixel.
final class AugmentationTests: XCTestCase {
    private func transformed(_ pixels: [Float], side: Int, degrees: Float, dx: Int, dy: Int) -> [Float] {
        var out = [Float](repeating: -1, count: pixels.count)
        pixels.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                ExampleSet.transform(source, side: side, radians: degrees * .pi / 180, dx: dx, dy: dy, into: target)
            }
        }
        return out
    }

    func testShiftsMoveWholePixelsAndFillBlack() {
        // A 3 x 3 image with one lit pixel at column 0, row 1.
        let image: [Float] = [0, 0, 0, 1, 0, 0, 0, 0, 0]
        XCTAssertEqual(transformed(image, side: 3, degrees: 0, dx: 1, dy: 0), [0, 0, 0, 0, 1, 0, 0, 0, 0])
        XCTAssertEqual(transformed(image, side: 3, degrees: 0, dx: 0, dy: 1), [0, 0, 0, 0, 0, 0, 1, 0, 0])
        XCTAssertEqual(transformed(image, side: 3, degrees: 0, dx: -1, dy: 0), [0, 0, 0, 0, 0, 0, 0, 0, 0])
    }

    func testAQuarterTurnIsCounterclockwiseAsDrawn() {
        // The pixel right of the centre goes to the top, the top one to the left.
        let right: [Float] = [0, 0, 0, 0, 0, 1, 0, 0, 0]
        let turned = transformed(right, side: 3, degrees: 90, dx: 0, dy: 0)
        for (a, b) in zip(turned, [0, 1, 0, 0, 0, 0, 0, 0, 0] as [Float]) { XCTAssertEqual(a, b, accuracy: 1e-5) }
        let top: [Float] = [0, 1, 0, 0, 0, 0, 0, 0, 0]
        let again = transformed(top, side: 3, degrees: 90, dx: 0, dy: 0)
        for (a, b) in zip(again, [0, 0, 0, 1, 0, 0, 0, 0, 0] as [Float]) { XCTAssertEqual(a, b, accuracy: 1e-5) }
    }

    func testAHalfPixelRotationInterpolates() {
        // Rotating a constant image leaves its inside constant (bilinear weights sum to 1).
        let flat = [Float](repeating: 0.5, count: 25)
        let turned = transformed(flat, side: 5, degrees: 10, dx: 0, dy: 0)
        XCTAssertEqual(turned[12], 0.5, accuracy: 1e-6)
        XCTAssertEqual(turned[7], 0.5, accuracy: 1e-6)
    }

    func testAugmentedSetsAreSeededAndKeepLabels() throws {
        let set = try ExampleSet(
            images: Tensor(shape: [3, 16], scalars: (0..<48).map { Float($0 % 7) / 7 }), labels: [1, 2, 3], name: "s")
        var a = SeededGenerator(seed: 5)
        var b = SeededGenerator(seed: 5)
        let first = try set.augmented(maxShift: 1, maxDegrees: 15, using: &a)
        let second = try set.augmented(maxShift: 1, maxDegrees: 15, using: &b)
        XCTAssertEqual(first, second)
        XCTAssertEqual(first.labels, [1, 2, 3])
        XCTAssertNotEqual(first.images, set.images)
        var c = SeededGenerator(seed: 5)
        XCTAssertEqual(try set.augmented(maxShift: 0, maxDegrees: 0, using: &c).images, set.images)
        var d = SeededGenerator(seed: 5)
        XCTAssertThrowsError(try set.augmented(maxShift: 4, maxDegrees: 15, using: &d))
    }
}
