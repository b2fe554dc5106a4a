import AdvData
import AdvTensor
import Foundation
import XCTest

@testable import AdvNN

/// GAN training (`GANTrainer`, `train(_ gan:...)`) and the Parzen-window estimate (`Parzen`).
final class GANTests: XCTestCase {
    /// A small pair without dropout (so a loss is a deterministic function of the parameters), its
    /// parameters spread in +-1, far from the init's near-zero values where every gradient is tiny.
    private func pair(seed: UInt64 = 1) throws -> GAN {
        let g = Model.generator(noise: 3, hidden: [5], outputs: 4, seed: seed)
        let d = Model.discriminator(inputs: 4, units: 3, pieces: 2, layers: 1, dropout: false, seed: seed + 1)
        var random = SeededGenerator(seed: seed + 2)
        for model in [g, d] {
            try model.setParameters(model.parameters.map { Model.uniform($0.shape, low: -1, high: 1, using: &random) })
        }
        return try GAN(generator: g, discriminator: d)
    }

    private func options(_ objective: GANOptions.Objective) -> GANOptions {
        var options = GANOptions()
        options.objective = objective
        options.training.dropout = false
        return options
    }

    /// Central differences of `loss` in a few entries of each of `model`'s parameters against
    /// `analytic` (the gradients in parameter order).
    private func checkGradients(
        _ model: Model, analytic: [Tensor], file: StaticString = #filePath, line: UInt = #line,
        loss: () throws -> Float
    ) throws {
        let h: Float = 1e-2
        for (index, gradient) in analytic.enumerated() {
            for entry in Set([0, gradient.count / 2, gradient.count - 1]) {
                let original = model.parameters[index].scalars[entry]
                var plus = model.parameters
                plus[index].withUnsafeMutableScalars { $0[entry] = original + h }
                try model.setParameters(plus)
                let up = try loss()
                var minus = plus
                minus[index].withUnsafeMutableScalars { $0[entry] = original - h }
                try model.setParameters(minus)
                let down = try loss()
                minus[index].withUnsafeMutableScalars { $0[entry] = original }
                try model.setParameters(minus)
                let numeric = (up - down) / (2 * h)
                let exact = gradient.scalars[entry]
                XCTAssertEqual(
                    numeric, exact, accuracy: 2e-3 + 2e-2 * abs(exact),
                    "parameter \(index) entry \(entry)", file: file, line: line)
            }
        }
    }

    func testGeneratorGradientsThroughTheDiscriminatorMatchFiniteDifferences() throws {
        for objective in GANOptions.Objective.allCases {
            let gan = try pair()
            let trainer = try GANTrainer(gan, options: options(objective))
            var random = SeededGenerator(seed: 5)
            let z = gan.noiseBatch(6, using: &random)
            let value = try trainer.generatorLoss(z).loss
            let analytic = trainer.generatorGradients()
            XCTAssertEqual(analytic.count, gan.generator.parameters.count)
            // The objectives' values: nonsaturating -mean log D(G(z)) > 0, minimax mean log(1 - D) < 0.
            XCTAssertEqual(value > 0, objective == .nonsaturating)
            try checkGradients(gan.generator, analytic: analytic) { try trainer.generatorLoss(z).loss }
        }
    }

    func testDiscriminatorGradientsMatchFiniteDifferences() throws {
        let gan = try pair()
        let trainer = try GANTrainer(gan, options: options(.nonsaturating))
        var random = SeededGenerator(seed: 6)
        let x = Tensor.uniform([6, 4], using: &random)
        let z = gan.noiseBatch(6, using: &random)
        let (loss, real, fake) = try trainer.discriminatorLoss(x, z: z)
        // Its value by hand: -(1/2)(mean log D(x) + mean log(1 - D(G(z)))).
        let dReal = try gan.discriminate(x)
        let dFake = try gan.discriminate(gan.generate(z))
        let realTerm: Float = dReal.map { log($0) }.reduce(0, +)
        let fakeTerm: Float = dFake.map { log(1 - $0) }.reduce(0, +)
        let byHand: Float = -0.5 * (realTerm + fakeTerm) / 6
        XCTAssertEqual(loss, byHand, accuracy: 1e-5)
        XCTAssertEqual(real, dReal.reduce(0, +) / 6, accuracy: 1e-6)
        XCTAssertEqual(fake, dFake.reduce(0, +) / 6, accuracy: 1e-6)
        try checkGradients(gan.discriminator, analytic: trainer.discriminatorGradients()) {
            try trainer.discriminatorLoss(x, z: z).loss
        }
    }

