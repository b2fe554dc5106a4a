import Foundation

/// Fills buffers with draws from a seeded generator, in order, so a seed fixes every scalar.
enum Sampling {
    /// Uniform draws in [low, high).
    static func uniform(
        _ out: UnsafeMutableBufferPointer<Float>, low: Float, high: Float, _ generator: inout SeededGenerator
    ) {
        let width = high - low
        for i in 0..<out.count { out[i] = low + width * generator.nextUnitFloat() }
    }

    /// Normal draws by the Box-Muller transform, two per pair of uniforms.
    /// NOTE: the radius uses 1 - u, which lies in (0, 1], so log never sees 0 and no draw is
    /// infinite or NaN. The transform runs in Float64 and rounds once.
    static func normal(
        _ out: UnsafeMutableBufferPointer<Float>, mean: Float, std: Float, _ generator: inout SeededGenerator
    ) {
        var i = 0
        while i < out.count {
            let u1 = 1 - Double(generator.nextUnitFloat())
            let u2 = Double(generator.nextUnitFloat())
            let radius = (-2 * Foundation.log(u1)).squareRoot()
            let angle = 2 * Double.pi * u2
            out[i] = mean + std * Float(radius * Foundation.cos(angle))
            if i + 1 < out.count { out[i + 1] = mean + std * Float(radius * Foundation.sin(angle)) }
            i += 2
        }
    }

    /// 1 with probability p, else 0.
    static func bernoulli(_ out: UnsafeMutableBufferPointer<Float>, p: Float, _ generator: inout SeededGenerator) {
        for i in 0..<out.count { out[i] = generator.nextUnitFloat() < p ? 1 : 0 }
    }
}
