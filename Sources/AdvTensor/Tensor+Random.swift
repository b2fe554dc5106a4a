/// Random tensors. Each draws from the caller's generator, in row-major order, so the same seed
/// gives the same tensor. Negative extents in `shape` count as 0.
extension Tensor {
    /// Scalars uniform in [low, high): e.g. uniform noise of width 2ε around an image.
    public static func uniform(
        _ shape: [Int], low: Float = 0, high: Float = 1, using generator: inout SeededGenerator
    ) -> Tensor {
        build(shape.map { Swift.max($0, 0) }) { out in Sampling.uniform(out, low: low, high: high, &generator) }
    }

    /// Scalars drawn from N(mean, std²): initial weights, Gaussian noise.
    public static func normal(
        _ shape: [Int], mean: Float = 0, std: Float = 1, using generator: inout SeededGenerator
    ) -> Tensor {
        build(shape.map { Swift.max($0, 0) }) { out in Sampling.normal(out, mean: mean, std: std, &generator) }
    }

    /// Scalars that are 1 with probability `p`, else 0: a dropout mask.
    public static func bernoulli(_ shape: [Int], p: Float, using generator: inout SeededGenerator) -> Tensor {
        build(shape.map { Swift.max($0, 0) }) { out in Sampling.bernoulli(out, p: p, &generator) }
    }
}
