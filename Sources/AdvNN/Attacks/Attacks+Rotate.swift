import AdvTensor
import Foundation

extension Attacks {
    /// Each example rotated by `angle` radians toward its loss gradient (Goodfellow et al. 2015,
    /// section 4: a small rotation of x in the direction of the gradient reliably causes errors):
    ///     x' = cos(a) x + sin(a) |x| g_perp / |g_perp|,
    /// with g_perp = g - (g.x / x.x) x the component of g = grad_x J(theta, x, y) orthogonal to x.
    /// |x'| = |x|, and x' lies in the plane of x and g. Clipped to [0, 1] unless `clip` is false.
    /// A row with x = 0 or g parallel to x has no such direction and stays unchanged.
    ///
    /// - Parameters: `x` [n, model.inputs]; `labels` its n true classes.
    public static func rotatedTowardGradient(
        _ model: any Classifier, _ x: Tensor, labels: [Int], angle: Float, clip: Bool = true,
        chunkSize: Int = Attacks.defaultChunkSize
    ) throws -> Tensor {
        let op = "rotate"
        try Batch.validate(op, model, x, labels: labels)
        let cosine = Double(cos(angle))
        let sine = Double(sin(angle))
        let d = x.shape[1]
        let rotated = try Batch.mapChunks(op, x, labels: labels, chunkSize: chunkSize) { chunk, chunkLabels, _ in
            let gradient = try Batch.inputGradient(op, model, chunk, labels: chunkLabels).gradient
            var out = chunk.scalars
            chunk.scalars.withUnsafeBufferPointer { xs in
                gradient.scalars.withUnsafeBufferPointer { gs in
                    out.withUnsafeMutableBufferPointer { os in
                        for row in 0..<chunk.shape[0] {
                            rotateRow(
                                x: UnsafeBufferPointer(rebasing: xs[row * d..<(row + 1) * d]),
                                g: UnsafeBufferPointer(rebasing: gs[row * d..<(row + 1) * d]),
                                into: UnsafeMutableBufferPointer(rebasing: os[row * d..<(row + 1) * d]),
                                cosine: cosine, sine: sine)
                        }
                    }
                }
            }
            return try Tensor(shape: chunk.shape, scalars: out)
        }
        return clip ? rotated.clipped(min: 0, max: 1) : rotated
    }

    /// One row of `rotatedTowardGradient`; leaves `out` (a copy of x) alone when undefined.
    private static func rotateRow(
        x: UnsafeBufferPointer<Float>, g: UnsafeBufferPointer<Float>, into out: UnsafeMutableBufferPointer<Float>,
        cosine: Double, sine: Double
    ) {
        var xx: Double = 0
        var gx: Double = 0
        var gg: Double = 0
        for i in x.indices {
            xx += Double(x[i]) * Double(x[i])
            gx += Double(g[i]) * Double(x[i])
            gg += Double(g[i]) * Double(g[i])
        }
        guard xx > 0 else { return }
        let along = gx / xx
        // NOTE: |g_perp|^2 = |g|^2 - (g.x)^2 / |x|^2 loses digits when g is nearly parallel to x;
        // it is recomputed from the components instead.
        var perpSquared: Double = 0
        for i in x.indices {
            let p = Double(g[i]) - along * Double(x[i])
            perpSquared += p * p
        }
        guard perpSquared > 1e-24 * max(gg, 1e-300) else { return }
        let scale = sine * xx.squareRoot() / perpSquared.squareRoot()
        for i in x.indices {
            let p = Double(g[i]) - along * Double(x[i])
            out[i] = Float(cosine * Double(x[i]) + scale * p)
        }
    }
}
