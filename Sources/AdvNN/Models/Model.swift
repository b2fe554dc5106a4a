import AdvTensor

/// A classifier made of layers, whose parameters are tensors it owns.
///
/// The forward pass (`Model+Forward.swift`) is built from autograd `Variable`s, so training and
/// attacks take gradients from the tape. Families are built by the factory functions named as in the
/// papers: `softmaxRegression`, `logisticRegression`, `fullyConnected`, `maxout`, `rbf`,
/// `autoencoder`. A model records the seed it was initialised with and the settings it was trained
/// with, for saving and for results tables.
public final class Model: Classifier, CustomStringConvertible {
    public let name: String
    public let inputs: Int
    public let classes: Int
    /// The classifier path, input to logits (RBF: to scores).
    public internal(set) var layers: [Layer] {
        didSet { evaluationCache = nil }
    }
    /// The autoencoder's reconstruction path from the code (the output of `layers[0..<encoderDepth]`)
    /// back to the input; empty for other families.
    public internal(set) var decoder: [Layer]
    /// How many of `layers` make up the autoencoder's encoder (0 for other families).
    public let encoderDepth: Int
    /// Every layer's parameters, in order; `Layer.parameterIndices` points into this list.
    public internal(set) var parameters: [Tensor]
    /// The training loss.
    public let loss: ModelLoss
    /// The seed the parameters were initialised from.
    public let seed: UInt64
    /// What training recorded: options, data checksum, results (`key: value`, in order).
    public var trainingLog: [String] = []
    /// A fingerprint of the training data (e.g. `MNIST.checksum`), recorded by whoever trains.
    public var dataChecksum: String?

    /// The tape-free path for evaluation-mode queries (logits, input gradients), built on first use
    /// and kept with its buffers, so that attacks and predictions run chunk after chunk, call after
    /// call, without allocating; nil for models it does not run. Not thread-safe, like the model.
    var evaluationNetwork: DenseNetwork? {
        if let cached = evaluationCache { return cached.network }
        let network = DenseNetwork(self)
        evaluationCache = EvaluationCache(network: network)
        return network
    }

    /// Whether `evaluationNetwork` was built yet, and what it is.
    private struct EvaluationCache {
        let network: DenseNetwork?
    }

    private var evaluationCache: EvaluationCache?

    /// A model from its layers (parameter indices are assigned here) and initial parameters.
    init(
        name: String, inputs: Int, classes: Int, layers: [Layer], decoder: [Layer] = [], encoderDepth: Int = 0,
        loss: ModelLoss = .softmaxCrossEntropy, seed: UInt64,
        initialize: (_ layer: Layer, _ position: Int, _ shape: [Int], inout SeededGenerator) -> Tensor
    ) {
        self.name = name
        self.inputs = inputs
        self.classes = classes
        self.encoderDepth = encoderDepth
        self.loss = loss
        self.seed = seed
        var generator = SeededGenerator(seed: seed)
        var parameters: [Tensor] = []
        func place(_ layers: [Layer]) -> [Layer] {
            layers.map { layer in
                var layer = layer
                let start = parameters.count
                for (position, shape) in layer.parameterShapes.enumerated() {
                    parameters.append(initialize(layer, position, shape, &generator))
                }
                layer.parameterIndices = start..<parameters.count
                return layer
            }
        }
        self.layers = place(layers)
        self.decoder = place(decoder)
        self.parameters = parameters
    }

    /// A model with given layers (indices assigned) and parameters, as loaded from a file.
    init(
        name: String, inputs: Int, classes: Int, layers: [Layer], decoder: [Layer], encoderDepth: Int,
        loss: ModelLoss, seed: UInt64, parameters: [Tensor]
    ) {
        self.name = name
        self.inputs = inputs
        self.classes = classes
        self.layers = layers
        self.decoder = decoder
        self.encoderDepth = encoderDepth
        self.loss = loss
        self.seed = seed
        self.parameters = parameters
    }

    /// The total number of scalars in all parameters.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    /// A printed summary: one line per layer with its output shape and parameter count.
    public var description: String {
        var lines = ["model \(name): \(inputs) inputs, \(classes) classes, \(parameterCount) parameters, seed \(seed)"]
        func describe(_ layers: [Layer], _ heading: String?, width: Int) {
            if let heading { lines.append(heading) }
            var width = width
            for layer in layers {
                width = layer.outputWidth(forInput: width)
                let count = layer.parameterIndices.reduce(0) { $0 + parameters[$1].count }
                var line = "  \(layer.summary)  -> [n, \(width)]"
                if count > 0 { line += "  \(count) parameters" }
                if layer.l1 != 0 { line += "  l1 \(layer.l1)" }
                if layer.l2 != 0 { line += "  l2 \(layer.l2)" }
                if let maxNorm = layer.maxNorm { line += "  max-norm \(maxNorm)" }
                lines.append(line)
            }
        }
        describe(layers, nil, width: inputs)
        if !decoder.isEmpty {
            let codeWidth = layers.prefix(encoderDepth).reduce(inputs) { $1.outputWidth(forInput: $0) }
            describe(decoder, "decoder (from the code of layer \(encoderDepth)):", width: codeWidth)
        }
        return lines.joined(separator: "\n")
    }
}
