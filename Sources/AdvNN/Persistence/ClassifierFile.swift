import AdvData
import AdvTensor
import Foundation

/// Decision trees and k-NN classifiers saved in a model folder (ModelFolder.swift), beside
/// networks: the header names the `kind` ("decision-tree" or "knn"); the arrays are float32, the
/// integers among them exact below 2^24.
///
/// - decision tree: header `name`, `inputs`, `classes`, `settings` (maxDepth, minLeaf, minSplit),
///   `nodes`, `dataChecksum`, `trainingLog`; arrays `tree.feature` [nodes] (-1 at a leaf),
///   `tree.threshold` [nodes], `tree.left` and `tree.right` [nodes] (-1 at a leaf) and
///   `tree.counts` [nodes, classes] (the training examples of each class that reached the node);
/// - k-NN: header `name`, `inputs`, `classes`, `k`, `examples` (their count), `dataChecksum`,
///   `trainingLog`; arrays `knn.examples` [examples, inputs] and `knn.labels` [examples]. A k-NN
///   classifier is its training set, so its file holds the whole set (60,000 MNIST digits: 188 MB).
public enum ClassifierFile {
    /// Loads whatever classifier the folder `url` holds: a network (`Model`), a decision tree or a
    /// k-NN classifier.
    public static func load(from url: URL) throws -> any Classifier {
        switch try ModelFolder.kind(of: url) {
        case nil: return try Model.load(checkedFrom: url)
        case TreeHeader.kind?: return try DecisionTree.load(from: url)
        case NearestNeighboursHeader.kind?: return try NearestNeighbours.load(from: url)
        case let other?:
            throw ModelFileError(
                path: ModelFolder.headerURL(url).path,
                message:
                    "kind \"\(other)\": want none (a network), \"\(TreeHeader.kind)\" or \"\(NearestNeighboursHeader.kind)\""
            )
        }
    }

    /// The largest integer float32 holds exactly (2^24): node indices and counts must stay below.
    static let exactIntegers = 16_777_216

    /// The integers of `tensor` (the array `name` of the folder `url`), each checked to be whole and
    /// within `range`.
    static func integers(_ tensor: Tensor, _ name: String, in range: ClosedRange<Int>, _ url: URL) throws -> [Int] {
        try tensor.scalars.enumerated().map { i, value in
            guard value.isFinite, value == value.rounded(), range.contains(Int(value)) else {
                throw ModelFileError(
                    path: ModelFolder.weightsURL(url).path,
                    message:
                        "\(name)[\(i)] = \(value): want a whole number in \(range.lowerBound)...\(range.upperBound)")
            }
            return Int(value)
        }
    }
}

/// A decision tree's header.json.
struct TreeHeader: Codable, Equatable {
    static let kind = "decision-tree"
    var format = "adv-model"
    var version = 1
    var kind = TreeHeader.kind
    var name: String
    var inputs: Int
    var classes: Int
    var settings: DecisionTree.Settings
    var nodes: Int
    var dataChecksum: String?
    var trainingLog: [String]
}

/// A k-NN classifier's header.json.
struct NearestNeighboursHeader: Codable, Equatable {
    static let kind = "knn"
    var format = "adv-model"
    var version = 1
    var kind = NearestNeighboursHeader.kind
    var name: String
    var inputs: Int
    var classes: Int
    var k: Int
    var examples: Int
    var dataChecksum: String?
    var trainingLog: [String]
}

extension DecisionTree {
    /// Saves the fitted tree as the folder `url` (see `ClassifierFile`).
    public func save(to url: URL) throws {
        guard isFitted else { throw ModelFileError(path: url.path, message: "\(name) is not fitted: nothing to save") }
        guard nodes.count < ClassifierFile.exactIntegers, counts.allSatisfy({ $0 < ClassifierFile.exactIntegers })
        else {
            throw ModelFileError(
                path: url.path, message: "\(name) has more nodes or examples than float32 holds exactly")
        }
        let header = TreeHeader(
            name: name, inputs: inputs, classes: classes, settings: settings, nodes: nodes.count,
            dataChecksum: dataChecksum, trainingLog: trainingLog)
        func column(_ values: [Float]) -> Tensor { Tensor(values) }
        try ModelFolder.write(
            header,
            arrays: [
                "tree.feature": column(nodes.map { Float($0.feature) }),
                "tree.threshold": column(nodes.map(\.threshold)),
                "tree.left": column(nodes.map { Float($0.left) }),
                "tree.right": column(nodes.map { Float($0.right) }),
                "tree.counts": try Tensor(shape: [nodes.count, classes], scalars: counts.map(Float.init)),
            ], to: url)
    }

