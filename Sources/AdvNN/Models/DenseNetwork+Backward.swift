import AdvTensor

extension DenseNetwork {
    /// The model's mean loss (softmax cross-entropy, or the SVM's one-vs-rest squared hinge) of the
    /// last `forward`'s logits for `labels`, its misclassified count, and the gradient of
    /// `scale * mean loss` with respect to the logits, stored for `backward`.
    func outputLoss(labels: [Int], scale: Float) throws -> (loss: Float, errors: Int) {
        let last = stages.count - 1
        let logits = outputs[last]
        let loss: Float
        if model.loss == .codeBits {
            let n = Float(Swift.max(labels.count, 1))
            let bits = try ErrorCorrectingCode.bitLosses(
                logits, labels: labels, code: model.requiredCode(), gradientScale: scale / n)
            loss = Float(bits.losses.reduce(0.0) { $0 + Double($1) } / Double(n))
            outputGradients[last] = bits.gradient ?? Tensor.zeros(logits.shape)
        } else if model.loss == .oneVsRestSquaredHinge {
            let n = Float(Swift.max(labels.count, 1))
            let hinge = try Tensor.oneVsRestSquaredHinge(scores: logits, labels: labels, gradientScale: scale / n)
            loss = Float(hinge.losses.reduce(0.0) { $0 + Double($1) } / Double(n))
            outputGradients[last] = hinge.gradient
        } else {
            let (mean, probabilities) = try Tensor.softmaxCrossEntropy(logits: logits, labels: labels)
            loss = mean
            outputGradients[last] = try Tensor.softmaxCrossEntropyGradient(
                probabilities: probabilities, labels: labels, lossGradient: scale)
        }
        let errors = try zip(model.predictedClasses(outputs: logits), labels).reduce(0) { $0 + ($1.0 == $1.1 ? 0 : 1) }
        return (loss, errors)
    }

    /// Back-propagates the logits' gradient (`outputLoss`) through the path of the last `forward`.
    ///
    /// Fills `weightGradients` and `biasGradients` of the stages whose parameters are in in `trainable` (added to what they hold when
    /// `accumulate`, as eq. 6's second term is), and `inputGradient` [n, inputs] when
    /// `needInputGradient`. The input's GEMM `dX = dY W^T` of the first stage runs only then.
    func backward(trainable: Set<Int>, accumulate: Bool, needInputGradient: Bool) throws {
        let parameters = model.parameters
        // Stages below the lowest trained one need no gradient unless the input's is wanted.
        let lowest =
            needInputGradient
            ? 0 : (stages.firstIndex { trainable.contains($0.weight) || trainable.contains($0.bias) } ?? stages.count)
        for k in stages.indices.reversed() where k >= lowest {
            let stage = stages[k]
            try Tensor.activationGradient(&outputGradients[k], output: outputs[k], activation: stage.activation)
            if let pieces = stage.pieces {
                try maxoutBackward[k].prepare(outputGradients[k], argmax: argmax[k], pieces: pieces)
            }
            defer { maxoutBackward[k].finish() }
            if trainable.contains(stage.weight) || trainable.contains(stage.bias) {
                if stage.pieces != nil {
                    try maxoutBackward[k].parameterGradients(
                        stageInput(k), accumulate: accumulate, weights: &weightGradients[k], bias: &biasGradients[k],
                        scratch: &biasScratch)
                } else {
                    try Tensor.linearParameterGradients(
                        stageInput(k), outputGradients[k], accumulate: accumulate, weights: &weightGradients[k],
                        bias: &biasGradients[k], scratch: &biasScratch)
                }
            }
            guard k > lowest || needInputGradient else { continue }
            let w = parameters[stage.weight]
            // The gradient with respect to this stage's source: the previous output, or the input.
            if k > 0 {
                try propagate(outputGradients[k], through: w, stage: k, into: &outputGradients[k - 1])
            } else {
                try propagate(outputGradients[k], through: w, stage: k, into: &inputGradient)
            }
        }
    }

    /// `source gradient = (dZ W^T) * mask` (training dropout), `* keep * scale` (evaluation), or
    /// `dZ W^T` straight into `target` when the stage read its source undropped. dZ is the gradient
    /// of stage k's GEMM result: `dY`, its output's, or (maxout) its pre-activations', kept in
    /// `maxoutBackward[k]`.
    private func propagate(_ dy: Tensor, through w: Tensor, stage k: Int, into target: inout Tensor) throws {
        guard readsDroppedInput[k], let (keep, scale) = stages[k].dropout else {
            try productGradient(dy, through: w, stage: k, into: &target)
            return
        }
        try productGradient(dy, through: w, stage: k, into: &inputGradients[k])
        if masks[k].shape == inputGradients[k].shape, mode == .training {
            try Tensor.dropout(inputGradients[k], mask: masks[k], into: &target)
        } else {
            Tensor.scaled(inputGradients[k], by: keep * scale, into: &target)
        }
    }

    /// `dZ W^T` of stage k.
    private func productGradient(_ dy: Tensor, through w: Tensor, stage k: Int, into target: inout Tensor) throws {
        if stages[k].pieces != nil {
            try maxoutBackward[k].inputGradient(w, into: &target)
        } else {
            try Tensor.linearInputGradient(dy, w, into: &target)
        }
    }
}

extension DenseNetwork {
    /// The gradient of the summed (not mean) loss over the rows of `x` [n, inputs] for `labels` with
    /// respect to `x`, in evaluation mode: row i is the gradient of example i's own loss. Also
    /// leaves the logits in `outputs.last`.
    func inputGradientOfSummedLoss(_ x: Tensor, labels: [Int]) throws -> Tensor {
        var unused = SeededGenerator(seed: model.seed)
        try forward(x, mode: .evaluation, generator: &unused)
        defer { input = Tensor.zeros([0]) }
        // The mean's gradient scaled by n in the logits' gradient.
        _ = try outputLoss(labels: labels, scale: Float(labels.count))
        try backward(trainable: [], accumulate: false, needInputGradient: true)
        return inputGradient
    }

    /// After `backward`: the gradient of parameter `index` (of `Model.parameters`), or zeros of its
    /// shape if no stage owns it.
    func parameterGradient(_ index: Int) -> Tensor {
        if let k = stages.firstIndex(where: { $0.weight == index }) { return weightGradients[k] }
        if let k = stages.firstIndex(where: { $0.bias == index }) { return biasGradients[k] }
        return Tensor.zeros(model.parameters[index].shape)
    }
}
