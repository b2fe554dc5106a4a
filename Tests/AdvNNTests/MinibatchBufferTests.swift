import AdvData
import AdvTensor
import AdvTestSupport
import XCTest

@testable import AdvNN

/// `MinibatchBuffer` copies the rows it is asked for, in that order, on one thread or split over
/// two (a minibatch of 100 MNIST-sized rows is large enough to be split).
final class MinibatchBufferTests: XCTestCase {
    func testBatchesHoldTheRequestedRowsOnAnyThreadCount() throws {
        let (count, width) = (300, 784)
        // Row r holds r * 1000 + column: every scalar names its row and column.
        let scalars = (0..<(count * width)).map { Float(($0 / width) * 1000 + $0 % width) }
        let set = try ExampleSet(
            images: Tensor(shape: [count, width], scalars: scalars), labels: (0..<count).map { $0 % 10 }, name: "rows")
        let saved = BLAS.threads
        defer { BLAS.threads = saved }
        var generator = SeededGenerator(seed: 3)
        let order = generator.permutation(count)
        for threads in [1, 2] {
            BLAS.threads = threads
            var buffer = MinibatchBuffer(set)
            for start in stride(from: 0, to: count, by: 100) {
                let rows = order[start..<(start + 100)]
                let (images, labels) = try buffer.batch(rows)
                let expected = rows.flatMap { row in (0..<width).map { Float(row * 1000 + $0) } }
                XCTAssertEqual(images.shape, [100, width])
                assertSameScalars(images.scalars, expected, "\(threads) thread(s), rows from \(start)")
                XCTAssertEqual(labels, rows.map { $0 % 10 })
            }
        }
    }
}
