import AdvData
import AdvTensor
import AdvTestSupport
import Foundation
import XCTest

@testable import AdvNN

/// Virtual adversarial training (Miyato et al.): the KL term and its gradients against central
/// differences, the power iteration against a top eigenvector computed by hand, the tape-free
/// path against the tape, determinism by seed and a resumed run.
final class VirtualAdversarialTests: XCTestCase {
    /// A small ReLU network with weights far from zero, and inputs in [0, 1].
    private func network(seed: UInt64 = 4) throws -> Model {
        let model = Model.fullyConnected(inputs: 6, hidden: [5], classes: 4, activation: .relu, seed: seed)
        var generator = SeededGenerator(seed: seed + 10)
        try model.setParameters(model.parameters.map { Model.uniform($0.shape, low: -1, high: 1, using: &generator) })
        return model
    }

    private func inputs(_ n: Int, seed: UInt64 = 11) -> Tensor {
        var generator = SeededGenerator(seed: seed)
        return Model.uniform([n, 6], low: 0, high: 1, using: &generator)
    }

    /// The divergence's value at `x` for `target`, in Float64 from Float32 logits.
    private func divergence(_ model: Model, _ x: Tensor, target: Tensor) throws -> Double {
        Double(try Divergence.kl(target: target, logits: model.logits(x), scale: 1).value)
    }

    func testKLIsZeroAtTheTargetAndItsLogitGradientIsQMinusP() throws {
        let z = tensor([2, 3], [0.5, -1, 2, 0, 0, 0])
        let p = try Model.softmaxRows(z)
        let same = try Divergence.kl(target: p, logits: z, scale: 1)
        XCTAssertEqual(same.value, 0, accuracy: 1e-7)
        assertClose(same.gradient.scalars, [Float](repeating: 0, count: 6), tolerance: 1e-7)
        // Against a uniform target, by hand: KL(u || q) = -log 3 - mean(log q), gradient (q - u) / n.
        let uniform = Tensor(shape: [2, 3], repeating: 1 / 3)
        let result = try Divergence.kl(target: uniform, logits: z, scale: 2)
        let q = p.scalars.map(Double.init)
        var expected = 0.0
        for r in 0..<2 {
            var logs = 0.0
            for j in 0..<3 { logs += Foundation.log(q[r * 3 + j]) }
            expected += -Foundation.log(3.0) - logs / 3
        }
        XCTAssertEqual(Double(result.value), expected / 2, accuracy: 1e-6)
        assertClose(result.gradient.scalars, q.map { Float(2 * ($0 - 1.0 / 3) / 2) }, tolerance: 1e-6)
    }

    func testTheKLTermsGradientsMatchCentralDifferences() throws {
        let model = try network()
        let x = inputs(3)
        let target = try Model.softmaxRows(try network(seed: 9).logits(x))
        let trainable = Array(model.parameters.indices)
        var generator = SeededGenerator(seed: 1)
        let dense = try XCTUnwrap(DenseNetwork(model))
        let term = try dense.divergence(
            x, target: target, trainable: trainable, scale: 1, accumulate: false, inputGradient: true,
            mode: .evaluation, generator: &generator)
        XCTAssertEqual(Double(term.loss), try divergence(model, x, target: target), accuracy: 1e-6)
        let h: Float = 1e-3
        // The input gradient.
        let dx = try XCTUnwrap(term.inputGradient)
        for j in 0..<x.count {
            var plus = x.scalars
            var minus = x.scalars
            plus[j] += h
            minus[j] -= h
            let numeric =
                (try divergence(model, Tensor(shape: x.shape, scalars: plus), target: target)
                    - divergence(model, Tensor(shape: x.shape, scalars: minus), target: target)) / Double(2 * h)
            XCTAssertEqual(Double(dx.scalars[j]), numeric, accuracy: 2e-3 * Swift.max(1, Swift.abs(numeric)), "x[\(j)]")
        }
        // Every parameter's gradient.
        let gradients = dense.gradients(trainable)
        let saved = model.parameters
        for (index, parameter) in saved.enumerated() {
            for j in 0..<parameter.count {
                func value(_ shift: Float) throws -> Double {
                    var scalars = parameter.scalars
                    scalars[j] += shift
                    var changed = saved
                    changed[index] = try Tensor(shape: parameter.shape, scalars: scalars)
                    try model.setParameters(changed)
                    defer { try? model.setParameters(saved) }
                    return try divergence(model, x, target: target)
                }
                let numeric = (try value(h) - value(-h)) / Double(2 * h)
                XCTAssertEqual(
                    Double(gradients[index].scalars[j]), numeric, accuracy: 2e-3 * Swift.max(1, Swift.abs(numeric)),
                    "parameter \(index)[\(j)]")
            }
        }
    }

