import AdvTensor
import Foundation

/// The Gaussian Parzen-window estimate of Goodfellow et al. 2014 (section 5, after Breuleux et al.):
/// a mixture of isotropic Gaussians of width sigma centred on generated samples mu_j,
/// `log p(x) = log mean_j exp(-|x - mu_j|^2 / (2 sigma^2)) - d log(sigma sqrt(2 pi))`,
/// with sigma the value of a grid whose mean log-likelihood of a validation set is highest
/// (goodfeli/adversarial, parzen_ll.py).
///
/// The squared distances come from `Tensor.squaredDistances` (|x|^2 + |mu|^2 - 2 x mu^T, one GEMM per
/// block of rows); the log-mean-exp runs in Float64. Every sigma of a grid reuses one distance block.
public enum Parzen {
    /// Rows of `x` per distance block ([rows, samples] Float32: 20 MB for 10,000 samples).
    static let block = 500

    /// Each row's log-likelihood under the window of width `sigmas[s]` on `centres` [m, d]:
    /// [sigmas.count][n].
    public static func logLikelihoods(_ x: Tensor, centres: Tensor, sigmas: [Float]) throws -> [[Double]] {
        guard x.rank == 2, centres.rank == 2, x.shape[1] == centres.shape[1], centres.shape[0] > 0,
            sigmas.allSatisfy({ $0 > 0 && $0.isFinite })
        else {
            throw TensorError(
                op: "parzen",
                message:
                    "data \(x.shape.shapeDescription), samples \(centres.shape.shapeDescription), sigmas \(sigmas): "
                    + "want [n, d] and [m, d] with m > 0 and positive sigmas")
        }
        let (n, m, d) = (x.shape[0], centres.shape[0], Double(x.shape[1]))
        let centreNorms = try centres.rowSquaredNorms()
        var result = [[Double]](repeating: [Double](repeating: 0, count: n), count: sigmas.count)
        var distances = Tensor.zeros([0])
        var terms = [Double](repeating: 0, count: m)
        for start in stride(from: 0, to: n, by: block) {
            let rows = start..<Swift.min(start + block, n)
            let query = try x.rowBlock(rows)
            try Tensor.squaredDistances(
                query, aNorms: try query.rowSquaredNorms(), centres, rows: 0..<m, bNorms: centreNorms,
                into: &distances)
            distances.scalars.withUnsafeBufferPointer { dist in
                for (s, sigma) in sigmas.enumerated() {
                    let scale = -1 / (2 * Double(sigma) * Double(sigma))
                    let normaliser = d * Foundation.log(Double(sigma) * (2 * Double.pi).squareRoot())
                    for (i, r) in rows.enumerated() {
                        var largest = -Double.infinity
                        for j in 0..<m {
                            terms[j] = scale * Double(dist[i * m + j])
                            largest = Swift.max(largest, terms[j])
                        }
                        var sum = 0.0
                        for j in 0..<m { sum += Foundation.exp(terms[j] - largest) }
                        result[s][r] = largest + Foundation.log(sum / Double(m)) - normaliser
                    }
                }
            }
        }
        return result
    }

    /// The paper's grid: 10 values log-spaced from 0.1 to 1 (parzen_ll.py's defaults).
    public static let defaultSigmas: [Float] = (0..<10).map { Float(Foundation.pow(10, -1 + Double($0) / 9)) }

    /// What `evaluate` found: the chosen sigma, the validation mean for every sigma of the grid, and the
    /// test set's mean log-likelihood with its standard error (std / sqrt n).
    public struct Result: Sendable {
        public let sigma: Float
        public let validationMeans: [Double]
        public let mean: Double
        public let standardError: Double
    }

    /// Chooses sigma from `sigmas` on `validation`, then scores `test`, both under the window on `samples`.
    public static func evaluate(
        samples: Tensor, test: Tensor, validation: Tensor, sigmas: [Float] = defaultSigmas
    ) throws -> Result {
        guard !sigmas.isEmpty, validation.rank == 2, validation.shape[0] > 0, test.rank == 2, test.shape[0] > 0 else {
            throw TensorError(op: "parzen", message: "want a non-empty sigma grid, validation set and test set")
        }
        let validationMeans = try logLikelihoods(validation, centres: samples, sigmas: sigmas).map(meanOf)
        let best = validationMeans.indices.max { validationMeans[$0] < validationMeans[$1] } ?? 0
        let scores = try logLikelihoods(test, centres: samples, sigmas: [sigmas[best]])[0]
        let mean = meanOf(scores)
        let variance = scores.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(scores.count)
        return Result(
            sigma: sigmas[best], validationMeans: validationMeans, mean: mean,
            standardError: variance.squareRoot() / Double(scores.count).squareRoot())
    }

    private static func meanOf(_ values: [Double]) -> Double {
        values.reduce(0, +) / Double(Swift.max(values.count, 1))
    }
}
