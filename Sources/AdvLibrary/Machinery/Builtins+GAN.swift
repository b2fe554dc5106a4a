import AdvData
import AdvLang
import AdvNN
import AdvSyntax
import AdvTensor
import Foundation

/// Generative adversarial nets (Goodfellow et al. 2014): the two networks, the pair, sampling, the
/// Parzen-window log-likelihood and the nearest training images of samples. `train PAIR on SET`
/// (Builtins+Training.swift) trains a pair with the clauses of `GANClauses`.
extension BuiltinLibrary {
    func registerGAN() {
        registerClauseWords(Array(GANClauses.words))
        register(
            "generator", "generator(noise: 100, hidden: [1200, 1200], outputs: 784, bias_from: set, seed: n)",
            """
            A GAN generator (the paper's MNIST one): noise [n, noise] -> ReLU layers of the hidden \
            widths -> sigmoid [n, outputs], weights uniform in +-0.05. bias_from: SET starts the output \
            biases at the log-odds of SET's mean image (the authors' init), else 0.
            """
        ) { args, session in
            try args.check(0...0, labels: ["noise", "hidden", "outputs", "bias_from", "seed"])
            let noise = try args.size("noise", 100)
            let outputs = try args.size("outputs", 784)
            var hidden = [1200, 1200]
            if let v = args.namedValue("hidden") {
                guard let t = v.asTensor, t.rank <= 1, t.scalars.allSatisfy({ $0 >= 1 && $0 == $0.rounded() }) else {
                    throw RuntimeError("generator: hidden must be a list of positive widths, got \(v.typeDescription)")
                }
                hidden = t.scalars.map { Int($0) }
            }
            let widths = [noise] + hidden + [outputs]
            try args.limitParameters(zip(widths, widths.dropFirst()).reduce(0) { $0 + Double($1.0 + 1) * Double($1.1) })
            var bias: [Float]?
            if let v = args.namedValue("bias_from") {
                guard case .object(let o) = v, let e = o as? ExamplesValue, e.set.featureCount == outputs else {
                    throw RuntimeError(
                        "generator: bias_from must be an example set of \(outputs) features, got \(v.typeDescription)")
                }
                bias = try args.namingGAN { try Model.marginalLogOdds(e.set.images) }
            }
            return .object(
                ModelValue(
                    .generator(
                        noise: noise, hidden: hidden, outputs: outputs, outputBias: bias, seed: try args.seed(session)))
            )
        }
        register(
            "discriminator", "discriminator(240, pieces: 5, layers: 2, dropout: true, inputs: 784, seed: n)",
            """
            A GAN discriminator (the paper's MNIST one): maxout layers of `units` x `pieces`, then one \
            unit, the logit of D(x); weights uniform in +-0.005; with dropout, the authors' (input kept \
            with p .8 and scaled 1.25, hidden inputs p .5 scaled 2).
            """
        ) { args, session in
            try args.check(0...1, labels: ["pieces", "layers", "dropout", "inputs", "seed"])
            let units = args.count > 0 ? try args.int(0, "units") : 240
            guard units > 0 else {
                throw RuntimeError("discriminator: argument 1 (units) must be positive, got \(units)")
            }
            let depth = try args.size("layers", 2)
            let pieces = try args.size("pieces", 5)
            let inputs = try args.size("inputs", 784)
            try args.limitParameters(
                Double(inputs + 1) * Double(units * pieces) + Double(depth - 1) * Double(units + 1)
                    * Double(units * pieces) + Double(units + 1))
            return .object(
                ModelValue(
                    .discriminator(
                        inputs: inputs, units: units, pieces: pieces, layers: depth,
                        dropout: try args.namedBool("dropout") ?? true, seed: try args.seed(session))))
        }
        register(
            "gan", "gan(generator, discriminator, noise: \"gaussian\")",
            """
            A generative adversarial pair for `train PAIR on SET`: the generator's noise z is \
            "gaussian" (N(0, 1), the authors' code) or "uniform" (on [-sqrt 3, sqrt 3]). Members: \
            .generator, .discriminator, .noise, .training. `train PAIR on SET epochs N d_steps K \
            nonsaturating|minimax` runs Algorithm 1 (each minibatch of SET one discriminator step on \
            as many fresh samples; after every K of them one generator step on fresh noise); with \
            `simultaneous`, the authors' code's update (both networks' gradients from one sample and \
            one pass of D, both updated at once; the generator on every K-th minibatch), with train's batch lr \
            decay momentum ramp l1 l2 maxnorm dropout seed quiet verbose checkpoint cache (as for a classifier: \
            both networks, both optimizers' momentum, the noise generator, the curves and the trace \
            saved after every epoch and resumed; cached, a pair trained once is read back). Its record, PAIR.training: \
            {epochs, d_loss, g_loss, d_real, d_fake, seconds, interrupted, curves: {d_loss, g_loss, \
            d_real, d_fake} per epoch, trace: {d_fake, grad_norm} for the first 2000 generator updates}.
            """
        ) { args, _ in
            try args.check(2...2, labels: ["noise"])
            let g = try args.model(0, "generator")
            let d = try args.model(1, "discriminator")
            var noise = GAN.Noise.gaussian
            if let v = args.namedValue("noise") {
                guard case .string(let s) = v, let n = GAN.Noise(rawValue: s) else {
                    throw RuntimeError("gan: noise must be \"gaussian\" or \"uniform\", got \(v.repr)")
                }
                noise = n
            }
            guard let gNet = g.network, let dNet = d.network else {
                throw RuntimeError(
                    "gan: the generator and discriminator must be networks, got \(g.kindPhrase) and \(d.kindPhrase)")
            }
            let pair = try args.namingGAN { try GAN(generator: gNet, discriminator: dNet, noise: noise) }
            return .object(GANValue(pair, generator: g, discriminator: d))
        }
        registerGANSampling()
        registerParzen()
    }

