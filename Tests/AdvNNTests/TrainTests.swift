import AdvData
import AdvTensor
import AdvTestSupport
import XCTest

@testable import AdvNN

final class TrainTests: XCTestCase {
    private func options(epochs: Int, learningRate: Float = 0.5, seed: UInt64 = 1) -> TrainingOptions {
        var options = TrainingOptions()
        options.epochs = epochs
        options.batchSize = 10
        options.learningRate = learningRate
        options.seed = seed
        return options
    }

    func testSoftmaxRegressionSeparatesASeparableSet() throws {
        let set = try separableSet(n: 60, features: 6, classes: 3, seed: 1)
        let model = Model.softmaxRegression(inputs: 6, classes: 3)
        XCTAssertGreaterThan(try model.errorRate(on: set), 0.3)  // untrained: near chance
        var reports: [EpochReport] = []
        let result = try train(model, on: set, options: options(epochs: 20), progress: { reports.append($0) })
        XCTAssertEqual(try model.errorRate(on: set), 0)
        XCTAssertEqual(reports.count, 20)
        XCTAssertEqual(result.epochs, reports)
        XCTAssertLessThan(reports[19].loss, reports[0].loss)
        XCTAssertEqual(reports[19].trainError, 0)
        XCTAssertTrue(
            model.trainingLog.contains { $0.contains("trained on separable (60 examples)") }, "\(model.trainingLog)")
    }

    func testAdversarialObjectiveEqualsTheHandComposedFormula() throws {
        let model = Model.fullyConnected(inputs: 4, hidden: [3], classes: 3, l2: [0], seed: 2)
        let set = try separableSet(n: 5, features: 4, classes: 3, seed: 4)
        let (eps, alpha): (Float, Float) = (0.1, 0.3)
        // J(x), its input gradient, the FGSM examples (clipped to [0, 1] or not), and J there: by hand.
        let (losses, gradient) = try model.lossAndInputGradient(set.images, labels: set.labels)
        let mean = { (values: [Float]) in values.reduce(0, +) / Float(values.count) }
        var values: [Float] = []
        for clip in [true, false] {
            var adversarial = set.images.scalars
            for i in adversarial.indices {
                let g = gradient.scalars[i]
                adversarial[i] += eps * (g > 0 ? 1 : (g < 0 ? -1 : 0))
                if clip { adversarial[i] = Swift.min(Swift.max(adversarial[i], 0), 1) }
            }
            let adversarialLosses = try model.exampleLosses(
                outputs: model.logits(tensor(set.images.shape, adversarial)), labels: set.labels)
            let expected = alpha * mean(losses) + (1 - alpha) * mean(adversarialLosses)
            XCTAssertGreaterThan(mean(adversarialLosses), mean(losses))  // FGSM raised the loss
            var generator = SeededGenerator(seed: 1)
            let step = try model.objectiveStep(
                set.images, labels: set.labels, objective: .adversarial(eps: eps, alpha: alpha, clip: clip),
                trainable: Array(model.parameters.indices), mode: .evaluation, generator: &generator)
            XCTAssertEqual(step.value, expected, accuracy: 1e-5, "clip \(clip)")
            values.append(step.value)
        }
        XCTAssertNotEqual(values[0], values[1], "the set has pixels the clip moves")
    }

    func testNoiseObjectiveEqualsTheHandComposedFormula() throws {
        let model = Model.fullyConnected(inputs: 4, hidden: [3], classes: 3, l2: [0], seed: 2)
        let set = try separableSet(n: 5, features: 4, classes: 3, seed: 4)
        let (eps, alpha): (Float, Float) = (0.2, 0.4)
        let mean = { (values: [Float]) in values.reduce(0, +) / Float(values.count) }
        let clean = try model.exampleLosses(outputs: model.logits(set.images), labels: set.labels)
        var values: [Float] = []
        for clip in [true, false] {
            // In evaluation mode the objective draws nothing but the noise, so the same seed gives it.
            var generator = SeededGenerator(seed: 7)
            let noise = try TrainingOptions.Objective.noise(.sign, eps: eps, shape: set.images.shape, using: &generator)
            var noisy = try set.images + noise
            if clip { noisy = noisy.clipped(min: 0, max: 1) }
            let noisyLosses = try model.exampleLosses(outputs: model.logits(noisy), labels: set.labels)
            generator = SeededGenerator(seed: 7)
            let step = try model.objectiveStep(
                set.images, labels: set.labels, objective: .noise(.sign, eps: eps, alpha: alpha, clip: clip),
                trainable: Array(model.parameters.indices), mode: .evaluation, generator: &generator)
            XCTAssertEqual(step.value, alpha * mean(clean) + (1 - alpha) * mean(noisyLosses), accuracy: 1e-5)
            values.append(step.value)
        }
        XCTAssertNotEqual(values[0], values[1], "the set has pixels the clip moves")
    }

