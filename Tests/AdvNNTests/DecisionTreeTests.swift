import AdvData
import AdvTensor
import Foundation
import XCTest

@testable import AdvNN

/// CART on 2-D toy sets whose trees are known by hand, and Papernot 2016's tree crafting on them.
final class DecisionTreeTests: XCTestCase {
    /// Class 1 exactly where x0 > 0.5: one split on feature 0 separates it.
    private func halves() throws -> ExampleSet {
        try ExampleSet(
            images: tensor([4, 2], [0.2, 0.9, 0.4, 0.1, 0.6, 0.3, 0.8, 0.7]), labels: [0, 0, 1, 1], name: "halves")
    }

    /// XOR of the quadrants: no single split lowers the impurity; two levels separate it.
    private func quadrants() throws -> ExampleSet {
        try ExampleSet(
            images: tensor([4, 2], [0.2, 0.2, 0.2, 0.8, 0.8, 0.2, 0.8, 0.8]), labels: [0, 1, 1, 0], name: "quadrants")
    }

    private func fitted(_ set: ExampleSet, _ settings: DecisionTree.Settings = .init()) throws -> DecisionTree {
        let tree = DecisionTree(inputs: 2, classes: 2, settings: settings)
        try tree.fit(set.images, labels: set.labels)
        return tree
    }

    func testOneSplitAtTheMidpointOfTheLevelsItSeparates() throws {
        let tree = try fitted(halves())
        XCTAssertEqual(tree.nodes.count, 3)
        XCTAssertEqual(tree.depth, 1)
        XCTAssertEqual(tree.nodes[0].feature, 0)
        // Levels round(0.4 * 255) = 102 and round(0.6 * 255) = 153: the threshold is 127.5 / 255.
        XCTAssertEqual(tree.nodes[0].threshold, Float(127.5 / 255))
        XCTAssertEqual([tree.nodes[0].left, tree.nodes[0].right], [1, 2])
        XCTAssertEqual(tree.counts, [2, 2, 2, 0, 0, 2])
        XCTAssertEqual(try tree.probabilities(tensor([2, 2], [0.49, 0.5, 0.51, 0.5])).scalars, [1, 0, 0, 1])
    }

    func testTheGiniBestFeatureWinsOverTheFirst() throws {
        // Feature 0 splits 3:1 mixed, feature 1 separates the classes exactly.
        let set = try ExampleSet(
            images: tensor([4, 2], [0.1, 0.1, 0.2, 0.9, 0.3, 0.2, 0.9, 0.8]), labels: [0, 1, 0, 1], name: "second")
        let tree = try fitted(set)
        XCTAssertEqual(tree.nodes[0].feature, 1)
        XCTAssertEqual(tree.nodes.count, 3)
    }

    func testTwoLevelsForTheQuadrantsAndTheLimitsStopThem() throws {
        let tree = try fitted(quadrants())
        // Every first split scores the same: the first feature is kept; each half then splits on
        // feature 1. Preorder: root, its left split, two leaves, its right split, two leaves.
        XCTAssertEqual(tree.nodes.map(\.feature), [0, 1, -1, -1, 1, -1, -1])
        XCTAssertEqual(tree.depth, 2)
        XCTAssertEqual(try Metrics.evaluate(tree, quadrants()).error, 0)
        // Depth 1: two leaves of one example per class each, voting for the lower class, 0.
        let shallow = try fitted(quadrants(), .init(maxDepth: 1))
        XCTAssertEqual(shallow.nodes.count, 3)
        XCTAssertEqual(try shallow.probabilities(tensor([1, 2], [0.2, 0.8])).scalars, [0.5, 0.5])
        XCTAssertEqual(try Metrics.evaluate(shallow, quadrants()).error, 0.5)
        // min_leaf 3 leaves no split with 3 examples on each side of 4: a lone leaf.
        XCTAssertEqual(try fitted(quadrants(), .init(minLeaf: 3)).nodes.count, 1)
        XCTAssertEqual(try fitted(quadrants(), .init(minSplit: 5)).nodes.count, 1)
        XCTAssertEqual(try fitted(quadrants(), .init(maxDepth: 0)).depth, 0)
    }

    func testFittingRefusesValuesOutsideThePixelRangeAndBadLabels() throws {
        let tree = DecisionTree(inputs: 2, classes: 2)
        XCTAssertThrowsError(try tree.fit(tensor([1, 2], [0.5, 1.5]), labels: [0])) { error in
            XCTAssertTrue("\(error)".contains("x[0, 1] = 1.5 is outside [0, 1]"), "\(error)")
        }
        XCTAssertThrowsError(try tree.fit(tensor([1, 2], [0.5, 0.5]), labels: [2])) { error in
            XCTAssertTrue("\(error)".contains("label 2 at index 0 is not a class of DT"), "\(error)")
        }
        XCTAssertThrowsError(try tree.probabilities(tensor([1, 2], [0.5, 0.5]))) { error in
            XCTAssertTrue("\(error)".contains("DT is not fitted yet"), "\(error)")
        }
        XCTAssertThrowsError(try tree.lossAndInputGradient(tensor([1, 2], [0.5, 0.5]), labels: [0])) { error in
            XCTAssertTrue("\(error)".contains("no input gradient"), "\(error)")
        }
    }

