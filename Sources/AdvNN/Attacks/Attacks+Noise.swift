import AdvTensor
import Foundation

/// The noise controls: perturbations of the same size as an attack's but in random directions.
extension Attacks {
    /// x + eps * s with each s_i drawn uniformly from {-1, +1} (Goodfellow et al. 2015, section 6:
    /// "random +-eps per pixel"), clipped to [0, 1] unless `clip` is false. x: [n, d], any n, d.
    public static func signNoise(
        _ x: Tensor, eps: Float, clip: Bool = true, using generator: inout SeededGenerator
    ) throws -> Tensor {
        try perturbed("sign noise", x, clip: clip) { noise in
            for i in noise.indices { noise[i] = (generator.next() >> 63) == 0 ? -eps : eps }
        }
    }

    /// x + u with each u_i drawn from U(-eps, eps) (Goodfellow et al. 2015, section 6), clipped to
    /// [0, 1] unless `clip` is false.
    public static func uniformNoise(
        _ x: Tensor, eps: Float, clip: Bool = true, using generator: inout SeededGenerator
    ) throws -> Tensor {
        try perturbed("uniform noise", x, clip: clip) { noise in
            for i in noise.indices { noise[i] = eps * (2 * generator.nextUnitFloat() - 1) }
        }
    }

    /// x + z with each z_i drawn from N(0, sd^2) (Szegedy et al. 2014, Tables 2 and 4: "Gaussian
    /// noise, stddev .1"), clipped to [0, 1] unless `clip` is false.
    public static func gaussianNoise(
        _ x: Tensor, standardDeviation sd: Float, clip: Bool = true, using generator: inout SeededGenerator
    ) throws -> Tensor {
        try perturbed("gaussian noise", x, clip: clip) { noise in
            fillNormal(noise, standardDeviation: sd, using: &generator)
        }
    }

    /// Fills `buffer` with N(0, sd^2) draws by the Box-Muller transform, two per pair of uniforms.
    static func fillNormal(
        _ buffer: UnsafeMutableBufferPointer<Float>, standardDeviation sd: Float,
        using generator: inout SeededGenerator
    ) {
        var i = 0
        while i < buffer.count {
            // NOTE: 1 - u lies in (0, 1], so the logarithm is finite.
            let u1 = 1 - Double(generator.nextUnitFloat())
            let u2 = Double(generator.nextUnitFloat())
            let radius = (-2 * log(u1)).squareRoot()
            let angle = 2 * Double.pi * u2
            buffer[i] = sd * Float(radius * cos(angle))
            if i + 1 < buffer.count { buffer[i + 1] = sd * Float(radius * sin(angle)) }
            i += 2
        }
    }

    /// x + noise, with `fill` writing every scalar of the noise; clipped to [0, 1] if asked.
    static func perturbed(
        _ op: String, _ x: Tensor, clip: Bool, fill: (UnsafeMutableBufferPointer<Float>) -> Void
    ) throws -> Tensor {
        guard x.rank == 2 else {
            throw AttackError(op: op, message: "examples \(x.shape.shapeDescription) must be [n, d]")
        }
        let noise = [Float](unsafeUninitializedCapacity: x.count) { buffer, initialized in
            fill(UnsafeMutableBufferPointer(rebasing: buffer[0..<x.count]))
            initialized = x.count
        }
        let moved = try x + Tensor(shape: x.shape, scalars: noise)
        return clip ? moved.clipped(min: 0, max: 1) : moved
    }
}
