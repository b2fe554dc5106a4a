import AdvTensor

/// The buffers and state of one GAN run: both networks' tape-free paths and optimizers, the seeded
/// generator of noise, dropout masks and permutations, and each network's update count.
///
/// Losses are computed from D's logit l: -log D = softplus(-l), -log(1 - D) = softplus(l), so no
/// saturated sigmoid turns into log 0.
final class GANTrainer {
    let gan: GAN
    let options: GANOptions
    private let g: DenseNetwork
    private let d: DenseNetwork
    private(set) var optimizers: (generator: Optimizer, discriminator: Optimizer)
    private let gTrainable: [Int]
    private let dTrainable: [Int]
    private let gTrainableSet: Set<Int>
    private let dTrainableSet: Set<Int>
    private var random: SeededGenerator
    private let mode: Mode
    private(set) var gUpdates = 0
    private(set) var dUpdates = 0
    /// Real rows then generated rows: the discriminator step's one minibatch.
    private var both = Tensor.zeros([0])

    init(_ gan: GAN, options: GANOptions) throws {
        guard let g = DenseNetwork(gan.generator), let d = DenseNetwork(gan.discriminator) else {
            throw TensorError(op: "train", message: "a GAN's networks must be made of dense layers")
        }
        self.gan = gan
        self.options = options
        (self.g, self.d) = (g, d)
        optimizers = (
            try Optimizer(gan.generator, options: options.training),
            try Optimizer(gan.discriminator, options: options.training)
        )
        gTrainable = gan.generator.layers.flatMap { Array($0.parameterIndices) }
        dTrainable = gan.discriminator.layers.flatMap { Array($0.parameterIndices) }
        (gTrainableSet, dTrainableSet) = (Set(gTrainable), Set(dTrainable))
        random = SeededGenerator(seed: options.training.seed)
        mode = options.training.dropout ? .training : .evaluation
    }

    func permutation(_ count: Int) -> [Int] { random.permutation(count) }

    /// The words of the generator of noise, dropout masks and orders, for a checkpoint.
    var randomState: [UInt64] { random.stateWords }

    /// Continues from a checkpoint's state (`GANTrainer.state`).
    func restore(
        velocities: [Tensor], generator words: [UInt64], generatorUpdates: Int, discriminatorUpdates: Int
    ) throws {
        let (g, d) = (optimizers.generator.velocities, optimizers.discriminator.velocities)
        guard velocities.map(\.shape) == (g + d).map(\.shape), let restored = SeededGenerator(stateWords: words) else {
            throw TensorError(
                op: "train",
                message: "the checkpoint does not fit the pair \(gan.generator.name), \(gan.discriminator.name)")
        }
        optimizers.generator.velocities = Array(velocities[..<g.count])
        optimizers.discriminator.velocities = Array(velocities[g.count...])
        random = restored
        (gUpdates, dUpdates) = (generatorUpdates, discriminatorUpdates)
    }

    /// The discriminator's loss `-(1/2)(mean log D(x) + mean log(1 - D(G(z))))` on real rows `x` and
    /// as many samples G(z), its gradients (in `d`'s buffers) and the mean D(x), D(G(z)).
    func discriminatorLoss(_ x: Tensor, z: Tensor) throws -> (loss: Float, real: Float, fake: Float) {
        let m = x.shape[0]
        let fake = try g.forward(z, mode: mode, generator: &random)
        let width = x.shape[1]
        both.reshapeForOverwrite([2 * m, width])
        both.withUnsafeMutableScalars { out in
            x.scalars.withUnsafeBufferPointer { out.part(0..<(m * width)).update(fromContentsOf: $0) }
            fake.scalars.withUnsafeBufferPointer { out.part((m * width)..<(2 * m * width)).update(fromContentsOf: $0) }
        }
        let logits = try d.forward(both, mode: mode, generator: &random)
        var gradient = d.outputGradients[d.stages.count - 1]
        d.outputGradients[d.stages.count - 1] = Tensor.zeros([0])
        gradient.reshapeForOverwrite([2 * m, 1])
        var sums = (loss: 0.0, real: 0.0, fake: 0.0)
        let half = 0.5 / Float(m)
        logits.scalars.withUnsafeBufferPointer { l in
            gradient.withUnsafeMutableScalars { dl in
                for i in 0..<(2 * m) {
                    let p = sigmoid(l[i])
                    if i < m {
                        sums.loss += Double(softplus(-l[i]))
                        sums.real += Double(p)
                        dl[i] = half * (p - 1)
                    } else {
                        sums.loss += Double(softplus(l[i]))
                        sums.fake += Double(p)
                        dl[i] = half * p
                    }
                }
            }
        }
        d.outputGradients[d.stages.count - 1] = gradient
        try d.backward(trainable: dTrainableSet, accumulate: false, needInputGradient: false)
        d.input = Tensor.zeros([0])
        return (Float(sums.loss / Double(2 * m)), Float(sums.real / Double(m)), Float(sums.fake / Double(m)))
    }

