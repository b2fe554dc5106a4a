import AdvTensor

extension Model {
    /// A tensor of `shape` with scalars drawn uniformly from [low, high).
    static func uniform(_ shape: [Int], low: Float, high: Float, using generator: inout SeededGenerator) -> Tensor {
        let count = shape.reduce(1, *)
        var scalars = [Float](repeating: 0, count: count)
        let width = high - low
        for i in 0..<count { scalars[i] = low + width * generator.nextUnitFloat() }
        // The count matches the shape by construction.
        return (try? Tensor(shape: shape, scalars: scalars)) ?? Tensor.zeros(shape)
    }

    /// Glorot & Bengio's (2010) uniform range for a layer with `fanIn` inputs and `fanOut` outputs,
    /// times 4 for sigmoid units as they recommend.
    static func glorotLimit(fanIn: Int, fanOut: Int, activation: Activation) -> Float {
        let limit = (6 / Float(fanIn + fanOut)).squareRoot()
        return activation == .sigmoid ? 4 * limit : limit
    }
}
