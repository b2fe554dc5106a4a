import AdvLang
import AdvNN
import AdvSyntax
import AdvTensor
import Foundation

/// The papers' model families as constructors, and saving and loading.
///
/// Every constructor takes `seed:` (default: a draw from the session's generator) and `inputs:`
/// (default 784); the multi-class ones take `classes:` (default 10).
extension BuiltinLibrary {
    func registerModels() {
        let common: Set<String> = ["seed", "inputs", "classes"]
        register(
            "softmax_regression", "softmax_regression(l2: 0, seed: n)",
            """
            Softmax regression, [n, 784] -> 10 logits (Szegedy's FC10(lambda) with l2 = lambda, \
            Goodfellow's shallow softmax).
            """
        ) { args, session in
            try args.check(0...0, labels: common.union(["l2"]))
            let inputs = try args.size("inputs", 784)
            let classes = try args.size("classes", 10, least: 2)
            try args.limitParameters(Double(inputs + 1) * Double(classes))
            return .object(
                ModelValue(
                    .softmaxRegression(
                        inputs: inputs, classes: classes,
                        l2: try args.decay("l2"), seed: try args.seed(session))))
        }
        register(
            "linear_svm", "linear_svm(l2: 8.3e-6, seed: n)",
            """
            A linear SVM, one-vs-rest (Papernot 2016's SVM): one score per class, x W + b, trained by \
            `train` on the squared hinge sum_c max(0, 1 - t_c s_c)^2 (t_c = +1 for the label, -1 else; \
            scikit-learn's LinearSVC loss) plus l2 |W|^2. The default l2 = 1/120000 is LinearSVC's C = 1 \
            on 60,000 examples (l2 = 1 / (2 n C)). fgsm uses the hinge's gradient; svm_attack is the \
            paper's crafting.
            """
        ) { args, session in
            try args.check(0...0, labels: common.union(["l2"]))
            let inputs = try args.size("inputs", 784)
            let classes = try args.size("classes", 10, least: 2)
            try args.limitParameters(Double(inputs + 1) * Double(classes))
            let l2 = args.namedValue("l2") == nil ? Model.linearSVMDefaultL2 : try args.decay("l2")
            return .object(
                ModelValue(.linearSVM(inputs: inputs, classes: classes, l2: l2, seed: try args.seed(session))))
        }
        register(
            "logistic", "logistic(l2: 0, seed: n)",
            """
            Binary logistic regression (Goodfellow section 5, 3 versus 7): one logit, two classes \
            (labels 0/1, see binary).
            """
        ) { args, session in
            try args.check(0...0, labels: ["seed", "inputs", "l2"])
            let inputs = try args.size("inputs", 784)
            try args.limitParameters(Double(inputs + 1))
            return .object(
                ModelValue(
                    .logisticRegression(
                        inputs: inputs, l2: try args.decay("l2"), seed: try args.seed(session))))
        }
        register(
            "ecoc", "ecoc([200, 200], bits: 15, activation: \"relu\", seed: n)",
            """
            Error-correcting output codes (Dietterich & Bakiri 1995): a fully connected network with \
            relu (or sigmoid) hidden layers of the given widths and one logistic output per bit of a \
            random code of `bits` bits per class (drawn from the seed; codewords at least \
            max(3, bits / 4) bits apart, no bit constant or repeated), trained by `train` with each \
            bit's logistic loss against the true class's codeword. Its logits are the codewords' \
            decoding scores sum_b log sigmoid(+-z_b) (the nearest codeword wins); fgsm and pgd \
            follow its training loss. `.code` is the code [classes, bits].
            """
        ) { args, session in
            try args.check(1...1, labels: common.union(["bits", "activation"]))
            let hidden = try args.integers(0, "hidden", like: "a list of widths like [200, 200]")
            guard hidden.allSatisfy({ $0 > 0 }) else {
                throw RuntimeError("ecoc: hidden widths must be positive, got \(hidden.shapeDescription)")
            }
            let activation: Activation
            switch args.namedValue("activation") {
            case nil: activation = .relu
            case .string(let s)?:
                guard let a = Activation(rawValue: s) else {
                    throw RuntimeError("ecoc: activation must be \"sigmoid\" or \"relu\", got \"\(s)\"")
                }
                activation = a
            case let v?: throw RuntimeError("ecoc: activation must be a string, got \(v.typeDescription)")
            }
            let inputs = try args.size("inputs", 784)
            let classes = try args.size("classes", 10, least: 2)
            let bits = try args.size("bits", 15, least: 2)
            guard bits <= 62 else { throw RuntimeError("ecoc: bits must be from 2 to 62, got \(bits)") }
            let widths = [inputs] + hidden + [bits]
            try args.limitParameters(zip(widths, widths.dropFirst()).reduce(0) { $0 + Double($1.0 + 1) * Double($1.1) })
            let seed = try args.seed(session)
            return .object(
                ModelValue(
                    try Model.errorCorrectingCodes(
                        inputs: inputs, hidden: hidden, classes: classes, bits: bits, activation: activation,
                        seed: seed)))
        }
        register(
            "fc", "fc([100, 100], l2: [1e-5, 1e-5, 1e-6], activation: \"sigmoid\", seed: n)",
            """
            A fully connected network (Szegedy's FC100-100-10, FC200-200-10, FC123-456-10): hidden \
            layers of the given widths with sigmoid or relu units, then softmax. l2 is one number for \
            every linear layer or one per linear layer (shorter lists repeat their last value).
            """
        ) { args, session in
            try args.check(1...1, labels: common.union(["l2", "activation"]))
            let hidden = try args.integers(0, "hidden", like: "a list of widths like [100, 100]")
            guard hidden.allSatisfy({ $0 > 0 }) else {
                throw RuntimeError("fc: hidden widths must be positive, got \(hidden.shapeDescription)")
            }
            let activation: Activation
            switch args.namedValue("activation") {
            case nil: activation = .sigmoid
            case .string(let s)?:
                guard let a = Activation(rawValue: s) else {
                    throw RuntimeError("fc: activation must be \"sigmoid\" or \"relu\", got \"\(s)\"")
                }
                activation = a
            case let v?: throw RuntimeError("fc: activation must be a string, got \(v.typeDescription)")
            }
            var l2: [Float] = [1e-5, 1e-5, 1e-6]
            if let v = args.namedValue("l2") {
                guard let t = v.asTensor, t.rank <= 1, t.count > 0, t.scalars.allSatisfy({ $0 >= 0 && $0.isFinite })
                else {
                    throw RuntimeError(
                        "fc: l2 must be a non-negative number or a list of them, got \(v.typeDescription)")
                }
                l2 = t.scalars
            }
            let inputs = try args.size("inputs", 784)
            let classes = try args.size("classes", 10, least: 2)
            let widths = [inputs] + hidden + [classes]
            try args.limitParameters(zip(widths, widths.dropFirst()).reduce(0) { $0 + Double($1.0 + 1) * Double($1.1) })
            return .object(
                ModelValue(
                    .fullyConnected(
                        inputs: inputs, hidden: hidden, classes: classes,
                        activation: activation, l2: l2, seed: try args.seed(session))))
        }
        register(
            "maxout", "maxout(240, pieces: 5, layers: 2, dropout: true, maxnorm: 1.9365, seed: n)",
            """
            A maxout network of the pylearn2 recipe (Goodfellow 2015's baseline): `layers` maxout \
            layers of `units` units x `pieces` pieces, then softmax; dropout (input keep .8, hidden .5) \
            and max-norm on every layer's incoming weights.
            """
        ) { args, session in
            try args.check(1...1, labels: common.union(["pieces", "layers", "dropout", "maxnorm"]))
            let units = try args.int(0, "units")
            guard units > 0 else { throw RuntimeError("maxout: argument 1 (units) must be positive, got \(units)") }
            let depth = try args.namedInt("layers") ?? 2
            guard depth >= 0 else { throw RuntimeError("maxout: layers must be non-negative, got \(depth)") }
            let maxNorm = try args.namedNumber("maxnorm") ?? 1.9365
            guard maxNorm > 0 else {
                throw RuntimeError("maxout: maxnorm must be positive, got \(formatNumber(maxNorm))")
            }
            let inputs = try args.size("inputs", 784)
            let pieces = try args.size("pieces", 5)
            let classes = try args.size("classes", 10, least: 2)
            let first = Double(inputs + 1) * Double(units) * Double(pieces)
            try args.limitParameters(
                first + Double(max(depth - 1, 0)) * Double(units + 1) * Double(units) * Double(pieces)
                    + Double(units + 1) * Double(classes))
            return .object(
                ModelValue(
                    .maxout(
                        inputs: inputs, units: units, pieces: pieces, layers: depth, classes: classes,
                        dropout: try args.namedBool("dropout") ?? true,
                        maxNorm: Float(maxNorm), seed: try args.seed(session))))
        }
        register(
            "rbf", "rbf(seed: n)",
            """
            Goodfellow's shallow RBF network (section 7), one unit per class: \
            p(y = c | x) = exp(-sum_i beta_ci (x_i - mu_ci)^2), trained by one-vs-rest binary cross-entropy.
            """
        ) { args, session in
            try args.check(0...0, labels: common)
            let inputs = try args.size("inputs", 784)
            let classes = try args.size("classes", 10, least: 2)
            try args.limitParameters(2 * Double(inputs) * Double(classes))
            return .object(ModelValue(.rbf(inputs: inputs, classes: classes, seed: try args.seed(session))))
        }
        register(
            "autoencoder", "autoencoder(400, l2: 1e-6, seed: n)",
            """
            Szegedy's AE400-10: a sigmoid autoencoder 784 -> hidden -> 784 with a softmax on its code. \
            `train` on it runs pretraining (reconstruction), the softmax on the frozen code, then \
            fine-tuning, each for the given epochs.
            """
        ) { args, session in
            try args.check(0...1, labels: common.union(["l2"]))
            let hidden = args.count > 0 ? try args.int(0, "hidden") : 400
            guard hidden > 0 else {
                throw RuntimeError("autoencoder: argument 1 (hidden) must be positive, got \(hidden)")
            }
            let inputs = try args.size("inputs", 784)
            let classes = try args.size("classes", 10, least: 2)
            try args.limitParameters(Double(2 * inputs + 1 + classes) * Double(hidden) + Double(inputs + classes))
            return .object(
                ModelValue(
                    .autoencoder(
                        inputs: inputs, hidden: hidden, classes: classes,
                        l2: args.namedValue("l2") == nil ? 1e-6 : try args.decay("l2"), seed: try args.seed(session))))
        }
        registerModelFiles()
    }

