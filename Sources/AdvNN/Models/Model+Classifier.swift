import AdvAutograd
import AdvTensor
import Foundation

/// The `Classifier` seam: every query runs in evaluation mode, through a fresh `DenseNetwork` for
/// the families it runs, else on a fresh tape.
extension Model {
    /// Pre-softmax scores [n, classes] for `x` [n, inputs]; for RBF, the scores
    /// `-sum_i beta (x_i - mu)^2`, the logs of its unnormalised probabilities.
    public func logits(_ x: Tensor) throws -> Tensor {
        let z = try outputs(x)
        guard loss == .codeBits else { return z }
        return try ErrorCorrectingCode.scores(z, code: requiredCode())
    }

    /// The classifier path's outputs [n, width] for `x` [n, inputs] in evaluation mode: the logits,
    /// or a `.codeBits` model's bit logits.
    func outputs(_ x: Tensor) throws -> Tensor {
        var unused = SeededGenerator(seed: seed)
        if let dense = evaluationNetwork {
            defer { dense.input = Tensor.zeros([0]) }
            return try dense.forward(x, mode: .evaluation, generator: &unused)
        }
        let tape = Tape()
        return try logits(
            tape.constant(x), parameters: parameters.map(tape.constant), mode: .evaluation, generator: &unused
        ).value
    }

    /// What the papers call the model's confidence in each class, [n, classes].
    ///
    /// Softmax models: the softmax of the logits (rows sum to 1; logistic regression's row is
    /// `[1 - sigmoid(z), sigmoid(z)]`). RBF: the unnormalised `p(y = c | x) = exp(score_c)` of
    /// Goodfellow §7, each in (0, 1], rows NOT normalised: this is why its confidence is low on
    /// inputs far from every class centre. Linear SVM: the softmax of its scores, a monotone
    /// squashing with the same argmax (an SVM has no probabilities of its own; these are not
    /// calibrated, only what `confidence` reads).
    public func probabilities(_ x: Tensor) throws -> Tensor {
        let z = try logits(x)
        switch loss {
        case .softmaxCrossEntropy, .oneVsRestSquaredHinge, .codeBits: return try Model.softmaxRows(z)
        case .rbfBinaryCrossEntropy: return z.exp()
        }
    }

    /// Each example's training loss (no weight decay) and the gradient of their sum with respect to
    /// `x` [n, inputs], in evaluation mode.
    public func lossAndInputGradient(_ x: Tensor, labels: [Int]) throws -> (losses: [Float], gradient: Tensor) {
        if let dense = evaluationNetwork {
            let gradient = try dense.inputGradientOfSummedLoss(x, labels: labels)
            return (try exampleLosses(outputs: dense.outputs[dense.stages.count - 1], labels: labels), gradient)
        }
        let tape = Tape()
        var unused = SeededGenerator(seed: seed)
        let input = tape.variable(x)
        let z = try logits(input, parameters: parameters.map(tape.constant), mode: .evaluation, generator: &unused)
        let mean = try meanLoss(z, labels: labels)
        let gradient = try tape.gradients(of: mean, wrt: [input])[0]
        return (try exampleLosses(outputs: z.value, labels: labels), gradient * Float(labels.count))
    }

    /// Row-wise softmax of [n, c], stable (max subtracted), accumulated in Float64.
    static func softmaxRows(_ z: Tensor) throws -> Tensor {
        guard z.rank == 2 else {
            throw TensorError(op: "softmax", message: "logits \(z.shape.shapeDescription): want [n, c]")
        }
        let (n, c) = (z.shape[0], z.shape[1])
        var p = [Float](repeating: 0, count: n * c)
        z.scalars.withUnsafeBufferPointer { z in
            p.withUnsafeMutableBufferPointer { p in
                for r in 0..<n {
                    let row = r * c
                    var top = -Float.infinity
                    for j in 0..<c { top = max(top, z[row + j]) }
                    var sum = 0.0
                    for j in 0..<c { sum += exp(Double(z[row + j] - top)) }
                    for j in 0..<c { p[row + j] = Float(exp(Double(z[row + j] - top)) / sum) }
                }
            }
        }
        return try Tensor(shape: [n, c], scalars: p)
    }
}