    /// The authors' update gets, from its one pass, the gradients the alternating update computes
    /// in two (those are checked against finite differences above): the same D loss and its
    /// gradients for the same x and z, and the same generator objective and gradients.
    func testTheSimultaneousPassGivesBothLossesAndGradients() throws {
        for objective in GANOptions.Objective.allCases {
            let gan = try pair()
            let trainer = try GANTrainer(gan, options: options(objective))
            var random = SeededGenerator(seed: 8)
            let x = Tensor.uniform([6, 4], using: &random)
            let z = gan.noiseBatch(6, using: &random)
            let both = try trainer.simultaneousLosses(x, z: z, generatorToo: true, measuringNorm: true)
            let (dBoth, gBoth) = (trainer.discriminatorGradients(), trainer.generatorGradients())
            let d = try trainer.discriminatorLoss(x, z: z)
            let g = try trainer.generatorLoss(z)
            let generator = try XCTUnwrap(both.generator)
            XCTAssertEqual(both.discriminator.loss, d.loss, accuracy: 1e-6)
            XCTAssertEqual(both.discriminator.real, d.real, accuracy: 1e-6)
            XCTAssertEqual(both.discriminator.fake, d.fake, accuracy: 1e-6)
            XCTAssertEqual(generator.loss, g.loss, accuracy: 1e-6)
            XCTAssertEqual(generator.gradientNorm, g.gradientNorm, accuracy: 1e-5 * g.gradientNorm)
            for (ours, theirs) in zip(dBoth + gBoth, trainer.discriminatorGradients() + trainer.generatorGradients()) {
                XCTAssertEqual(ours.shape, theirs.shape)
                for (a, b) in zip(ours.scalars, theirs.scalars) { XCTAssertEqual(a, b, accuracy: 1e-5 + 1e-4 * abs(b)) }
            }
            // Without the generator's part, the discriminator's gradients are the same.
            XCTAssertNil(try trainer.simultaneousLosses(x, z: z, generatorToo: false, measuringNorm: false).generator)
            for (ours, theirs) in zip(trainer.discriminatorGradients(), dBoth) {
                for (a, b) in zip(ours.scalars, theirs.scalars) { XCTAssertEqual(a, b, accuracy: 1e-5 + 1e-4 * abs(b)) }
            }
        }
    }

    /// With k = 2, the simultaneous update moves the generator on every second minibatch only, and
    /// a run of it is reproducible.
    func testTheSimultaneousUpdateTrainsTheGeneratorEveryKthMinibatch() throws {
        var random = SeededGenerator(seed: 9)
        let set = try ExampleSet(images: Tensor.uniform([40, 4], using: &random), labels: [Int](repeating: 0, count: 40), name: "toy")
        var options = options(.nonsaturating)
        options.update = .simultaneous
        options.discriminatorSteps = 2
        options.training.epochs = 2
        options.training.batchSize = 10
        let (first, second) = (try pair(), try pair())
        let result = try train(first, on: set, options: options)
        try train(second, on: set, options: options)
        XCTAssertEqual(result.traceFakeScore.count, 4)
        XCTAssertEqual(first.generator.parameters.map(\.scalars), second.generator.parameters.map(\.scalars))
        XCTAssertTrue(options.summary.hasSuffix("k 2, objective nonsaturating, update simultaneous"))
    }