    func testTheTapeAndTheDenseNetworkAgreeOnTheVATStep() throws {
        let model = try network()
        let (x, u) = (inputs(4), inputs(7, seed: 12))
        let labels = [0, 1, 2, 3]
        let objective = TrainingOptions.Objective.virtualAdversarial(eps: 0.5, xi: 1e-2, iterations: 2, lambda: 0.7)
        let trainable = Array(model.parameters.indices)
        for unlabelled in [u, nil] {
            var tapeGenerator = SeededGenerator(seed: 21)
            var denseGenerator = SeededGenerator(seed: 21)
            let expected = try model.objectiveStep(
                x, labels: labels, objective: objective, trainable: trainable, mode: .training,
                generator: &tapeGenerator, unlabelled: unlabelled)
            let dense = try XCTUnwrap(DenseNetwork(model))
            let actual = try XCTUnwrap(
                dense.objectiveStep(
                    x, labels: labels, objective: objective, trainable: trainable, mode: .training,
                    generator: &denseGenerator, unlabelled: unlabelled))
            XCTAssertEqual(actual.value, expected.value, accuracy: 1e-5)
            XCTAssertEqual(actual.errors, expected.errors)
            for (a, e) in zip(actual.gradients, expected.gradients) {
                assertClose(a.scalars, e.scalars, tolerance: 1e-4)
            }
            XCTAssertEqual(tapeGenerator.next(), denseGenerator.next())
        }
    }

    /// A linear softmax model on 2 inputs: the Hessian of `KL(p || p(x + r))` in r at r = 0 is
    /// `H = W (diag(p) - p p^T) W^T` (W [inputs, classes]), and its top eigenvector of a 2 x 2
    /// symmetric [[a, b], [b, c]] is `(b, lambda - a)`, `lambda = (a + c)/2 + sqrt(((a - c)/2)^2 + b^2)`.
    func testThePowerIterationFindsTheTopEigenvectorOfTheKLsHessian() throws {
        let w = tensor([2, 3], [1.5, -0.5, 0.2, 0.3, 1.0, -1.2])
        let model = Model.softmaxRegression(inputs: 2, classes: 3, seed: 1)
        try model.setParameters([w, tensor([3], [0.1, -0.2, 0.3])])
        let u = tensor([3, 2], [0.2, 0.7, 0.9, 0.1, 0.5, 0.5])
        let p = try Model.softmaxRows(model.logits(u))
        var dense = try XCTUnwrap(DenseNetwork(model))
        var tape = TapeLossTerms(model)
        for path in ["dense", "tape"] {
            var generator = SeededGenerator(seed: 5)
            let r =
                path == "dense"
                ? try TrainingOptions.Objective.virtualAdversarialPerturbation(
                    on: &dense, u, target: p, eps: 2, xi: 1e-3, iterations: 30, generator: &generator)
                : try TrainingOptions.Objective.virtualAdversarialPerturbation(
                    on: &tape, u, target: p, eps: 2, xi: 1e-3, iterations: 30, generator: &generator)
            for row in 0..<3 {
                let q = (0..<3).map { Double(p.scalars[row * 3 + $0]) }
                let ws = w.scalars.map(Double.init)
                // H[i][k] = sum_j sum_l W[i][j] (q_j delta_jl - q_j q_l) W[k][l]
                func h(_ i: Int, _ k: Int) -> Double {
                    var s = 0.0
                    for j in 0..<3 {
                        for l in 0..<3 {
                            s += ws[i * 3 + j] * ((j == l ? q[j] : 0) - q[j] * q[l]) * ws[k * 3 + l]
                        }
                    }
                    return s
                }
                let (a, b, c) = (h(0, 0), h(0, 1), h(1, 1))
                let top = (a + c) / 2 + (((a - c) / 2) * ((a - c) / 2) + b * b).squareRoot()
                let v = (b, top - a)
                let norm = (v.0 * v.0 + v.1 * v.1).squareRoot()
                let ours = (Double(r.scalars[row * 2]), Double(r.scalars[row * 2 + 1]))
                XCTAssertEqual(
                    (ours.0 * ours.0 + ours.1 * ours.1).squareRoot(), 2, accuracy: 1e-4, "\(path) row \(row)")
                let cosine = (ours.0 * v.0 + ours.1 * v.1) / (2 * norm)
                XCTAssertEqual(Swift.abs(cosine), 1, accuracy: 1e-4, "\(path) row \(row): r \(ours), eigenvector \(v)")
            }
        }
    }