    /// The settings' words are part of the model cache's fingerprint: a clipped objective's words
    /// stay those from before `clip` existed, so models cached then are found again.
    func testSummaryOfTheClippedObjectivesIsUnchanged() {
        var options = TrainingOptions()
        options.objective = .adversarial(eps: 0.25, alpha: 0.5)
        XCTAssertTrue(options.summary.hasSuffix(", objective adversarial eps 0.25 alpha 0.5"), options.summary)
        options.objective = .noise(.uniform, eps: 0.25, alpha: 0.5)
        XCTAssertTrue(options.summary.hasSuffix(", objective noise uniform eps 0.25 alpha 0.5"), options.summary)
        options.objective = .adversarial(eps: 0.25, alpha: 0.5, clip: false)
        XCTAssertTrue(
            options.summary.hasSuffix(", objective adversarial eps 0.25 alpha 0.5 unclipped"), options.summary)
    }

    /// Early stopping on adversarial validation attacks the validation set as the objective trains:
    /// FGSM clipped to [0, 1], or not for `clip: false`.
    func testAdversarialValidationAttacksAsTheObjectiveTrains() throws {
        // Uniform pixels, class 1 where the first three outweigh the last three: many pixels lie
        // within eps of 0 or 1, where the clip binds.
        func uniformSet(_ n: Int, seed: UInt64) throws -> ExampleSet {
            var generator = SeededGenerator(seed: seed)
            let images = (0..<n * 6).map { _ in generator.nextUnitFloat() }
            let labels = (0..<n).map { r in
                images[r * 6..<r * 6 + 3].reduce(0, +) > images[r * 6 + 3..<r * 6 + 6].reduce(0, +) ? 1 : 0
            }
            return try ExampleSet(images: Tensor(shape: [n, 6], scalars: images), labels: labels, name: "uniform")
        }
        let set = try uniformSet(100, seed: 3)
        let validation = try uniformSet(200, seed: 8)
        let eps: Float = 0.1
        for clip in [true, false] {
            var settings = options(epochs: 20)
            settings.batchSize = 10
            settings.objective = .adversarial(eps: eps, alpha: 0.5, clip: clip)
            settings.validation = validation
            settings.earlyStopOn = .adversarial
            let model = Model.fullyConnected(inputs: 6, hidden: [4], classes: 2, l2: [0], seed: 2)
            let result = try train(model, on: set, options: settings)
            let clipped = try model.errorRate(on: validation, fgsmEps: eps, clip: true)
            let unclipped = try model.errorRate(on: validation, fgsmEps: eps, clip: false)
            XCTAssertNotEqual(clipped, unclipped, "the clip must matter on this set, clip \(clip)")
            // The model keeps its best epoch's weights, scored by the attack the objective trains with.
            XCTAssertEqual(result.bestValidationError, clip ? clipped : unclipped, "clip \(clip)")
        }
    }

    func testNoiseObjectivePerturbsWithinEps() throws {
        var generator = SeededGenerator(seed: 9)
        let signs = try TrainingOptions.Objective.noise(.sign, eps: 0.25, shape: [20, 10], using: &generator)
        XCTAssertTrue(signs.scalars.allSatisfy { $0 == 0.25 || $0 == -0.25 })
        XCTAssertTrue(signs.scalars.contains(0.25) && signs.scalars.contains(-0.25))
        let uniform = try TrainingOptions.Objective.noise(.uniform, eps: 0.25, shape: [20, 10], using: &generator)
        XCTAssertTrue(uniform.scalars.allSatisfy { Swift.abs($0) <= 0.25 })
        XCTAssertGreaterThan(Set(uniform.scalars).count, 150)
    }

