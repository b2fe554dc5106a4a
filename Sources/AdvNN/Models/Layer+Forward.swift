import AdvAutograd
import AdvTensor

extension Layer {
    /// This layer applied to `x` [n, inputs] -> [n, outputs], recorded on `x`'s tape.
    ///
    /// `parameters` is the model's whole parameter list as variables; `generator` draws dropout
    /// masks in training mode.
    func forward(
        _ x: Variable, parameters: [Variable], mode: Mode, generator: inout SeededGenerator
    ) throws -> Variable {
        let p = parameterIndices.map { parameters[$0] }
        switch kind {
        case .linear:
            return try Variable.linear(x, p[0], p[1])
        case .sigmoid:
            return x.sigmoid()
        case .relu:
            return x.relu()
        case .maxout(_, _, let pieces):
            return try Variable.linear(x, p[0], p[1]).maxout(pieces: pieces)
        case .dropout(let keep, let scale):
            // NOTE: the kernel's mask holds 1/keep; rescaling it by keep * scale gives `scale` on
            // kept inputs. In evaluation the input is scaled by keep * scale, the mask's mean, so
            // each unit sees its training-mode expected input (a no-op for scale = 1/keep).
            let factor = keep * scale
            switch mode {
            case .training:
                var mask = try Tensor.dropoutMask(x.shape, keepProbability: keep, using: &generator)
                if factor != 1 { mask = mask * factor }
                return try x.dropout(mask: mask)
            case .evaluation:
                return factor == 1 ? x : x * factor
            }
        case .rbf:
            return try Layer.rbfScores(x, mu: p[0], gamma: p[1])
        case .binaryLogits:
            let spread = try Tensor(shape: [1, 2], scalars: [0, 1])
            return try x.matmul(x.tape.constant(spread))
        }
    }

    /// `score[r, c] = -sum_i beta[i, c] (x[r, i] - mu[i, c])^2`, beta = gamma^2, as three matrix
    /// products: `-(x^2 @ beta - 2 x @ (beta * mu) + colsum(beta * mu^2))`. Shapes: x [n, i],
    /// mu and gamma [i, c] -> [n, c].
    static func rbfScores(_ x: Variable, mu: Variable, gamma: Variable) throws -> Variable {
        let beta = gamma.squared()
        let quadratic = try x.squared().matmul(beta)
        let cross = try x.matmul(beta * mu) * 2
        let constant = try (beta * mu.squared()).sum(axis: 0)
        return -(try quadratic - cross + constant)
    }
}
