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
        var gradient = takeOutputGradient(d, rows: 2 * m)
        var sums = (real: (loss: 0.0, score: 0.0), fake: (loss: 0.0, score: 0.0))
        logits.scalars.withUnsafeBufferPointer { l in
            gradient.withUnsafeMutableScalars { dl in
                sums.real = Self.discriminatorTerms(l.part(0..<m), real: true, scale: 0.5 / Float(m), into: dl.part(0..<m))
                sums.fake = Self.discriminatorTerms(
                    l.part(m..<(2 * m)), real: false, scale: 0.5 / Float(m), into: dl.part(m..<(2 * m)))
            }
        }
        d.outputGradients[d.stages.count - 1] = gradient
        try d.backward(trainable: dTrainableSet, accumulate: false, needInputGradient: false)
        d.input = Tensor.zeros([0])
        let loss = (sums.real.loss + sums.fake.loss) / Double(2 * m)
        return (Float(loss), Float(sums.real.score / Double(m)), Float(sums.fake.score / Double(m)))
    }

    /// The terms of D's loss for logits `l` of real rows (-log D = softplus(-l)) or of samples
    /// (-log(1 - D) = softplus(l)): their sum and the sum of D, with `scale` times each term's
    /// derivative in `dl`.
    private static func discriminatorTerms(
        _ l: UnsafeBufferPointer<Float>, real: Bool, scale: Float, into dl: UnsafeMutableBufferPointer<Float>
    ) -> (loss: Double, score: Double) {
        var sums = (loss: 0.0, score: 0.0)
        for i in l.indices {
            let p = sigmoid(l[i])
            sums.score += Double(p)
            sums.loss += Double(real ? softplus(-l[i]) : softplus(l[i]))
            dl[i] = scale * (real ? p - 1 : p)
        }
        return sums
    }

    /// The generator's objective for D's logits `l` of samples (nonsaturating: -log D = softplus(-l);
    /// minimax: log(1 - D) = -softplus(l)): the sum of its terms and of D, with `scale` times each
    /// term's derivative in `dl`.
    private func generatorTerms(
        _ l: UnsafeBufferPointer<Float>, scale: Float, into dl: UnsafeMutableBufferPointer<Float>
    ) -> (loss: Double, score: Double) {
        var sums = (loss: 0.0, score: 0.0)
        let minimax = options.objective == .minimax
        for i in l.indices {
            let p = sigmoid(l[i])
            sums.score += Double(p)
            if minimax {
                // d/dl = -sigmoid(l), small while D(G(z)) is.
                sums.loss -= Double(softplus(l[i]))
                dl[i] = -scale * p
            } else {
                // d/dl = sigmoid(l) - 1.
                sums.loss += Double(softplus(-l[i]))
                dl[i] = scale * (p - 1)
            }
        }
        return sums
    }

    /// The gradient buffer of `network`'s logits, taken out of it (put back once filled), shaped
    /// [rows, 1].
    private func takeOutputGradient(_ network: DenseNetwork, rows: Int) -> Tensor {
        let last = network.stages.count - 1
        var gradient = network.outputGradients[last]
        network.outputGradients[last] = Tensor.zeros([0])
        gradient.reshapeForOverwrite([rows, 1])
        return gradient
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
        var gradient = takeOutputGradient(d, rows: m)
        let sums = logits.scalars.withUnsafeBufferPointer { l in
            gradient.withUnsafeMutableScalars { dl in generatorTerms(l, scale: 1 / Float(m), into: dl) }
        }
        d.outputGradients[d.stages.count - 1] = gradient
        try backwardIntoGenerator()
        d.input = Tensor.zeros([0])
        g.input = Tensor.zeros([0])
        let loss = Float(sums.loss / Double(m))
        let meanFake = Float(sums.score / Double(m))
        return (loss, meanFake, measuringNorm ? generatorGradientNorm() : .nan)
    }

    /// Back-propagates the generator's objective, set as D's logits' gradient, through D (to its
    /// input only) and on through G to G's parameters.
    private func backwardIntoGenerator() throws {
        try d.backward(trainable: [], accumulate: false, needInputGradient: true)
        // The gradient with respect to G's output moves into G's buffers without a copy.
        swap(&g.outputGradients[g.stages.count - 1], &d.inputGradient)
        try g.backward(trainable: gTrainableSet, accumulate: false, needInputGradient: false)
    }

    /// The L2 norm of all the generator's parameter gradients (a pass over every parameter).
    private func generatorGradientNorm() -> Float {
        var squares = 0.0
        for index in gTrainable {
            g.parameterGradient(index).scalars.withUnsafeBufferPointer { v in
                for x in v { squares += Double(x) * Double(x) }
            }
        }
        return Float(squares.squareRoot())
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

    /// The authors' update (AdversaryCost2 under pylearn2's SGD): from one sample G(z) and one pass
    /// of D over it, the gradients of D's loss (on `x` and G(z)) and, when `generatorToo`, of the
    /// generator's objective, both against the same D, the same dropout masks and the same samples.
    /// Fills both networks' gradient buffers; returns D's loss, mean D(x) and D(G(z)), and the
    /// generator's objective and gradient norm (`generatorLoss` says when it is measured).
    func simultaneousLosses(_ x: Tensor, z: Tensor, generatorToo: Bool, measuringNorm: Bool) throws -> (
        discriminator: (loss: Float, real: Float, fake: Float), generator: (loss: Float, fake: Float, gradientNorm: Float)?
    ) {
        let m = x.shape[0]
        let scale = 0.5 / Float(m)
        try g.forward(z, mode: mode, generator: &random)
        // D on the samples: the generator's objective back to G first, then D's loss on them, both
        // through the buffers of this one forward pass.
        let fakeLogits = try d.forward(g.outputs[g.stages.count - 1], mode: mode, generator: &random)
        var gradient = takeOutputGradient(d, rows: m)
        var generatorSums: (loss: Double, score: Double)?
        if generatorToo {
            generatorSums = fakeLogits.scalars.withUnsafeBufferPointer { l in
                gradient.withUnsafeMutableScalars { dl in generatorTerms(l, scale: 1 / Float(m), into: dl) }
            }
            d.outputGradients[d.stages.count - 1] = gradient
            try backwardIntoGenerator()
            gradient = takeOutputGradient(d, rows: m)
        }
        let fake = fakeLogits.scalars.withUnsafeBufferPointer { l in
            gradient.withUnsafeMutableScalars { dl in Self.discriminatorTerms(l, real: false, scale: scale, into: dl) }
        }
        d.outputGradients[d.stages.count - 1] = gradient
        try d.backward(trainable: dTrainableSet, accumulate: false, needInputGradient: false)
        // D on the real rows, its gradients added to the samples'.
        let realLogits = try d.forward(x, mode: mode, generator: &random)
        gradient = takeOutputGradient(d, rows: m)
        let real = realLogits.scalars.withUnsafeBufferPointer { l in
            gradient.withUnsafeMutableScalars { dl in Self.discriminatorTerms(l, real: true, scale: scale, into: dl) }
        }
        d.outputGradients[d.stages.count - 1] = gradient
        try d.backward(trainable: dTrainableSet, accumulate: true, needInputGradient: false)
        d.input = Tensor.zeros([0])
        g.input = Tensor.zeros([0])
        let discriminator = (
            loss: Float((real.loss + fake.loss) / Double(2 * m)), real: Float(real.score / Double(m)),
            fake: Float(fake.score / Double(m))
        )
        guard let generatorSums else { return (discriminator, nil) }
        let generator = (
            loss: Float(generatorSums.loss / Double(m)), fake: Float(generatorSums.score / Double(m)),
            gradientNorm: measuringNorm ? generatorGradientNorm() : Float.nan
        )
        return (discriminator, generator)
    }

    /// One step of the authors' update on the real rows `x` (`simultaneousLosses` on fresh noise),
    /// then both SGD updates (the generator's only when `generatorToo`).
    func simultaneousStep(_ x: Tensor, momentum: Float, generatorToo: Bool, measuringNorm: Bool) throws -> (
        discriminator: (loss: Float, real: Float, fake: Float), generator: (loss: Float, fake: Float, gradientNorm: Float)?
    ) {
        let result = try simultaneousLosses(
            x, z: gan.noiseBatch(x.shape[0], using: &random), generatorToo: generatorToo, measuringNorm: measuringNorm)
        try update(gan.discriminator, d, dTrainable, &optimizers.discriminator, updates: &dUpdates, momentum: momentum)
        if generatorToo {
            try update(gan.generator, g, gTrainable, &optimizers.generator, updates: &gUpdates, momentum: momentum)
        }
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