    func testSameSeedSameTraining() throws {
        let set = try separableSet(n: 40, features: 6, classes: 2, seed: 3)
        var settings = options(epochs: 2)
        settings.objective = .noise(.sign, eps: 0.1)
        let a = Model.maxout(inputs: 6, units: 3, pieces: 2, layers: 1, classes: 2, seed: 4)
        let b = Model.maxout(inputs: 6, units: 3, pieces: 2, layers: 1, classes: 2, seed: 4)
        try train(a, on: set, options: settings)
        try train(b, on: set, options: settings)
        XCTAssertEqual(a.parameters, b.parameters)
        XCTAssertNotEqual(
            a.parameters, Model.maxout(inputs: 6, units: 3, pieces: 2, layers: 1, classes: 2, seed: 4).parameters)
    }

    /// The paper's maxout network (784-240x5-240x5-10, dropout, max-norm) after adversarial
    /// training steps: the same parameters to the bit with 1, 2 and 3 threads.
    func testTrainingGivesTheSameBitsForEveryThreadCount() throws {
        let saved = BLAS.threads
        defer { BLAS.threads = saved }
        let set = try separableSet(n: 300, features: 784, classes: 10, seed: 5)
        var settings = options(epochs: 1, learningRate: 0.1)
        settings.batchSize = 100
        settings.objective = .adversarial(eps: 0.25, alpha: 0.5)
        func trained(threads: Int) throws -> [Tensor] {
            BLAS.threads = threads
            let model = Model.maxout(seed: 2)
            try train(model, on: set, options: settings)
            return model.parameters
        }
        let one = try trained(threads: 1)
        for threads in [2, 3] {
            for (index, (a, b)) in zip(try trained(threads: threads), one).enumerated() {
                assertSameScalars(a, b, "parameter \(index), \(threads) threads against 1")
            }
        }
    }

    func testMaxNormHoldsAfterTraining() throws {
        let set = try separableSet(n: 40, features: 6, classes: 2, seed: 3)
        let model = Model.maxout(inputs: 6, units: 3, pieces: 2, layers: 2, classes: 2, maxNorm: 0.3)
        var settings = options(epochs: 3, learningRate: 2)
        settings.objective = .adversarial(eps: 0.1, alpha: 0.5)
        try train(model, on: set, options: settings)
        for layer in model.layers {
            guard let index = layer.weightIndex else { continue }
            let w = model.parameters[index]
            for column in 0..<w.shape[1] {
                let norm = (0..<w.shape[0]).reduce(Float(0)) {
                    $0 + w.scalars[$1 * w.shape[1] + column] * w.scalars[$1 * w.shape[1] + column]
                }.squareRoot()
                XCTAssertLessThanOrEqual(norm, 0.3 + 1e-5)
            }
        }
    }

    func testStopRequestEndsAfterTheCurrentBatch() throws {
        let set = try separableSet(n: 50, features: 6, classes: 2, seed: 3)
        let model = Model.softmaxRegression(inputs: 6, classes: 2)
        var polls = 0
        let result = try train(
            model, on: set, options: options(epochs: 5),
            shouldStop: {
                polls += 1
                return true
            })
        XCTAssertEqual(polls, 1)
        XCTAssertTrue(result.interrupted)
        XCTAssertEqual(result.epochs.count, 1)
    }

    /// What an interrupted run says it kept follows what `train` keeps: the best epoch's weights
    /// when validating (the interrupted epoch's own when it scored best), else the last ones.
    func testAnInterruptionSaysWhichWeightsWereKept() {
        func result(epochs: Int, best: Int, validating: Bool, interrupted: Bool = true) -> TrainingResult {
            let reports = (1...epochs).map { epoch in
                EpochReport(
                    epoch: epoch, epochs: 10, loss: 1, trainError: 0.5, validationError: validating ? 0.5 : nil,
                    validationLoss: nil, examplesPerSecond: 1, seconds: 1, learningRate: 0.1, momentum: 0.5)
            }
            return TrainingResult(
                epochs: reports, bestEpoch: best, bestValidationError: validating ? 0.25 : nil,
                interrupted: interrupted, stoppedEarly: false)
        }
        XCTAssertEqual(
            result(epochs: 4, best: 3, validating: true).interruption,
            "interrupted in epoch 4; best weights, from epoch 3, kept")
        XCTAssertEqual(
            result(epochs: 4, best: 4, validating: true).interruption,
            "interrupted in epoch 4; the weights at the interruption, best on validation, kept")
        XCTAssertEqual(
            result(epochs: 4, best: 4, validating: false).interruption,
            "interrupted in epoch 4; the weights at the interruption kept")
        XCTAssertNil(result(epochs: 4, best: 3, validating: true, interrupted: false).interruption)
    }

