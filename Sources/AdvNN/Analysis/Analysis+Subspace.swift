import AdvTensor

/// How many dimensions the adversarial region around an input has (Tramer et al. 2017, "The
/// Space of Transferable Adversarial Examples"; the lecture quotes about 25 on MNIST): the most
/// orthogonal adversarial directions found for each input, and how many of them transfer.
public struct SubspaceEstimate: Sendable, Equatable {
    /// Per input the source classifies correctly: the largest number, over the k tried, of k
    /// orthogonal directions (each of L2 length eps, as aligned with the gradient as k orthogonal
    /// directions can be) that the source misclassifies x + r along.
    public var directions: [Int]
    /// Per such input: how many of those directions the target model misclassifies too (0
    /// without a target).
    public var transferred: [Int]
}

extension Analysis {
    /// Tramer et al.'s gradient-aligned adversarial subspace (GAAS): for each k in `ks`, the k
    /// directions r_i = eps R e_i, where R is the Householder reflection taking the all-1/sqrt(k)
    /// vector z of the first k pixel axes to the gradient's direction g: orthogonal, of length
    /// eps, each with r_i . g = eps |g| / sqrt(k), the most any k orthogonal directions can share.
    /// Inputs the source already misclassifies are skipped; x + r is not clipped.
    public static func adversarialSubspace(
        _ source: any Classifier, target: (any Classifier)?, _ x: Tensor, labels: [Int], eps: Float, ks: [Int],
        shouldStop: () -> Bool = { false }
    ) throws -> SubspaceEstimate {
        let op = "subspace"
        try Batch.validate(op, source, x, labels: labels)
        if let target { try Batch.validate(op, target, x, labels: labels) }
        let d = x.shape[1]
        guard !ks.isEmpty, ks.allSatisfy({ (1...d).contains($0) }) else {
            throw AttackError(op: op, message: "every k must be from 1 to the \(d) inputs, got \(ks)")
        }
        guard eps > 0, eps.isFinite else { throw AttackError(op: op, message: "eps must be positive, got \(eps)") }
        let clean = try Metrics.predictions(source, x).classes
        let gradient = try Batch.inputGradient(op, source, x, labels: labels).gradient
        var estimate = SubspaceEstimate(directions: [], transferred: [])
        for row in 0..<x.shape[0] where clean[row] == labels[row] {
            if shouldStop() { throw AttackError(op: op, message: "interrupted") }
            let point = Array(x.scalars[row * d..<(row + 1) * d])
            var g = Array(gradient.scalars[row * d..<(row + 1) * d])
            let length = g.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard length > 0 else {
                estimate.directions.append(0)
                estimate.transferred.append(0)
                continue
            }
            for i in g.indices { g[i] /= length }
            var best = (count: -1, adversarial: [Float]())
            for k in ks {
                let batch = try Tensor(shape: [k, d], scalars: gaasPoints(point, direction: g, k: k, eps: eps))
                let predicted = try Metrics.predictions(source, batch).classes
                let fooled = predicted.indices.filter { predicted[$0] != labels[row] }
                if fooled.count > best.count {
                    best = (fooled.count, fooled.flatMap { Array(batch.scalars[$0 * d..<($0 + 1) * d]) })
                }
            }
            estimate.directions.append(best.count)
            var transferred = 0
            if let target, best.count > 0 {
                let points = try Tensor(shape: [best.count, d], scalars: best.adversarial)
                transferred = try Metrics.predictions(target, points).classes.filter { $0 != labels[row] }.count
            }
            estimate.transferred.append(transferred)
        }
        return estimate
    }

    /// The k points x + r_i, r_i = eps (e_i - 2 v v_i / |v|^2) with v = z - g (z the all-1/sqrt(k)
    /// vector on the first k axes, g the unit gradient), row-major [k, d].
    static func gaasPoints(_ x: [Float], direction g: [Float], k: Int, eps: Float) -> [Float] {
        let d = x.count
        let z = 1 / Float(k).squareRoot()
        var v = g.map { -$0 }
        for i in 0..<k { v[i] += z }
        let norm = v.reduce(0) { $0 + $1 * $1 }
        var points = [Float](repeating: 0, count: k * d)
        for i in 0..<k {
            // When z already is g (norm 0) the reflection is the identity.
            let factor = norm > 0 ? 2 * v[i] / norm : 0
            for j in 0..<d { points[i * d + j] = x[j] + eps * ((i == j ? 1 : 0) - factor * v[j]) }
        }
        return points
    }
}