    // MARK: Runs

    private func options() throws -> (ExampleSet, TrainingOptions) {
        let set = try separableSet(n: 30, features: 12, classes: 3, seed: 7)
        var options = TrainingOptions()
        options.epochs = 5
        options.batchSize = 10
        options.learningRate = 0.2
        options.lrDecay = 1.01
        options.momentumStart = 0.5
        options.momentumEnd = 0.9
        options.momentumRampEpochs = 4
        options.seed = 3
        options.objective = .virtualAdversarial(eps: 0.5, xi: 1e-3, iterations: 1, lambda: 1)
        options.unlabelled = try separableSet(n: 70, features: 12, classes: 3, seed: 8)
        options.unlabelledBatchSize = 25
        return (set, options)
    }

    private func model() -> Model {
        Model.fullyConnected(inputs: 12, hidden: [8], classes: 3, activation: .relu, seed: 5)
    }

    func testTheSameSeedGivesTheSameRunAndAnotherSeedAnother() throws {
        let (set, options) = try options()
        let (a, b, c) = (model(), model(), model())
        try train(a, on: set, options: options)
        try train(b, on: set, options: options)
        var other = options
        other.seed = 4
        try train(c, on: set, options: other)
        XCTAssertEqual(a.parameters, b.parameters)
        XCTAssertNotEqual(a.parameters, c.parameters)
    }

    func testTheUnlabelledMinibatchesDependOnTheSeedAndTheUpdateCountAlone() throws {
        let (_, options) = try options()
        var first = try XCTUnwrap(try UnlabelledMinibatches(model(), options: options))
        var second = try XCTUnwrap(try UnlabelledMinibatches(model(), options: options))
        // 70 examples, 25 a batch: update 5 spans the second and third passes.
        let late = try first.batch(update: 5)
        _ = try second.batch(update: 0)
        XCTAssertEqual(try second.batch(update: 5), late)
        // Every pass visits each unlabelled example once.
        var seen: [[Float]] = []
        var third = try XCTUnwrap(try UnlabelledMinibatches(model(), options: options))
        for t in 0..<14 {
            let batch = try third.batch(update: t)
            seen += (0..<25).map { Array(batch.scalars[($0 * 12)..<(($0 + 1) * 12)]) }
        }
        let set = try XCTUnwrap(options.unlabelled)
        let rows = (0..<70).map { Array(set.images.scalars[($0 * 12)..<(($0 + 1) * 12)]) }
        for pass in 0..<5 {
            XCTAssertEqual(
                Set(seen[(pass * 70)..<((pass + 1) * 70)].map { $0.description }), Set(rows.map { $0.description }))
        }
    }

    func testAKilledVATRunResumesToTheUninterruptedNumbers() throws {
        let (set, options) = try options()
        let folder = try temporaryFolder("vat")
        defer { try? FileManager.default.removeItem(at: folder) }
        try assertKilledRunResumes(
            model, on: set, options: options, killedAfter: 2 * 3 + 2,
            checkpoint: folder.appendingPathComponent("run.checkpoint").path)
        // Another unlabelled set is another run: its fingerprint differs.
        var other = options
        other.unlabelled = try separableSet(n: 70, features: 12, classes: 3, seed: 9)
        XCTAssertNotEqual(
            TrainingCheckpoint.fingerprint(model(), set: set, options: options),
            TrainingCheckpoint.fingerprint(model(), set: set, options: other))
    }

    func testMisfitsThrowClearly() throws {
        let (set, options) = try options()
        var plain = options
        plain.objective = .plain
        XCTAssertThrowsError(try train(model(), on: set, options: plain)) {
            XCTAssertTrue("\($0)".contains("unlabelled examples are read only by vat"), "\($0)")
        }
        var svm = options
        svm.unlabelled = nil
        XCTAssertThrowsError(try train(Model.linearSVM(inputs: 12, classes: 3, seed: 1), on: set, options: svm)) {
            XCTAssertTrue("\($0)".contains("vat needs a softmax model"), "\($0)")
        }
        var wide = options
        wide.unlabelled = try separableSet(n: 5, features: 7, classes: 3, seed: 8)
        XCTAssertThrowsError(try train(model(), on: set, options: wide)) {
            XCTAssertTrue("\($0)".contains("unlabelled"), "\($0)")
        }
    }
}