    /// One discriminator update on the real rows `x`.
    func discriminatorStep(_ x: Tensor, momentum: Float) throws -> (loss: Float, real: Float, fake: Float) {
        let result = try discriminatorLoss(x, z: gan.noiseBatch(x.shape[0], using: &random))
        try update(gan.discriminator, d, dTrainable, &optimizers.discriminator, updates: &dUpdates, momentum: momentum)
        return result
    }

    /// The generator's objective on `z` [m, noise] (nonsaturating: -mean log D(G(z)); minimax: mean
    /// log(1 - D(G(z)))) through the discriminator in the run's mode, its gradients (in `g`'s
    /// buffers), the mean D(G(z)) and, when `measuringNorm`, the L2 norm of all the generator's
    /// parameter gradients (NaN otherwise: a pass over every parameter, only the trace needs it).
    func generatorLoss(_ z: Tensor, measuringNorm: Bool = true) throws -> (
        loss: Float, fake: Float, gradientNorm: Float
    ) {
        let m = z.shape[0]
        let fake = try g.forward(z, mode: mode, generator: &random)
        let logits = try d.forward(fake, mode: mode, generator: &random)
        var gradient = d.outputGradients[d.stages.count - 1]
        d.outputGradients[d.stages.count - 1] = Tensor.zeros([0])
        gradient.reshapeForOverwrite([m, 1])
        var sums = (loss: 0.0, fake: 0.0)
        let scale = 1 / Float(m)
        let minimax = options.objective == .minimax
        logits.scalars.withUnsafeBufferPointer { l in
            gradient.withUnsafeMutableScalars { dl in
                for i in 0..<m {
                    let p = sigmoid(l[i])
                    sums.fake += Double(p)
                    if minimax {
                        // log(1 - D) = -softplus(l); d/dl = -sigmoid(l), small while D(G(z)) is.
                        sums.loss -= Double(softplus(l[i]))
                        dl[i] = -scale * p
                    } else {
                        // -log D = softplus(-l); d/dl = sigmoid(l) - 1.
                        sums.loss += Double(softplus(-l[i]))
                        dl[i] = scale * (p - 1)
                    }
                }
            }
        }
        d.outputGradients[d.stages.count - 1] = gradient
        try d.backward(trainable: [], accumulate: false, needInputGradient: true)
        // The gradient with respect to G's output moves into G's buffers without a copy.
        swap(&g.outputGradients[g.stages.count - 1], &d.inputGradient)
        try g.backward(trainable: gTrainableSet, accumulate: false, needInputGradient: false)
        d.input = Tensor.zeros([0])
        g.input = Tensor.zeros([0])
        let loss = Float(sums.loss / Double(m))
        let meanFake = Float(sums.fake / Double(m))
        guard measuringNorm else { return (loss, meanFake, .nan) }
        var squares = 0.0
        for index in gTrainable {
            g.parameterGradient(index).scalars.withUnsafeBufferPointer { v in
                for x in v { squares += Double(x) * Double(x) }
            }
        }
        return (loss, meanFake, Float(squares.squareRoot()))
    }

    /// One generator update on `count` fresh noise vectors (`generatorLoss` says what
    /// `measuringNorm` does).
    func generatorStep(count: Int, momentum: Float, measuringNorm: Bool) throws -> (
        loss: Float, fake: Float, gradientNorm: Float
    ) {
        let z = gan.noiseBatch(count, using: &random)
        let result = try generatorLoss(z, measuringNorm: measuringNorm)
        try update(gan.generator, g, gTrainable, &optimizers.generator, updates: &gUpdates, momentum: momentum)
        return result
    }

    /// One SGD step of `model` with the gradients in `network`'s buffers, at the schedule's rate for
    /// its own update count.
    private func update(
        _ model: Model, _ network: DenseNetwork, _ trainable: [Int], _ optimizer: inout Optimizer,
        updates: inout Int, momentum: Float
    ) throws {
        try optimizer.update(
            model, gradients: trainable.map { ($0, network.parameterGradient($0)) },
            learningRate: options.training.learningRate(afterUpdates: Double(updates)), momentum: momentum)
        updates += 1
    }

    /// The parameter gradients of the last loss, generator's or discriminator's, in `trainable` order.
    func generatorGradients() -> [Tensor] { gTrainable.map(g.parameterGradient) }
    func discriminatorGradients() -> [Tensor] { dTrainable.map(d.parameterGradient) }
}
