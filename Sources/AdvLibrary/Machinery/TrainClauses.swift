import AdvData
import AdvLang
import AdvNN
import AdvSyntax

/// Reads the clauses of `train [M] on SET clause*` into `TrainingOptions`.
///
/// Clauses are flat words with values (`adversarial eps 0.25 alpha 0.5` is three clauses), so the
/// objective words (`adversarial [pgd]`, `noise sign|uniform`) pick the objective and `eps`/`alpha`
/// (and PGD training's `steps`/`step`/`random_start`) give its numbers. Each clause's arity and ranges are checked with messages that name the clause.
struct TrainClauses {
    var options = TrainingOptions()
    /// `quiet`: no progress lines even on a terminal; `verbose`: progress lines even in a pipe.
    var quiet = false
    var verbose = false
    /// `checkpoint "NAME"`: the file the run's state is saved to after every epoch, and resumed from.
    var checkpoint: String?
    /// `cache`: the same, in the model cache under a name made from the run itself.
    var cache = false

    /// Every word that starts a clause: the per-step and per-run clauses, and the noise kinds.
    static let words = stepWords.union(runWords).union(TrainingOptions.Noise.allCases.map(\.rawValue)).union(["pgd"])

    /// Reads `clauses`; messages start with `callee` (`train`, or `trainer` for its named arguments).
    init(_ clauses: [(word: String, values: [Value])], callee: String = "train") throws {
        let named = callee != "train"
        var objective: String?
        var noise: TrainingOptions.Noise?
        var eps: Float = 0.25
        var alpha: Float = 0.5
        // `clip false`: FGSM's or the noise's examples not clipped to [0, 1] (nil: not said).
        var clip: Bool?
        // PGD training (`adversarial pgd`), with the pgd attack's defaults.
        var pgd = false
        var steps = 40
        var stepSize: Float = 0.01
        var randomStart = true
        var vat = VATClauses()
        // `double_backprop L` (Drucker & LeCun's lambda) and `denoise SD` (a denoising autoencoder's noise).
        var doubleBackprop: Float = 0
        var denoise: Float = 0
        for (word, values) in clauses {
            let clause = Clause(callee: callee, word: word, values: values)
            switch word {
            case "epochs": options.epochs = try clause.int(least: 0)
            case "batch": options.batchSize = try clause.int(least: 1)
            case "lr": options.learningRate = try clause.positive()
            case "decay": options.lrDecay = try clause.decayFactor()
            case "momentum":
                let m = try clause.numbers(1...2, in: 0...1)
                options.momentumStart = m[0]
                options.momentumEnd = m.last ?? m[0]
            case "ramp": options.momentumRampEpochs = try clause.int(least: 1)
            case "l1": options.l1 = try clause.numbers(1...100, in: 0...Float.greatestFiniteMagnitude)
            case "l2": options.l2 = try clause.numbers(1...100, in: 0...Float.greatestFiniteMagnitude)
            case "maxnorm": options.maxNorm = try clause.positive()
            case "dropout": options.dropout = try clause.flag()
            case "last_layer": options.trainOnlyLastLayer = try clause.flag()
            case "seed": options.seed = UInt64(try clause.int(least: 0))
            case "validate":
                try clause.arity(1...2)
                guard case .object(let o) = values[0], let e = o as? ExamplesValue else {
                    throw RuntimeError("\(callee): validate takes an example set, got \(values[0].typeDescription)")
                }
                options.validation = e.set
                if values.count == 2 {
                    guard case .string(let s) = values[1], let on = TrainingOptions.EarlyStopping(rawValue: s) else {
                        throw RuntimeError(
                            "\(callee): validate SET takes \"clean\" or \"adversarial\" after the set, got \(values[1].repr)"
                        )
                    }
                    options.earlyStopOn = on
                }
            case "patience": options.patience = try clause.int(least: 1)
            case "adversarial", "noise", "vat", "double_backprop", "denoise":
                switch word {
                case "double_backprop":
                    doubleBackprop = try clause.numbers(1...1, in: 0...Float.greatestFiniteMagnitude)[0]
                case "denoise": denoise = try clause.positive()
                default: try clause.arity(0...0)
                }
                if let objective, objective != word {
                    throw RuntimeError("\(callee): choose one of \(objective) and \(word), not both")
                }
                objective = word
            case "sign", "uniform":
                try clause.arity(0...0)
                noise = TrainingOptions.Noise(rawValue: word)
            case "pgd":
                try clause.arity(0...0)
                pgd = true
            case "steps":
                steps = try clause.int(least: 1)
                guard steps <= TrainClauses.maxSteps else {
                    throw RuntimeError(
                        "\(callee): steps must be an integer from 1 to \(TrainClauses.maxSteps), got \(steps)",
                        notes: [
                            "each step is a forward and backward pass of every minibatch; Madry et al. train with 40"
                        ])
                }
            case "step": stepSize = try clause.positive()
            case "random_start": randomStart = try clause.flag()
            case "eps":
                eps = try clause.numbers(1...1, in: 0...Float.greatestFiniteMagnitude)[0]
                vat.eps = eps
            case "xi": vat.xi = try clause.positive()
            case "power": vat.iterations = try clause.int(least: 1)
            case "lambda": vat.lambda = try clause.numbers(1...1, in: 0...Float.greatestFiniteMagnitude)[0]
            case "unlabelled":
                try clause.arity(1...2)
                guard case .object(let o) = values[0], let e = o as? ExamplesValue else {
                    throw RuntimeError(
                        "\(callee): unlabelled takes an example set (its labels are ignored), got \(values[0].typeDescription)"
                    )
                }
                options.unlabelled = e.set
                if values.count == 2 {
                    options.unlabelledBatchSize = try Clause(
                        callee: callee, word: "unlabelled's batch", values: [values[1]]
                    )
                    .int(least: 1)
                }
            case "alpha": alpha = try clause.numbers(1...1, in: 0...1)[0]
            case "clip": clip = try clause.flag()
            case "quiet":
                try clause.arity(0...0)
                quiet = true
            case "verbose":
                try clause.arity(0...0)
                verbose = true
            case "checkpoint":
                try clause.arity(1...1)
                guard case .string(let name) = values[0], !name.isEmpty else {
                    throw RuntimeError("\(callee): checkpoint takes a file name, got \(values[0].repr)")
                }
                checkpoint = name
            case "cache":
                try clause.arity(0...0)
                cache = true
            default:
                throw RuntimeError(
                    "\(callee): the clause '\(word)' is not one train uses",
                    notes: [
                        "train's clauses: epochs batch lr decay momentum ramp l1 l2 maxnorm dropout last_layer seed validate patience adversarial pgd eps alpha clip steps step random_start noise sign uniform vat xi power lambda unlabelled double_backprop denoise quiet verbose checkpoint cache"
                    ])
            }
        }
        if cache && checkpoint != nil {
            throw RuntimeError("\(callee): choose one of checkpoint \"NAME\" and cache, not both")
        }
        try checkPGD(clauses.map(\.word), pgd: pgd, adversarial: objective == "adversarial", callee: callee)
        if clip != nil && (pgd || !(objective.map { ["adversarial", "noise"].contains($0) } ?? false)) {
            throw RuntimeError(
                "\(callee): clip belongs to adversarial (FGSM) or noise training"
                    + (pgd ? "; PGD's examples always stay in [0, 1]" : ""))
        }
        switch objective {
        case "adversarial":
            try VATClauses.refuseWithoutVAT(clauses, callee: callee, named: named)
            guard noise == nil else { throw RuntimeError("\(callee): sign/uniform belong to noise, not adversarial") }
            options.objective =
                pgd
                ? .pgd(eps: eps, steps: steps, stepSize: stepSize, randomStart: randomStart, alpha: alpha)
                : .adversarial(eps: eps, alpha: alpha, clip: clip ?? true)
        case "noise":
            try VATClauses.refuseWithoutVAT(clauses, callee: callee, named: named)
            guard let noise else {
                throw RuntimeError(
                    "\(callee): noise needs a kind: "
                        + (named ? "noise: \"sign\" or noise: \"uniform\"" : "noise sign eps E or noise uniform eps E"))
            }
            options.objective = .noise(noise, eps: eps, alpha: alpha, clip: clip ?? true)
        case "vat":
            guard noise == nil else { throw RuntimeError("\(callee): sign/uniform belong to noise, not vat") }
            options.objective = try vat.objective(clauses, callee: callee, named: named)
        case "double_backprop", "denoise":
            try VATClauses.refuseWithoutVAT(clauses, callee: callee, named: named)
            if let word = clauses.first(where: { ["eps", "alpha", "sign", "uniform"].contains($0.word) })?.word {
                throw RuntimeError("\(callee): \(word) belongs to adversarial or noise, not \(objective ?? "")")
            }
            options.objective =
                objective == "denoise" ? .denoising(sd: denoise) : .doubleBackprop(lambda: doubleBackprop)
        default:
            if noise != nil { throw RuntimeError("\(callee): sign/uniform need noise before them: noise sign eps E") }
            try VATClauses.refuseWithoutVAT(clauses, callee: callee, named: named)
            if clauses.contains(where: { $0.word == "eps" || $0.word == "alpha" }) {
                throw RuntimeError(
                    "\(callee): eps and alpha belong to adversarial or noise: "
                        + (named ? "adversarial: true, eps: 0.25, alpha: 0.5" : "adversarial eps 0.25 alpha 0.5"))
            }
        }
    }
}