    private func registerGANSampling() {
        register(
            "gan_noise", "gan_noise(pair, n, seed: s)",
            "n noise vectors z [n, noise] from the pair's distribution, e.g. the two ends of a walk in z."
        ) { args, session in
            let (pair, n) = try args.pairAndCount()
            var random = SeededGenerator(seed: try args.seed(session))
            return .tensor(pair.gan.noiseBatch(n, using: &random))
        }
        register(
            "generate", "generate(pair, z)",
            "The generator's images G(z) [n, 784] for noise z [n, noise] (evaluation mode)."
        ) { args, _ in
            let pair = try args.ganPair()
            let z = try args.rows(1, "z")
            return .tensor(try args.namingGAN { try pair.gan.generate(z) })
        }
        register(
            "samples", "samples(pair, n, seed: s)",
            "n images G(z) [n, 784] from fresh noise: generate(pair, gan_noise(pair, n, seed: s))."
        ) { args, session in
            let (pair, n) = try args.pairAndCount()
            let seed = try args.seed(session)
            return .tensor(try args.namingGAN { try pair.gan.sample(n, seed: seed) })
        }
        register(
            "discriminate", "discriminate(pair, x)",
            "D(x) [n]: the discriminator's probability that each row of x (a set or [n, 784]) is data."
        ) { args, _ in
            let pair = try args.ganPair()
            let x = try args.rows(1, "x")
            return .vector(try args.namingGAN { try pair.gan.discriminate(x) })
        }
        register(
            "decode", "decode(autoencoder, codes)",
            "An autoencoder's decoder applied to codes [n, hidden]: what it makes of codes no image gave."
        ) { args, _ in
            try args.check(2...2)
            let model = try args.network(0, "autoencoder")
            let codes = try args.rows(1, "codes")
            return .tensor(try args.namingGAN { try model.decode(codes) })
        }
    }

