import Foundation

/// Work split over cores: `Parallel.blocks` runs one closure per block of a range on adv's
/// `WorkerPool` (on `DispatchQueue.concurrentPerform` when the pool is taken, or on a machine of
/// one core) and returns when every block is done.
public enum Parallel {
    /// The scalar count from which a pass is split over `BLAS.threads` cores: below it, handing
    /// blocks to threads costs more than it saves.
    static let minimumScalars = 1 << 16

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

    /// Calls `body` on blocks of the `rows` rows of a pass that touches `width` scalars per row:
    /// one block per `BLAS.threads` core when the pass has `minimumScalars` or more, else one.
    public static func rows(_ rows: Int, width: Int, _ body: (_ rows: Range<Int>) -> Void) {
        let parts = rows * width >= minimumScalars ? BLAS.threads : 1
        blocks(rows, parts: parts) { _, range in body(range) }
    }

    /// `rows` for a flat pass over `count` scalars: `body` gets blocks of element indices.
    static func elements(_ count: Int, _ body: (_ range: Range<Int>) -> Void) {
        rows(count, width: 1, body)
    }
}

extension UnsafeBufferPointer {
    /// Rows `rows` of a row-major matrix with `width` elements per row.
    func rows(_ rows: Range<Int>, width: Int) -> UnsafeBufferPointer {
        UnsafeBufferPointer(rebasing: self[(rows.lowerBound * width)..<(rows.upperBound * width)])
    }

    /// Elements `range`, as a buffer of their own.
    func part(_ range: Range<Int>) -> UnsafeBufferPointer { UnsafeBufferPointer(rebasing: self[range]) }
}

extension UnsafeMutableBufferPointer {
    /// Rows `rows` of a row-major matrix with `width` elements per row.
    func rows(_ rows: Range<Int>, width: Int) -> UnsafeMutableBufferPointer {
        UnsafeMutableBufferPointer(rebasing: self[(rows.lowerBound * width)..<(rows.upperBound * width)])
    }

    /// Elements `range`, as a buffer of their own.
    func part(_ range: Range<Int>) -> UnsafeMutableBufferPointer { UnsafeMutableBufferPointer(rebasing: self[range]) }
}