extension TrainClauses {
    /// The named arguments `trainer` accepts: train's per-step clauses.
    static let stepWords = Set([
        "lr", "decay", "momentum", "l1", "l2", "maxnorm", "dropout", "seed", "adversarial", "noise", "eps", "alpha",
        "clip",
        "last_layer", "vat", "xi", "power", "lambda", "unlabelled", "double_backprop", "denoise",
    ]).union(pgdSettings)
    /// PGD training's settings, after `adversarial pgd`.
    static let pgdSettings: Set<String> = ["steps", "step", "random_start"]
    /// The most PGD steps a training minibatch takes (Ctrl-C waits for the minibatch to end).
    static let maxSteps = 1000

    /// `pgd` only after `adversarial`, and PGD's settings only after `adversarial pgd`.
    private func checkPGD(_ words: [String], pgd: Bool, adversarial: Bool, callee: String) throws {
        let example =
            callee == "train"
            ? "adversarial pgd eps 0.3 steps 40 step 0.01" : "adversarial: \"pgd\", eps: 0.3, steps: 40, step: 0.01"
        if pgd && !adversarial { throw RuntimeError("\(callee): pgd needs adversarial before it: \(example)") }
        if !pgd, let word = words.first(where: TrainClauses.pgdSettings.contains) {
            throw RuntimeError("\(callee): \(word) belongs to PGD training: \(example)")
        }
    }
    /// Train's clauses about a whole run, which a trainer's loop decides instead.
    static let runWords: Set<String> = [
        "epochs", "batch", "ramp", "validate", "patience", "quiet", "verbose", "checkpoint", "cache",
    ]

