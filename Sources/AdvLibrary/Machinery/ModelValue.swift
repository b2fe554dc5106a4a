import AdvLang
import AdvNN
import AdvSyntax

/// A classifier as a language value (type name "model"): a network (`Model`: softmax regression,
/// logistic, the linear SVM, fc, maxout, RBF, autoencoder), a decision tree, a k-NN classifier or
/// an ensemble of them. Prints its summary. Every model answers the metrics (error, predict,
/// transfer, agreement, ...); what needs a gradient or weights (train's SGD, trainer, fgsm, pgd,
/// weights, lipschitz, export_npz) asks for a network and says which attack fits the others.
///
/// Members: `.name` for all; a network's `.parameters` (count), `.seed`, `.weights` (each weighted
/// layer's matrix [in, out], e.g. Goodfellow's Fig. 2 and 3 draw transpose(m.weights[0])) and
/// `.training` (the record of the last `train` run, or none); a tree's `.nodes`, `.leaves`,
/// `.depth` and `.training`; a k-NN's `.k` and `.examples` (how many it keeps); an ensemble's
/// `.members` (the models it was made of); an ECOC network's `.code` too; a test-time defence's
/// (noisy_input, denoised, confidence_reduced) `.wrapped`, the model it defends.
public final class ModelValue: DomainValue {
    public let classifier: any Classifier
    /// An ensemble's members, as the values they were given as; a test-time defence's wrapped model.
    public let members: [ModelValue]
    /// What the last `train` statement on this model returned (the statement itself has no value).
    public var lastTraining: Value = .none

    public init(_ classifier: any Classifier, members: [ModelValue] = []) {
        self.classifier = classifier
        self.members = members
    }

    /// A network's value (so that `ModelValue(.maxout(...))` reads the factories by name).
    public convenience init(_ network: Model) {
        self.init(network as any Classifier)
    }

    /// The network this value holds, nil for a tree, a k-NN classifier or an ensemble.
    public var network: Model? { classifier as? Model }

    /// The classifier when it has an input gradient (what fgsm and pgd need): a network, or an
    /// ensemble averaging members that all have one.
    public var differentiable: (any Classifier)? {
        if let network { return network }
        if let ensemble = classifier as? Ensemble, ensemble.vote == .average,
            members.allSatisfy({ $0.differentiable != nil })
        {
            return ensemble
        }
        if isDefence, members.first?.differentiable != nil { return classifier }
        return nil
    }

    /// Whether this is a test-time defence wrapping the model in `members` (noisy_input, denoised,
    /// confidence_reduced).
    var isDefence: Bool { classifier is NoisyInput || classifier is Denoised || classifier is ConfidenceReduced }

    public var typeName: String { "model" }

    public var memberNames: [String] {
        switch classifier {
        case is DecisionTree: ["name", "nodes", "leaves", "depth", "training"]
        case is NearestNeighbours: ["name", "k", "examples"]
        case is Ensemble: ["name", "members"]
        case _ where isDefence: ["name", "wrapped"]
        case let model as Model where model.code != nil: ["name", "parameters", "seed", "weights", "training", "code"]
        default: ["name", "parameters", "seed", "weights", "training"]
        }
    }

    public func member(_ name: String) throws -> Value? {
        guard memberNames.contains(name) else { return nil }
        switch (name, classifier) {
        case ("name", _): return .string(classifier.name)
        case ("training", _): return lastTraining
        case ("nodes", let tree as DecisionTree): return .number(Double(tree.nodes.count))
        case ("leaves", let tree as DecisionTree): return .number(Double(tree.leafCount))
        case ("depth", let tree as DecisionTree): return .number(Double(tree.depth))
        case ("k", let knn as NearestNeighbours): return .number(Double(knn.k))
        case ("examples", let knn as NearestNeighbours): return .number(Double(knn.examples.shape[0]))
        case ("members", _): return .list(members.map { .object($0) })
        case ("wrapped", _): return members.first.map { .object($0) }
        case ("code", let model as Model): return model.code.map { .tensor($0) }
        case ("parameters", let model as Model): return .number(Double(model.parameterCount))
        case ("seed", let model as Model): return .number(Double(model.seed))
        case ("weights", let model as Model):
            // NOTE: a copy-on-write copy, so changing it in adv never changes the model.
            return .list(
                model.layers.compactMap { layer in
                    switch layer.kind {
                    case .linear, .maxout, .rbf:
                        return layer.parameterIndices.first.map { .tensor(model.parameters[$0]) }
                    default: return nil
                    }
                })
        default: return nil
        }
    }

    public var description: String {
        (classifier as? CustomStringConvertible)?.description ?? "model \(classifier.name)"
    }

    /// "DT, a decision tree": the model's name and kind, for messages.
    var kindPhrase: String {
        switch classifier {
        case is DecisionTree: "\(classifier.name), a decision tree"
        case is NearestNeighbours: "\(classifier.name), a k-nearest-neighbour classifier"
        case is Ensemble: "\(classifier.name), an ensemble vote"
        case _ where isDefence: "\(classifier.name), a test-time defence"
        default: "\(classifier.name), a network"
        }
    }

    /// How to craft this model's adversarial examples: "craft its adversarial examples with
    /// tree_attack(tree, set)".
    var craftingHint: String {
        switch classifier {
        case is DecisionTree: return "craft its adversarial examples with tree_attack(tree, set)"
        case is NearestNeighbours: return "craft its adversarial examples with knn_attack(nn, set, eps)"
        case is Ensemble:
            return "craft on its members (fgsm, svm_attack, tree_attack, knn_attack) and transfer, or average "
                + "networks, ensemble(nets, vote: \"average\"), which fgsm attacks whole"
        case _ where isDefence:
            return "attack the model it wraps (.wrapped) and transfer"
        case let model as Model where model.isLinear:
            return "craft its adversarial examples with svm_attack(svm, set, eps) or fgsm(net, set, eps)"
        default: return "craft its adversarial examples with fgsm(net, set, eps)"
        }
    }

    /// Why `callee` cannot take a gradient of this model, and what crafts its adversarial examples.
    func noGradient(_ callee: String) -> RuntimeError {
        RuntimeError("\(callee): \(kindPhrase), has no gradient; \(craftingHint)")
    }

    /// Why the attack `callee`, made for another kind of model, cannot take this one.
    func notFor(_ callee: String, _ kind: String) -> RuntimeError {
        RuntimeError("\(callee): \(kindPhrase), is not \(kind); \(craftingHint)")
    }

    /// Why `callee`, which needs a network's weights, cannot take this model.
    func notANetwork(_ callee: String) -> RuntimeError {
        RuntimeError(
            "\(callee): \(kindPhrase), is not a network; \(callee) takes one of softmax_regression, logistic, "
                + "linear_svm, fc, maxout, rbf, autoencoder")
    }
}
