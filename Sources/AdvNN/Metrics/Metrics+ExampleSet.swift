import AdvData
import AdvTensor

/// The metrics on labelled sets.
extension Metrics {
    /// `evaluate(_:_:labels:)` on a set.
    public static func evaluate(
        _ model: any Classifier, _ set: ExampleSet, chunkSize: Int = Attacks.defaultChunkSize
    ) throws -> Evaluation {
        try evaluate(model, set.images, labels: set.labels, chunkSize: chunkSize)
    }

    /// Each example's distortion between a set and its perturbed version.
    public static func distortions(_ original: ExampleSet, _ perturbed: ExampleSet) throws -> [Float] {
        try checkSameExamples("distortion", original, perturbed)
        return try distortions(original.images, perturbed.images)
    }

    /// The mean distortion between a set and its perturbed version.
    public static func averageDistortion(_ original: ExampleSet, _ perturbed: ExampleSet) throws -> Float {
        try checkSameExamples("distortion", original, perturbed)
        return try averageDistortion(original.images, perturbed.images)
    }

    /// `agreement(_:_:_:labels:)` on a set.
    public static func agreement(
        _ first: any Classifier, _ second: any Classifier, _ set: ExampleSet,
        chunkSize: Int = Attacks.defaultChunkSize
    ) throws -> Agreement {
        try agreement(first, second, set.images, labels: set.labels, chunkSize: chunkSize)
    }

    /// The transfer matrix of a list of sets (rows, named by the sets) on a list of models.
    public static func transferMatrix(
        _ sets: [ExampleSet], models: [any Classifier], chunkSize: Int = Attacks.defaultChunkSize
    ) throws -> TransferMatrix {
        try transferMatrix(
            sources: sets.map { ($0.name, $0.images, $0.labels) }, models: models, chunkSize: chunkSize)
    }

    /// Szegedy's cross-model table: `attack` makes a set of examples for each model in turn (row
    /// "for NAME"), and every model scores every set. The diagonal is each model on its own examples.
    public static func transferMatrix(
        models: [any Classifier], chunkSize: Int = Attacks.defaultChunkSize,
        madeBy attack: (any Classifier) throws -> ExampleSet
    ) throws -> TransferMatrix {
        var matrix = try transferMatrix(models.map(attack), models: models, chunkSize: chunkSize)
        matrix.sources = models.map { "for \($0.name)" }
        return matrix
    }

    /// Checks that `perturbed` is `original` moved: the same shape and the same labels, row for row.
    static func checkSameExamples(_ op: String, _ original: ExampleSet, _ perturbed: ExampleSet) throws {
        guard original.images.shape == perturbed.images.shape, original.labels == perturbed.labels else {
            throw AttackError(
                op: op,
                message:
                    "\(perturbed.name) \(perturbed.images.shape.shapeDescription) is not a perturbed copy of \(original.name) \(original.images.shape.shapeDescription) (shapes or labels differ)"
            )
        }
    }
}
