import AdvData
import AdvTensor

extension Analysis {
    /// `errorAgainstEps(_:_:labels:epsilons:)` on a set.
    public static func errorAgainstEps(
        _ models: [any Classifier], _ set: ExampleSet, epsilons: [Float], clip: Bool = true,
        tolerance: Float = 0, chunkSize: Int = Attacks.defaultChunkSize
    ) throws -> ErrorSweep {
        try errorAgainstEps(
            models, set.images, labels: set.labels, epsilons: epsilons, clip: clip, tolerance: tolerance,
            chunkSize: chunkSize)
    }
}