    /// Section 3's point: when D rejects the samples confidently (logit -8), minimax's gradient is
    /// the nonsaturating one's times sigmoid(l) / (1 - sigmoid(l)) = e^-8.
    func testTheMinimaxGradientSaturatesWhenTheDiscriminatorRejects() throws {
        var norms: [GANOptions.Objective: Float] = [:]
        for objective in GANOptions.Objective.allCases {
            let gan = try pair()
            var parameters = gan.discriminator.parameters
            // The output unit: zero weights and bias -8, so every logit is -8 whatever the input.
            let (w, b) = (parameters.count - 2, parameters.count - 1)
            parameters[w] = Tensor.zeros(parameters[w].shape)
            parameters[b] = try Tensor(shape: [1], scalars: [-8])
            try gan.discriminator.setParameters(parameters)
            // Then D's input gradient is zero too; restore weights so the gradient flows.
            var random = SeededGenerator(seed: 7)
            parameters[w] = Model.uniform(parameters[w].shape, low: -1e-3, high: 1e-3, using: &random)
            try gan.discriminator.setParameters(parameters)
            let trainer = try GANTrainer(gan, options: options(objective))
            let z = gan.noiseBatch(8, using: &random)
            let result = try trainer.generatorLoss(z)
            XCTAssertLessThan(result.fake, 4e-4)
            norms[objective] = result.gradientNorm
        }
        let ratio = try XCTUnwrap(norms[.minimax]) / XCTUnwrap(norms[.nonsaturating])
        XCTAssertEqual(ratio, Float(exp(-8.0)), accuracy: 2e-5)
    }

    /// A GAN on a 2-D distribution: points near (0.75, 0.25); the generator starts near (0.5, 0.5)
    /// (zero output biases) and must move its samples' mean at least halfway there.
    func testAToyGANMovesItsSamplesTowardTheData() throws {
        var random = SeededGenerator(seed: 3)
        let n = 1000
        let noise = Tensor.normal([n, 2], std: 0.05, using: &random)
        let points = try Tensor(
            shape: [n, 2], scalars: (0..<(2 * n)).map { (($0 % 2 == 0) ? 0.75 : 0.25) + noise.scalars[$0] })
        let set = try ExampleSet(images: points, labels: [Int](repeating: 0, count: n), name: "toy")
        let g = Model.generator(noise: 2, hidden: [16], outputs: 2, seed: 4)
        let d = Model.discriminator(inputs: 2, units: 8, pieces: 2, layers: 1, dropout: false, seed: 5)
        try d.setParameters(d.parameters.map { Model.uniform($0.shape, low: -0.5, high: 0.5, using: &random) })
        let gan = try GAN(generator: g, discriminator: d)
        func distance() throws -> Float {
            let s = try gan.sample(500, seed: 9)
            var mean: (Float, Float) = (0, 0)
            for r in 0..<500 {
                mean.0 += s.scalars[2 * r] / 500
                mean.1 += s.scalars[2 * r + 1] / 500
            }
            return ((mean.0 - 0.75) * (mean.0 - 0.75) + (mean.1 - 0.25) * (mean.1 - 0.25)).squareRoot()
        }
        let before = try distance()
        var options = GANOptions()
        options.training.epochs = 30
        options.training.batchSize = 50
        options.training.dropout = false
        options.traceUpdates = 10
        let result = try train(gan, on: set, options: options)
        let after = try distance()
        XCTAssertEqual(result.epochs.count, 30)
        XCTAssertEqual(result.traceFakeScore.count, 10)
        XCTAssertGreaterThan(before, 0.3)
        // Measured: 0.354 -> 0.116 after 30 epochs (0.125 after 100: it hovers there, D and G circling).
        XCTAssertLessThan(after, before / 2, "mean moved from \(before) to \(after)")
    }

    func testTrainingStopsWhenAskedAndKeepsItsReports() throws {
        let gan = try pair()
        var random = SeededGenerator(seed: 1)
        let set = try ExampleSet(
            images: Tensor.uniform([40, 4], using: &random), labels: [Int](repeating: 0, count: 40), name: "x")
        var options = GANOptions()
        options.training.epochs = 5
        options.training.batchSize = 10
        var polls = 0
        let result = try train(
            gan, on: set, options: options,
            shouldStop: {
                polls += 1
                return polls == 6
            })
        XCTAssertTrue(result.interrupted)
        XCTAssertEqual(result.epochs.count, 2)
    }

