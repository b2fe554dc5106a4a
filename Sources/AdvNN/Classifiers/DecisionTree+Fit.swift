import AdvTensor

/// CART fitting by histograms: a feature's pixels take 256 levels, so the best split of a node on
/// that feature is found by counting its examples per (level, class) and sweeping the 256 levels
/// once, with no sort.
extension DecisionTree {
    /// Grows the tree on `x` [n, inputs] (every value in [0, 1]) with `labels`, replacing any
    /// earlier fit.
    ///
    /// Each node holding `minSplit` or more examples of more than one class, above `maxDepth`, is
    /// split by the test `x[f] <= t` that most lowers the Gini impurity weighted by the children's
    /// sizes (equivalently, that maximises `sum_c L_c^2 / |L| + sum_c R_c^2 / |R|`), among those
    /// leaving `minLeaf` examples on each side; nodes where none exists are leaves.
    ///
    /// Values are read as the 256 levels `round(255 x)` (MNIST's pixels exactly; other values in
    /// [0, 1] are rounded to the nearest level), and a threshold is the midpoint of the two levels
    /// it separates, as scikit-learn places it between adjacent values. Deterministic: features are
    /// tried in order and the first best split is kept (scikit-learn draws the order at random).
    ///
    /// Cost: for each node, one pass over its examples per feature still varying in its parent
    /// (a feature constant in a node is constant below it and never tried again there), plus one
    /// sweep of the levels present; no sorting.
    public func fit(_ x: Tensor, labels: [Int]) throws {
        guard x.rank == 2, x.shape[1] == inputs, x.shape[0] >= 1 else {
            throw AttackError(
                op: "decision tree fit",
                message: "examples \(x.shape.shapeDescription): \(name) takes [n, \(inputs)] with n >= 1")
        }
        guard labels.count == x.shape[0] else {
            throw AttackError(
                op: "decision tree fit", message: "examples \(x.shape.shapeDescription) but \(labels.count) labels")
        }
        if let bad = labels.firstIndex(where: { !(0..<classes).contains($0) }) {
            throw AttackError(
                op: "decision tree fit",
                message: "label \(labels[bad]) at index \(bad) is not a class of \(name) (0..<\(classes))")
        }
        var grower = Grower(
            levels: try Self.levels(x), labels: labels.map { Int32($0) }, classes: classes, settings: settings)
        grower.grow()
        nodes = grower.nodes
        counts = grower.counts
    }

    /// The level `round(255 x)` of every value of `x` [n, d], feature-major: `levels[f * n + r]`,
    /// so that one feature's values over a node's examples are read from one contiguous row.
    static func levels(_ x: Tensor) throws -> [UInt8] {
        let (n, d) = (x.shape[0], x.shape[1])
        if let bad = x.scalars.firstIndex(where: { !($0 >= 0 && $0 <= 1) }) {
            throw AttackError(
                op: "decision tree fit",
                message:
                    "x[\(bad / d), \(bad % d)] = \(x.scalars[bad]) is outside [0, 1]; the tree reads 256 levels of [0, 1]"
            )
        }
        var levels = [UInt8](repeating: 0, count: n * d)
        x.scalars.withUnsafeBufferPointer { x in
            levels.withUnsafeMutableBufferPointer { levels in
                // Blocks of 64 rows, so the strided writes of a block stay in cache.
                for block in stride(from: 0, to: n, by: 64) {
                    let rows = block..<Swift.min(block + 64, n)
                    for f in 0..<d {
                        for r in rows { levels[f * n + r] = UInt8((x[r * d + f] * 255).rounded()) }
                    }
                }
            }
        }
        return levels
    }
}

/// The state of one fit: the examples' levels and labels, their order (each node owns a
/// contiguous range of it), the per-(level, class) histogram, and the nodes made so far.
private struct Grower {
    let levels: [UInt8]
    let labels: [Int32]
    let classes: Int
    let settings: DecisionTree.Settings
    let n: Int
    let d: Int
    var order: [Int32]
    var scratch: [Int32]
    /// `histogram[level * classes + c]`, all zero between features.
    var histogram: [Int]
    var nodes: [DecisionTree.Node] = []
    var counts: [Int] = []

    /// A node to make: its examples `order[start..<end]`, its depth, where its parent points to it,
    /// and the features still varying in its parent.
    struct Pending {
        var start: Int
        var end: Int
        var depth: Int
        var parent: Int
        var isLeft: Bool
        var features: [Int32]
    }

    /// The best split of a node: examples with level <= `level` of `feature` go left.
    struct Split {
        var feature: Int
        var level: Int
        var threshold: Float
        var score: Double
    }

    init(levels: [UInt8], labels: [Int32], classes: Int, settings: DecisionTree.Settings) {
        self.levels = levels
        self.labels = labels
        self.classes = classes
        self.settings = settings
        n = labels.count
        d = levels.count / Swift.max(labels.count, 1)
        order = (0..<Int32(labels.count)).map { $0 }
        scratch = order
        histogram = [Int](repeating: 0, count: 256 * classes)
    }

