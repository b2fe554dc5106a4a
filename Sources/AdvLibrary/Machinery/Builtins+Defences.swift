import AdvLang
import AdvNN
import AdvSyntax

/// The lecture's test-time defences as models: each wraps a trained classifier and is itself one,
/// usable wherever a model is (error, predict, transfer, fgsm, pgd, ...). fgsm and pgd attack each
/// through its own input gradient: expectation over the noise (noisy_input), exact through the
/// autoencoder (denoised), BPDA through the step (confidence_reduced); `gradient:` picks a naive
/// attacker's gradient instead for the two whose honest gradient is not the literal one.
extension BuiltinLibrary {
    func registerDefences() {
        register(
            "noisy_input", "noisy_input(net, sd: 0.3, samples: 10, seed: n, gradient: \"eot\")",
            """
            Noise at test time: a model that adds N(0, sd^2) to each input (not clipped) and averages \
            net's probabilities over `samples` draws, fresh at every call (a generator seeded once). \
            Its input gradient, which fgsm and pgd follow, is expectation over transformation: the \
            gradient of -log of the mean probability of the true class over `samples` fresh draws. \
            gradient: "one_draw" gives the naive attacker's instead (to show gradient masking): net's \
            gradient at one fresh noisy copy.
            """
        ) { args, session in
            try args.check(1...1, labels: ["sd", "samples", "seed", "gradient"])
            let net = try args.model(0, "net")
            let sd = try args.namedNonNegative("sd") ?? 0.3
            let samples = try args.size("samples", 10)
            let seed = try args.seed(session)
            let gradient = try args.namedChoice("gradient", NoisyInput.Gradient.expectation)
            let wrapper = try NoisyInput(net.classifier, sd: sd, samples: samples, seed: seed, gradient: gradient)
            return .object(ModelValue(wrapper, members: [net]))
        }
        register(
            "denoised", "denoised(net, dae)",
            """
            Removing the perturbation with a denoising autoencoder: a model that classifies dae's \
            reconstruction of its input with net. dae is an autoencoder(...) trained with \
            `train dae on set ... denoise SD` (noisy inputs against clean ones). fgsm and pgd \
            differentiate through both, exactly.
            """
        ) { args, _ in
            try args.check(2...2, labels: [])
            let net = try args.model(0, "net")
            let dae = try args.network(1, "dae")
            let wrapper = try Denoised(net.classifier, autoencoder: dae)
            return .object(ModelValue(wrapper, members: [net]))
        }
        register(
            "confidence_reduced", "confidence_reduced(net, eps: 0.1, gradient: \"bpda\")",
            """
            A confidence-reducing perturbation at test time: a model that first moves each input one \
            signed-gradient step of eps that lowers net's probability of the class net predicts \
            (clipped to [0, 1]), then classifies it with net. fgsm and pgd attack it by BPDA: the \
            step (a sign, clipped) read as the identity on the backward pass, net's gradient at the \
            moved input. gradient: "literal" gives the naive attacker's instead (to show gradient \
            masking): the pipeline's derivative as a tape takes it, zero through the sign, so net's \
            gradient at the moved input, zeroed where the clip held a pixel at 0 or 1; "zero", the \
            step read as having no derivative at all (computed off the tape): a zero gradient.
            """
        ) { args, _ in
            try args.check(1...1, labels: ["eps", "gradient"])
            let net = try args.model(0, "net")
            guard net.differentiable != nil else { throw net.noGradient("confidence_reduced") }
            let eps = try args.namedNonNegative("eps") ?? 0.1
            let gradient = try args.namedChoice("gradient", ConfidenceReduced.Gradient.bpda)
            let wrapper = try ConfidenceReduced(net.classifier, eps: eps, gradient: gradient)
            return .object(ModelValue(wrapper, members: [net]))
        }
    }
}
