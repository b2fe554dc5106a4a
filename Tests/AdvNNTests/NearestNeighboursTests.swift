import AdvData
import AdvTensor
import Foundation
import XCTest

@testable import AdvNN

/// k-nearest neighbours on points whose neighbours are known by hand, its blocked search against
/// brute force, our kNN crafting, and the ensemble vote.
final class NearestNeighboursTests: XCTestCase {
    /// (0, 0) class 0; (1, 0) and (0, 1) class 1; (5, 5) class 2.
    private func corners() throws -> NearestNeighbours {
        try NearestNeighbours(
            examples: tensor([4, 2], [0, 0, 1, 0, 0, 1, 5, 5]), labels: [0, 1, 1, 2], classes: 3, k: 1)
    }

    func testTheNearestVoteByHand() throws {
        let one = try corners()
        let x = tensor([2, 2], [0.1, 0.1, 4, 4])
        XCTAssertEqual(try one.nearest(x, count: 2), [0, 1, 3, 1])
        XCTAssertEqual(try one.probabilities(x).scalars, [1, 0, 0, 0, 0, 1])
        // k = 3 around (0.1, 0.1): (0, 0), (1, 0), (0, 1): class 1 by two votes to one.
        let three = try NearestNeighbours(examples: one.examples, labels: one.labels, classes: 3, k: 3)
        assertClose(try three.probabilities(x).scalars, [1 / 3, 2 / 3, 0, 0, 2 / 3, 1 / 3])
        XCTAssertEqual(three.name, "3-NN")
    }

    func testTiesGoToTheEarlierExampleAndTheLowerClass() throws {
        let knn = try corners()
        // (0.5, 0) is as far from (0, 0) as from (1, 0): the earlier one is nearer.
        XCTAssertEqual(try knn.nearest(tensor([1, 2], [0.5, 0]), count: 2), [0, 1])
        // k = 2 at (0.5, 0): one vote each for classes 0 and 1; the prediction is the lower class.
        let two = try NearestNeighbours(examples: knn.examples, labels: knn.labels, classes: 3, k: 2)
        XCTAssertEqual(try Metrics.predictions(two, tensor([1, 2], [0.5, 0])).classes, [0])
    }

    func testTheBlockedSearchMatchesBruteForce() throws {
        // More rows than one block of queries (500) and of training examples (10,000).
        var generator = SeededGenerator(seed: 3)
        let (m, n, d) = (21_000, 600, 3)
        let train = Model.uniform([m, d], low: 0, high: 1, using: &generator)
        let queries = Model.uniform([n, d], low: 0, high: 1, using: &generator)
        let knn = try NearestNeighbours(examples: train, labels: (0..<m).map { $0 % 10 }, classes: 10, k: 2)
        let found = try knn.nearest(queries, count: 2)
        func distance(_ r: Int, _ t: Int) -> Double {
            (0..<d).reduce(0.0) { sum, i in
                let delta = Double(queries.scalars[r * d + i]) - Double(train.scalars[t * d + i])
                return sum + delta * delta
            }
        }
        for r in stride(from: 0, to: n, by: 37) {
            let nearest = (0..<m).map { distance(r, $0) }.sorted().prefix(2)
            // The same distances, to the expansion's rounding (an exact near-tie may swap two).
            for (j, exact) in nearest.enumerated() {
                XCTAssertEqual(distance(r, found[r * 2 + j]), exact, accuracy: 1e-5, "row \(r) neighbour \(j)")
            }
        }
    }

    func testTheKNNAttackStepsTowardTheNearestOfAnotherClass() throws {
        let knn = try NearestNeighbours(
            examples: tensor([3, 2], [0, 0, 1, 1, 0, 0.9]), labels: [0, 1, 1], classes: 2, k: 1)
        // Row (0.2, 0.3), class 0: own nearest (0, 0), other nearest (0, 0.9): the sign of
        // (0, 0.9) - (0, 0) moves only x1, by +eps.
        let x = tensor([1, 2], [0.2, 0.3])
        let moved = try Attacks.nearestNeighbours(knn, x, labels: [0], eps: 0.4)
        assertClose(moved.scalars, [0.2, 0.7])
        XCTAssertEqual(try Metrics.predictions(knn, moved).classes, [1])
        // k = 2 would need two examples of class 0: the one there is, is the mean.
        let two = try NearestNeighbours(examples: knn.examples, labels: knn.labels, classes: 2, k: 2)
        let (same, other) = try two.nearestByClass(x, labels: [0], count: 2)
        XCTAssertEqual(same, [0, -1])
        XCTAssertEqual(other, [2, 1])
        assertClose(try Attacks.nearestNeighbours(two, x, labels: [0], eps: 0.1, clip: false).scalars, [0.3, 0.4])
    }

