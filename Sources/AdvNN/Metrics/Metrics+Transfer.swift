import AdvTensor

/// Errors of a list of models on examples made for other models (Szegedy et al. 2014, Tables 2
/// and 4; Goodfellow et al. 2015, section 6): row i holds the examples made for (or by) source i,
/// column j the model that scores them.
public struct TransferMatrix: Sendable, Equatable {
    /// The names of the example sets, one per row (e.g. "for FC10(1e-4)", "Gaussian noise sd .1").
    public var sources: [String]
    /// The names of the scoring models, one per column.
    public var models: [String]
    /// evaluations[i][j]: model j on example set i.
    public var evaluations: [[Evaluation]]

    /// errors[i][j]: the fraction of example set i that model j misclassifies.
    public var errors: [[Float]] { evaluations.map { $0.map(\.error) } }
}

extension Metrics {
    /// Every model in `models` evaluated on every example set in `sources` (each a name, examples
    /// [n_i, inputs] and their n_i true labels).
    public static func transferMatrix(
        sources: [(name: String, examples: Tensor, labels: [Int])], models: [any Classifier],
        chunkSize: Int = Attacks.defaultChunkSize
    ) throws -> TransferMatrix {
        let evaluations = try sources.map { source in
            try models.map { try evaluate($0, source.examples, labels: source.labels, chunkSize: chunkSize) }
        }
        return TransferMatrix(sources: sources.map(\.name), models: models.map(\.name), evaluations: evaluations)
    }
}
