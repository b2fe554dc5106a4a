import AdvData
import AdvLang
import AdvNN
import AdvSyntax
import AdvTensor

/// Metrics over example sets, always in evaluation mode: error, confidence, distortion, transfer,
/// agreement, and the model's outputs.
extension BuiltinLibrary {
    func registerMetrics() {
        registerEvaluation("error", "The fraction of set misclassified, in [0, 1].") { $0.error }
        registerEvaluation("accuracy", "The fraction of set classified correctly, 1 - error.") { $0.accuracy }
        registerEvaluation("confidence", "The mean probability of the predicted class over set.") { $0.meanConfidence }
        registerEvaluation(
            "confidence_wrong",
            """
            The mean probability of the predicted class over the misclassified examples of set \
            (nan when none is wrong): Goodfellow's "confidence on the mistakes".
            """
        ) { $0.meanConfidenceOnMistakes }
        register(
            "predict", "predict(x)\npredict(net, x)",
            "The predicted class of every row of x (an example set or a tensor [n, d]), a tensor [n]."
        ) { args, session in
            let (model, k) = try args.leadingModel(session, then: ["x"])
            return .vector(try Metrics.predictions(model, try args.rows(k, "x")).classes.map(Float.init))
        }
        register(
            "probabilities", "probabilities(x)\nprobabilities(net, x)",
            "Class probabilities [n, classes] of the rows of x (a set or a tensor [n, d]).",
            tracing: .recorded
        ) { args, session in
            let (value, k) = try args.leadingValue(session, then: ["x"])
            let model = value.classifier
            if let x = try args.tracedRows(k, model) {
                guard let network = value.network else { throw value.noGradient("probabilities") }
                return .variable(try network.probabilities(x))
            }
            return .tensor(try model.probabilities(try args.validRows(k, model)))
        }
        register(
            "logits", "logits(x)\nlogits(net, x)",
            "Pre-softmax scores [n, classes] of the rows of x (a set or a tensor [n, d]); Goodfellow's Fig. 4 plots these.",
            tracing: .recorded
        ) { args, session in
            let (value, k) = try args.leadingValue(session, then: ["x"])
            let model = value.classifier
            if let x = try args.tracedRows(k, model) {
                guard let network = value.network else { throw value.noGradient("logits") }
                return .variable(try network.logits(x))
            }
            return .tensor(try model.logits(try args.validRows(k, model)))
        }
        register(
            "distortion", "distortion(a, b)",
            """
            Szegedy's average distortion: the mean over examples of sqrt(mean((a - b)^2)), for two \
            example sets (or tensors [n, d]) of the same shape.
            """
        ) { args, _ in
            try args.check(2...2)
            return .number(Double(try Metrics.averageDistortion(try args.rows(1, "b"), try args.rows(0, "a"))))
        }
        register(
            "transfer", "transfer(models, sets)",
            """
            Cross-model generalization (Szegedy Table 3): a tensor [models, sets] whose entry (i, j) \
            is model i's error on set j, e.g. sets made by fgsm against each model.
            """
        ) { args, _ in
            try args.check(2...2)
            let models = try args.models(0, "models")
            let sets = try args.list(1, "sets").enumerated().map { j, v throws in
                guard case .object(let o) = v, let e = o as? ExamplesValue else {
                    throw RuntimeError("transfer: sets[\(j)] must be an example set, got \(v.typeDescription)")
                }
                return (name: e.set.name, examples: e.set.images, labels: e.set.labels)
            }
            let matrix = try Metrics.transferMatrix(sources: sets, models: models)
            var scalars: [Float] = []
            scalars.reserveCapacity(models.count * sets.count)
            for i in models.indices { for j in sets.indices { scalars.append(matrix.errors[j][i]) } }
            return .tensor(try Tensor(shape: [models.count, sets.count], scalars: scalars))
        }
        register(
            "agreement", "agreement(model1, model2, set)",
            """
            How often two models predict the same class (Goodfellow section 8): a record {all, \
            first_wrong, both_wrong} of fractions over all examples, over those model1 gets wrong, \
            and over those both get wrong (nan when there are none).
            """
        ) { args, _ in
            try args.check(3...3)
            let first = try args.model(0, "model1").classifier
            let second = try args.model(1, "model2").classifier
            let set = try args.examples(2, "set")
            let a = try Metrics.agreement(first, second, set.images, labels: set.labels)
            return .record(
                Record([
                    ("all", .number(Double(a.overall))), ("first_wrong", .number(Double(a.whenFirstWrong))),
                    ("both_wrong", .number(Double(a.whenBothWrong))),
                ]))
        }
    }

    /// `name([model,] set)` returning one number of `Metrics.evaluate`.
    private func registerEvaluation(_ name: String, _ doc: String, _ pick: @escaping (Evaluation) -> Float) {
        register(name, "\(name)(set)\n\(name)(net, set)", doc + " Uses the current model when none is named.") {
            args, session in
            let (model, k) = try args.leadingModel(session, then: ["set"])
            let set = try args.examples(k, "set")
            return .number(Double(pick(try Metrics.evaluate(model, set.images, labels: set.labels))))
        }
    }
}

extension Arguments {
    /// Rows for `model`: checks the feature count, so the error names the model.
    func validRows(_ i: Int, _ model: any Classifier) throws -> Tensor {
        let x = try rows(i, "x")
        guard x.shape[1] == model.inputs else {
            throw RuntimeError(
                "\(callee): rows \(x.shape.shapeDescription) do not fit model \(model.name) with \(model.inputs) inputs"
            )
        }
        return x
    }

    /// A non-empty list of models at position `i`, as their values.
    func modelValues(_ i: Int, _ name: String) throws -> [ModelValue] {
        let items = try list(i, name)
        guard !items.isEmpty else { throw RuntimeError("\(callee): argument \(i + 1) (\(name)) is an empty list") }
        return try items.enumerated().map { j, v throws in
            guard let m = v.asModel else {
                throw RuntimeError("\(callee): \(name)[\(j)] must be a model, got \(v.typeDescription)")
            }
            return m
        }
    }

    /// A non-empty list of models (any classifiers) at position `i`.
    func models(_ i: Int, _ name: String) throws -> [any Classifier] {
        try modelValues(i, name).map(\.classifier)
    }

    /// A non-empty list of networks at position `i`, for what takes their gradients.
    func networks(_ i: Int, _ name: String, _ why: (ModelValue) -> RuntimeError) throws -> [Model] {
        try modelValues(i, name).map { value in
            guard let network = value.network else { throw why(value) }
            return network
        }
    }
}
