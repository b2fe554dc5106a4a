import AdvData
import AdvLang
import AdvNN
import AdvSyntax
import AdvTensor

/// The attacks, over whole example sets in evaluation mode; the labels travel with the examples.
/// The model argument is optional (the current model), and pixels are clipped to [0, 1] unless
/// `clip: false`.
extension BuiltinLibrary {
    func registerAttacks() {
        register(
            "fgsm", "fgsm(set, eps, clip: true, target: none)\nfgsm(net, set, eps, clip: true, target: none)",
            """
            The fast gradient sign method (Goodfellow 2015): x + eps sign(grad_x J(x, y)). With \
            target: c (a class, or a list/tensor of one class per example) the targeted step \
            x - eps sign(grad_x J(x, c)) towards c. Labels stay the true ones.
            """
        ) { args, session in
            let (model, k) = try args.leadingDifferentiable(session, then: ["set", "eps"], labels: ["clip", "target"])
            let set = try args.examples(k, "set")
            let eps = try args.nonNegative(k + 1, "eps")
            let images: Tensor
            if let target = args.namedValue("target"), !target.isNone {
                let targets = try args.targets(target, count: set.count, classes: model.classes)
                images = try Attacks.fgsm(model, set.images, towards: targets, eps: eps, clip: try args.clip)
            } else {
                images = try Attacks.fgsm(model, set.images, labels: set.labels, eps: eps, clip: try args.clip)
            }
            return .examples(try set.with(images: images, name: "fgsm(\(set.name), \(formatNumber(Double(eps))))"))
        }
        register(
            "pgd",
            "pgd(set, eps, steps: 40, step: 0.01, random_start: true, clip: true, seed: n)\npgd(net, set, eps, steps: 40, step: 0.01, random_start: true, clip: true, seed: n)",
            """
            Projected gradient descent / BIM (Madry et al.): `steps` signed-gradient steps of size \
            `step` from a random start in the eps-ball, each projected onto the ball and [0, 1].
            """
        ) { args, session in
            let (model, k) = try args.leadingDifferentiable(
                session, then: ["set", "eps"], labels: ["steps", "step", "random_start", "clip", "seed"])
            let set = try args.examples(k, "set")
            let eps = try args.nonNegative(k + 1, "eps")
            let steps = try args.namedInt("steps") ?? 40
            guard (0...100_000).contains(steps) else {
                throw RuntimeError("pgd: steps must be from 0 to 100000, got \(steps)")
            }
            let step = try args.namedNonNegative("step") ?? 0.01
            var generator = SeededGenerator(seed: try args.seed(session))
            let images = try Attacks.pgd(
                model, set.images, labels: set.labels, eps: eps, steps: steps, stepSize: step,
                randomStart: try args.namedBool("random_start") ?? true,
                clip: try args.clip, using: &generator, shouldStop: { session.isInterrupted })
            return .examples(try set.with(images: images, name: "pgd(\(set.name), \(formatNumber(Double(eps))))"))
        }
        registerNoise("sign_noise", "eps", "Random +-eps per pixel (Goodfellow's control for FGSM).") {
            x, size, clip, g in
            try Attacks.signNoise(x, eps: size, clip: clip, using: &g)
        }
        registerNoise("uniform_noise", "eps", "Uniform noise in [-eps, eps] per pixel.") { x, size, clip, g in
            try Attacks.uniformNoise(x, eps: size, clip: clip, using: &g)
        }
        registerNoise("gaussian_noise", "sd", "Gaussian noise N(0, sd^2) per pixel (Szegedy's Tables 2 and 4).") {
            x, size, clip, g in
            try Attacks.gaussianNoise(x, standardDeviation: size, clip: clip, using: &g)
        }
        register(
            "amplify", "amplify(adversarial, original, sd, clip: true)",
            """
            The original plus the perturbation (adversarial - original) rescaled to a per-pixel \
            standard deviation (root mean square) sd, for each example: Szegedy Table 4, lower half.
            """
        ) { args, _ in
            try args.check(3...3, labels: ["clip"])
            let adversarial = try args.examples(0, "adversarial")
            let original = try args.examples(1, "original")
            let sd = try args.nonNegative(2, "sd")
            let images = try Attacks.amplified(
                original.images, adversarial.images, toStandardDeviation: sd, clip: try args.clip)
            return .examples(
                try original.with(images: images, name: "amplify(\(adversarial.name), \(formatNumber(Double(sd))))"))
        }
        register(
            "rotate", "rotate(set, angle, clip: true)\nrotate(net, set, angle, clip: true)",
            """
            Each x rotated by `angle` radians toward its loss gradient in the plane of x and \
            grad_x J, keeping |x| (Goodfellow section 4).
            """
        ) { args, session in
            let (model, k) = try args.leadingNetwork(session, then: ["set", "angle"], labels: ["clip"])
            let set = try args.examples(k, "set")
            let angle = try args.float(k + 1, "angle")
            let images = try Attacks.rotatedTowardGradient(
                model, set.images, labels: set.labels, angle: angle, clip: try args.clip)
            return .examples(try set.with(images: images, name: "rotate(\(set.name), \(formatNumber(Double(angle))))"))
        }
        registerMinimumDistortion()
    }

