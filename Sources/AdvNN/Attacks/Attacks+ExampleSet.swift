import AdvData
import AdvTensor

/// The attacks on labelled sets: the examples move, their labels travel with them, and the name
/// says what was done (e.g. "mnist-test, fgsm eps 0.25 against softmax").
extension Attacks {
    /// `fgsm(_:_:labels:eps:clip:chunkSize:)` on a set.
    public static func fgsm(
        _ model: any Classifier, _ set: ExampleSet, eps: Float, clip: Bool = true,
        chunkSize: Int = Attacks.defaultChunkSize
    ) throws -> ExampleSet {
        let x = try fgsm(model, set.images, labels: set.labels, eps: eps, clip: clip, chunkSize: chunkSize)
        return try ExampleSet(images: x, labels: set.labels, name: "\(set.name), fgsm eps \(eps) against \(model.name)")
    }

    /// The targeted `fgsm(_:_:towards:eps:clip:chunkSize:)` on a set: the examples keep their true
    /// labels, and `targets` (one per example) only steer the step.
    public static func fgsm(
        _ model: any Classifier, _ set: ExampleSet, towards targets: [Int], eps: Float, clip: Bool = true,
        chunkSize: Int = Attacks.defaultChunkSize
    ) throws -> ExampleSet {
        guard targets.count == set.count else {
            throw AttackError(op: "fgsm (targeted)", message: "\(targets.count) targets for \(set.count) examples")
        }
        let x = try fgsm(model, set.images, towards: targets, eps: eps, clip: clip, chunkSize: chunkSize)
        return try ExampleSet(
            images: x, labels: set.labels, name: "\(set.name), targeted fgsm eps \(eps) against \(model.name)")
    }

    /// `pgd(_:_:labels:...)` on a set.
    public static func pgd(
        _ model: any Classifier, _ set: ExampleSet, eps: Float, steps: Int, stepSize: Float,
        randomStart: Bool, clip: Bool = true, using generator: inout SeededGenerator,
        chunkSize: Int = Attacks.defaultChunkSize
    ) throws -> ExampleSet {
        let x = try pgd(
            model, set.images, labels: set.labels, eps: eps, steps: steps, stepSize: stepSize,
            randomStart: randomStart, clip: clip, using: &generator, chunkSize: chunkSize)
        return try ExampleSet(
            images: x, labels: set.labels,
            name: "\(set.name), pgd eps \(eps) \(steps) steps of \(stepSize) against \(model.name)")
    }

    /// `signNoise` on a set.
    public static func signNoise(
        _ set: ExampleSet, eps: Float, clip: Bool = true, using generator: inout SeededGenerator
    ) throws -> ExampleSet {
        let x = try signNoise(set.images, eps: eps, clip: clip, using: &generator)
        return try ExampleSet(images: x, labels: set.labels, name: "\(set.name), sign noise eps \(eps)")
    }

    /// `uniformNoise` on a set.
    public static func uniformNoise(
        _ set: ExampleSet, eps: Float, clip: Bool = true, using generator: inout SeededGenerator
    ) throws -> ExampleSet {
        let x = try uniformNoise(set.images, eps: eps, clip: clip, using: &generator)
        return try ExampleSet(images: x, labels: set.labels, name: "\(set.name), uniform noise eps \(eps)")
    }

    /// `gaussianNoise` on a set.
    public static func gaussianNoise(
        _ set: ExampleSet, standardDeviation sd: Float, clip: Bool = true, using generator: inout SeededGenerator
    ) throws -> ExampleSet {
        let x = try gaussianNoise(set.images, standardDeviation: sd, clip: clip, using: &generator)
        return try ExampleSet(images: x, labels: set.labels, name: "\(set.name), gaussian noise sd \(sd)")
    }

    /// `minimumDistortion` on a set: the kept examples (labels: the true classes) and the details.
    public static func minimumDistortion(
        _ model: any Classifier, _ set: ExampleSet,
        settings: MinimumDistortionSettings = MinimumDistortionSettings(),
        chunkSize: Int = Attacks.defaultChunkSize, shouldStop: () -> Bool = { false }
    ) throws -> (examples: ExampleSet, result: MinimumDistortionResult) {
        let result = try minimumDistortion(
            model, set.images, labels: set.labels, settings: settings, chunkSize: chunkSize, shouldStop: shouldStop)
        let examples = try ExampleSet(
            images: result.examples, labels: set.labels, name: "\(set.name), min. distortion against \(model.name)")
        return (examples, result)
    }

    /// `amplified` on a set and its perturbed version (the same labels, row for row).
    public static func amplified(
        _ original: ExampleSet, _ adversarial: ExampleSet, toStandardDeviation sd: Float, clip: Bool = true
    ) throws -> ExampleSet {
        try Metrics.checkSameExamples("amplify", original, adversarial)
        let x = try amplified(original.images, adversarial.images, toStandardDeviation: sd, clip: clip)
        return try ExampleSet(images: x, labels: original.labels, name: "\(adversarial.name), amplified to sd \(sd)")
    }

    /// `rotatedTowardGradient` on a set.
    public static func rotatedTowardGradient(
        _ model: any Classifier, _ set: ExampleSet, angle: Float, clip: Bool = true,
        chunkSize: Int = Attacks.defaultChunkSize
    ) throws -> ExampleSet {
        let x = try rotatedTowardGradient(
            model, set.images, labels: set.labels, angle: angle, clip: clip, chunkSize: chunkSize)
        return try ExampleSet(
            images: x, labels: set.labels,
            name: "\(set.name), rotated \(angle) rad toward the gradient of \(model.name)")
    }
}
