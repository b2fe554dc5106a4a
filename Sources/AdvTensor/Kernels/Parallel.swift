import Foundation

/// Work split over cores: `Parallel.blocks` runs one closure per block of a range on adv's
/// `WorkerPool` (on `DispatchQueue.concurrentPerform` when the pool is taken, or on a machine of
/// one core) and returns when every block is done.
public enum Parallel {
    /// The scalar count from which a pass is split over `BLAS.threads` cores: below it, handing
    /// blocks to threads costs more than it saves.
    public static let minimumScalars = 1 << 16

    /// Carries a closure into `concurrentPerform`'s `@Sendable` one.
    // NOTE: unchecked because the closures capture raw buffer pointers; callers give each block a
    // disjoint part of what they write, and nothing outlives the call.
    private struct Body: @unchecked Sendable {
        let run: (Int) -> Void
    }

    /// Calls `body(part, range)` for `parts` consecutive, near-equal blocks of `0 ..< count`,
    /// concurrently when `parts > 1`.
    static func blocks(_ count: Int, parts: Int, _ body: (_ part: Int, _ range: Range<Int>) -> Void) {
        let parts = max(1, min(parts, count))
        let size = (count + parts - 1) / parts
        guard parts > 1 else { return body(0, 0..<count) }
        withoutActuallyEscaping(body) { body in
            let block = { (part: Int) in body(part, min(part * size, count)..<min((part + 1) * size, count)) }
            if let pool = WorkerPool.shared, pool.run(parts: parts, block) { return }
            let box = Body(run: block)
            DispatchQueue.concurrentPerform(iterations: parts) { box.run($0) }
        }
    }

    /// Calls `body(block, range)` for every block of `partition`, the blocks dealt out to
    /// `BLAS.threads` cores in consecutive groups, and returns when all are done.
    ///
    /// Work whose result depends on where a block starts and ends (a library product, a sum over
    /// rows) goes through here: the caller cuts it by the data's shape alone, so 1, 2 or 16 threads
    /// run the same blocks and give the same bits.
    public static func blocks(_ partition: Partition, _ body: (_ block: Int, _ range: Range<Int>) -> Void) {
        blocks(partition.blocks, parts: BLAS.threads) { _, group in
            for block in group { body(block, partition.range(block)) }
        }
    }

    /// Calls `body` on blocks of the `rows` rows of a pass that touches `width` scalars per row:
    /// one block per `BLAS.threads` core when the pass has `minimumScalars` or more, else one.
    public static func rows(_ rows: Int, width: Int, _ body: (_ rows: Range<Int>) -> Void) {
        let parts = rows * width >= minimumScalars ? BLAS.threads : 1
        blocks(rows, parts: parts) { _, range in body(range) }
    }

    /// `rows` for a flat pass over `count` scalars: `body` gets blocks of element indices.
    public static func elements(_ count: Int, _ body: (_ range: Range<Int>) -> Void) {
        rows(count, width: 1, body)
    }
}

/// A cut of `0 ..< count` into consecutive blocks of `size` (the last may be shorter), chosen from
/// the data's shape and never from the thread count (see `Parallel.blocks(_:_:)`).
public struct Partition: Equatable, Sendable {
    public let count: Int
    /// The extent of every block but the last; at least 1.
    public let size: Int

    /// `0 ..< count` in about `blocks` near-equal blocks whose sizes are multiples of `granule`
    /// (the last takes the rest), so that no block ends inside a kernel's unrolled group.
    public init(_ count: Int, blocks: Int, granule: Int = 1) {
        let blocks = max(1, min(blocks, count))
        let granule = max(1, granule)
        let rough = (count + blocks - 1) / blocks
        self.count = count
        size = max(granule, (rough + granule - 1) / granule * granule)
    }

    /// How many blocks there are: none for an empty range.
    public var blocks: Int { (count + size - 1) / size }

    /// Block `block`'s indices.
    public func range(_ block: Int) -> Range<Int> { block * size..<min((block + 1) * size, count) }
}

extension UnsafeBufferPointer {
    /// Rows `rows` of a row-major matrix with `width` elements per row.
    public func rows(_ rows: Range<Int>, width: Int) -> UnsafeBufferPointer {
        UnsafeBufferPointer(rebasing: self[(rows.lowerBound * width)..<(rows.upperBound * width)])
    }

    /// Elements `range`, as a buffer of their own.
    public func part(_ range: Range<Int>) -> UnsafeBufferPointer { UnsafeBufferPointer(rebasing: self[range]) }
}

extension UnsafeMutableBufferPointer {
    /// Rows `rows` of a row-major matrix with `width` elements per row.
    public func rows(_ rows: Range<Int>, width: Int) -> UnsafeMutableBufferPointer {
        UnsafeMutableBufferPointer(rebasing: self[(rows.lowerBound * width)..<(rows.upperBound * width)])
    }

    /// Elements `range`, as a buffer of their own.
    public func part(_ range: Range<Int>) -> UnsafeMutableBufferPointer {
        UnsafeMutableBufferPointer(rebasing: self[range])
    }
}
