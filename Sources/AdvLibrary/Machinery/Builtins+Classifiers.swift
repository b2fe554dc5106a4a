import AdvData
import AdvLang
import AdvNN
import AdvSyntax
import AdvTensor

/// The classifiers that are not networks, for Papernot, McDaniel & Goodfellow 2016's
/// cross-technique transfer: a CART decision tree, k-nearest neighbours, and an ensemble vote.
/// They answer every metric; their adversarial examples come from tree_attack and knn_attack.
extension BuiltinLibrary {
    func registerClassifiers(_ data: LoadedData) {
        register(
            "decision_tree", "decision_tree(depth: none, min_leaf: 1, min_split: 2)",
            """
            An unfitted CART decision tree (Gini impurity, scikit-learn's defaults): `train tree on set` \
            grows it in one pass, until its leaves are pure or a limit stops it: depth (the deepest \
            level; none for no limit), min_leaf (examples a leaf keeps at least), min_split (examples a \
            node needs to be split). Deterministic; pixels are read as their 256 levels. Its \
            probabilities are the class shares of the training examples in a leaf.
            """
        ) { args, _ in
            try args.check(0...0, labels: ["depth", "min_leaf", "min_split", "inputs", "classes"])
            var settings = DecisionTree.Settings()
            if let depth = args.namedValue("depth"), !depth.isNone {
                guard let d = try args.namedInt("depth"), d >= 0 else {
                    throw RuntimeError("decision_tree: depth must be none or at least 0, got \(depth.repr)")
                }
                settings.maxDepth = d
            }
            settings.minLeaf = try args.size("min_leaf", 1)
            settings.minSplit = try args.size("min_split", 2, least: 2)
            return .object(
                ModelValue(
                    DecisionTree(
                        inputs: try args.size("inputs", 784), classes: try args.size("classes", 10, least: 2),
                        settings: settings)))
        }
        register(
            "knn", "knn(set, k: 1, classes: 10)",
            """
            k-nearest neighbours on the example set: it keeps the set and classifies a row by the \
            classes of its k nearest examples in Euclidean distance (probabilities: their vote \
            shares; ties to the lower class). Distances go through one matrix product per block of \
            500 x 10,000. k defaults to 1 (the paper's k is not stated where we could read it); \
            classes defaults to 10, or more if the labels need it (classes: 2 for a binary set).
            """
        ) { args, _ in
            try args.check(1...1, labels: ["k", "classes"])
            let set = try args.examples(0, "set")
            let k = try args.namedInt("k") ?? 1
            guard k >= 1, k <= set.count else {
                throw RuntimeError("knn: k must be from 1 to the \(set.count) examples of \(set.name), got \(k)")
            }
            let classes = try args.size("classes", Swift.max(10, (set.labels.max() ?? 0) + 1), least: 2)
            let knn = try NearestNeighbours(examples: set.images, labels: set.labels, classes: classes, k: k)
            knn.trainingLog = ["kept \(set.name), \(set.count) examples"]
            if set.name.hasPrefix("mnist"), let mnist = data.mnist { knn.dataChecksum = mnist.checksum }
            return .object(ModelValue(knn))
        }
        register(
            "ensemble", "ensemble([m1, m2, m3], vote: \"majority\")",
            """
            The models deciding together (Papernot 2016's "Ens." target): vote "majority" (default), \
            each member votes for its class and the most votes win, ties to the lower class \
            (probabilities: the vote shares); "average", the mean of the members' probabilities. \
            No gradient: attack the members and transfer.
            """
        ) { args, _ in
            try args.check(1...1, labels: ["vote"])
            let members = try args.modelValues(0, "models")
            let vote: Ensemble.Vote
            switch args.namedValue("vote") {
            case nil: vote = .majority
            case .string(let s)?:
                guard let v = Ensemble.Vote(rawValue: s) else {
                    throw RuntimeError("ensemble: vote must be \"majority\" or \"average\", got \"\(s)\"")
                }
                vote = v
            case let v?: throw RuntimeError("ensemble: vote must be a string, got \(v.typeDescription)")
            }
            let ensemble = try Ensemble(members.map(\.classifier), vote: vote)
            return .object(ModelValue(ensemble, members: members))
        }
    }
}
