import AdvTensor
import Foundation
import XCTest

@testable import AdvNN

/// The averaging ensemble's loss -log(mean_m p_m(y | x)) and its input gradient, checked against
/// the probabilities it averages and against central differences.
final class EnsembleGradientTests: XCTestCase {
    private let members = [
        AttackTestSoftmax(inputs: 5, classes: 3, seed: 1, scale: 2),
        AttackTestSoftmax(inputs: 5, classes: 3, seed: 2, scale: 2),
        AttackTestSoftmax(inputs: 5, classes: 3, seed: 3, scale: 2),
    ]

    /// -log of the mean probability of `label` for the one row `x`.
    private func loss(_ ensemble: Ensemble, _ x: [Float], _ label: Int) throws -> Double {
        let p = try ensemble.probabilities(try Tensor(shape: [1, x.count], scalars: x))
        return -Foundation.log(Double(p.scalars[label]))
    }

    func testLossAndGradientOfTheMeanProbability() throws {
        let ensemble = try Ensemble(members, vote: .average)
        let rows: [[Float]] = [[0.1, 0.5, 0.9, 0.3, 0.2], [0.8, 0.1, 0.4, 0.6, 0.7]]
        let labels = [2, 0]
        let x = try Tensor(shape: [2, 5], scalars: rows.flatMap { $0 })
        let (losses, gradient) = try ensemble.lossAndInputGradient(x, labels: labels)
        for (r, row) in rows.enumerated() {
            XCTAssertEqual(Double(losses[r]), try loss(ensemble, row, labels[r]), accuracy: 1e-5)
            for i in 0..<5 {
                let h: Float = 1e-3
                var up = row
                var down = row
                up[i] += h
                down[i] -= h
                let numeric =
                    (try loss(ensemble, up, labels[r]) - (try loss(ensemble, down, labels[r]))) / Double(2 * h)
                XCTAssertEqual(Double(gradient.scalars[r * 5 + i]), numeric, accuracy: 2e-3, "row \(r), input \(i)")
            }
        }
    }

    func testOneMemberIsThatMember() throws {
        let alone = try Ensemble([members[0]], vote: .average)
        let x = try Tensor(shape: [1, 5], scalars: [0.2, 0.4, 0.6, 0.8, 1])
        let (losses, gradient) = try alone.lossAndInputGradient(x, labels: [1])
        let (memberLosses, memberGradient) = try members[0].lossAndInputGradient(x, labels: [1])
        XCTAssertEqual(losses[0], memberLosses[0], accuracy: 1e-6)
        for (a, b) in zip(gradient.scalars, memberGradient.scalars) { XCTAssertEqual(a, b, accuracy: 1e-6) }
    }

    func testAMajorityVoteHasNoGradient() throws {
        let vote = try Ensemble(members, vote: .majority)
        XCTAssertThrowsError(try vote.lossAndInputGradient(Tensor(shape: [1, 5], repeating: 0), labels: [0]))
    }
}
