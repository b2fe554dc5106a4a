import AdvTensor
import XCTest
@testable import AdvData

final class ExampleSetTests: XCTestCase {
    /// Ten examples of 3 features; row i is [i, i + 0.1, i + 0.2], label i % 5.
    private func tiny() throws -> ExampleSet {
        let scalars = (0..<10).flatMap { i in [Float(i), Float(i) + 0.1, Float(i) + 0.2] }
        return try ExampleSet(images: try Tensor(shape: [10, 3], scalars: scalars), labels: (0..<10).map { $0 % 5 }, name: "tiny")
    }

    private func firstColumn(_ set: ExampleSet) -> [Int] {
        stride(from: 0, to: set.images.count, by: set.featureCount).map { Int(set.images.scalars[$0]) }
    }

    func testInitRejectsMismatchedLabels() throws {
        XCTAssertThrowsError(try ExampleSet(images: Tensor.zeros([3, 2]), labels: [1, 2], name: "bad")) { error in
            XCTAssertTrue("\(error)".contains("images [3, 2]"), "\(error)")
        }
        XCTAssertThrowsError(try ExampleSet(images: Tensor.zeros([6]), labels: Array(0..<6), name: "flat"))
    }

    func testSliceCopiesRowsAndClamps() throws {
        let set = try tiny()
        let middle = try set.slice(2..<5)
        XCTAssertEqual(middle.count, 3)
        XCTAssertEqual(middle.images.shape, [3, 3])
        XCTAssertEqual(Array(middle.images.scalars.prefix(3)), [2, 2.1, 2.2])
        XCTAssertEqual(middle.labels, [2, 3, 4])
        XCTAssertEqual(try set.slice(8..<100).labels, [3, 4])
        XCTAssertThrowsError(try set.slice(20..<30)) { error in
            XCTAssertTrue("\(error)".contains("selects no examples of 10"), "\(error)")
        }
    }

    func testFilterAndBinary() throws {
        let set = try tiny()
        let threes = try set.filter(digits: [3, 1])
        XCTAssertEqual(threes.labels, [1, 3, 1, 3])
        XCTAssertEqual(firstColumn(threes), [1, 3, 6, 8])
        let binary = try set.binary(positive: 4, negative: 2)
        XCTAssertEqual(binary.labels, [0, 1, 0, 1])
        XCTAssertEqual(firstColumn(binary), [2, 4, 7, 9])
        XCTAssertEqual(try set.relabeled([2: -1, 4: 1]).labels, [-1, 1, -1, 1])
        XCTAssertThrowsError(try set.filter(digits: [7]))
        XCTAssertThrowsError(try set.binary(positive: 1, negative: 1))
    }

    func testSplitGivesDisjointHalvesDeterministically() throws {
        let set = try tiny()
        let (first, second) = try set.split(seed: 42)
        XCTAssertEqual(first.count, 5)
        XCTAssertEqual(second.count, 5)
        let a = firstColumn(first), b = firstColumn(second)
        XCTAssertTrue(Set(a).isDisjoint(with: b))
        XCTAssertEqual(Set(a + b), Set(0..<10))
        XCTAssertNotEqual(a, [0, 1, 2, 3, 4], "a permutation, not the first half")
        let (again, _) = try set.split(seed: 42)
        XCTAssertEqual(firstColumn(again), a)
        XCTAssertNotEqual(firstColumn(try set.split(seed: 7).0), a)
    }

    func testBatchesCoverEveryExampleOnce() throws {
        let set = try tiny()
        var batches = try set.batches(size: 4)
        XCTAssertEqual(batches.count, 3)
        var sizes: [Int] = []
        var seen: [Int] = []
        while let batch = batches.next() {
            sizes.append(batch.images.shape[0])
            XCTAssertEqual(batch.images.shape[1], 3)
            XCTAssertEqual(batch.labels.count, batch.images.shape[0])
            seen += stride(from: 0, to: batch.images.count, by: 3).map { Int(batch.images.scalars[$0]) }
        }
        XCTAssertEqual(sizes, [4, 4, 2])
        XCTAssertEqual(seen, Array(0..<10))
        XCTAssertThrowsError(try set.batches(size: 0))
    }

    func testShuffledBatchesArePermutationsWithMatchingLabels() throws {
        let set = try tiny()
        var generator = SeededGenerator(seed: 1)
        var seen: [Int] = []
        for batch in try set.batches(size: 3, shuffledWith: &generator) {
            let rows = stride(from: 0, to: batch.images.count, by: 3).map { Int(batch.images.scalars[$0]) }
            XCTAssertEqual(batch.labels, rows.map { $0 % 5 })
            seen += rows
        }
        XCTAssertEqual(seen.sorted(), Array(0..<10))
        XCTAssertNotEqual(seen, Array(0..<10))
    }

    func testReplacedImagesAreCaughtBeforeCopyingRows() throws {
        var set = try tiny()
        set.images = Tensor.zeros([2, 3])
        XCTAssertThrowsError(try set.slice(0..<5)) { error in
            XCTAssertTrue("\(error)".contains("do not have one row per label"), "\(error)")
        }
        XCTAssertThrowsError(try set.batches(size: 2))
    }
}