    /// `trainer(model, lr: 0.1, momentum: 0.5, adversarial: true, eps: 0.25, alpha: 0.5, ...)`'s named
    /// arguments read as train's clauses, so the checks and messages are train's:
    /// `adversarial: true` is the clause `adversarial`, `noise: "sign"` the clauses `noise sign`,
    /// a list or vector gives a clause several values (`l2: [1e-4, 0]`). Momentum is one number: a trainer
    /// has no epochs to ramp over (`step(t, batch, momentum: m)` changes it per step).
    init(stepArguments named: [(label: String, value: Value)]) throws {
        var clauses: [(word: String, values: [Value])] = []
        for (label, value) in named {
            if TrainClauses.runWords.contains(label) {
                throw RuntimeError(
                    "trainer: \(label) is about a whole run (the train statement), not a step",
                    notes: [
                        "a trainer's loop picks its minibatches: for i in range(n) { step(t, set[i*100:(i+1)*100]) }"
                    ])
            }
            switch (label, value) {
            case ("adversarial", .bool(let on)):
                if on { clauses.append(("adversarial", [])) }
            case ("adversarial", .string("pgd")):
                clauses += [("adversarial", []), ("pgd", [])]
            case ("adversarial", _):
                throw RuntimeError(
                    "trainer: adversarial must be true, false or \"pgd\", got \(value.repr)")
            case ("vat", .bool(let on)):
                if on { clauses.append(("vat", [])) }
            case ("vat", _):
                throw RuntimeError("trainer: vat must be true or false, got \(value.typeDescription)")
            case ("noise", .string(let kind)) where TrainingOptions.Noise(rawValue: kind) != nil:
                clauses += [("noise", []), (kind, [])]
            case ("noise", _):
                throw RuntimeError("trainer: noise must be \"sign\" or \"uniform\", got \(value.repr)")
            case (_, .list(let items)):
                clauses.append((label, items))
            case (_, .tensor(let t)) where t.rank == 1:
                clauses.append((label, t.scalars.map { .number(Double($0)) }))
            default:
                clauses.append((label, [value]))
            }
        }
        try self.init(clauses, callee: "trainer")
        guard options.momentumStart == options.momentumEnd || !named.contains(where: { $0.label == "momentum" }) else {
            throw RuntimeError(
                "trainer: momentum takes one number (a trainer has no epochs to ramp over), got 2",
                notes: ["change it per step instead: step(t, batch, momentum: 0.7)"])
        }
        // Without a momentum argument a trainer keeps the recipe's starting momentum (0.5) throughout.
        options.momentumEnd = options.momentumStart
    }
}