    /// Loads a tree saved by `save(to:)`, checking that its nodes form one tree in preorder.
    public static func load(from url: URL) throws -> DecisionTree {
        let header = try ModelFolder.readHeader(TreeHeader.self, from: url)
        let path = ModelFolder.headerURL(url).path
        func fail(_ message: String) -> ModelFileError { ModelFileError(path: path, message: message) }
        guard header.inputs > 0, header.classes >= 2, header.nodes >= 1, header.nodes < ClassifierFile.exactIntegers
        else {
            throw fail(
                "want inputs >= 1, classes >= 2 and nodes >= 1, got \(header.inputs), \(header.classes) and \(header.nodes)"
            )
        }
        let arrays = try NPZ.read(contentsOf: ModelFolder.weightsURL(url))
        let n = header.nodes
        let features = try ClassifierFile.integers(
            try ModelFolder.array("tree.feature", [n], in: arrays, url), "tree.feature", in: -1...(header.inputs - 1),
            url)
        let left = try ClassifierFile.integers(
            try ModelFolder.array("tree.left", [n], in: arrays, url), "tree.left", in: -1...(n - 1), url)
        let right = try ClassifierFile.integers(
            try ModelFolder.array("tree.right", [n], in: arrays, url), "tree.right", in: -1...(n - 1), url)
        let thresholds = try ModelFolder.array("tree.threshold", [n], in: arrays, url).scalars
        let counts = try ClassifierFile.integers(
            try ModelFolder.array("tree.counts", [n, header.classes], in: arrays, url), "tree.counts",
            in: 0...ClassifierFile.exactIntegers, url)
        // Preorder: a split's children come after it and every node but the root has one parent,
        // so following children always ends at a leaf.
        var parents = [Int](repeating: 0, count: n)
        var nodes: [Node] = []
        for i in 0..<n {
            let node = Node(feature: features[i], threshold: thresholds[i], left: left[i], right: right[i])
            if node.isLeaf {
                guard node.left == -1, node.right == -1 else { throw fail("leaf \(i) has children") }
                guard counts[i * header.classes..<(i + 1) * header.classes].contains(where: { $0 > 0 }) else {
                    throw fail("leaf \(i) has no training examples to vote with")
                }
            } else {
                guard node.threshold.isFinite, node.left > i, node.right > i, node.left != node.right else {
                    throw fail("node \(i) needs a finite threshold and two children after it in preorder")
                }
                parents[node.left] += 1
                parents[node.right] += 1
            }
            nodes.append(node)
        }
        if let orphan = parents.indices.dropFirst().first(where: { parents[$0] != 1 }) {
            throw fail("node \(orphan) has \(parents[orphan]) parents, want 1")
        }
        let tree = DecisionTree(
            name: header.name, inputs: header.inputs, classes: header.classes, settings: header.settings,
            nodes: nodes, counts: counts)
        tree.dataChecksum = header.dataChecksum
        tree.trainingLog = header.trainingLog
        return tree
    }
}

extension NearestNeighbours {
    /// Saves k and the whole training set as the folder `url` (see `ClassifierFile`).
    public func save(to url: URL) throws {
        guard classes < ClassifierFile.exactIntegers else {
            throw ModelFileError(
                path: url.path, message: "\(classes) classes are more than float32 labels hold exactly")
        }
        let header = NearestNeighboursHeader(
            name: name, inputs: inputs, classes: classes, k: k, examples: examples.shape[0],
            dataChecksum: dataChecksum, trainingLog: trainingLog)
        try ModelFolder.write(
            header, arrays: ["knn.examples": examples, "knn.labels": Tensor(labels.map(Float.init))], to: url)
    }

    /// Loads a k-NN classifier saved by `save(to:)`.
    public static func load(from url: URL) throws -> NearestNeighbours {
        let header = try ModelFolder.readHeader(NearestNeighboursHeader.self, from: url)
        guard header.inputs > 0, header.examples > 0, header.classes >= 2 else {
            throw ModelFileError(
                path: ModelFolder.headerURL(url).path,
                message:
                    "want inputs, examples >= 1 and classes >= 2, got \(header.inputs), \(header.examples) and \(header.classes)"
            )
        }
        let arrays = try NPZ.read(contentsOf: ModelFolder.weightsURL(url))
        let examples = try ModelFolder.array("knn.examples", [header.examples, header.inputs], in: arrays, url)
        let labels = try ClassifierFile.integers(
            try ModelFolder.array("knn.labels", [header.examples], in: arrays, url), "knn.labels",
            in: 0...(header.classes - 1), url)
        let knn: NearestNeighbours
        do {
            knn = try NearestNeighbours(examples: examples, labels: labels, classes: header.classes, k: header.k)
        } catch let error as AttackError {
            throw ModelFileError(path: ModelFolder.headerURL(url).path, message: error.message)
        }
        knn.dataChecksum = header.dataChecksum
        knn.trainingLog = header.trainingLog
        return knn
    }
}
