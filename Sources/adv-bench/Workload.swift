import AdvNN

/// One matrix product `op(A) @ op(B)`: `op(A)` is [m, k], `op(B)` is [k, n], the result [m, n].
struct GEMMShape: Hashable {
    var m: Int
    var n: Int
    var k: Int
    var transposeA = false
    var transposeB = false

    /// Multiply-adds count twice: `2 m n k`.
    var flops: Double { 2 * Double(m) * Double(n) * Double(k) }

    /// E.g. "100x784 @ 784x1200" or "784x100^T ... " with the stored operand shapes.
    var description: String {
        let a = transposeA ? "\(k)x\(m)^T" : "\(m)x\(k)"
        let b = transposeB ? "\(n)x\(k)^T" : "\(k)x\(n)"
        return "\(a) @ \(b)"
    }
}

/// A stack of dense layers (a maxout layer is dense to `units x pieces` outputs, then a max) and
/// the matrix products one minibatch of it costs in each of the benchmarked passes.
///
/// With a batch X [b, in] and weights W [in, out] (adv's layout), a layer's products are:
/// forward `X @ W`, weight gradient `dW = X^T @ dY`, input gradient `dX = dY @ W^T`.
struct Workload {
    var name: String
    /// (inputs, outputs) of each dense product, first layer first.
    var layers: [(inputs: Int, outputs: Int)]
    var batch = 100
    /// The rows of one block of an attack: adv's `Attacks.defaultChunkSize`, and the baselines'.
    var attackBatch = Attacks.defaultChunkSize

    /// The maxout workload of PAPERS.md and issue 7: 784 -> maxout 240x5 -> maxout 240x5 -> 10.
    static let maxout = Workload(name: "maxout 784-240x5-240x5-10", layers: [(784, 1200), (240, 1200), (240, 10)])
    /// Issue 2's step benchmark: 784 -> 1200 (relu) -> 10.
    static let fullyConnected = Workload(name: "fc 784-1200-10", layers: [(784, 1200), (1200, 10)])

    func forward(_ layer: Int) -> GEMMShape {
        GEMMShape(m: batch, n: layers[layer].outputs, k: layers[layer].inputs)
    }

    func weightGradient(_ layer: Int) -> GEMMShape {
        GEMMShape(m: layers[layer].inputs, n: layers[layer].outputs, k: batch, transposeA: true)
    }

    func inputGradient(_ layer: Int) -> GEMMShape {
        GEMMShape(m: batch, n: layers[layer].inputs, k: layers[layer].outputs, transposeB: true)
    }

    /// Every distinct product of this workload, in pass order (forward, weight and input gradients).
    var shapes: [GEMMShape] {
        let all = layers.indices.map(forward) + layers.indices.map(weightGradient) + layers.indices.map(inputGradient)
        var seen = Set<GEMMShape>()
        return all.filter { seen.insert($0).inserted }
    }

    /// What one minibatch of a pass costs, as products with multiplicities.
    enum Pass: String, CaseIterable {
        /// Forward, backward to every weight, SGD update: the input gradient of layer 0 is not needed.
        case training
        /// Goodfellow 2015 eq. 6 as adv computes it: a clean term with the input gradient too (for
        /// the FGSM direction), then a training pass on the adversarial examples.
        case adversarialTraining
        /// FGSM (forward, backward to the input) and an evaluation forward pass on the result.
        case fgsmEvaluate
        /// PGD (Madry et al.'s MNIST setting: `pgdSteps` steps of .01 at eps .3 from a random
        /// start), each step a forward and a backward pass to the input, then an evaluation pass.
        case pgdEvaluate
    }

    /// The steps of the PGD pass (Madry et al.'s 40).
    static let pgdSteps = 40

    /// The rows of one pass: a training minibatch, or an attack's block.
    func batch(_ pass: Pass) -> Int { pass.isAttack ? attackBatch : batch }

    func products(_ pass: Pass) -> [GEMMShape] {
        guard !pass.isAttack || batch == attackBatch else {
            var block = self
            block.batch = attackBatch
            return block.products(pass)
        }
        let all = Array(layers.indices)
        let hidden = Array(layers.indices.dropFirst())
        let training = all.map(forward) + all.map(weightGradient) + hidden.map(inputGradient)
        switch pass {
        case .training: return training
        case .adversarialTraining: return training + training + [inputGradient(0)]
        case .fgsmEvaluate: return all.map(forward) + all.map(inputGradient) + all.map(forward)
        case .pgdEvaluate:
            let step = all.map(forward) + all.map(inputGradient)
            return Array(repeating: step, count: Workload.pgdSteps).flatMap { $0 } + all.map(forward)
        }
    }

    /// FLOPs of one example in `pass` (its products' FLOPs over the batch size).
    func flopsPerExample(_ pass: Pass) -> Double {
        products(pass).reduce(0) { $0 + $1.flops } / Double(batch(pass))
    }
}

extension Workload.Pass {
    /// Whether the pass is an attack, run in blocks of `attackBatch` rows.
    var isAttack: Bool { self == .fgsmEvaluate || self == .pgdEvaluate }
}