    private func registerModelFiles() {
        register(
            "save_model", "save_model(net, \"file\")",
            """
            Writes the model to the directory "file" (a header.json and weights.npz), which \
            load_model reads back: a network's architecture, weights, seed, data checksum and training \
            settings; a decision tree's nodes; a k-NN classifier's k and its whole training set. An \
            ensemble is saved member by member.
            """
        ) { args, session in
            try args.check(2...2)
            let value = try args.model(0, "model")
            let url = URL(fileURLWithPath: try args.outputPath(1, "file", session))
            switch value.classifier {
            case let model as Model: try args.naming { try model.save(to: url) }
            case let tree as DecisionTree: try args.naming { try tree.save(to: url) }
            case let knn as NearestNeighbours: try args.naming { try knn.save(to: url) }
            case _ where value.isDefence:
                throw RuntimeError(
                    "save_model: \(value.kindPhrase), is not saved: save the model it wraps (.wrapped) and wrap it again"
                )
            default:
                throw RuntimeError(
                    "save_model: \(value.kindPhrase), is saved member by member: save_model(m, \"file\") for each")
            }
            return .none
        }
        register(
            "load_model", "load_model(\"file\")",
            """
            The model save_model wrote to the directory "file": a network with its architecture, weights, \
            seed and training log, a decision tree or a k-NN classifier.
            """
        ) { args, session in
            try args.check(1...1)
            let file = try args.inputPath(0, "file", session)
            return .object(ModelValue(try args.naming { try ClassifierFile.load(from: URL(fileURLWithPath: file)) }))
        }
        register(
            "export_npz", "export_npz(net, \"file.npz\")",
            """
            Writes the model as a numpy .npz archive that evaluates it from the file alone: layers (each \
            layer's kind, in order: linear, maxout, dropout, sigmoid, relu, rbf, binaryLogits), for every \
            layer K layerK.input_scale (what evaluation multiplies the layer's input by), the parameters \
            layerK.W and layerK.b (x W + b; RBF: layerK.mu, layerK.gamma) and a maxout layer's \
            layerK.pieces (each unit the max of that many consecutive columns). The logits are the layers \
            in order, each on its input times its input_scale; Tests/numpy/check_export.py is that in \
            numpy. A dropout layer's input_scale is its keep probability times its training scale, the \
            mean of the training mask: maxout's input dropout keeps pixels with p .8 unscaled, so \
            evaluation multiplies the input by .8 (the dropout paper's rule, and what our recorded \
            numbers use); its hidden dropout (p .5, kept units doubled) gives 1. pylearn2's MLP, whose \
            recipe the scripts follow, evaluates on the unscaled input instead (README, "Models in \
            numpy").
            """
        ) { args, session in
            try args.check(2...2)
            let model = try args.network(0, "model")
            let file = try args.outputPath(1, "file", session)
            try args.naming { try model.exportNPZ(to: URL(fileURLWithPath: file)) }
            return .none
        }
    }
}

extension Arguments {
    /// A named positive integer size (`inputs:`, `classes:`, `pieces:`), `fallback` when absent.
    func size(_ label: String, _ fallback: Int, least: Int = 1) throws -> Int {
        guard let n = try namedInt(label) else { return fallback }
        guard n >= least else { throw RuntimeError("\(callee): \(label) must be at least \(least), got \(n)") }
        return n
    }

    /// Throws when a model of `count` parameters would not fit in memory (a typo such as
    /// `maxout(2400000)`), before anything is allocated.
    func limitParameters(_ count: Double) throws {
        guard count <= 200_000_000 else {
            throw RuntimeError("\(callee): \(formatNumber(count)) parameters is more than the 200000000 allowed")
        }
    }

    /// A named non-negative weight-decay coefficient (`l2:`), 0 when absent.
    func decay(_ label: String) throws -> Float {
        guard let n = try namedNumber(label) else { return 0 }
        guard n >= 0, n.isFinite else {
            throw RuntimeError("\(callee): \(label) must be a non-negative number, got \(formatNumber(n))")
        }
        return Float(n)
    }
}
