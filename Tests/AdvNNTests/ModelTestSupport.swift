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
