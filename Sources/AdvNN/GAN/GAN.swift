import AdvTensor
import Foundation

/// A generative adversarial pair (Goodfellow et al. 2014): a generator G (noise z -> image in [0, 1])
/// and a discriminator D (image -> the logit of D(x), the probability that x came from the data),
/// with the noise distribution z is drawn from.
///
/// Both run on the tape-free `DenseNetwork` path, so a GAN is made only of dense layers (linear,
/// ReLU, sigmoid, maxout, dropout). Not thread-safe, like its models.
public final class GAN {
    /// The distribution of z: N(0, 1) per coordinate (the authors' `Generator` default, which
    /// mnist.yaml keeps), or uniform on [-sqrt 3, sqrt 3] (their "uniform", of unit variance).
    public enum Noise: String, CaseIterable, Sendable {
        case gaussian
        case uniform
    }

    public let generator: Model
    public let discriminator: Model
    public let noise: Noise

    public init(generator: Model, discriminator: Model, noise: Noise = .gaussian) throws {
        guard generator.classes == discriminator.inputs, discriminator.classes == 1 else {
            throw TensorError(
                op: "gan",
                message:
                    "generator \(generator.name) makes [n, \(generator.classes)] and discriminator "
                    + "\(discriminator.name) reads [n, \(discriminator.inputs)] into \(discriminator.classes) outputs: "
                    + "want the generator's width equal to the discriminator's inputs and one discriminator output")
        }
        guard DenseNetwork(generator) != nil, DenseNetwork(discriminator) != nil, generator !== discriminator else {
            throw TensorError(
                op: "gan",
                message: "a GAN's generator and discriminator must be two different networks of dense layers")
        }
        self.generator = generator
        self.discriminator = discriminator
        self.noise = noise
    }

    /// `n` noise vectors [n, noise width] from `random`.
    public func noiseBatch(_ n: Int, using random: inout SeededGenerator) -> Tensor {
        let limit = Float(3.0.squareRoot())
        switch noise {
        case .gaussian: return Tensor.normal([n, generator.inputs], using: &random)
        case .uniform: return Tensor.uniform([n, generator.inputs], low: -limit, high: limit, using: &random)
        }
    }

    /// G(z) for z [n, noise width]: images [n, width], in chunks through the generator's evaluation
    /// network.
    public func generate(_ z: Tensor) throws -> Tensor {
        try rowsThrough(generator, z)
    }

    /// `n` samples G(z), z drawn from a generator seeded with `seed`.
    public func sample(_ n: Int, seed: UInt64) throws -> Tensor {
        var random = SeededGenerator(seed: seed)
        return try generate(noiseBatch(n, using: &random))
    }

    /// D(x) for x [n, width] in evaluation mode: [n] probabilities.
    public func discriminate(_ x: Tensor) throws -> [Float] {
        try rowsThrough(discriminator, x).scalars.map(sigmoid)
    }

    /// `model`'s outputs for the rows of `x`, 1000 rows at a time.
    private func rowsThrough(_ model: Model, _ x: Tensor) throws -> Tensor {
        guard let network = model.evaluationNetwork else {
            throw TensorError(op: "gan", message: "model \(model.name) has no tape-free path")
        }
        guard x.rank == 2, x.shape[1] == model.inputs else {
            throw TensorError(
                op: "gan", message: "input \(x.shape.shapeDescription) for \(model.name): want [n, \(model.inputs)]")
        }
        var unused = SeededGenerator(seed: model.seed)
        let n = x.shape[0]
        var out = [Float]()
        out.reserveCapacity(n * model.classes)
        for start in stride(from: 0, to: n, by: 1000) {
            let rows = start..<Swift.min(start + 1000, n)
            let y = try network.forward(rows.count == n ? x : x.rowBlock(rows), mode: .evaluation, generator: &unused)
            out += y.scalars
        }
        network.input = Tensor.zeros([0])
        return try Tensor(shape: [n, model.classes], scalars: out)
    }
}

/// The logistic sigmoid of a logit.
func sigmoid(_ l: Float) -> Float { 1 / (1 + (-l).exp) }

/// `log(1 + e^l)` without overflow: -log D for the logit -l, -log(1 - D) for l.
func softplus(_ l: Float) -> Float { Swift.max(l, 0) + (-Swift.abs(l)).exp.log1p }

extension Float {
    fileprivate var exp: Float { Foundation.exp(self) }
    fileprivate var log1p: Float { Foundation.log1p(self) }
}