/// One clause's values with checked accessors.
private struct Clause {
    /// `train`, or `trainer` (whose clauses are named arguments).
    let callee: String
    let word: String
    let values: [Value]

    func arity(_ range: ClosedRange<Int>) throws {
        guard range.contains(values.count) else {
            let wanted =
                range.lowerBound == range.upperBound
                ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
            throw RuntimeError(
                "\(callee): \(word) takes \(wanted) value\(range.upperBound == 1 ? "" : "s"), got \(values.count)",
                notes: callee == "train"
                    ? ["a variable named like a clause word is written in parentheses: \(word) (\(word))"] : [])
        }
    }

    func numbers(_ count: ClosedRange<Int>, in allowed: ClosedRange<Float>) throws -> [Float] {
        try arity(count)
        let range =
            allowed.upperBound == .greatestFiniteMagnitude
            ? "at least \(formatNumber(Double(allowed.lowerBound)))"
            : "in [\(formatNumber(Double(allowed.lowerBound))), \(formatNumber(Double(allowed.upperBound)))]"
        return try values.map { v throws in try number(v, range) { allowed.contains($0) } }
    }

    /// A positive number (`lr`, `maxnorm`).
    func positive() throws -> Float {
        try arity(1...1)
        return try number(values[0], "greater than 0") { $0 > 0 }
    }

    /// `v` as a finite Float32 that passes `rule`; `range` says the rule in the error.
    private func number(_ v: Value, _ range: String, _ rule: (Float) -> Bool) throws -> Float {
        guard let n = v.asNumber, n.isFinite else {
            throw RuntimeError("\(callee): \(word) must be a finite number \(range), got \(v.repr)")
        }
        guard Float(n).isFinite else {
            throw RuntimeError(
                "\(callee): \(word) is too large for Float32 (at most 3.4e38), got \(v.repr)")
        }
        guard rule(Float(n)) else { throw RuntimeError("\(callee): \(word) must be a number \(range), got \(v.repr)") }
        return Float(n)
    }

    /// The learning-rate decay factor, read in Float64: 1.000004 is not representable in Float32.
    func decayFactor() throws -> Double {
        try arity(1...1)
        guard let n = values[0].asNumber, n.isFinite, n >= 1 else {
            throw RuntimeError("\(callee): decay must be a number of at least 1, got \(values[0].repr)")
        }
        return n
    }

    func int(least: Int) throws -> Int {
        try arity(1...1)
        guard let n = values[0].asNumber, n.isFinite, n == n.rounded(), n >= Double(least), n < 1e12 else {
            throw RuntimeError("\(callee): \(word) must be an integer of at least \(least), got \(values[0].repr)")
        }
        return Int(n)
    }

    /// No value (on) or one boolean.
    func flag() throws -> Bool {
        try arity(0...1)
        guard let v = values.first else { return true }
        guard case .bool(let b) = v else { throw RuntimeError("\(callee): \(word) takes true or false, got \(v.repr)") }
        return b
    }
}