    func testTheTreeAttackCrossesToTheSiblingLeaf() throws {
        let tree = try fitted(halves())
        // (0.2, 0.9), class 0: its leaf's sibling votes 1 behind x0 > 127.5/255; the nearest level
        // above is 128/255. (0.6, 0.3), class 1: to x0 <= 127.5/255, level 127/255.
        let x = tensor([2, 2], [0.2, 0.9, 0.6, 0.3])
        let moved = try Attacks.decisionTree(tree, x, labels: [0, 1])
        XCTAssertEqual(moved.scalars, [128 / 255, 0.9, 127 / 255, 0.3])
        XCTAssertEqual(try Metrics.predictions(tree, moved).classes, [1, 0])
    }

    func testTheTreeAttackChangesOnlyThePixelsThePathTests() throws {
        let tree = try fitted(quadrants())
        // (0.2, 0.2), class 0, reaches the leftmost leaf; its sibling (x1 > 0.5) votes 1: only x1
        // moves. An example the tree already gets wrong stays as it is.
        let x = tensor([2, 2], [0.2, 0.2, 0.8, 0.8])
        let moved = try Attacks.decisionTree(tree, x, labels: [0, 1])
        XCTAssertEqual(moved.scalars, [0.2, 128 / 255, 0.8, 0.8])
        XCTAssertEqual(try Metrics.predictions(tree, moved).classes, [1, 0])
    }

    func testTheTreeAttackClimbsPastSubtreesOfOneClass() throws {
        // A hand-made tree: root x0 <= 0.5 ? (x1 <= 0.5 ? 0 : 0) : 1. From the leftmost leaf the
        // sibling subtree votes 0 only; the root's right branch gives class 1 by moving x0.
        let tree = DecisionTree(
            name: "hand", inputs: 2, classes: 2, settings: .init(),
            nodes: [
                .init(feature: 0, threshold: 0.5, left: 1, right: 4),
                .init(feature: 1, threshold: 0.5, left: 2, right: 3), .leaf(), .leaf(), .leaf(),
            ],
            counts: [3, 1, 3, 0, 1, 0, 2, 0, 0, 1])
        let moved = try Attacks.decisionTree(tree, tensor([1, 2], [0.1, 0.3]), labels: [0])
        XCTAssertEqual(moved.scalars, [128 / 255, 0.3])
    }

    func testNearestLevelStaysInsideTheBounds() {
        XCTAssertEqual(TreeLeafSearch.nearestLevel(to: 0.9, above: -.infinity, atMost: 0.5), 127 / 255)
        XCTAssertEqual(TreeLeafSearch.nearestLevel(to: 0.1, above: 0.5, atMost: .infinity), 128 / 255)
        XCTAssertEqual(TreeLeafSearch.nearestLevel(to: 0.3, above: 0.2, atMost: 0.4), 77 / 255)
        XCTAssertNil(TreeLeafSearch.nearestLevel(to: 0.5, above: 1, atMost: .infinity))
        XCTAssertNil(TreeLeafSearch.nearestLevel(to: 0.5, above: 0.5001, atMost: 0.5002))
    }

    func testSavedTreesLoadWithTheSameNodesAndAnswers() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("adv-tree-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let tree = try fitted(quadrants(), .init(maxDepth: 5, minLeaf: 1))
        tree.trainingLog = ["fitted on quadrants"]
        let url = directory.appendingPathComponent("tree.advmodel")
        try tree.save(to: url)
        let loaded = try XCTUnwrap(try ClassifierFile.load(from: url) as? DecisionTree)
        XCTAssertEqual(loaded.nodes, tree.nodes)
        XCTAssertEqual(loaded.counts, tree.counts)
        XCTAssertEqual(loaded.settings, tree.settings)
        XCTAssertEqual(loaded.name, tree.name)
        XCTAssertEqual(loaded.trainingLog, ["fitted on quadrants"])
        let x = tensor([3, 2], [0.1, 0.7, 0.6, 0.4, 0.9, 0.9])
        XCTAssertEqual(try loaded.probabilities(x), try tree.probabilities(x))
        XCTAssertThrowsError(try Model.load(from: url)) { error in
            XCTAssertTrue("\(error)".hasSuffix("header.json: it holds a decision-tree, not a network"), "\(error)")
        }
        // A leaf given children is refused, naming the node.
        var arrays = try NPZ.read(contentsOf: url.appendingPathComponent("weights.npz"))
        var left = try XCTUnwrap(arrays["tree.left"]).scalars
        left[2] = 3
        arrays["tree.left"] = Tensor(left)
        try NPZ.write(arrays, to: url.appendingPathComponent("weights.npz"))
        XCTAssertThrowsError(try DecisionTree.load(from: url)) { error in
            XCTAssertTrue("\(error)".hasSuffix("leaf 2 has children"), "\(error)")
        }
        // A kind this build does not know is named.
        let header = url.appendingPathComponent("header.json")
        try Data(#"{"format": "adv-model", "version": 1, "kind": "forest"}"#.utf8).write(to: header)
        XCTAssertThrowsError(try ClassifierFile.load(from: url)) { error in
            XCTAssertTrue(
                "\(error)".hasSuffix(#"kind "forest": want none (a network), "decision-tree" or "knn""#), "\(error)")
        }
        XCTAssertThrowsError(try DecisionTree(inputs: 2, classes: 2).save(to: url)) { error in
            XCTAssertTrue("\(error)".hasSuffix("DT is not fitted: nothing to save"), "\(error)")
        }
    }
}
