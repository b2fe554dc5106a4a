import AdvTensor

/// The noise controls: perturbations of the same size as an attack's but in random directions.
/// Each draws from the caller's generator in row-major order, so a seed fixes the noise.
extension Attacks {
    /// x + eps * s with each s_i drawn uniformly from {-1, +1} (Goodfellow et al. 2015, section 6:
    /// "random +-eps per pixel"), clipped to [0, 1] unless `clip` is false. x: [n, d].
    public static func signNoise(
        _ x: Tensor, eps: Float, clip: Bool = true, using generator: inout SeededGenerator
    ) throws -> Tensor {
        try validateExamples("sign noise", x)
        let signs = Tensor.bernoulli(x.shape, p: 0.5, using: &generator)
        return try finish(x + (2 * eps * signs - eps), clip: clip)
    }

    /// x + u with each u_i drawn from U(-eps, eps) (Goodfellow et al. 2015, section 6), clipped to
    /// [0, 1] unless `clip` is false. x: [n, d].
    public static func uniformNoise(
        _ x: Tensor, eps: Float, clip: Bool = true, using generator: inout SeededGenerator
    ) throws -> Tensor {
        try validateExamples("uniform noise", x)
        return try finish(x + Tensor.uniform(x.shape, low: -eps, high: eps, using: &generator), clip: clip)
    }

    /// x + z with each z_i drawn from N(0, sd^2) (Szegedy et al. 2014, Tables 2 and 4: "Gaussian
    /// noise, stddev .1"), clipped to [0, 1] unless `clip` is false. x: [n, d].
    public static func gaussianNoise(
        _ x: Tensor, standardDeviation sd: Float, clip: Bool = true, using generator: inout SeededGenerator
    ) throws -> Tensor {
        try validateExamples("gaussian noise", x)
        return try finish(x + Tensor.normal(x.shape, std: sd, using: &generator), clip: clip)
    }

    private static func validateExamples(_ op: String, _ x: Tensor) throws {
        guard x.rank == 2 else {
            throw AttackError(op: op, message: "examples \(x.shape.shapeDescription) must be [n, d]")
        }
    }

    private static func finish(_ x: Tensor, clip: Bool) -> Tensor { clip ? x.clipped(min: 0, max: 1) : x }
}
