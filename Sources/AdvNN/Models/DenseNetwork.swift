import AdvTensor

/// A model's classifier path run without a tape, on buffers kept from call to call: the fast path
/// of training and of gradient attacks for the families built from dense layers (softmax and
/// logistic-free regression, the linear SVM, fully connected, maxout, the autoencoder's
/// classifier path).
///
/// The path is read as stages, each one GEMM: `[dropout] -> linear | maxout -> [sigmoid | relu]`.
/// Forward, a stage draws its input's dropout mask (training) or scales it by `keep * scale`
/// (evaluation), multiplies by W, and adds the bias with the maxout or the activation in one pass.
/// Backward reuses the same buffers; the results equal the tape's (`Layer.forward`) to float
/// rounding, and dropout masks are drawn from the generator in the same order, so a seed gives the
/// same run either way. Models with other layers (RBF, binary logits) or losses get `nil` from
/// `init` and stay on the tape.
///
/// Not thread-safe: one network per training run or per query.
final class DenseNetwork {
    /// One GEMM of the path and what surrounds it.
    struct Stage {
        /// Indices in `Model.parameters` of W [inputs, width] and b [width].
        var weight: Int
        var bias: Int
        /// Maxout pieces per unit (width = units * pieces); nil for a linear stage.
        var pieces: Int?
        var activation: NeuralActivation = .identity
        /// Dropout on this stage's input.
        var dropout: (keep: Float, scale: Float)?
    }

    /// NOTE: unowned: the model keeps its evaluation network (`Model.evaluationNetwork`), and a
    /// trainer or an attack that builds one holds the model for as long as the network.
    unowned let model: Model
    let stages: [Stage]

    // Forward buffers, one per stage.
    /// The input of the last `forward` (dropped by `forward`'s caller once the step is done).
    var input = Tensor.zeros([0])
    /// Whether stage k's GEMM read `inputs[k]` (a dropped-out copy) rather than its source.
    var readsDroppedInput: [Bool]
    /// Each stage's dropout mask (training mode).
    var masks: [Tensor]
    /// What each stage's GEMM reads: its input after dropout.
    var inputs: [Tensor]
    /// Maxout stages' pre-activations x W, [n, units * pieces].
    var preactivations: [Tensor]
    /// Each stage's output; the last one is the logits [n, classes].
    var outputs: [Tensor]
    var argmax: [[Int32]]

    // Backward buffers.
    /// The gradient with respect to each stage's output.
    var outputGradients: [Tensor]
    /// Each maxout stage's backward products, from its output gradient and `argmax`.
    var maxoutBackward: [MaxoutBackward]
    /// The gradient with respect to a dropped-out stage input, before the mask.
    var inputGradients: [Tensor]
    /// After `backward(needInputGradient: true)`: the gradient with respect to the path's input.
    var inputGradient = Tensor.zeros([0])
    /// After `backward`: each stage's gradients for W and b (see `parameterGradient`).
    var weightGradients: [Tensor]
    var biasGradients: [Tensor]
    /// Float64 column sums of the bias gradients.
    var biasScratch: [Double] = []
    /// The perturbed minibatch of an adversarial or noise training step.
    var perturbed = Tensor.zeros([0])
    /// The mode of the last `forward`.
    var mode: Mode = .evaluation

    /// The tape-free path of `model`, or nil when a layer or the loss is not one it runs.
    init?(_ model: Model) {
        guard [.softmaxCrossEntropy, .oneVsRestSquaredHinge, .codeBits].contains(model.loss) else { return nil }
        var stages: [Stage] = []
        var pendingDropout: (keep: Float, scale: Float)?
        for layer in model.layers {
            let p = layer.parameterIndices
            switch layer.kind {
            case .dropout(let keep, let scale):
                guard pendingDropout == nil else { return nil }
                pendingDropout = (keep, scale)
            case .linear, .maxout:
                var stage = Stage(weight: p.lowerBound, bias: p.lowerBound + 1, dropout: pendingDropout)
                if case .maxout(_, _, let pieces) = layer.kind { stage.pieces = pieces }
                stages.append(stage)
                pendingDropout = nil
            case .sigmoid, .relu:
                guard pendingDropout == nil, let last = stages.indices.last, stages[last].pieces == nil,
                    stages[last].activation == .identity
                else {
                    return nil
                }
                stages[last].activation = layer.kind == .sigmoid ? .sigmoid : .relu
            case .rbf, .binaryLogits:
                return nil
            }
        }
        guard pendingDropout == nil, !stages.isEmpty else { return nil }
        self.model = model
        self.stages = stages
        let empty = [Tensor](repeating: Tensor.zeros([0]), count: stages.count)
        (masks, inputs, preactivations, outputs) = (empty, empty, empty, empty)
        (outputGradients, inputGradients) = (empty, empty)
        maxoutBackward = [MaxoutBackward](repeating: MaxoutBackward(), count: stages.count)
        argmax = [[Int32]](repeating: [], count: stages.count)
        readsDroppedInput = [Bool](repeating: false, count: stages.count)
        (weightGradients, biasGradients) = (empty, empty)
    }

    /// The logits [n, classes] of `x` [n, inputs]; the activations stay in the buffers for `backward`.
    @discardableResult
    func forward(_ x: Tensor, mode: Mode, generator: inout SeededGenerator) throws -> Tensor {
        try model.checkInput(x.shape)
        let parameters = model.parameters
        input = x
        self.mode = mode
        for (k, stage) in stages.enumerated() {
            let source = k == 0 ? x : outputs[k - 1]
            readsDroppedInput[k] = true
            if let (keep, scale) = stage.dropout {
                // NOTE: as `Layer.forward`: the mask holds (1/keep) * keep * scale on kept inputs;
                // evaluation scales by keep * scale, the mask's mean.
                let factor = keep * scale
                switch mode {
                case .training:
                    try Tensor.dropoutMask(
                        source.shape, keepProbability: keep, factor: factor, using: &generator, into: &masks[k])
                    try Tensor.dropout(source, mask: masks[k], into: &inputs[k])
                case .evaluation:
                    if factor == 1 {
                        readsDroppedInput[k] = false
                    } else {
                        Tensor.scaled(source, by: factor, into: &inputs[k])
                    }
                }
            } else {
                readsDroppedInput[k] = false
            }
            let (w, b) = (parameters[stage.weight], parameters[stage.bias])
            let stageInput = readsDroppedInput[k] ? inputs[k] : source
            if let pieces = stage.pieces {
                try Tensor.maxout(
                    stageInput, w, b, pieces: pieces, scratch: &preactivations[k], into: &outputs[k], argmax: &argmax[k]
                )
            } else {
                try Tensor.linear(stageInput, w, b, activation: stage.activation, into: &outputs[k])
            }
        }
        return outputs[stages.count - 1]
    }

    /// What stage k's GEMM read in the last `forward`.
    func stageInput(_ k: Int) -> Tensor {
        if readsDroppedInput[k] { return inputs[k] }
        return k == 0 ? input : outputs[k - 1]
    }
}
