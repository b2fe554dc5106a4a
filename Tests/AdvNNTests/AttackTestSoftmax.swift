import AdvTensor
import Foundation

@testable import AdvNN

/// A tiny real classifier for the attack, metric and analysis tests: softmax regression
/// p = softmax(x W + b), W [inputs, classes], with its input gradient derived by hand:
/// d(-log p_y)/dx = W (p - onehot(y)), i.e. row i of the gradient is sum_c (p_ic - [c = y_i]) W[:, c].
final class AttackTestSoftmax: Classifier {
    let inputs: Int
    let classes: Int
    let name = "test softmax"
    /// [inputs, classes], row-major.
    let weights: [Float]
    let bias: [Float]
    /// How many times the gradient was asked for, and for how many rows in total.
    private(set) var gradientCalls = 0

    init(weights: [[Float]], bias: [Float]) {
        inputs = weights.count
        classes = bias.count
        self.weights = weights.flatMap { $0 }
        self.bias = bias
    }

    /// A seeded random model with weights from N(0, scale^2).
    convenience init(inputs: Int, classes: Int, seed: UInt64, scale: Float = 1) {
        var generator = SeededGenerator(seed: seed)
        let w = (0..<inputs).map { _ in (0..<classes).map { _ in scale * (2 * generator.nextUnitFloat() - 1) } }
        let b = (0..<classes).map { _ in 0.1 * (2 * generator.nextUnitFloat() - 1) }
        self.init(weights: w, bias: b)
    }

    func logits(_ x: Tensor) throws -> Tensor {
        let n = x.shape[0]
        var out = [Float](repeating: 0, count: n * classes)
        for r in 0..<n {
            for c in 0..<classes {
                var s = bias[c]
                for i in 0..<inputs { s += x.scalars[r * inputs + i] * weights[i * classes + c] }
                out[r * classes + c] = s
            }
        }
        return try Tensor(shape: [n, classes], scalars: out)
    }

    func probabilities(_ x: Tensor) throws -> Tensor {
        let z = try logits(x)
        var out = z.scalars
        for r in 0..<x.shape[0] {
            let row = out[r * classes..<(r + 1) * classes]
            let m = row.max() ?? 0
            let e = row.map { Foundation.exp($0 - m) }
            let s = e.reduce(0, +)
            for c in 0..<classes { out[r * classes + c] = e[c] / s }
        }
        return try Tensor(shape: z.shape, scalars: out)
    }

    func lossAndInputGradient(_ x: Tensor, labels: [Int]) throws -> (losses: [Float], gradient: Tensor) {
        gradientCalls += 1
        let p = try probabilities(x)
        let n = x.shape[0]
        var losses = [Float](repeating: 0, count: n)
        var g = [Float](repeating: 0, count: n * inputs)
        for r in 0..<n {
            losses[r] = -Foundation.log(max(p.scalars[r * classes + labels[r]], 1e-30))
            for c in 0..<classes {
                let delta = p.scalars[r * classes + c] - (c == labels[r] ? 1 : 0)
                for i in 0..<inputs { g[r * inputs + i] += delta * weights[i * classes + c] }
            }
        }
        return (losses, try Tensor(shape: [n, inputs], scalars: g))
    }

    /// Each example's cross-entropy loss.
    func losses(_ x: Tensor, labels: [Int]) throws -> [Float] {
        let p = try probabilities(x)
        return labels.indices.map { -Foundation.log(max(p.scalars[$0 * classes + labels[$0]], 1e-30)) }
    }
}

/// Seeded examples [n, d] with pixels uniform in [0, 1] and labels uniform in 0..<classes.
func attackTestExamples(n: Int, d: Int, classes: Int, seed: UInt64) throws -> (Tensor, [Int]) {
    var generator = SeededGenerator(seed: seed)
    let x = (0..<n * d).map { _ in generator.nextUnitFloat() }
    let y = (0..<n).map { _ in generator.nextIndex(below: classes) }
    return (try Tensor(shape: [n, d], scalars: x), y)
}
