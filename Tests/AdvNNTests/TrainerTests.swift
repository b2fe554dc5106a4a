import AdvData
import AdvTensor
import XCTest

@testable import AdvNN

final class TrainerTests: XCTestCase {
    private func options(epochs: Int = 1, seed: UInt64 = 1) -> TrainingOptions {
        var options = TrainingOptions()
        options.epochs = epochs
        options.batchSize = 10
        options.learningRate = 0.3
        options.lrDecay = 1.01
        options.momentumRampEpochs = 3
        options.seed = seed
        return options
    }

    /// `train`'s epochs by hand: the permutation from the trainer, then its steps in that order.
    private func trainByHand(_ model: Model, on set: ExampleSet, options: TrainingOptions) throws -> [Float] {
        let trainer = try Trainer(model, options: options)
        var losses: [Float] = []
        for epoch in 1...options.epochs {
            let order = trainer.permutation(set.count)
            for start in stride(from: 0, to: set.count, by: options.batchSize) {
                let batch = try set.subset(Array(order[start..<min(start + options.batchSize, set.count)]))
                losses.append(
                    try trainer.step(batch.images, labels: batch.labels, momentum: options.momentum(atEpoch: epoch))
                        .loss)
            }
        }
        return losses
    }

    func testStepsByHandEqualTrainBitForBit() throws {
        let set = try separableSet(n: 45, features: 6, classes: 3, seed: 5)
        for objective in [TrainingOptions.Objective.plain, .adversarial(eps: 0.1, alpha: 0.5), .noise(.sign, eps: 0.1)] {
            var settings = options(epochs: 3)
            settings.objective = objective
            let a = Model.maxout(inputs: 6, units: 4, pieces: 2, layers: 1, classes: 3, seed: 7)
            let b = Model.maxout(inputs: 6, units: 4, pieces: 2, layers: 1, classes: 3, seed: 7)
            let result = try train(a, on: set, options: settings)
            let losses = try trainByHand(b, on: set, options: settings)
            XCTAssertEqual(a.parameters, b.parameters, "\(objective)")
            XCTAssertEqual(losses.count, 15)
            XCTAssertEqual(result.epochs.count, 3)
            XCTAssertNotEqual(
                b.parameters, Model.maxout(inputs: 6, units: 4, pieces: 2, layers: 1, classes: 3, seed: 7).parameters)
        }
    }

    func testTapeModelsStepToo() throws {
        // An autoencoder's reconstruction objective runs on the tape (no DenseNetwork).
        let set = try separableSet(n: 30, features: 6, classes: 3, seed: 2)
        var settings = options(epochs: 2)
        settings.objective = .reconstruction
        let a = Model.autoencoder(inputs: 6, hidden: 4, classes: 3, l2: 0)
        let b = Model.autoencoder(inputs: 6, hidden: 4, classes: 3, l2: 0)
        try train(a, on: set, options: settings)
        let losses = try trainByHand(b, on: set, options: settings)
        XCTAssertEqual(a.parameters, b.parameters)
        XCTAssertLessThan(losses[losses.count - 1], losses[0])
    }

    func testLossFallsAndTheScheduleAdvancesPerStep() throws {
        let set = try separableSet(n: 20, features: 6, classes: 2, seed: 3)
        let model = Model.softmaxRegression(inputs: 6, classes: 2)
        let trainer = try Trainer(model, options: options())
        XCTAssertEqual(trainer.learningRate, 0.3)
        var losses: [Float] = []
        for _ in 0..<30 { losses.append(try trainer.step(set.images, labels: set.labels).loss) }
        XCTAssertEqual(trainer.updates, 30)
        // The 30th update used lr / 1.01^29.
        XCTAssertEqual(trainer.learningRate, Float(0.3 / pow(1.01, 29.0)), accuracy: 1e-6)
        XCTAssertLessThan(losses[29], losses[0] * 0.5)
        XCTAssertEqual(try trainer.step(set.images, labels: set.labels).errors, 0)
    }

    func testDefaultMomentumIsTheFirstEpochs() throws {
        let set = try separableSet(n: 20, features: 6, classes: 2, seed: 3)
        let a = Model.softmaxRegression(inputs: 6, classes: 2)
        let b = Model.softmaxRegression(inputs: 6, classes: 2)
        let settings = options()
        let ta = try Trainer(a, options: settings)
        let tb = try Trainer(b, options: settings)
        for _ in 0..<3 {
            try ta.step(set.images, labels: set.labels)
            try tb.step(set.images, labels: set.labels, momentum: settings.momentumStart)
        }
        XCTAssertEqual(a.parameters, b.parameters)
        try ta.step(set.images, labels: set.labels, momentum: 0.99)
        try tb.step(set.images, labels: set.labels)
        XCTAssertNotEqual(a.parameters, b.parameters)
    }

    func testMisfittingMinibatchesThrowNamingTheShapes() throws {
        let model = Model.softmaxRegression(inputs: 6, classes: 2)
        let trainer = try Trainer(model, options: options())
        let before = model.parameters
        XCTAssertThrowsError(try trainer.step(Tensor.zeros([4, 5]), labels: [0, 1, 0, 1])) { error in
            XCTAssertTrue("\(error)".contains("[4, 5]"), "\(error)")
            XCTAssertTrue("\(error)".contains("6 inputs"), "\(error)")
        }
        XCTAssertThrowsError(try trainer.step(Tensor.zeros([4, 6]), labels: [0, 1]))
        XCTAssertThrowsError(try trainer.step(Tensor.zeros([0, 6]), labels: []))
        XCTAssertEqual(model.parameters, before)
        XCTAssertEqual(trainer.updates, 0)
        var reconstruction = options()
        reconstruction.objective = .reconstruction
        XCTAssertThrowsError(try Trainer(model, options: reconstruction))
    }
}
