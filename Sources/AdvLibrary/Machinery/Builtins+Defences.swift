import AdvLang
import AdvNN
import AdvSyntax

/// The lecture's test-time defences as models: each wraps a trained classifier and is itself one,
/// usable wherever a model is (error, predict, transfer, fgsm, pgd, ...). fgsm and pgd attack each
/// through its own input gradient: expectation over the noise (noisy_input), exact through the
/// autoencoder (denoised), BPDA through the step (confidence_reduced).
extension BuiltinLibrary {
    func registerDefences() {
        register(
            "noisy_input", "noisy_input(net, sd: 0.3, samples: 10, seed: n)",
            """
            Noise at test time: a model that adds N(0, sd^2) to each input (not clipped) and averages \
            net's probabilities over `samples` draws, fresh at every call (a generator seeded once). \
            Its input gradient, which fgsm and pgd follow, is expectation over transformation: the \
            gradient of -log of the mean probability of the true class over `samples` fresh draws.
            """
        ) { args, session in
            try args.check(1...1, labels: ["sd", "samples", "seed"])
            let net = try args.model(0, "net")
            let sd = try args.namedNonNegative("sd") ?? 0.3
            let samples = try args.size("samples", 10)
            let seed = try args.seed(session)
            let wrapper = try NoisyInput(net.classifier, sd: sd, samples: samples, seed: seed)
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
            "confidence_reduced", "confidence_reduced(net, eps: 0.1)",
            """
            A confidence-reducing perturbation at test time: a model that first moves each input one \
            signed-gradient step of eps that lowers net's probability of the class net predicts \
            (clipped to [0, 1]), then classifies it with net. fgsm and pgd attack it by BPDA: the \
            step (a sign, clipped) read as the identity on the backward pass, net's gradient at the \
            moved input.
            """
        ) { args, _ in
            try args.check(1...1, labels: ["eps"])
            let net = try args.model(0, "net")
            guard net.differentiable != nil else { throw net.noGradient("confidence_reduced") }
            let eps = try args.namedNonNegative("eps") ?? 0.1
            let wrapper = try ConfidenceReduced(net.classifier, eps: eps)
            return .object(ModelValue(wrapper, members: [net]))
        }
    }
}
