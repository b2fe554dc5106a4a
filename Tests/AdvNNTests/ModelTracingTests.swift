import AdvAutograd
import AdvTensor
import XCTest

@testable import AdvNN

/// The forward pass recorded on a caller's tape (what `grad` in the language sees through): the
/// same values as the plain forward, and input gradients that match central differences.
final class ModelTracingTests: XCTestCase {
    private func models() throws -> [Model] {
        let models = [
            Model.softmaxRegression(inputs: 3, classes: 3),
            Model.fullyConnected(inputs: 3, hidden: [4], classes: 3, activation: .sigmoid, l2: [0]),
            Model.maxout(inputs: 3, units: 2, pieces: 3, layers: 2, classes: 3, dropout: true),
            Model.rbf(inputs: 3, classes: 3),
        ]
        var generator = SeededGenerator(seed: 3)
        for model in models {
            try model.setParameters(
                model.parameters.map { Model.uniform($0.shape, low: -1, high: 1, using: &generator) })
        }
        return models
    }

    private func input() throws -> Tensor { try Tensor(shape: [2, 3], scalars: [0.1, 0.7, 0.4, 0.9, 0.2, 0.5]) }

    func testRecordedForwardGivesThePlainValues() throws {
        let x = try input()
        for model in try models() {
            let tape = Tape()
            let input = tape.variable(x)
            assertClose(try model.logits(input).value.scalars, try model.logits(x).scalars)
            assertClose(try model.probabilities(input).value.scalars, try model.probabilities(x).scalars)
        }
    }

    func testInputGradientMatchesCentralDifferences() throws {
        let step: Float = 1e-3
        let x = try input()
        for model in try models() {
            // One probability and one logit, so both recorded paths are checked.
            func outputs(_ x: Tensor) throws -> Double {
                let p = try model.probabilities(x)
                let z = try model.logits(x)
                return Double(p.scalars[1]) + Double(z.scalars[4])
            }
            let (_, gradient) = try valueWithGradient(at: x) { v in
                let p = try model.probabilities(v).reshaped([-1]).gather([1])
                let z = try model.logits(v).reshaped([-1]).gather([4])
                return try (p + z).sum()
            }
            for j in 0..<x.count {
                var plus = x.scalars
                var minus = x.scalars
                plus[j] += step
                minus[j] -= step
                let numeric =
                    (try outputs(Tensor(shape: x.shape, scalars: plus))
                        - outputs(Tensor(shape: x.shape, scalars: minus)))
                    / (Double(plus[j]) - Double(minus[j]))
                XCTAssertEqual(
                    Double(gradient.scalars[j]), numeric, accuracy: 1e-2 * max(1, abs(numeric)), "\(model.name) [\(j)]")
            }
        }
    }
}
