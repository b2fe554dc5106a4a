import AdvTensor

extension Attacks {
    /// Papernot, McDaniel & Goodfellow 2016's crafting for a linear SVM, one-vs-rest: each example
    /// moves by eps against the normal of its own class's hyperplane,
    /// `x' = x - eps w[y] / ||w[y]||` (w[y] the weight column of the true class y, ||.|| the L2
    /// norm): the shortest step that lowers the true class's score s_y = w[y] . x + b_y by
    /// `eps ||w[y]||` (another class's score moves by `eps w[c] . w[y] / ||w[y]||`); then clipped to
    /// [0, 1] unless `clip` is false.
    ///
    /// So eps is the L2 length of the step, not a per-pixel bound as FGSM's is. The paper writes
    /// the class of x; we take the true label (as FGSM does), so an example the SVM already gets
    /// wrong still moves away from its true class. It applies to any model that is one linear
    /// layer of class scores (`Model.isLinear`): the SVM, and softmax regression read one class
    /// against the rest. A class whose weights are all zero gives no direction; its examples stay.
    ///
    /// - Parameters:
    ///   - x: examples [n, model.inputs]; `labels`: their n true classes.
    /// - Returns: the adversarial examples, [n, model.inputs], in the same row order.
    public static func linearSVM(
        _ model: Model, _ x: Tensor, labels: [Int], eps: Float, clip: Bool = true
    ) throws -> Tensor {
        let op = "svm attack"
        guard model.isLinear, let weightIndex = model.layers.first?.parameterIndices.lowerBound else {
            throw AttackError(
                op: op,
                message: "\(model.name) is not one linear layer of class scores (a linear SVM): craft with FGSM instead"
            )
        }
        try Batch.validate(op, model, x, labels: labels)
        let w = model.parameters[weightIndex]
        let (d, classes) = (w.shape[0], w.shape[1])
        // Each class's unit normal, as rows: normals[c * d + i] = w[i, c] / ||w[:, c]||.
        var normals = [Float](repeating: 0, count: classes * d)
        w.scalars.withUnsafeBufferPointer { w in
            for c in 0..<classes {
                var squares = 0.0
                for i in 0..<d { squares += Double(w[i * classes + c]) * Double(w[i * classes + c]) }
                guard squares > 0 else { continue }
                let scale = 1 / squares.squareRoot()
                for i in 0..<d { normals[c * d + i] = Float(Double(w[i * classes + c]) * scale) }
            }
        }
        var moved = x.scalars
        for (r, label) in labels.enumerated() {
            for i in 0..<d {
                let value = moved[r * d + i] - eps * normals[label * d + i]
                moved[r * d + i] = clip ? Swift.min(Swift.max(value, 0), 1) : value
            }
        }
        return try Tensor(shape: x.shape, scalars: moved)
    }
}
