import AdvData
import AdvTensor
import AdvTestSupport
import XCTest

@testable import AdvNN

/// A tensor from literal scalars; fails the test (returning zeros) if the counts disagree.
func tensor(_ shape: [Int], _ scalars: [Float], file: StaticString = #filePath, line: UInt = #line) -> Tensor {
    do { return try Tensor(shape: shape, scalars: scalars) } catch {
        XCTFail("\(error)", file: file, line: line)
        return Tensor.zeros(shape)
    }
}

/// Asserts equal counts and scalars within `tolerance` (relative above 1).
func assertClose(
    _ actual: [Float], _ expected: [Float], tolerance: Float = 1e-5, file: StaticString = #filePath, line: UInt = #line
) {
    assertCloseScalars(actual, expected, tolerance: tolerance, file: file, line: line)
}

extension Model {
    /// A model with the given layers and parameters (indices assigned in order), for hand checks.
    static func handMade(
        inputs: Int, classes: Int, layers: [Layer], parameters: [Tensor], loss: ModelLoss = .softmaxCrossEntropy
    ) -> Model {
        var index = 0
        let placed = layers.map { layer -> Layer in
            var layer = layer
            layer.parameterIndices = index..<(index + layer.parameterShapes.count)
            index += layer.parameterShapes.count
            return layer
        }
        return Model(
            name: "hand", inputs: inputs, classes: classes, layers: placed, decoder: [], encoderDepth: 0, loss: loss,
            seed: 0,
            parameters: parameters)
    }
}

/// A seeded synthetic set: `n` points in [0, 1]^features whose label is the argmax of a fixed
/// linear score, so a linear classifier can separate it exactly.
func separableSet(n: Int, features: Int, classes: Int, seed: UInt64) throws -> ExampleSet {
    var generator = SeededGenerator(seed: seed)
    var images = [Float](repeating: 0, count: n * features)
    var labels = [Int](repeating: 0, count: n)
    for r in 0..<n {
        // Class c's examples are bright on feature c and dim elsewhere, plus noise.
        let label = r % classes
        for j in 0..<features {
            let base: Float = j % classes == label ? 0.8 : 0.1
            images[r * features + j] = base + 0.15 * generator.nextUnitFloat()
        }
        labels[r] = label
    }
    return try ExampleSet(images: Tensor(shape: [n, features], scalars: images), labels: labels, name: "separable")
}

extension Model {
    /// Runs `body` on parameter `index`'s scalars in place.
    ///
    /// NOTE: the tensor is moved out of `parameters` first so its storage is uniquely referenced and
    /// the write does not copy (unless another holder, like a kept best-epoch snapshot, shares it).
    func updateParameter(_ index: Int, _ body: (UnsafeMutableBufferPointer<Float>) -> Void) throws {
        let shape = parameters[index].shape
        var scalars = parameters[index].scalars
        parameters[index] = Tensor.zeros([0])
        scalars.withUnsafeMutableBufferPointer { body($0) }
        parameters[index] = try Tensor(shape: shape, scalars: scalars)
    }
}

/// The resume guarantee every objective must keep: a run killed after `killedAfter` minibatch steps
/// and started again from its checkpoint (at `path`) ends with the parameters and per-epoch losses
/// and validation errors of an uninterrupted run. Returns the uninterrupted model and both results,
/// for a test's own further checks.
@discardableResult
func assertKilledRunResumes(
    _ model: () -> Model, on set: ExampleSet, options: TrainingOptions, killedAfter killStep: Int,
    checkpoint path: String,
    _ message: String = "", file: StaticString = #filePath, line: UInt = #line
) throws -> (uninterrupted: Model, expected: TrainingResult, resumed: TrainingResult) {
    let uninterrupted = model()
    let expected = try train(uninterrupted, on: set, options: options)
    var steps = 0
    let first = try train(
        model(), on: set, options: options, checkpoint: .file(path),
        shouldStop: {
            steps += 1
            return steps == killStep
        })
    XCTAssertTrue(first.interrupted, "the first run was not interrupted \(message)", file: file, line: line)
    let resumed = model()
    let result = try train(resumed, on: set, options: options, checkpoint: .file(path))
    XCTAssertFalse(result.interrupted, message, file: file, line: line)
    for (index, (a, b)) in zip(resumed.parameters, uninterrupted.parameters).enumerated() {
        assertSameScalars(a, b, "parameter \(index), resumed against uninterrupted \(message)", file: file, line: line)
    }
    XCTAssertEqual(result.epochs.map(\.loss), expected.epochs.map(\.loss), message, file: file, line: line)
    XCTAssertEqual(
        result.epochs.map(\.validationError), expected.epochs.map(\.validationError), message, file: file, line: line)
    return (uninterrupted, expected, result)
}

/// A fresh temporary folder named after `prefix`, removed by the caller's `defer`.
func temporaryFolder(_ prefix: String) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}