    /// Grows the whole tree, depth first, numbering the nodes in preorder.
    mutating func grow() {
        var stack = [
            Pending(start: 0, end: n, depth: 0, parent: -1, isLeft: false, features: (0..<Int32(d)).map { $0 })
        ]
        while let item = stack.popLast() {
            let index = nodes.count
            nodes.append(.leaf())
            if item.parent >= 0 {
                if item.isLeft { nodes[item.parent].left = index } else { nodes[item.parent].right = index }
            }
            var classCounts = [Int](repeating: 0, count: classes)
            for j in item.start..<item.end { classCounts[Int(labels[Int(order[j])])] += 1 }
            counts += classCounts
            let size = item.end - item.start
            let pure = classCounts.filter { $0 > 0 }.count <= 1
            if pure || size < settings.minSplit || size < 2 * settings.minLeaf { continue }
            if let maxDepth = settings.maxDepth, item.depth >= maxDepth { continue }
            let (split, varying) = bestSplit(item.start, item.end, classCounts, features: item.features)
            guard let split else { continue }
            nodes[index] = DecisionTree.Node(feature: split.feature, threshold: split.threshold, left: -1, right: -1)
            let middle = partition(item.start, item.end, feature: split.feature, level: split.level)
            stack.append(
                Pending(
                    start: middle, end: item.end, depth: item.depth + 1, parent: index, isLeft: false, features: varying
                ))
            stack.append(
                Pending(
                    start: item.start, end: middle, depth: item.depth + 1, parent: index, isLeft: true,
                    features: varying))
        }
    }

    /// The best split of `order[start..<end]` over `features`, and the features that vary there.
    mutating func bestSplit(_ start: Int, _ end: Int, _ classCounts: [Int], features: [Int32]) -> (Split?, [Int32]) {
        let size = end - start
        let minLeaf = settings.minLeaf
        let classes = self.classes
        let n = self.n
        var best: Split?
        var varying: [Int32] = []
        varying.reserveCapacity(features.count)
        var left = [Int](repeating: 0, count: classes)
        var right = [Int](repeating: 0, count: classes)
        var present = [Int](repeating: 0, count: 256)
        var seen = [UInt64](repeating: 0, count: 4)
        let parentSquares = classCounts.reduce(0) { $0 + $1 * $1 }
        levels.withUnsafeBufferPointer { levels in
            labels.withUnsafeBufferPointer { labels in
                order.withUnsafeBufferPointer { order in
                    histogram.withUnsafeMutableBufferPointer { histogram in
                        for feature in features {
                            let column = UnsafeBufferPointer(
                                rebasing: levels[Int(feature) * n..<(Int(feature) + 1) * n])
                            // Count the node's examples per (level, class), noting the levels seen.
                            // NOTE: level 0 (most of MNIST's pixels) is not counted one by one, where
                            // every increment would wait on the last to the same bin: its counts are
                            // what the other levels leave of the node's class counts.
                            for w in 0..<4 { seen[w] = 0 }
                            var zeros = size
                            for j in start..<end {
                                let i = Int(order[j])
                                let level = Int(column[i])
                                guard level != 0 else { continue }
                                histogram[level * classes + Int(labels[i])] += 1
                                seen[level >> 6] |= UInt64(1) << UInt64(level & 63)
                                zeros -= 1
                            }
                            if zeros > 0 {
                                for c in 0..<classes { histogram[c] = classCounts[c] }
                                for w in 0..<4 {
                                    var bits = seen[w]
                                    while bits != 0 {
                                        let base = (64 * w + bits.trailingZeroBitCount) * classes
                                        for c in 0..<classes { histogram[c] -= histogram[base + c] }
                                        bits &= bits - 1
                                    }
                                }
                                seen[0] |= 1
                            }
                            // The levels seen, in increasing order.
                            var distinct = 0
                            for w in 0..<4 {
                                var bits = seen[w]
                                while bits != 0 {
                                    present[distinct] = 64 * w + bits.trailingZeroBitCount
                                    distinct += 1
                                    bits &= bits - 1
                                }
                            }
                            defer {
                                for k in 0..<distinct {
                                    for c in 0..<classes { histogram[present[k] * classes + c] = 0 }
                                }
                            }
                            guard distinct > 1 else { continue }
                            varying.append(feature)
                            // Sweep the levels upward, moving each level's examples from right to left.
                            for c in 0..<classes {
                                left[c] = 0
                                right[c] = classCounts[c]
                            }
                            var (leftSquares, rightSquares) = (0, parentSquares)
                            var leftSize = 0
                            for k in 0..<(distinct - 1) {
                                let base = present[k] * classes
                                for c in 0..<classes {
                                    let b = histogram[base + c]
                                    guard b != 0 else { continue }
                                    leftSquares += (2 * left[c] + b) * b
                                    rightSquares += (b - 2 * right[c]) * b
                                    left[c] += b
                                    right[c] -= b
                                    leftSize += b
                                }
                                let rightSize = size - leftSize
                                guard leftSize >= minLeaf, rightSize >= minLeaf else { continue }
                                let score =
                                    Double(leftSquares) / Double(leftSize) + Double(rightSquares) / Double(rightSize)
                                if score > best?.score ?? -1 {
                                    let threshold = Float((Double(present[k]) + Double(present[k + 1])) / 510)
                                    best = Split(
                                        feature: Int(feature), level: present[k], threshold: threshold, score: score)
                                }
                            }
                        }
                    }
                }
            }
        }
        return (best, varying)
    }

    /// Reorders `order[start..<end]` stably so the examples with `feature`'s level <= `level` come
    /// first; returns where the rest begin.
    mutating func partition(_ start: Int, _ end: Int, feature: Int, level: Int) -> Int {
        var (kept, moved) = (start, 0)
        let base = feature * n
        for j in start..<end {
            let i = order[j]
            if Int(levels[base + Int(i)]) <= level {
                order[kept] = i
                kept += 1
            } else {
                scratch[moved] = i
                moved += 1
            }
        }
        for k in 0..<moved { order[kept + k] = scratch[k] }
        return kept
    }
}
