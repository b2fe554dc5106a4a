import AdvData
import AdvLang
import AdvNN
import AdvSyntax
import AdvTensor

/// Papernot, McDaniel & Goodfellow 2016's crafting for the techniques FGSM does not fit: the
/// linear SVM's step against its class's hyperplane, the decision tree's walk to a nearby leaf of
/// another class, and ours for k-NN. Like the other attacks they take the model first or use the
/// current one, keep the labels, and clip to [0, 1] unless `clip: false`.
extension BuiltinLibrary {
    func registerCrafting() {
        register(
            "svm_attack", "svm_attack(set, eps, clip: true)\nsvm_attack(svm, set, eps, clip: true)",
            """
            Papernot 2016's crafting for a linear SVM: x - eps w[y] / |w[y]|, a step of L2 length eps \
            against the normal of the true class's one-vs-rest hyperplane: eps is the whole image's L2 \
            length, not fgsm's per-pixel bound. For a model of one linear layer (linear_svm, \
            softmax_regression).
            """
        ) { args, session in
            let (value, k) = try args.leadingValue(session, then: ["set", "eps"], labels: ["clip"])
            guard let model = value.network, model.isLinear else {
                throw value.notFor("svm_attack", "a linear SVM (one linear layer of class scores)")
            }
            let set = try args.examples(k, "set")
            let eps = try args.nonNegative(k + 1, "eps")
            let images = try Attacks.linearSVM(model, set.images, labels: set.labels, eps: eps, clip: try args.clip)
            return .examples(
                try set.with(images: images, name: "svm_attack(\(set.name), \(formatNumber(Double(eps))))"))
        }
        register(
            "tree_attack", "tree_attack(set)\ntree_attack(tree, set)",
            """
            Papernot 2016's crafting for a decision tree: from the leaf each example reaches, up to the \
            nearest ancestor whose other branch holds a leaf of another class; the pixels tested on the \
            way to that leaf (the one needing fewest changes) take the nearest level on its side of \
            each threshold. Examples the tree already gets wrong stay. No eps: only tested pixels move.
            """
        ) { args, session in
            let (value, k) = try args.leadingValue(session, then: ["set"])
            guard let tree = value.classifier as? DecisionTree else {
                throw value.notFor("tree_attack", "a decision tree")
            }
            let set = try args.examples(k, "set")
            let images = try Attacks.decisionTree(tree, set.images, labels: set.labels)
            return .examples(try set.with(images: images, name: "tree_attack(\(set.name))"))
        }
        register(
            "knn_attack", "knn_attack(set, eps, clip: true)\nknn_attack(nn, set, eps, clip: true)",
            """
            Adversarial examples for k-NN (our method; the paper's could not be read): FGSM's step \
            x + eps sign(mean(m) - mean(s)), away from the k nearest training examples of the true \
            class (s) and toward the k nearest of the others (m).
            """
        ) { args, session in
            let (value, k) = try args.leadingValue(session, then: ["set", "eps"], labels: ["clip"])
            guard let knn = value.classifier as? NearestNeighbours else {
                throw value.notFor("knn_attack", "a k-nearest-neighbour classifier")
            }
            let set = try args.examples(k, "set")
            let eps = try args.nonNegative(k + 1, "eps")
            let images = try Attacks.nearestNeighbours(
                knn, set.images, labels: set.labels, eps: eps, clip: try args.clip)
            return .examples(
                try set.with(images: images, name: "knn_attack(\(set.name), \(formatNumber(Double(eps))))"))
        }
    }
}
