import AdvAutograd
import AdvTensor
import Foundation

/// The KL divergence between a constant predictive distribution and a model's softmax, the
/// measure of virtual adversarial training's local distributional smoothness (Miyato et al. 2016).
enum Divergence {
    /// `D = (1/n) sum_i KL(p_i || q_i)` with `q_i = softmax(z_i)`, for `target` p and `logits` z,
    /// both [n, classes], and the gradient of `scale * D` with respect to z, `scale (q - p) / n`.
    ///
    /// Accumulated in Float64 per row; a zero entry of p adds nothing (`0 log 0 = 0`).
    static func kl(target p: Tensor, logits z: Tensor, scale: Float) throws -> (value: Float, gradient: Tensor) {
        guard z.rank == 2, p.shape == z.shape else {
            throw TensorError(
                op: "kl divergence",
                message: "target \(p.shape.shapeDescription) and logits \(z.shape.shapeDescription): want equal [n, c]")
        }
        let (n, c) = (z.shape[0], z.shape[1])
        var gradient = [Float](repeating: 0, count: n * c)
        var total = 0.0
        let factor = Double(scale) / Double(Swift.max(n, 1))
        p.scalars.withUnsafeBufferPointer { p in
            z.scalars.withUnsafeBufferPointer { z in
                for r in 0..<n {
                    let row = r * c
                    var top = -Double.infinity
                    for j in 0..<c { top = Swift.max(top, Double(z[row + j])) }
                    var sum = 0.0
                    for j in 0..<c { sum += Foundation.exp(Double(z[row + j]) - top) }
                    let logSum = top + Foundation.log(sum)
                    for j in 0..<c {
                        let logQ = Double(z[row + j]) - logSum
                        let target = Double(p[row + j])
                        if target > 0 { total += target * (Foundation.log(target) - logQ) }
                        gradient[row + j] = Float(factor * (Foundation.exp(logQ) - target))
                    }
                }
            }
        }
        return (Float(total / Double(Swift.max(n, 1))), try Tensor(shape: z.shape, scalars: gradient))
    }
}

extension TapeLossTerms {
    mutating func divergence(
        _ x: Tensor, target: Tensor, trainable: [Int], scale: Float, accumulate: Bool, inputGradient: Bool,
        mode: Mode, generator: inout SeededGenerator
    ) throws -> LossTerm {
        let tape = Tape()
        let input = inputGradient ? tape.variable(x) : tape.constant(x)
        let variables = model.variables(on: tape, trainable: trainable)
        let z = try model.logits(input, parameters: variables, mode: mode, generator: &generator)
        // The cross-entropy part of the KL, -(1/n) sum p log q: the entropy of p is a constant.
        let n = Float(Swift.max(x.shape.first ?? 1, 1))
        let crossEntropy = try (tape.constant(target) * z.logSoftmax(axis: 1)).sum() * (-scale / n)
        var gradients = try tape.gradients(
            of: crossEntropy, wrt: (inputGradient ? [input] : []) + trainable.map { variables[$0] })
        let dx = inputGradient ? gradients.removeFirst() : nil
        if !trainable.isEmpty { try keep(gradients, accumulate: accumulate) }
        let value = try Divergence.kl(target: target, logits: z.value, scale: 1).value
        return LossTerm(loss: value, errors: 0, inputGradient: dx)
    }

    mutating func probabilities(_ x: Tensor, mode: Mode, generator: inout SeededGenerator) throws -> Tensor {
        let tape = Tape()
        let z = try model.logits(
            tape.constant(x), parameters: model.variables(on: tape, trainable: []), mode: mode, generator: &generator)
        return try Model.softmaxRows(z.value)
    }
}

extension DenseNetwork {
    func divergence(
        _ x: Tensor, target: Tensor, trainable: [Int], scale: Float, accumulate: Bool, inputGradient needed: Bool,
        mode: Mode, generator: inout SeededGenerator
    ) throws -> LossTerm {
        defer { input = Tensor.zeros([0]) }
        let z = try forward(x, mode: mode, generator: &generator)
        let (value, gradient) = try Divergence.kl(target: target, logits: z, scale: scale)
        outputGradients[stages.count - 1] = gradient
        try backward(trainable: Set(trainable), accumulate: accumulate, needInputGradient: needed)
        return LossTerm(loss: value, errors: 0, inputGradient: needed ? inputGradient : nil)
    }

    func probabilities(_ x: Tensor, mode: Mode, generator: inout SeededGenerator) throws -> Tensor {
        defer { input = Tensor.zeros([0]) }
        return try Model.softmaxRows(forward(x, mode: mode, generator: &generator))
    }
}
