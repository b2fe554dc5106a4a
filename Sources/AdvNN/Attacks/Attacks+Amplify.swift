import AdvTensor

extension Attacks {
    /// Each example's perturbation x' - x rescaled to a given size (Szegedy et al. 2014, Table 4,
    /// lower half: examples "amplified to stddev 0.1"):
    ///     x'' = x + (x' - x) * sd / rms(x' - x),   rms(r) = sqrt(sum_i r_i^2 / d),
    /// then clipped to [0, 1] unless `clip` is false. Rows with no perturbation stay unchanged.
    ///
    /// NOTE: the "standard deviation" of a perturbation is read as its root mean square, the same
    /// measure as Szegedy's distortion column (Gaussian noise of sd .1 is listed with distortion .1);
    /// it is not centred on the perturbation's mean.
    ///
    /// - Parameters: `original` and `adversarial` both [n, d].
    public static func amplified(
        _ original: Tensor, _ adversarial: Tensor, toStandardDeviation sd: Float, clip: Bool = true
    ) throws -> Tensor {
        try Batch.validateSameShape("amplify", original, adversarial)
        let n = original.shape[0]
        let d = original.shape[1]
        var result = [Float](repeating: 0, count: n * d)
        original.scalars.withUnsafeBufferPointer { x in
            adversarial.scalars.withUnsafeBufferPointer { xPrime in
                result.withUnsafeMutableBufferPointer { out in
                    for row in 0..<n {
                        let base = row * d
                        var sumOfSquares: Double = 0
                        for i in base..<base + d {
                            let r = Double(xPrime[i] - x[i])
                            sumOfSquares += r * r
                        }
                        let rms = (sumOfSquares / Double(max(d, 1))).squareRoot()
                        let scale = rms > 0 ? Float(Double(sd) / rms) : 0
                        for i in base..<base + d { out[i] = x[i] + scale * (xPrime[i] - x[i]) }
                    }
                }
            }
        }
        let moved = try Tensor(shape: original.shape, scalars: result)
        return clip ? moved.clipped(min: 0, max: 1) : moved
    }
}
