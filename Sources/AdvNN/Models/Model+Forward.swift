import AdvAutograd
import AdvTensor
import Foundation

extension Model {
    /// The model's logits (RBF: its scores, the logs of its unnormalised probabilities) for `x`
    /// [n, inputs] -> [n, classes], recorded on `x`'s tape.
    func logits(
        _ x: Variable, parameters: [Variable], mode: Mode, generator: inout SeededGenerator
    ) throws -> Variable {
        try checkInput(x.shape)
        var y = x
        for layer in layers { y = try layer.forward(y, parameters: parameters, mode: mode, generator: &generator) }
        return y
    }

    /// The autoencoder's reconstruction of `x` [n, inputs] -> [n, inputs]: the encoder
    /// (`layers[0..<encoderDepth]`), then the decoder.
    func reconstruction(
        _ x: Variable, parameters: [Variable], mode: Mode, generator: inout SeededGenerator
    ) throws -> Variable {
        try checkInput(x.shape)
        guard !decoder.isEmpty else {
            throw TensorError(
                op: "reconstruction", message: "model \(name) has no decoder (only autoencoders reconstruct)")
        }
        var y = x
        for layer in layers.prefix(encoderDepth) + decoder {
            y = try layer.forward(y, parameters: parameters, mode: mode, generator: &generator)
        }
        return y
    }

    /// The mean training loss (without weight decay) of `logits` [n, classes] for `labels`.
    ///
    /// Softmax models: softmax cross-entropy. Linear SVM: the one-vs-rest squared hinge of its
    /// scores (`Tensor.oneVsRestSquaredHinge`). RBF: one-vs-rest binary cross-entropy on the
    /// unnormalised `p_c = exp(score_c)`, `-(1/n) sum_r [log p_{r,y} + sum_{c != y} log(1 - p_{r,c})]`,
    /// which pushes the right class's p toward 1 and every other toward 0 independently, so a
    /// point far from every centre gets low confidence in every class.
    func meanLoss(_ logits: Variable, labels: [Int]) throws -> Variable {
        switch loss {
        case .softmaxCrossEntropy:
            return try logits.softmaxCrossEntropy(labels: labels)
        case .oneVsRestSquaredHinge:
            return try logits.oneVsRestSquaredHinge(labels: labels)
        case .codeBits:
            // sum_b softplus(z_b) - t_b z_b, softplus(z) = -log(sigmoid(-z)), clipped as the RBF's.
            let code = try requiredCode()
            let target = try Tensor.matmul(oneHot(labels, rows: logits.shape[0]), code)
            let tape = logits.tape
            let softplus = (-1 * (-1 * logits).sigmoid().clipped(min: 1e-30, max: 1).log())
            return try (softplus - logits * tape.constant(target)).sum() * (1 / Float(labels.count))
        case .rbfBinaryCrossEntropy:
            let target = try oneHot(labels, rows: logits.shape[0])
            let tape = logits.tape
            // NOTE: log p_y is the score itself (exact); 1 - p_c is clipped below at 1e-6 so a
            // centre hit exactly does not give log(0). The clip passes no gradient below 1e-6.
            let missing = (1 - logits.exp()).clipped(min: 1e-6, max: 1).log()
            let hits = try logits * tape.constant(target)
            let misses = try missing * tape.constant(1 - target)
            return try (hits + misses).sum() * (-1 / Float(labels.count))
        }
    }

    /// Each example's loss (softmax cross-entropy, the SVM's squared hinge, the RBF's one-vs-rest
    /// cross-entropy or the code bits' logistic loss) from the path's outputs (`outputs`: the
    /// logits [n, classes], or the bit logits), accumulated in Float64.
    func exampleLosses(outputs logits: Tensor, labels: [Int]) throws -> [Float] {
        if loss == .codeBits {
            try checkLabels(labels, rows: logits.shape[0])
            return try ErrorCorrectingCode.bitLosses(logits, labels: labels, code: requiredCode()).losses
        }
        let (n, c) = (logits.shape[0], logits.shape[1])
        try checkLabels(labels, rows: n)
        guard n > 0 else { return [] }
        if loss == .oneVsRestSquaredHinge {
            return try Tensor.oneVsRestSquaredHinge(scores: logits, labels: labels).losses
        }
        let softmax = loss == .softmaxCrossEntropy
        var losses = [Float](repeating: 0, count: n)
        logits.scalars.withUnsafeBufferPointer { z in
            for r in 0..<n {
                let row = r * c
                var total = 0.0
                if softmax {
                    var top = -Double.infinity
                    for j in 0..<c { top = Swift.max(top, Double(z[row + j])) }
                    var sum = 0.0
                    for j in 0..<c { sum += exp(Double(z[row + j]) - top) }
                    total = top + log(sum) - Double(z[row + labels[r]])
                } else {
                    // The RBF's one-vs-rest cross-entropy on p = exp(score).
                    for j in 0..<c {
                        let s = Double(z[row + j])
                        total -= j == labels[r] ? s : log(Swift.max(1 - exp(s), 1e-6))
                    }
                }
                losses[r] = Float(total)
            }
        }
        return losses
    }

    /// The [n, classes] one-hot matrix of `labels`; throws if a label is out of range.
    func oneHot(_ labels: [Int], rows: Int) throws -> Tensor {
        try checkLabels(labels, rows: rows)
        var scalars = [Float](repeating: 0, count: rows * classes)
        for (r, label) in labels.enumerated() { scalars[r * classes + label] = 1 }
        return try Tensor(shape: [rows, classes], scalars: scalars)
    }

    /// Throws unless there are `rows` labels, each in 0..<classes.
    func checkLabels(_ labels: [Int], rows: Int) throws {
        guard labels.count == rows else {
            throw TensorError(op: "loss", message: "\(rows) examples but \(labels.count) labels for model \(name)")
        }
        if let r = labels.firstIndex(where: { !(0..<classes).contains($0) }) {
            throw TensorError(
                op: "loss", message: "label \(labels[r]) at index \(r) is outside 0..<\(classes) for model \(name)")
        }
    }

    /// Throws unless `shape` is [n, inputs].
    func checkInput(_ shape: [Int]) throws {
        guard shape.count == 2, shape[1] == inputs else {
            throw TensorError(op: "model \(name)", message: "input \(shape.shapeDescription): want [n, \(inputs)]")
        }
    }
}
