import AdvTensor
import XCTest

@testable import AdvNN

/// Tramer et al.'s gradient-aligned directions, and the count of adversarial ones, on cases
/// checked by hand.
final class SubspaceTests: XCTestCase {
    func testDirectionsAreOrthogonalOfLengthEpsAndEquallyAligned() {
        let x: [Float] = [0.1, 0.2, 0.3, 0.4, 0.5]
        let raw: [Float] = [0.3, -0.5, 0.1, 0.7, -0.2]
        let norm = raw.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let g = raw.map { $0 / norm }
        for k in 1...5 {
            let points = Analysis.gaasPoints(x, direction: g, k: k, eps: 2)
            let r = (0..<k).map { i in (0..<5).map { points[i * 5 + $0] - x[$0] } }
            for i in 0..<k {
                XCTAssertEqual(zip(r[i], r[i]).map(*).reduce(0, +), 4, accuracy: 1e-4, "k \(k): |r_\(i)|^2")
                XCTAssertEqual(zip(r[i], g).map(*).reduce(0, +), 2 / Float(k).squareRoot(), accuracy: 1e-4)
                for j in 0..<i { XCTAssertEqual(zip(r[i], r[j]).map(*).reduce(0, +), 0, accuracy: 1e-4) }
            }
        }
    }

    func testCountsTheDirectionsThatCrossAKnownBoundary() throws {
        // Class 0 where x1 + x2 + x3 + x4 > 0; x sums to .2 and the gradient points along -1, so a
        // direction moves the sum by -2 eps / sqrt(k): with eps .15, k = 1 and 2 cross (by .3 and
        // .21), k = 3 does not (.17): two directions.
        let model = AttackTestSoftmax(weights: [[1, -1], [1, -1], [1, -1], [1, -1]], bias: [0, 0])
        let x = Tensor(shape: [1, 4], repeating: 0.05)
        let estimate = try Analysis.adversarialSubspace(
            model, target: model, x, labels: [0], eps: 0.15, ks: [1, 2, 3, 4])
        XCTAssertEqual(estimate.directions, [2])
        XCTAssertEqual(estimate.transferred, [2])
        let wide = try Analysis.adversarialSubspace(model, target: nil, x, labels: [0], eps: 0.5, ks: [1, 4])
        XCTAssertEqual(wide.directions, [4])
        XCTAssertEqual(wide.transferred, [0])
        // An input the model already gets wrong is skipped.
        let wrong = try Analysis.adversarialSubspace(model, target: nil, x, labels: [1], eps: 0.5, ks: [1])
        XCTAssertEqual(wrong.directions, [])
    }
}
