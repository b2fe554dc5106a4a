import AdvTensor
import XCTest

@testable import AdvNN

/// Cross-sections of a linear two-class model whose boundary is known: class 0 exactly where
/// x1 + x2 + x3 + x4 > 0.
final class CrossSectionTests: XCTestCase {
    private let model = AttackTestSoftmax(
        weights: [[1, -1], [1, -1], [1, -1], [1, -1]], bias: [0, 0])

    func testTheFGSMAxisCrossesTheBoundaryAndItsOrthogonalAxisNever() throws {
        // x sums to .2; the loss of class 0 grows fastest along -1 everywhere (FGSM's direction,
        // as long as a sign vector: length 2), so a step a along it leaves the sum at .2 - 4a:
        // class 1 from a = .1 on (the grid steps by .1 from -.5 to .5).
        let x = Tensor(shape: [1, 4], repeating: 0.05)
        var generator = SeededGenerator(seed: 1)
        let sections = try Analysis.crossSections(
            model, x, labels: [0], kind: .adversarial, extent: 0.5, resolution: 11, using: &generator)
        XCTAssertEqual(sections.count, 1)
        let section = sections[0]
        XCTAssertEqual(section.classes.count, 121)
        XCTAssertEqual(section.classAt(0, 0), 0)
        XCTAssertEqual((-5...0).map { section.classAt($0, 0) }, [0, 0, 0, 0, 0, 0])
        XCTAssertEqual((1...5).map { section.classAt($0, 0) }, [1, 1, 1, 1, 1])
        XCTAssertFalse(section.changesAlongFirst(within: 0))
        XCTAssertTrue(section.changesAlongFirst(within: 1))
        // The second direction is orthogonal to (-1, -1, -1, -1): it keeps the sum, so no step
        // along it changes the class, however long.
        XCTAssertFalse(section.changesAlongSecond(within: 5))
        // Row 0 is the top (+extent along the second direction), so classAt(a, b) reads row 5 - b.
        XCTAssertEqual(section.classes[0 * 11 + 10], section.classAt(5, 5))
    }

    func testRandomPlanesHaveTheGridAndTheCentre() throws {
        let x = try Tensor(shape: [2, 4], scalars: [0.05, 0.05, 0.05, 0.05, -0.3, 0, 0, 0])
        var generator = SeededGenerator(seed: 2)
        let sections = try Analysis.crossSections(
            model, x, labels: [0, 1], kind: .random, extent: 0.2, resolution: 5, using: &generator)
        XCTAssertEqual(sections.map(\.classes.count), [25, 25])
        XCTAssertEqual(sections.map { $0.classAt(0, 0) }, [0, 1])
        XCTAssertEqual(sections.map(\.label), [0, 1])
    }

    func testBadGridsAreErrors() throws {
        let x = Tensor(shape: [1, 4], repeating: 0)
        var generator = SeededGenerator(seed: 1)
        XCTAssertThrowsError(
            try Analysis.crossSections(
                model, x, labels: [0], kind: .random, extent: 0.5, resolution: 4, using: &generator))
        XCTAssertThrowsError(
            try Analysis.crossSections(
                model, x, labels: [0], kind: .random, extent: 0, resolution: 5, using: &generator))
    }
}