    func testPairsThatDoNotFitAreRefused() {
        let g = Model.generator(noise: 3, hidden: [4], outputs: 5)
        XCTAssertThrowsError(try GAN(generator: g, discriminator: Model.discriminator(inputs: 4)))
        XCTAssertThrowsError(try GAN(generator: g, discriminator: Model.maxout(inputs: 5, classes: 2)))
    }

    /// One dimension, centres 0 and 2, sigma 1: at x = 1 both kernels give e^-0.5; at x = 0, 1 and e^-2.
    func testParzenMatchesAHandComputedCase() throws {
        let centres = try Tensor(shape: [2, 1], scalars: [0, 2])
        let x = try Tensor(shape: [2, 1], scalars: [1, 0])
        let ll = try Parzen.logLikelihoods(x, centres: centres, sigmas: [1])[0]
        let normaliser = log((2 * Double.pi).squareRoot())
        XCTAssertEqual(ll[0], -0.5 - normaliser, accuracy: 1e-6)
        XCTAssertEqual(ll[1], log(0.5 * (1 + exp(-2))) - normaliser, accuracy: 1e-6)
        // evaluate picks the sigma with the best validation mean, here the one that fits.
        let wide = try Tensor(shape: [2, 1], scalars: [-3, 5])
        let chosen = try Parzen.evaluate(samples: centres, test: x, validation: wide, sigmas: [0.1, 3])
        XCTAssertEqual(chosen.sigma, 3)
        XCTAssertGreaterThan(chosen.validationMeans[1], chosen.validationMeans[0])
    }

    /// Against numpy (Scripts/make_fixtures.py, Float64 with direct differences).
    func testParzenMatchesNumpy() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("AdvTensorTests/Fixtures/ops.json")
        struct Fixture: Decodable {
            let shape: [Int]
            let data: [Float]
        }
        let fixtures = try JSONDecoder().decode([String: Fixture].self, from: Data(contentsOf: url))
        func load(_ name: String) throws -> Tensor {
            let f = try XCTUnwrap(fixtures[name], name)
            return try Tensor(shape: f.shape, scalars: f.data)
        }
        let x = try load("parzen/x")
        let centres = try load("parzen/centres")
        let ours = try Parzen.logLikelihoods(x, centres: centres, sigmas: [0.2, 0.5])
        for (s, name) in ["parzen/sigma0.2", "parzen/sigma0.5"].enumerated() {
            let expected = try load(name)
            for i in 0..<5 {
                XCTAssertEqual(ours[s][i], Double(expected.scalars[i]), accuracy: 1e-3 * max(1, abs(ours[s][i])), name)
            }
        }
    }

    /// pylearn2's init: the sigmoid of the biases is the mean image, clipped to [1e-7, 1 - 1e-7].
    func testMarginalLogOddsGiveTheMeanImage() throws {
        let images = try Tensor(shape: [2, 3], scalars: [0, 0.5, 1, 0, 1, 1])
        let bias = try Model.marginalLogOdds(images)
        XCTAssertEqual(bias[0], Float(log(1e-7 / (1 - 1e-7) as Double)), accuracy: 1e-4)
        XCTAssertEqual(bias[1], log(0.75 / 0.25), accuracy: 1e-5)
        XCTAssertEqual(bias[2], Float(log((1 - 1e-7) / 1e-7 as Double)), accuracy: 1e-4)
        let g = Model.generator(noise: 2, hidden: [3], outputs: 3, outputBias: bias)
        XCTAssertEqual(g.parameters.last?.scalars ?? [], bias)
    }

    /// Both networks save and load (the discriminator's one output is a valid header), and the
    /// loaded pair samples and scores exactly as the saved one.
    func testAPairSavesAndLoads() throws {
        let gan = try pair()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try gan.generator.save(to: folder.appendingPathComponent("g"))
        try gan.discriminator.save(to: folder.appendingPathComponent("d"))
        let loaded = try GAN(
            generator: Model.load(from: folder.appendingPathComponent("g")),
            discriminator: Model.load(from: folder.appendingPathComponent("d")))
        let x = try gan.sample(4, seed: 2)
        XCTAssertEqual(try loaded.sample(4, seed: 2), x)
        XCTAssertEqual(try loaded.discriminate(x), try gan.discriminate(x))
    }
}
