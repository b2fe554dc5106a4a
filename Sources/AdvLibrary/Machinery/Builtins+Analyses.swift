import AdvData
import AdvLang
import AdvNN
import AdvSyntax
import AdvTensor

/// The papers' analyses: Lipschitz bounds (Szegedy 4.3), the FGSM eps sweep (Goodfellow Fig. 4),
/// error against eps for several models, and rubbish inputs (Goodfellow's appendix).
extension BuiltinLibrary {
    func registerAnalyses() {
        register(
            "lipschitz", "lipschitz(net)",
            """
            Upper bounds on the model's Lipschitz constant (Szegedy section 4.3): the largest \
            singular value of each weight matrix (power iteration), a record {layers: [..], product}.
            """
        ) { args, _ in
            try args.check(1...1)
            let model = try args.network(0, "model")
            let weights = model.layers.compactMap { layer -> Tensor? in
                switch layer.kind {
                case .linear, .maxout: return layer.parameterIndices.first.map { model.parameters[$0] }
                default: return nil
                }
            }
            let bounds = try Lipschitz.upperBounds(weights)
            return .record(
                Record([
                    ("layers", .list(bounds.perLayer.map { .number(Double($0)) })),
                    ("product", .number(Double(bounds.product))),
                ]))
        }
        register(
            "sweep", "sweep(set, from, to, steps)\nsweep(net, set, from, to, steps)",
            """
            Goodfellow's Fig. 4: the first example of set moved along its FGSM direction \
            sign(grad_x J) by `steps` values of eps from `from` to `to` (not clipped): a record \
            {eps: tensor [steps], logits: tensor [steps, classes], label}.
            """
        ) { args, session in
            let (model, k) = try args.leadingNetwork(session, then: ["set", "from", "to", "steps"])
            let set = try args.examples(k, "set")
            guard set.count > 0 else {
                throw RuntimeError("sweep: argument \(k + 1) (set) has no examples; it sweeps the first")
            }
            let from = try args.float(k + 1, "from")
            let to = try args.float(k + 2, "to")
            let steps = try args.int(k + 3, "steps")
            guard steps >= 2, steps <= 100_000 else {
                throw RuntimeError("sweep: argument \(k + 4) (steps) must be from 2 to 100000, got \(steps)")
            }
            let epsilons = (0..<steps).map { from + (to - from) * Float($0) / Float(steps - 1) }
            let first = try set.subset([0])
            let logits = try Analysis.logitsAlongFGSM(model, first.images, label: first.labels[0], epsilons: epsilons)
            return .record(
                Record([
                    ("eps", .vector(epsilons)), ("logits", .tensor(logits)),
                    ("label", .number(Double(first.labels[0]))),
                ]))
        }
        register(
            "activations", "activations(net, set, layer: 1)",
            """
            The hidden representation of each example after hidden layer `layer` (counted from 1 at \
            the input; each sigmoid, ReLU or maxout layer ends one), in evaluation mode: a tensor \
            [n, units]. Szegedy §3 looks for the images that most excite one unit, or one random \
            direction, of it.
            """
        ) { args, _ in
            try args.check(2...2, labels: ["layer"])
            let model = try args.network(0, "net")
            let x = try args.rows(1, "set")
            return .tensor(try model.hiddenActivations(x, layer: try args.namedInt("layer") ?? 1))
        }
        register(
            "error_vs_eps", "error_vs_eps(models, set, epsilons)",
            """
            Each model's error on its own FGSM examples of set at every eps: a record {eps, models \
            (names), errors: tensor [models, eps]}; prints a warning where error falls as eps grows \
            (a sign of gradient masking or a bug).
            """
        ) { args, session in
            try args.check(3...3)
            let models = try args.networks(0, "models") { $0.noGradient("error_vs_eps") }
            let set = try args.examples(1, "set")
            let epsilons = try args.tensor(2, "eps")
            guard epsilons.rank == 1, epsilons.count > 0 else {
                throw RuntimeError(
                    "error_vs_eps: argument 3 (eps) must be a non-empty list of numbers, got \(args.positional[2].typeDescription)"
                )
            }
            let sweep = try Analysis.errorAgainstEps(
                models, set.images, labels: set.labels, epsilons: epsilons.scalars,
                shouldStop: { session.isInterrupted })
            for warning in sweep.warnings { session.output(warning) }
            return .record(
                Record([
                    ("eps", .tensor(epsilons)), ("models", .list(sweep.models.map(Value.string))),
                    (
                        "errors",
                        .tensor(
                            try Tensor(shape: [models.count, epsilons.count], scalars: sweep.errors.flatMap { $0 }))
                    ),
                ]))
        }
        register(
            "rubbish", "rubbish(n, seed: s)\nrubbish(net, n, seed: s)",
            """
            Goodfellow's rubbish inputs: n draws of N(0, I); a record {fraction, confidence} with \
            the fraction the model gives some class p > .5 and their mean confidence.
            """
        ) { args, session in
            let (model, k) = try args.leadingModel(session, then: ["n"], labels: ["seed"])
            let n = try args.int(k, "n")
            guard n > 0, n <= 10_000_000 else {
                throw RuntimeError("rubbish: argument \(k + 1) (n) must be from 1 to 10000000, got \(n)")
            }
            var generator = SeededGenerator(seed: try args.seed(session))
            let report = try Analysis.rubbishInputs(
                model, count: n, using: &generator, shouldStop: { session.isInterrupted })
            return .record(
                Record([
                    ("fraction", .number(Double(report.fraction))),
                    ("confidence", .number(Double(report.meanConfidence))),
                ]))
        }
    }
}