    func testBestValidationWeightsAreRestoredAndPatienceStops() throws {
        let set = try separableSet(n: 60, features: 6, classes: 3, seed: 1)
        // A validation set with flipped labels: the better the model fits, the worse it scores.
        let flipped = try ExampleSet(images: set.images, labels: set.labels.map { ($0 + 1) % 3 }, name: "flipped")
        var settings = options(epochs: 30)
        settings.validation = flipped
        settings.patience = 3
        let model = Model.softmaxRegression(inputs: 6, classes: 3)
        let result = try train(model, on: set, options: settings)
        XCTAssertTrue(result.stoppedEarly)
        XCTAssertLessThan(result.epochs.count, 30)
        XCTAssertEqual(result.epochs.count, result.bestEpoch + 3)
        XCTAssertEqual(try model.errorRate(on: flipped), result.bestValidationError)
        XCTAssertEqual(result.epochs.compactMap(\.validationError).min(), result.bestValidationError)
    }

    func testAutoencoderStagesReduceReconstructionErrorAndClassify() throws {
        let set = try separableSet(n: 60, features: 6, classes: 3, seed: 1)
        let model = Model.autoencoder(inputs: 6, hidden: 4, classes: 3, l2: 0)
        var pre = options(epochs: 30, learningRate: 0.1)
        pre.momentumStart = 0.9
        pre.momentumEnd = 0.9
        let results = try trainAutoencoder(
            model, on: set, pretraining: pre, softmax: options(epochs: 20), fineTuning: options(epochs: 20))
        XCTAssertEqual(results.count, 3)
        XCTAssertLessThan(results[0].epochs[29].loss, results[0].epochs[0].loss)
        XCTAssertEqual(try model.errorRate(on: set), 0)
    }

    func testMomentumRampAndLearningRateDecay() {
        var options = TrainingOptions()
        XCTAssertEqual(options.momentum(atEpoch: 1), 0.5)
        XCTAssertEqual(options.momentum(atEpoch: 250), 0.7, accuracy: 1e-6)
        XCTAssertEqual(options.momentum(atEpoch: 400), 0.7, accuracy: 1e-6)
        XCTAssertEqual(options.momentum(atEpoch: 125), 0.5 + 0.2 * 124 / 249, accuracy: 1e-6)
        XCTAssertEqual(options.learningRate(afterUpdates: 0), 0.1)
        XCTAssertEqual(
            options.learningRate(afterUpdates: 100_000), 0.1 / Float(Foundation.pow(1.000004, 100_000.0)),
            accuracy: 1e-6)
        options.minLearningRate = 0.05
        XCTAssertEqual(options.learningRate(afterUpdates: 1e7), 0.05)
    }

    func testTrainingOnTheWrongWidthThrows() throws {
        let set = try separableSet(n: 10, features: 6, classes: 2, seed: 3)
        XCTAssertThrowsError(
            try train(Model.softmaxRegression(inputs: 5, classes: 2), on: set, options: options(epochs: 1))
        ) { error in
            XCTAssertTrue("\(error)".contains("[10, 6]"), "\(error)")
        }
    }

    func testStageTwoStopsAtTheTargetValidationLossKeepingFinalWeights() throws {
        let set = try separableSet(n: 60, features: 6, classes: 3, seed: 1)
        let model = Model.softmaxRegression(inputs: 6, classes: 3)
        var first = options(epochs: 3)
        first.validation = set
        let stageOne = try train(model, on: set, options: first)
        let target = try XCTUnwrap(stageOne.epochs[stageOne.bestEpoch - 1].validationLoss)  // best weights kept
        XCTAssertEqual(target, try model.evaluate(on: set).loss, accuracy: 1e-6)
        var second = options(epochs: 50)
        second.validation = set
        second.stopAtValidationLoss = target * 0.5
        let stageTwo = try train(model, on: set, options: second)
        XCTAssertTrue(stageTwo.stoppedEarly)
        XCTAssertLessThan(stageTwo.epochs.count, 50)
        let last = try XCTUnwrap(stageTwo.epochs.last?.validationLoss)
        XCTAssertLessThanOrEqual(last, target * 0.5)
        XCTAssertEqual(try model.evaluate(on: set).loss, last, accuracy: 1e-6)  // final weights kept
    }
}
