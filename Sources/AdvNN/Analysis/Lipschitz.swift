import AdvTensor

/// Upper bounds on how much a network can stretch a perturbation (Szegedy et al. 2014, section
/// 4.3, Table 5): a layer phi(x W + b) with a contractive phi (ReLU, sigmoid, max-pooling) has
/// |phi(x W + b) - phi(x' W + b)| <= ||W|| |x - x'|, ||W|| the largest singular value, and the
/// network's bound is the product over its layers.
///
/// NOTE: a maxout layer max_k(x W_k + b_k) over pieces k is bounded by the largest singular value
/// of all its pieces' columns together ([in, units * pieces]), since |max_k a_k - max_k b_k| <=
/// max_k |a_k - b_k| per unit. A sigmoid layer contracts by 1/4 more; we keep Szegedy's looser
/// ||W|| so the numbers compare with his table.
public struct LipschitzBounds: Sendable, Equatable {
    /// The largest singular value of each layer's weight matrix, in order.
    public var perLayer: [Float]
    /// Their product: an upper bound for the whole network.
    public var product: Float
}

public enum Lipschitz {
    /// The largest singular value of `w` ([in, out], as models store their weights) by power
    /// iteration on W^T W from a seeded N(0, I) start: v <- W^T W v / |W^T W v|, sigma = |W v| for
    /// unit v, until sigma changes by at most `tolerance` relative to itself.
    ///
    /// NOTE: convergence is linear with ratio (sigma_2 / sigma_1)^2, so a matrix whose top two
    /// singular values are nearly equal needs many iterations; sigma itself (a Rayleigh quotient)
    /// converges twice as fast as v. Float32 products limit the relative accuracy to about 1e-6.
    public static func largestSingularValue(
        _ w: Tensor, tolerance: Float = 1e-6, maxIterations: Int = 10_000, seed: UInt64 = 0
    ) throws -> Float {
        let op = "largest singular value"
        guard w.rank == 2 else {
            throw AttackError(op: op, message: "weights \(w.shape.shapeDescription) must be a matrix [in, out]")
        }
        guard w.count > 0 else { return 0 }
        guard tolerance > 0, maxIterations > 0 else {
            throw AttackError(
                op: op, message: "tolerance \(tolerance) and iterations \(maxIterations) must be positive")
        }
        var generator = SeededGenerator(seed: seed)
        var v = normalized(Tensor.normal([w.shape[1]], using: &generator))
        var sigma: Float = 0
        for _ in 0..<maxIterations {
            let u = try Tensor.matmul(w, v)  // W v, [in]
            let next = norm(u)
            let converged = abs(next - sigma) <= tolerance * next
            sigma = next
            if converged || sigma == 0 { break }
            v = normalized(try Tensor.matmul(u, w))  // W^T W v, [out]
        }
        return sigma
    }

    /// The largest singular value of every weight matrix ([in, out] each) and their product.
    public static func upperBounds(
        _ weights: [Tensor], tolerance: Float = 1e-6, maxIterations: Int = 10_000, seed: UInt64 = 0
    ) throws -> LipschitzBounds {
        let perLayer = try weights.map {
            try largestSingularValue($0, tolerance: tolerance, maxIterations: maxIterations, seed: seed)
        }
        return LipschitzBounds(perLayer: perLayer, product: perLayer.reduce(1, *))
    }

    private static func norm(_ v: Tensor) -> Float {
        Float(v.scalars.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot())
    }

    private static func normalized(_ v: Tensor) -> Tensor {
        let length = norm(v)
        return length > 0 ? v / length : v
    }
}
