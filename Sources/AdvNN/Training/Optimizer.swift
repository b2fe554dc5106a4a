import AdvTensor

/// SGD with momentum, weight decay and max-norm, updating a model's parameters in place.
///
/// Update for a parameter w with gradient g of the mean minibatch objective:
/// `g += 2 l2 w + l1 sign(w)` (weights only: the gradient of `l2 ||W||^2 + l1 ||W||_1`),
/// `v = momentum v - lr g`, `w += v`, then each unit's incoming weight vector (a column of W)
/// is clipped to the layer's max-norm. The momentum buffers live as long as the optimizer, so an
/// update allocates nothing.
struct Optimizer {
    /// The momentum buffers, one per parameter (saved and restored by checkpoints).
    var velocities: [Tensor]
    /// Scratch for the max-norm's column sums.
    private var squares: [Double] = []
    /// Per parameter: (l1, l2, maxNorm) if it is a layer's weight matrix.
    private let decay: [Int: (l1: Float, l2: Float, maxNorm: Float?)]

    init(_ model: Model, options: TrainingOptions) throws {
        velocities = model.parameters.map { Tensor.zeros($0.shape) }
        var decay: [Int: (Float, Float, Float?)] = [:]
        let weighted = (model.layers + model.decoder).filter { $0.weightIndex != nil }
        func pick(_ values: [Float]?, _ name: String, _ k: Int, _ fallback: Float) throws -> Float {
            guard let values else { return fallback }
            guard values.count == 1 || values.count == weighted.count else {
                let layers = weighted.count == 1 ? "the 1 weighted layer" : "the \(weighted.count) weighted layers"
                let wanted = weighted.count == 1 ? "give 1 value" : "give 1 value or \(weighted.count)"
                throw TensorError(
                    op: "train",
                    message: "\(name) has \(values.count) values for \(layers) of \(model.name): \(wanted)")
            }
            return values.count == 1 ? values[0] : values[k]
        }
        for (k, layer) in weighted.enumerated() {
            guard let index = layer.weightIndex else { continue }
            decay[index] = (
                try pick(options.l1, "l1", k, layer.l1), try pick(options.l2, "l2", k, layer.l2),
                options.maxNorm ?? layer.maxNorm
            )
        }
        self.decay = decay
    }

    /// The weight-decay penalty `sum l2 ||W||^2 + l1 ||W||_1` at the model's current weights.
    func penalty(_ model: Model) -> Float {
        var total = 0.0
        for (index, (l1, l2, _)) in decay where l1 != 0 || l2 != 0 {
            model.parameters[index].scalars.withUnsafeBufferPointer { w in
                for value in w { total += Double(l2 * value * value + l1 * Swift.abs(value)) }
            }
        }
        return Float(total)
    }

    /// One update of the parameters listed in `gradients` (index -> gradient), each in one fused
    /// pass with its max-norm (`Optimizer.momentumUpdate`).
    mutating func update(
        _ model: Model, gradients: [(index: Int, gradient: Tensor)], learningRate lr: Float, momentum: Float
    ) throws {
        for (index, gradient) in gradients {
            let (l1, l2, maxNorm) = decay[index] ?? (0, 0, nil)
            try Optimizer.momentumUpdate(
                &model.parameters[index], gradient: gradient, velocity: &velocities[index], learningRate: lr,
                momentum: momentum, l1: l1, l2: l2, maxNorm: maxNorm, squares: &squares)
        }
    }
}

extension Model {
    /// Replaces every parameter (same shapes), e.g. to restore the best epoch's weights.
    func setParameters(_ values: [Tensor]) throws {
        guard values.map(\.shape) == parameters.map(\.shape) else {
            throw TensorError(
                op: "model \(name)",
                message: "parameter shapes \(values.map(\.shape)) differ from \(parameters.map(\.shape))")
        }
        parameters = values
    }
}
