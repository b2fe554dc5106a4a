import AdvTensor

/// A CART decision tree (Breiman et al. 1984) for the transferability experiments of Papernot,
/// McDaniel & Goodfellow 2016: binary splits `x[feature] <= threshold` chosen by Gini impurity,
/// each leaf voting for the class most of its training examples have.
///
/// Made unfitted with its limits (`Settings`); `fit` (DecisionTree+Fit.swift) grows it on an example
/// set. `probabilities` are the class shares of the training examples in the leaf an input reaches
/// (scikit-learn's `predict_proba`), so the predicted class is the leaf's majority, ties to the lower
/// class. A tree is piecewise constant: it has no input gradient (`lossAndInputGradient` throws),
/// and its adversarial examples come from `Attacks.decisionTree`, the paper's tree attack.
public final class DecisionTree: Classifier, CustomStringConvertible {
    /// The growth limits, scikit-learn's `DecisionTreeClassifier` defaults unless set.
    public struct Settings: Sendable, Equatable, Codable {
        /// The deepest a node may lie (the root is depth 0); nil grows until the leaves are pure.
        public var maxDepth: Int?
        /// The fewest training examples a leaf may hold (`min_samples_leaf`, default 1).
        public var minLeaf: Int
        /// The fewest training examples a node needs to be split (`min_samples_split`, default 2).
        public var minSplit: Int

        public init(maxDepth: Int? = nil, minLeaf: Int = 1, minSplit: Int = 2) {
            self.maxDepth = maxDepth
            self.minLeaf = minLeaf
            self.minSplit = minSplit
        }
    }

    /// One node: a split `x[feature] <= threshold ? left : right`, or a leaf (feature -1).
    public struct Node: Sendable, Equatable {
        public var feature: Int
        public var threshold: Float
        public var left: Int
        public var right: Int

        public var isLeaf: Bool { feature < 0 }

        public static func leaf() -> Node { Node(feature: -1, threshold: 0, left: -1, right: -1) }
    }

    public let name: String
    public let inputs: Int
    public let classes: Int
    public let settings: Settings
    /// The nodes in preorder (the root first, each left subtree before its right); empty until fitted.
    public internal(set) var nodes: [Node] = []
    /// `counts[node * classes + c]`: the training examples of class c that reached the node.
    public internal(set) var counts: [Int] = []
    /// What fitting recorded: the data, the tree's size, its training error.
    public var trainingLog: [String] = []
    /// A fingerprint of the training data (e.g. `MNIST.checksum`), recorded by whoever fits it.
    public var dataChecksum: String?

    /// An unfitted tree for `inputs` features and `classes` classes.
    public init(inputs: Int = 784, classes: Int = 10, settings: Settings = Settings()) {
        self.inputs = inputs
        self.classes = classes
        self.settings = settings
        var limits: [String] = []
        if let depth = settings.maxDepth { limits.append("max depth \(depth)") }
        if settings.minLeaf != 1 { limits.append("min leaf \(settings.minLeaf)") }
        if settings.minSplit != 2 { limits.append("min split \(settings.minSplit)") }
        name = limits.isEmpty ? "DT" : "DT(\(limits.joined(separator: ", ")))"
    }

    /// A fitted tree from its parts (as loaded from a file); `validate` checks them.
    init(
        name: String, inputs: Int, classes: Int, settings: Settings, nodes: [Node], counts: [Int]
    ) {
        self.name = name
        self.inputs = inputs
        self.classes = classes
        self.settings = settings
        self.nodes = nodes
        self.counts = counts
    }

    public var isFitted: Bool { !nodes.isEmpty }
    public var leafCount: Int { nodes.reduce(0) { $0 + ($1.isLeaf ? 1 : 0) } }

    /// The depth of the deepest leaf (0 for a lone root; -1 unfitted).
    public var depth: Int {
        guard isFitted else { return -1 }
        var deepest = 0
        var stack = [(0, 0)]
        while let (node, level) = stack.popLast() {
            deepest = Swift.max(deepest, level)
            if !nodes[node].isLeaf { stack += [(nodes[node].left, level + 1), (nodes[node].right, level + 1)] }
        }
        return deepest
    }

    /// The leaf `row` (inputs scalars) reaches.
    func leaf(of row: UnsafeBufferPointer<Float>) -> Int {
        var node = 0
        while !nodes[node].isLeaf {
            node = row[nodes[node].feature] <= nodes[node].threshold ? nodes[node].left : nodes[node].right
        }
        return node
    }

    /// The class a leaf votes for: its training majority, ties to the lower class.
    func vote(_ leaf: Int) -> Int {
        var best = 0
        for c in 1..<classes where counts[leaf * classes + c] > counts[leaf * classes + best] { best = c }
        return best
    }

    /// Each row's leaf, for `x` [n, inputs].
    public func leaves(_ x: Tensor) throws -> [Int] {
        try checkFitted(x)
        let (n, d) = (x.shape[0], x.shape[1])
        return x.scalars.withUnsafeBufferPointer { x in
            (0..<n).map { leaf(of: UnsafeBufferPointer(rebasing: x[$0 * d..<($0 + 1) * d])) }
        }
    }

    /// The class shares of the training examples in each row's leaf, [n, classes].
    public func probabilities(_ x: Tensor) throws -> Tensor {
        let reached = try leaves(x)
        var p = [Float](repeating: 0, count: reached.count * classes)
        for (r, leaf) in reached.enumerated() {
            let total = (0..<classes).reduce(0) { $0 + counts[leaf * classes + $1] }
            for c in 0..<classes { p[r * classes + c] = Float(counts[leaf * classes + c]) / Float(Swift.max(total, 1)) }
        }
        return try Tensor(shape: [reached.count, classes], scalars: p)
    }

    /// The logs of `probabilities` (see `logitsOfProbabilities`).
    public func logits(_ x: Tensor) throws -> Tensor { try logitsOfProbabilities(x) }

    /// Throws: a tree is piecewise constant, with no input gradient.
    public func lossAndInputGradient(_ x: Tensor, labels: [Int]) throws -> (losses: [Float], gradient: Tensor) {
        throw AttackError(
            op: "input gradient",
            message: "\(name) is a decision tree: piecewise constant, it has no input gradient")
    }

    /// Throws unless the tree is fitted and `x` is [n, inputs].
    func checkFitted(_ x: Tensor) throws {
        guard isFitted else {
            throw AttackError(op: "decision tree", message: "\(name) is not fitted yet: fit it on a training set first")
        }
        guard x.rank == 2, x.shape[1] == inputs else {
            throw AttackError(
                op: "decision tree", message: "examples \(x.shape.shapeDescription) but \(name) takes [n, \(inputs)]")
        }
    }

    public var description: String {
        let header = "decision tree \(name): \(inputs) inputs, \(classes) classes, CART (gini)"
        guard isFitted else { return header + ", not fitted" }
        return header + "\n  \(nodes.count) nodes, \(leafCount) leaves, depth \(depth)"
    }
}