    func testTheConstructorChecksKAndLabels() throws {
        XCTAssertThrowsError(
            try NearestNeighbours(examples: tensor([2, 2], [0, 0, 1, 1]), labels: [0, 1], classes: 2, k: 3)
        ) { XCTAssertEqual("\($0)", "knn: k must be from 1 to the 2 training examples, got 3") }
        XCTAssertThrowsError(
            try NearestNeighbours(examples: tensor([2, 2], [0, 0, 1, 1]), labels: [0, 5], classes: 2, k: 1)
        ) { XCTAssertEqual("\($0)", "knn: label 5 at index 1 is outside 0..<2") }
        XCTAssertThrowsError(try corners().lossAndInputGradient(tensor([1, 2], [0, 0]), labels: [0])) {
            XCTAssertEqual(
                "\($0)",
                "input gradient: 1-NN is a k-nearest-neighbour vote: piecewise constant, it has no input gradient")
        }
    }

    func testSavedKNNLoadsWithItsExamples() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("adv-knn-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let knn = try NearestNeighbours(examples: corners().examples, labels: [0, 1, 1, 2], classes: 3, k: 3)
        knn.trainingLog = ["kept corners"]
        let url = directory.appendingPathComponent("knn.advmodel")
        try knn.save(to: url)
        let loaded = try XCTUnwrap(try ClassifierFile.load(from: url) as? NearestNeighbours)
        XCTAssertEqual(loaded.k, 3)
        XCTAssertEqual(loaded.examples, knn.examples)
        XCTAssertEqual(loaded.labels, knn.labels)
        XCTAssertEqual(loaded.trainingLog, ["kept corners"])
        let x = tensor([2, 2], [0.3, 0.2, 3, 3])
        XCTAssertEqual(try loaded.probabilities(x), try knn.probabilities(x))
    }
}

/// The ensemble vote over members of any kind.
final class EnsembleTests: XCTestCase {
    /// A tree of one split at x0 <= 0.5 (class 0 left, 1 right), a 1-NN and a linear model.
    private func members() throws -> [any Classifier] {
        let tree = DecisionTree(
            name: "split", inputs: 2, classes: 2, settings: .init(),
            nodes: [.init(feature: 0, threshold: 0.5, left: 1, right: 2), .leaf(), .leaf()],
            counts: [1, 1, 1, 0, 0, 1])
        // 1-NN: (0, 0) class 1 and (1, 1) class 0: the opposite of the tree near the corners.
        let knn = try NearestNeighbours(examples: tensor([2, 2], [0, 0, 1, 1]), labels: [1, 0], classes: 2, k: 1)
        // s0 = x1, s1 = 1 - x1 (bias): class 1 below x1 = 0.5.
        let linear = Model.handMade(
            inputs: 2, classes: 2, layers: [Layer(.linear(inputs: 2, outputs: 2))],
            parameters: [tensor([2, 2], [0, 0, 1, -1]), tensor([2], [0, 1])])
        return [tree, knn, linear]
    }

    func testTheMajorityOfTheMembersDecides() throws {
        let ensemble = try Ensemble(try members())
        // (0.1, 0.1): tree 0, 1-NN 1, linear 1 -> class 1 by 2 of 3. (0.9, 0.9): tree 1, 1-NN 0,
        // linear 0 -> class 0.
        let x = tensor([2, 2], [0.1, 0.1, 0.9, 0.9])
        assertClose(try ensemble.probabilities(x).scalars, [1 / 3, 2 / 3, 2 / 3, 1 / 3])
        XCTAssertEqual(try Metrics.predictions(ensemble, x).classes, [1, 0])
        // Two members split one vote each: the lower class.
        let pair = try Ensemble(Array(try members().prefix(2)))
        XCTAssertEqual(try Metrics.predictions(pair, tensor([1, 2], [0.1, 0.1])).classes, [0])
        XCTAssertEqual(ensemble.name, "ensemble(split, 1-NN, hand)")
    }

    func testTheAverageVoteMeansTheProbabilities() throws {
        let all = try members()
        let ensemble = try Ensemble(all, vote: .average)
        let x = tensor([1, 2], [0.1, 0.1])
        var expected = [Float](repeating: 0, count: 2)
        for member in all {
            for (c, p) in try member.probabilities(x).scalars.enumerated() { expected[c] += p / 3 }
        }
        assertClose(try ensemble.probabilities(x).scalars, expected)
    }

    func testMembersMustAgreeOnTheirShapes() throws {
        XCTAssertThrowsError(
            try Ensemble([Model.softmaxRegression(inputs: 2, classes: 2), Model.rbf(inputs: 3, classes: 2)])
        ) {
            XCTAssertEqual("\($0)", "ensemble: RBF2 takes 3 inputs to 2 classes, but FC2(0.0) 2 to 2")
        }
        XCTAssertThrowsError(try Ensemble([])) {
            XCTAssertEqual("\($0)", "ensemble: an ensemble needs at least one member")
        }
    }
}
