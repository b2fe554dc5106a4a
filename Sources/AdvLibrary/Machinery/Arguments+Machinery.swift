import AdvData
import AdvLang
import AdvNN
import AdvSyntax
import AdvTensor

/// Typed accessors for the field's values, with messages that name the function, the argument and
/// what it got: "error: argument 1 (set) must be an example set, got tensor [3]".
extension Arguments {
    /// The example set at position `i`.
    func examples(_ i: Int, _ name: String) throws -> ExampleSet {
        let v = try value(i, name)
        guard case .object(let o) = v, let e = o as? ExamplesValue else {
            throw RuntimeError(
                "\(callee): argument \(i + 1) (\(name)) must be an example set, got \(v.typeDescription)")
        }
        return e.set
    }

    /// The model at position `i`: any classifier (a network, a tree, a k-NN, an ensemble).
    func model(_ i: Int, _ name: String) throws -> ModelValue {
        let v = try value(i, name)
        guard let m = v.asModel else {
            throw RuntimeError("\(callee): argument \(i + 1) (\(name)) must be a model, got \(v.typeDescription)")
        }
        return m
    }

    /// The network (`Model`) at position `i`, for what needs weights or SGD; a tree, a k-NN or an
    /// ensemble is an error saying so.
    func network(_ i: Int, _ name: String) throws -> Model {
        let m = try model(i, name)
        guard let network = m.network else { throw m.notANetwork(callee) }
        return network
    }

    /// For a built-in called `f(net, a, b)` or `f(a, b)` (the current model): the model given
    /// first, or the current one, and the position of the next argument. `parameters` names the
    /// arguments after the model, so a call short of them is told which it lacks
    /// ("fgsm: missing eps: fgsm(net, set, eps), or fgsm(set, eps) for the current model") before
    /// any complaint about the model; `labels` are the named arguments it takes.
    func leadingModel(_ session: Session, then parameters: [String], labels: Set<String> = []) throws -> (
        model: any Classifier, next: Int
    ) {
        let (value, next) = try leadingValue(session, then: parameters, labels: labels)
        return (value.classifier, next)
    }

    /// `leadingModel` for a built-in that takes the model's gradient (fgsm, pgd, ...): the model
    /// must be a network; a tree, a k-NN or an ensemble is an error naming the attack that fits it.
    func leadingNetwork(_ session: Session, then parameters: [String], labels: Set<String> = []) throws -> (
        model: Model, next: Int
    ) {
        let (value, next) = try leadingValue(session, then: parameters, labels: labels)
        guard let network = value.network else { throw value.noGradient(callee) }
        return (network, next)
    }

    /// `leadingModel` for an attack on the input gradient of any classifier that has one (fgsm,
    /// pgd): a network or an averaging ensemble of networks; anything else is an error naming the
    /// attack that fits it.
    func leadingDifferentiable(_ session: Session, then parameters: [String], labels: Set<String> = []) throws -> (
        model: any Classifier, next: Int
    ) {
        let (value, next) = try leadingValue(session, then: parameters, labels: labels)
        guard let model = value.differentiable else { throw value.noGradient(callee) }
        return (model, next)
    }

    /// The model value of `leadingModel`, and the position of the next argument.
    func leadingValue(_ session: Session, then parameters: [String], labels: Set<String> = []) throws -> (
        model: ModelValue, next: Int
    ) {
        let given = positional.first?.asModel
        let next = given == nil ? 0 : 1
        let forms =
            "\(callee)(net, \(parameters.joined(separator: ", "))), or \(callee)(\(parameters.joined(separator: ", "))) for the current model"
        if positional.count - next < parameters.count {
            let missing = parameters[(positional.count - next)...]
            throw RuntimeError("\(callee): missing \(missing.joined(separator: " and ")): \(forms)")
        }
        if positional.count - next > parameters.count {
            throw RuntimeError(
                "\(callee): expected \(forms); got \(positional.count) arguments")
        }
        try check(positional.count...positional.count, labels: labels)
        if let given { return (given, next) }
        guard let current = session.currentModel?.asModel else {
            throw RuntimeError(
                "\(callee): no model given and no current model",
                notes: ["name one, \(callee)(net, ...), or make one current with `model softmax_regression()`"])
        }
        return (current, next)
    }

    /// A number at position `i` as Float32.
    func float(_ i: Int, _ name: String) throws -> Float { Float(try number(i, name)) }

    /// A non-negative number at position `i` (an eps, a standard deviation): a finite Float32 of at least 0.
    func nonNegative(_ i: Int, _ name: String) throws -> Float {
        try Arguments.nonNegative(try number(i, name), "\(callee): argument \(i + 1) (\(name))")
    }

    /// The named non-negative number `label:` (a step size), nil when absent; rules as for `nonNegative(_:_:)`.
    func namedNonNegative(_ label: String) throws -> Float? {
        try namedNumber(label).map { try Arguments.nonNegative($0, "\(callee): \(label)") }
    }

