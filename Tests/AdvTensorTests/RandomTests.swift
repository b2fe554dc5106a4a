import XCTest

@testable import AdvTensor

final class RandomTests: XCTestCase {
    func testSameSeedGivesSameNumbers() {
        var g1 = SeededGenerator(seed: 42)
        var g2 = SeededGenerator(seed: 42)
        XCTAssertEqual(Tensor.normal([5, 7], using: &g1), Tensor.normal([5, 7], using: &g2))
        XCTAssertEqual(Tensor.uniform([9], using: &g1), Tensor.uniform([9], using: &g2))
        XCTAssertEqual(Tensor.bernoulli([9], p: 0.5, using: &g1), Tensor.bernoulli([9], p: 0.5, using: &g2))
        var g3 = SeededGenerator(seed: 43)
        XCTAssertNotEqual(Tensor.normal([5, 7], using: &g1), Tensor.normal([5, 7], using: &g3))
    }

    func testNormalMoments() throws {
        var g = SeededGenerator(seed: 7)
        let x = Tensor.normal([100_000], using: &g)
        XCTAssertTrue(x.scalars.allSatisfy(\.isFinite))
        let mean = try XCTUnwrap(try x.mean().scalar)
        let variance = try XCTUnwrap(try (x - mean).squared().mean().scalar)
        XCTAssertEqual(mean, 0, accuracy: 0.01)
        XCTAssertEqual(variance.squareRoot(), 1, accuracy: 0.01)
        let shifted = Tensor.normal([100_000], mean: 3, std: 0.5, using: &g)
        XCTAssertEqual(try XCTUnwrap(try shifted.mean().scalar), 3, accuracy: 0.01)
    }

    func testUniformRangeAndOddCounts() throws {
        var g = SeededGenerator(seed: 1)
        let u = Tensor.uniform([1001], low: -2, high: 3, using: &g)
        XCTAssertTrue(u.scalars.allSatisfy { $0 >= -2 && $0 < 3 })
        XCTAssertEqual(try XCTUnwrap(try u.mean().scalar), 0.5, accuracy: 0.2)
        XCTAssertEqual(Tensor.normal([3], using: &g).count, 3)
        XCTAssertEqual(Tensor.normal([0, 4], using: &g).shape, [0, 4])
    }

    func testBernoulliRate() throws {
        var g = SeededGenerator(seed: 3)
        let mask = Tensor.bernoulli([10_000], p: 0.2, using: &g)
        XCTAssertTrue(mask.scalars.allSatisfy { $0 == 0 || $0 == 1 })
        XCTAssertEqual(try XCTUnwrap(try mask.mean().scalar), 0.2, accuracy: 0.02)
    }
}