    private func registerParzen() {
        register(
            "parzen", "parzen(samples, test, validation, sigmas: [0.1, 0.2, 0.5, 1])",
            """
            Goodfellow et al. 2014's Gaussian Parzen-window log-likelihood: the mean log p(x) in nats \
            of the rows of test under isotropic Gaussians of width sigma on the rows of samples, sigma \
            the one of the grid (default 10 values log-spaced from 0.1 to 1) whose validation mean is \
            highest. Returns {log_likelihood, se, sigma, sigmas, validation}.
            """
        ) { args, _ in
            try args.check(3...3, labels: ["sigmas"])
            let samples = try args.rows(0, "samples")
            let test = try args.rows(1, "test")
            let validation = try args.rows(2, "validation")
            var sigmas = Parzen.defaultSigmas
            if let v = args.namedValue("sigmas") {
                guard let t = v.asTensor, t.rank <= 1, t.count > 0, t.scalars.allSatisfy({ $0 > 0 && $0.isFinite })
                else {
                    throw RuntimeError("parzen: sigmas must be a list of positive numbers, got \(v.typeDescription)")
                }
                sigmas = t.scalars
            }
            guard samples.shape[1] == test.shape[1], test.shape[1] == validation.shape[1] else {
                throw RuntimeError(
                    "parzen: samples \(samples.shape.shapeDescription), test \(test.shape.shapeDescription) and "
                        + "validation \(validation.shape.shapeDescription) must have the same width")
            }
            let result = try args.namingGAN {
                try Parzen.evaluate(samples: samples, test: test, validation: validation, sigmas: sigmas)
            }
            return .record(
                Record([
                    ("log_likelihood", .number(result.mean)), ("se", .number(result.standardError)),
                    ("sigma", .number(Double(result.sigma))), ("sigmas", .vector(sigmas)),
                    ("validation", .vector(result.validationMeans.map(Float.init))),
                ]))
        }
        register(
            "nearest", "nearest(x, set)",
            """
            The example of SET nearest (in L2) to each row of x, as a set in x's order: beside a \
            GAN's samples it shows whether they are copies of training images.
            """
        ) { args, _ in
            try args.check(2...2)
            let x = try args.rows(0, "x")
            let set = try args.examples(1, "set")
            guard x.shape[1] == set.featureCount else {
                throw RuntimeError("nearest: x \(x.shape.shapeDescription) and \(set.name) differ in width")
            }
            let indices = try args.namingGAN {
                try NearestNeighbours(
                    examples: set.images, labels: set.labels, classes: max((set.labels.max() ?? 0) + 1, 2), k: 1
                ).nearest(x, count: 1)
            }
            return .examples(try set.subset(indices, name: "nearest in \(set.name)"))
        }
    }
}

extension Arguments {
    /// The gan of `f(pair, x)`, the call checked first: exactly two arguments, no names but `labels`.
    func ganPair(labels: Set<String> = []) throws -> GANValue {
        try check(2...2, labels: labels)
        return try object(0, "pair", as: GANValue.self, what: "a gan")
    }

    /// `f(pair, n, seed: s)`'s first two arguments: a gan and a sample count from 1 to 1,000,000.
    func pairAndCount() throws -> (GANValue, Int) {
        let pair = try ganPair(labels: ["seed"])
        let n = try int(1, "n")
        guard (1...1_000_000).contains(n) else {
            throw RuntimeError("\(callee): argument 2 (n) must be from 1 to 1000000, got \(n)")
        }
        return (pair, n)
    }

    /// Runs an AdvNN step of the GAN built-ins so that its errors read "callee: message", without
    /// the AdvNN operation's own name in between.
    func namingGAN<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as TensorError {
            throw RuntimeError("\(callee): \(error.message)")
        } catch let error as RuntimeError {
            throw error
        } catch let error as ModelFileError {
            // A damaged checkpoint: the file's path leads, as for a classifier's.
            throw error
        } catch {
            throw RuntimeError("\(callee): \(error)")
        }
    }
}
