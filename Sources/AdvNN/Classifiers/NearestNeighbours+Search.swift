import AdvTensor

/// The neighbour search: squared distances from a block of query rows to a block of training rows
/// by one GEMM (`Tensor.squaredDistances`), scanned into each row's running k nearest. The blocks
/// bound the memory: at most `queryBlock x trainingBlock` distances exist at once (20 MB), never
/// the whole [n, m] table (10,000 x 60,000 would be 2.4 GB).
extension NearestNeighbours {
    static let queryBlock = 500
    static let trainingBlock = 10_000

    /// The indices of the `count` training examples nearest to each row of `x` [n, inputs], nearest
    /// first (equal distances: the lower index first), flat [n * count].
    public func nearest(_ x: Tensor, count: Int) throws -> [Int] {
        try search(x, count: count, labels: nil).same
    }

    /// For each row of `x` with true class `labels[r]`: the `count` nearest training examples of its
    /// own class (`same`) and of the other classes (`other`), each flat [n * count] with -1 where a
    /// group has fewer than `count` examples.
    func nearestByClass(_ x: Tensor, labels queryLabels: [Int], count: Int) throws -> (same: [Int], other: [Int]) {
        try search(x, count: count, labels: queryLabels)
    }

    /// One pass over the training set for all rows of `x`; with `labels`, two groups per row.
    private func search(_ x: Tensor, count: Int, labels queryLabels: [Int]?) throws -> (same: [Int], other: [Int]) {
        guard x.rank == 2, x.shape[1] == inputs else {
            throw AttackError(
                op: "knn", message: "examples \(x.shape.shapeDescription) but \(name) takes [n, \(inputs)]")
        }
        guard count >= 1 else { throw AttackError(op: "knn", message: "neighbour count \(count) must be at least 1") }
        let n = x.shape[0]
        let m = examples.shape[0]
        let groups = queryLabels == nil ? 1 : 2
        var best = [NeighbourList](repeating: NeighbourList(capacity: count), count: n * groups)
        // Each list's farthest kept distance once full (infinity before): the one test most
        // distances fail, made without touching the lists.
        var bar = [Float](repeating: .infinity, count: n * groups)
        var distances = Tensor.zeros([0])
        for queryStart in stride(from: 0, to: n, by: Self.queryBlock) {
            let rows = queryStart..<Swift.min(queryStart + Self.queryBlock, n)
            let query = try x.rowBlock(rows)
            let queryNorms = try query.rowSquaredNorms()
            for trainingStart in stride(from: 0, to: m, by: Self.trainingBlock) {
                let block = trainingStart..<Swift.min(trainingStart + Self.trainingBlock, m)
                try Tensor.squaredDistances(
                    query, aNorms: queryNorms, examples, rows: block, bNorms: squaredNorms, into: &distances)
                distances.scalars.withUnsafeBufferPointer { d in
                    for (i, r) in rows.enumerated() {
                        let own = queryLabels?[r]
                        for (j, t) in block.enumerated() {
                            let group = own.map { labels[t] == $0 ? 0 : 1 } ?? 0
                            let list = r * groups + group
                            let distance = d[i * block.count + j]
                            guard distance < bar[list] else { continue }
                            best[list].offer(distance, index: t)
                            if best[list].indices.count == count { bar[list] = best[list].distances[count - 1] }
                        }
                    }
                }
            }
        }
        func flat(_ group: Int) -> [Int] {
            (0..<n).flatMap { r in
                let list = best[r * groups + group]
                return list.indices + [Int](repeating: -1, count: count - list.indices.count)
            }
        }
        return (flat(0), groups == 2 ? flat(1) : [])
    }
}

/// A row's running nearest training examples, nearest first, at most `capacity` of them.
struct NeighbourList {
    let capacity: Int
    var distances: [Float] = []
    var indices: [Int] = []

    init(capacity: Int) {
        self.capacity = capacity
        distances.reserveCapacity(capacity)
        indices.reserveCapacity(capacity)
    }

    /// Keeps `index` at `distance` if it is among the nearest so far. Indices come in increasing
    /// order, so a tie with a kept one loses: of equal distances the earlier example stays nearer.
    mutating func offer(_ distance: Float, index: Int) {
        if indices.count == capacity {
            guard distance < distances[capacity - 1] else { return }
            distances.removeLast()
            indices.removeLast()
        }
        var slot = indices.count
        while slot > 0, distances[slot - 1] > distance { slot -= 1 }
        distances.insert(distance, at: slot)
        indices.insert(index, at: slot)
    }
}
