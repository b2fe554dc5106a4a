import AdvTensor

extension Attacks {
    /// Papernot, McDaniel & Goodfellow 2016's crafting for decision trees: from the leaf an example
    /// reaches, go up the path to the nearest ancestor whose other subtree holds a leaf voting for
    /// another class, and change the pixels the path to that leaf tests so the example follows it.
    ///
    /// What we chose where the paper leaves it open: (1) "another class" means other than the true
    /// label, and an example the tree already misclassifies is left as it is; (2) of the leaves
    /// of another class under that nearest ancestor, the one needing the fewest pixel changes is
    /// taken (then the smallest total change, then the leftmost); (3) a changed pixel takes the
    /// nearest of the 256 levels k/255 on the required side of each threshold on the whole path
    /// from the root, so the example stays an 8-bit image in [0, 1] and provably reaches the
    /// chosen leaf (the tests above the ancestor included); a leaf whose path asks for no such
    /// level is skipped. Only pixels that fail a test on the new path change; there is no eps.
    ///
    /// - Parameters:
    ///   - x: examples [n, tree.inputs]; `labels`: their n true classes.
    /// - Returns: the adversarial examples, [n, tree.inputs], in the same row order.
    public static func decisionTree(_ tree: DecisionTree, _ x: Tensor, labels: [Int]) throws -> Tensor {
        let op = "tree attack"
        try Batch.validate(op, tree, x, labels: labels)
        try tree.checkFitted(x)
        let d = x.shape[1]
        var moved = x.scalars
        var search = TreeLeafSearch(tree: tree)
        for (r, label) in labels.enumerated() {
            let row = Array(moved[r * d..<(r + 1) * d])
            guard let changes = search.nearestLeafOfAnotherClass(row, label: label) else { continue }
            for (feature, value) in changes { moved[r * d + feature] = value }
        }
        return try Tensor(shape: x.shape, scalars: moved)
    }
}

/// The search of `Attacks.decisionTree` for one example at a time, with the per-feature bounds
/// (`lower < x[f] <= upper`) of the path being explored and an undo log to back out of it.
struct TreeLeafSearch {
    let tree: DecisionTree
    var lower: [Float]
    var upper: [Float]
    var undo: [(feature: Int, lower: Float, upper: Float)] = []
    /// The features the current path tests, with repeats.
    var tested: [Int] = []
    /// `stamp[f] == round` marks a feature already counted at the current leaf.
    var stamp: [Int]
    var round = 0

    /// A candidate: its leaf, the pixels to change and their new values, and its cost.
    struct Candidate {
        var leaf: Int
        var changes: [(Int, Float)]
        var total: Float
    }

    init(tree: DecisionTree) {
        self.tree = tree
        lower = [Float](repeating: -.infinity, count: tree.inputs)
        upper = [Float](repeating: .infinity, count: tree.inputs)
        stamp = [Int](repeating: -1, count: tree.inputs)
    }

    /// The pixel changes that take `row` to the nearest leaf (in the tree) voting for a class
    /// other than `label`; nil when the row is already misclassified or no such leaf is reachable.
    mutating func nearestLeafOfAnotherClass(_ row: [Float], label: Int) -> [(Int, Float)]? {
        let nodes = tree.nodes
        var path = [0]
        while let last = path.last, !nodes[last].isLeaf {
            let node = nodes[last]
            path.append(row[node.feature] <= node.threshold ? node.left : node.right)
        }
        guard let reached = path.last, tree.vote(reached) == label else { return nil }
        for level in stride(from: path.count - 2, through: 0, by: -1) {
            // The bounds of the path down to this ancestor, then its other branch.
            for k in 0..<level { constrain(path[k], towards: path[k + 1]) }
            let ancestor = nodes[path[level]]
            let sibling = ancestor.left == path[level + 1] ? ancestor.right : ancestor.left
            constrain(path[level], towards: sibling)
            var best: Candidate?
            explore(sibling, row: row, label: label, best: &best)
            backOut(to: 0)
            if let best { return best.changes }
        }
        return nil
    }

    /// Tightens the bounds for the branch of `node` that leads to `child`.
    mutating func constrain(_ node: Int, towards child: Int) {
        let split = tree.nodes[node]
        undo.append((split.feature, lower[split.feature], upper[split.feature]))
        tested.append(split.feature)
        if child == split.left {
            upper[split.feature] = Swift.min(upper[split.feature], split.threshold)
        } else {
            lower[split.feature] = Swift.max(lower[split.feature], split.threshold)
        }
    }

    /// Restores the bounds to what they were with `depth` entries in the undo log.
    mutating func backOut(to depth: Int) {
        while undo.count > depth, let last = undo.popLast() {
            lower[last.feature] = last.lower
            upper[last.feature] = last.upper
            tested.removeLast()
        }
    }

    /// Depth first through the subtree at `node`, left before right, keeping in `best` the
    /// cheapest leaf voting for another class than `label`.
    mutating func explore(_ node: Int, row: [Float], label: Int, best: inout Candidate?) {
        let split = tree.nodes[node]
        guard !split.isLeaf else {
            guard tree.vote(node) != label, let candidate = changes(row, leaf: node) else { return }
            if let kept = best,
                (kept.changes.count, kept.total) <= (candidate.changes.count, candidate.total)
            {
                return
            }
            best = candidate
            return
        }
        for child in [split.left, split.right] {
            let depth = undo.count
            constrain(node, towards: child)
            explore(child, row: row, label: label, best: &best)
            backOut(to: depth)
        }
    }

    /// The changes that put `row` inside the current bounds, or nil when some bound holds no level.
    mutating func changes(_ row: [Float], leaf: Int) -> Candidate? {
        round += 1
        var result: [(Int, Float)] = []
        var total: Float = 0
        for feature in tested where stamp[feature] != round {
            stamp[feature] = round
            let (low, high) = (lower[feature], upper[feature])
            let value = row[feature]
            guard !(value > low && value <= high) else { continue }
            guard let level = TreeLeafSearch.nearestLevel(to: value, above: low, atMost: high) else { return nil }
            result.append((feature, level))
            total += Swift.abs(level - value)
        }
        return Candidate(leaf: leaf, changes: result, total: total)
    }

    /// The level k/255 (k in 0...255) nearest to `value` with `low < k/255 <= high`, nil if none.
    static func nearestLevel(to value: Float, above low: Float, atMost high: Float) -> Float? {
        func level(_ k: Int) -> Float { Float(k) / 255 }
        /// `255 v` as a level index clamped to -1...256 (infinities and NaN included).
        func index(_ v: Float, _ rule: FloatingPointRoundingRule) -> Int {
            let scaled = (v * 255).rounded(rule)
            return scaled.isNaN ? 0 : Int(Swift.min(Swift.max(scaled, -1), 256))
        }
        // The lowest and highest admissible levels, from estimates corrected in Float itself.
        var first = Swift.max(index(low, .down), 0)
        while first <= 255, level(first) <= low { first += 1 }
        var last = Swift.min(index(high, .up), 255)
        while last >= 0, level(last) > high { last -= 1 }
        guard first <= last else { return nil }
        return level(Swift.min(Swift.max(index(value, .toNearestOrAwayFromZero), first), last))
    }
}
