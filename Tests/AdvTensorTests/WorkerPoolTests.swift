import Dispatch
import XCTest

@testable import AdvTensor

/// `Parallel.blocks` on adv's worker pool: every part runs exactly once, with more parts than
/// threads, many passes in a row, after the workers fell asleep, nested, and from several threads.
final class WorkerPoolTests: XCTestCase {
    /// Runs `Parallel.blocks(count, parts:)` and returns how often each index was visited, and
    /// whether each block got the range its part number names.
    private static func visits(_ count: Int, parts: Int) -> (counts: [Int], rangesMatch: Bool) {
        let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: count)
        counts.initialize(repeating: 0)
        defer { counts.deallocate() }
        let used = max(1, min(parts, count))
        let size = (count + used - 1) / used
        let matches = UnsafeMutableBufferPointer<Bool>.allocate(capacity: used)
        matches.initialize(repeating: false)
        defer { matches.deallocate() }
        Parallel.blocks(count, parts: parts) { part, range in
            for index in range { counts[index] += 1 }
            matches[part] = range == min(part * size, count)..<min((part + 1) * size, count)
        }
        return (Array(counts), count == 0 || matches.allSatisfy { $0 })
    }

    func testEveryIndexRunsOnceForAnyPartCount() {
        for (count, parts) in [(0, 2), (1, 2), (2, 2), (7, 3), (100, 2), (100, 7), (1000, 64), (5, 100)] {
            let (counts, rangesMatch) = WorkerPoolTests.visits(count, parts: parts)
            XCTAssertEqual(counts, Array(repeating: 1, count: count), "count \(count), parts \(parts)")
            XCTAssertTrue(rangesMatch, "count \(count), parts \(parts)")
        }
    }

    func testManyPassesInARow() {
        // Short passes back to back: the workers are still spinning on the last one, or just
        // finishing it, when the next is published.
        for pass in 0..<20_000 {
            let (counts, _) = WorkerPoolTests.visits(4, parts: 2 + pass % 3)
            if counts != [1, 1, 1, 1] { return XCTFail("pass \(pass): \(counts)") }
        }
    }

    func testAPassAfterTheWorkersFellAsleep() {
        _ = WorkerPoolTests.visits(10, parts: 2)
        usleep(UInt32(3 * WorkerPool.spinNanoseconds / 1000))
        XCTAssertEqual(WorkerPoolTests.visits(10, parts: 2).counts, Array(repeating: 1, count: 10))
    }

    func testNestedPassesRunWithoutThePool() {
        let outer = 4
        let inner = 6
        let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: outer * inner)
        counts.initialize(repeating: 0)
        defer { counts.deallocate() }
        Parallel.blocks(outer, parts: outer) { _, rows in
            for row in rows {
                Parallel.blocks(inner, parts: 3) { _, columns in
                    for column in columns { counts[row * inner + column] += 1 }
                }
            }
        }
        XCTAssertEqual(Array(counts), Array(repeating: 1, count: outer * inner))
    }

    func testPassesFromSeveralThreadsAtOnce() {
        let callers = 4
        let failures = UnsafeMutableBufferPointer<Int>.allocate(capacity: callers)
        failures.initialize(repeating: 0)
        defer { failures.deallocate() }
        nonisolated(unsafe) let shared = failures
        DispatchQueue.concurrentPerform(iterations: callers) { caller in
            for _ in 0..<500 where WorkerPoolTests.visits(50, parts: 2).counts != Array(repeating: 1, count: 50) {
                shared[caller] += 1
            }
        }
        XCTAssertEqual(Array(failures), Array(repeating: 0, count: callers))
    }

    /// A partition covers its range once, in blocks of a multiple of the granule (the last takes
    /// the rest), and never more blocks than asked.
    func testPartitionsCoverTheirRangeInGranuleSizedBlocks() {
        for (count, blocks, granule) in [
            (0, 2, 16), (1, 2, 16), (1200, 2, 16), (784, 2, 16), (1200, 16, 16), (10, 4, 1), (9, 4, 1), (5, 100, 1),
        ] {
            let partition = Partition(count, blocks: blocks, granule: granule)
            let ranges = (0..<partition.blocks).map(partition.range)
            XCTAssertEqual(ranges.flatMap { Array($0) }, Array(0..<count), "\(count) in \(blocks)")
            XCTAssertLessThanOrEqual(partition.blocks, max(1, blocks), "\(count) in \(blocks)")
            XCTAssertTrue(ranges.dropLast().allSatisfy { $0.count % granule == 0 && !$0.isEmpty })
        }
        XCTAssertEqual(Partition(1200, blocks: 2, granule: 16).range(1), 608..<1200)
        XCTAssertEqual(Partition(9, blocks: 4).blocks, 3, "blocks of ceil(9 / 4) = 3")
    }

    /// `Parallel.blocks(partition)` runs each block once with its own range, whatever the thread count.
    func testPartitionedPassesRunEachBlockOnceForEveryThreadCount() {
        let before = BLAS.threads
        defer { BLAS.threads = before }
        let partition = Partition(1000, blocks: 7, granule: 16)
        for threads in [1, 2, 3, 16] {
            BLAS.threads = threads
            let seen = UnsafeMutableBufferPointer<Int>.allocate(capacity: 1000)
            seen.initialize(repeating: -1)
            defer { seen.deallocate() }
            Parallel.blocks(partition) { block, range in
                for index in range { seen[index] = block }
            }
            XCTAssertEqual(Array(seen), (0..<1000).map { $0 / partition.size }, "\(threads) threads")
        }
    }
}