    /// `name(set, size, seed: n, clip: true)` for a random-noise control.
    private func registerNoise(
        _ name: String, _ size: String, _ doc: String,
        _ attack: @escaping (Tensor, Float, Bool, inout SeededGenerator) throws -> Tensor
    ) {
        register(name, "\(name)(set, \(size), seed: n, clip: true)", doc + " Clipped to [0, 1] unless clip: false.") {
            args, session in
            try args.check(2...2, labels: ["seed", "clip"])
            let set = try args.examples(0, "set")
            let amount = try args.float(1, size)
            guard amount >= 0, amount.isFinite else {
                throw RuntimeError(
                    "\(name): argument 2 (\(size)) must be a non-negative number, got \(formatNumber(Double(amount)))")
            }
            var generator = SeededGenerator(seed: try args.seed(session))
            let images = try attack(set.images, amount, try args.clip, &generator)
            return .examples(
                try set.with(images: images, name: "\(name)(\(set.name), \(formatNumber(Double(amount))))"))
        }
    }

    private func registerMinimumDistortion() {
        register(
            "min_distortion",
            "min_distortion(set, target: \"likely\", seed: n)\nmin_distortion(net, set, target: \"likely\", seed: n, c: 10, divisor: 4, bisections: 3, iterations: 200)",
            """
            Szegedy's box-constrained L-BFGS attack: for each example the smallest r (found by a \
            search over c in c|r| + loss(x + r, l)) with x + r in [0, 1] classified as the target l. \
            target: "likely" (the most probable wrong class, default), "next" ((y + 1) mod classes), \
            "random" (seeded), or one class per example. The search: c starts at c: (10) and is \
            divided by divisor: (4) until the target is reached, then bisections: (3) geometric \
            bisections look for a larger c that still reaches it; each round runs L-BFGS for at most \
            iterations: (200). Returns the adversarial examples (true labels); examples with no \
            success are reported and kept as the best minimiser found.
            """
        ) { args, session in
            let (model, k) = try args.leadingNetwork(
                session, then: ["set"], labels: ["target", "seed", "c", "divisor", "bisections", "iterations"])
            let set = try args.examples(k, "set")
            var settings = MinimumDistortionSettings()
            try args.readSearch(into: &settings)
            switch args.namedValue("target") {
            case nil, .string("likely")?: settings.target = .mostLikelyWrong
            case .string("next")?: settings.target = .next
            case .string("random")?: settings.target = .random(seed: try args.seed(session))
            case .string(let s)?:
                throw RuntimeError(
                    "min_distortion: target must be \"likely\", \"next\", \"random\" or classes, got \"\(s)\"")
            case let v?: settings.target = .given(try args.targets(v, count: set.count, classes: model.classes))
            }
            let result = try Attacks.minimumDistortion(
                model, set.images, labels: set.labels, settings: settings,
                shouldStop: { session.isInterrupted })
            let failures = result.failures
            if !failures.isEmpty {
                let shown = failures.prefix(10).map(String.init).joined(separator: ", ")
                session.output(
                    "min_distortion: \(failures.count) of \(set.count) examples found no adversarial example (indices \(shown)\(failures.count > 10 ? ", ..." : ""))"
                )
            }
            return .examples(try set.with(images: result.examples, name: "min_distortion(\(set.name))"))
        }
    }
}

extension Arguments {
    /// min_distortion's search options (c, divisor, bisections, iterations), each checked here so a
    /// bad value names its option rather than the attack's internal settings.
    fileprivate func readSearch(into settings: inout MinimumDistortionSettings) throws {
        if let c = try namedNumber("c") {
            guard c > 0, Float(c).isFinite else {
                throw RuntimeError("min_distortion: c must be a positive finite number, got \(formatNumber(c))")
            }
            settings.initialC = Float(c)
        }
        if let divisor = try namedNumber("divisor") {
            guard divisor > 1, Float(divisor).isFinite else {
                throw RuntimeError(
                    "min_distortion: divisor must be a finite number above 1, got \(formatNumber(divisor))")
            }
            settings.divisor = Float(divisor)
        }
        if let bisections = try namedInt("bisections") {
            guard (0...30).contains(bisections) else {
                throw RuntimeError("min_distortion: bisections must be 0 to 30, got \(bisections)")
            }
            settings.bisectionSteps = bisections
        }
        if let iterations = try namedInt("iterations") {
            guard (1...100_000).contains(iterations) else {
                throw RuntimeError("min_distortion: iterations must be 1 to 100000, got \(iterations)")
            }
            settings.optimizer.maxIterations = iterations
        }
    }

    /// Target classes for targeted attacks: one class for every example, or one per example.
    func targets(_ v: Value, count: Int, classes: Int) throws -> [Int] {
        guard let t = v.asTensor, t.rank <= 1, t.count == 1 || t.count == count else {
            throw RuntimeError(
                "\(callee): target must be a class or one class per example (\(count)), got \(v.typeDescription)")
        }
        let targets = try t.scalars.map { c throws in
            guard c >= 0, c == c.rounded(), c < Float(classes) else {
                throw RuntimeError(
                    "\(callee): target class \(formatNumber(Double(c))) is not one of the model's classes 0-\(classes - 1)"
                )
            }
            return Int(c)
        }
        return targets.count == count ? targets : Array(repeating: targets[0], count: count)
    }
}

extension Value {
    var isNone: Bool {
        if case .none = self { return true }
        return false
    }
}