    /// The named choice `label:` among `T`'s raw values (a defence's gradient mode), `fallback`
    /// when absent; any other value is refused, naming the choices.
    func namedChoice<T: RawRepresentable & CaseIterable>(_ label: String, _ fallback: T) throws -> T
    where T.RawValue == String {
        guard let v = namedValue(label) else { return fallback }
        let choices = T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        guard case .string(let s) = v, let choice = T(rawValue: s) else {
            throw RuntimeError("\(callee): \(label) must be one of \(choices), got \(v.repr)")
        }
        return choice
    }

    /// `n` as a finite Float32 of at least 0; `what` starts the message.
    static func nonNegative(_ n: Double, _ what: String) throws -> Float {
        guard n.isFinite else { throw RuntimeError("\(what) must be a finite number, got \(formatNumber(n))") }
        guard n >= 0 else { throw RuntimeError("\(what) must be at least 0, got \(formatNumber(n))") }
        guard Float(n).isFinite else {
            throw RuntimeError("\(what) is too large for Float32 (at most 3.4e38), got \(formatNumber(n))")
        }
        return Float(n)
    }

    /// Rows to classify: an example set's images or a tensor [n, d] (a single row [d] becomes [1, d]).
    func rows(_ i: Int, _ name: String) throws -> Tensor {
        let v = try value(i, name)
        if case .object(let o) = v, let e = o as? ExamplesValue { return e.set.images }
        guard case .tensor(let t) = v, t.rank == 1 || t.rank == 2 else {
            throw RuntimeError(
                "\(callee): argument \(i + 1) (\(name)) must be an example set or a tensor [n, d], got \(v.typeDescription)"
            )
        }
        return t.rank == 1 ? try t.reshaped([1, t.count]) : t
    }

    /// The file name at position `i`: a non-empty string. An empty one would mean the current
    /// folder to Foundation, which `save_model` would then fill.
    func path(_ i: Int, _ name: String) throws -> String {
        let s = try string(i, name)
        guard !s.isEmpty else {
            throw RuntimeError("\(callee): argument \(i + 1) (\(name)) must name a file, got an empty string")
        }
        return s
    }

    /// Argument `i`, a file to write: in the session's output folder when relative.
    func outputPath(_ i: Int, _ name: String, _ session: Session) throws -> String {
        let file = try path(i, name)
        do {
            return try session.outputPath(file)
        } catch let error as RuntimeError {
            throw RuntimeError("\(callee): \(error.message)")
        }
    }

    /// Argument `i`, a file to read: from the session's output folder when the program wrote it there.
    func inputPath(_ i: Int, _ name: String, _ session: Session) throws -> String {
        session.inputPath(try path(i, name))
    }

    /// Runs `body`, an AdvData or AdvNN step, so its errors name this built-in: a file error gets
    /// the name in front ("load_model: PATH: ..."), an argument error from a helper swaps the
    /// helper's name ("filter:", "grid:") for it.
    func naming<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as RuntimeError {
            throw error
        } catch DataError.invalidArgument(_, let message) {
            throw RuntimeError("\(callee): \(message)")
        } catch {
            throw RuntimeError("\(callee): \(error)")
        }
    }

    /// The list at position `i`.
    func list(_ i: Int, _ name: String) throws -> [Value] {
        let v = try value(i, name)
        guard case .list(let items) = v else {
            throw RuntimeError("\(callee): argument \(i + 1) (\(name)) must be a list, got \(v.typeDescription)")
        }
        return items
    }

    /// The named `seed:` (a non-negative integer, shifted by the run's seed), or a draw from the
    /// session's generator, so runs after `seed(n)` repeat.
    func seed(_ session: Session) throws -> UInt64 {
        guard let n = try namedInt("seed") else { return session.generator.next() }
        guard n >= 0 else { throw RuntimeError("\(callee): seed must be non-negative, got \(n)") }
        return session.scriptSeed(UInt64(n))
    }

    /// The named `clip:` (default true).
    var clip: Bool {
        get throws { try namedBool("clip") ?? true }
    }
}

extension Value {
    /// The model this value holds, if any.
    var asModel: ModelValue? {
        if case .object(let o) = self { return o as? ModelValue }
        return nil
    }

    /// An example set as a language value.
    static func examples(_ set: ExampleSet) -> Value { .object(ExamplesValue(set)) }

    /// A list of Float32 numbers as a rank-1 tensor value.
    static func vector(_ numbers: [Float]) -> Value { .tensor(Tensor(numbers)) }
}

extension ExampleSet {
    /// The same labels with new images (an attack's output), named `name`.
    func with(images: Tensor, name: String) throws -> ExampleSet {
        try ExampleSet(images: images, labels: labels, name: name)
    }
}
