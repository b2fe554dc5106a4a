import AdvTensor

extension Metrics {
    /// Each example's distortion, Szegedy et al. 2014's measure: sqrt(sum_i (x'_i - x_i)^2 / d),
    /// the root mean square of the perturbation, [n]. `original` and `perturbed` are both [n, d].
    public static func distortions(_ original: Tensor, _ perturbed: Tensor) throws -> [Float] {
        try Batch.validateSameShape("distortion", original, perturbed)
        let n = original.shape[0]
        let d = original.shape[1]
        var result = [Float](repeating: 0, count: n)
        original.scalars.withUnsafeBufferPointer { x in
            perturbed.scalars.withUnsafeBufferPointer { xPrime in
                for row in 0..<n {
                    var sum: Double = 0
                    for i in row * d..<(row + 1) * d {
                        let r = Double(xPrime[i] - x[i])
                        sum += r * r
                    }
                    result[row] = Float((sum / Double(max(d, 1))).squareRoot())
                }
            }
        }
        return result
    }

    /// The mean over examples of each one's distortion (Szegedy et al. 2014's "average minimum
    /// distortion" when the examples are minimum-distortion ones); NaN for an empty set.
    public static func averageDistortion(_ original: Tensor, _ perturbed: Tensor) throws -> Float {
        let each = try distortions(original, perturbed)
        guard !each.isEmpty else { return .nan }
        return Float(each.reduce(0.0) { $0 + Double($1) } / Double(each.count))
    }
}
