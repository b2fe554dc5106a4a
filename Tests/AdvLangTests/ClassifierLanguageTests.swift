import AdvLibrary
import AdvSyntax
import Foundation
import XCTest

@testable import AdvLang

/// The models that are not networks in the language: what needs a gradient or weights refuses
/// them and names the attack that fits; their files round-trip through save_model and load_model.
final class ClassifierLanguageTests: XCTestCase {
    /// Two examples, a fitted tree `t`, a 1-NN `k`, an SVM `v` and a small network `f`.
    private let setup = """
        s = examples([[0.1, 0.2], [0.8, 0.9]], [0, 1])
        t = decision_tree(inputs: 2, classes: 2)
        train t on s
        k = knn(s, classes: 2)
        v = linear_svm(inputs: 2, classes: 2)
        f = fc([3], inputs: 2, classes: 2)

        """

    func testWhatNeedsAGradientOrWeightsNamesTheAttackThatFits() {
        let tree = "DT, a decision tree"
        let knn = "1-NN, a k-nearest-neighbour classifier"
        let networks = "one of softmax_regression, logistic, linear_svm, fc, maxout, rbf, autoencoder"
        let cases: [(source: String, message: String)] = [
            (
                "fgsm(t, s, 0.1)",
                "fgsm: \(tree), has no gradient; craft its adversarial examples with tree_attack(tree, set)"
            ),
            (
                "pgd(k, s, 0.1)",
                "pgd: \(knn), has no gradient; craft its adversarial examples with knn_attack(nn, set, eps)"
            ),
            (
                "min_distortion(ensemble([t, k]), s)",
                "min_distortion: ensemble(DT, 1-NN), an ensemble vote, has no gradient; craft on its members (fgsm, svm_attack, tree_attack, knn_attack) and transfer, or average networks, ensemble(nets, vote: \"average\"), which fgsm attacks whole"
            ),
            (
                "model t\nrotate(s, 0.1)",
                "rotate: \(tree), has no gradient; craft its adversarial examples with tree_attack(tree, set)"
            ),
            (
                "sweep(k, s, 0, 1, 3)",
                "sweep: \(knn), has no gradient; craft its adversarial examples with knn_attack(nn, set, eps)"
            ),
            (
                "error_vs_eps([v, t], s, [0.1])",
                "error_vs_eps: \(tree), has no gradient; craft its adversarial examples with tree_attack(tree, set)"
            ),
            (
                "grad(fn(x) => sum(probabilities(t, x)), [[0.1, 0.2]])",
                "probabilities: \(tree), has no gradient; craft its adversarial examples with tree_attack(tree, set)"
            ),
            (
                "train t on s epochs 3",
                "train: epochs does not apply to \(tree): CART grows it in one pass, within the limits of decision_tree(depth: d, min_leaf: n, min_split: n)"
            ),
            (
                "train k on s",
                "train: \(knn), keeps the training set it was made with, knn(set, k: n): there is nothing to train"
            ),
            ("train ensemble([t, v]) on s", "train: ensemble(DT, SVM), an ensemble vote, is trained member by member"),
            ("trainer(t, lr: 0.1)", "trainer: \(tree), is not a network; trainer takes \(networks)"),
            ("lipschitz(k)", "lipschitz: \(knn), is not a network; lipschitz takes \(networks)"),
            ("export_npz(t, \"t.npz\")", "export_npz: \(tree), is not a network; export_npz takes \(networks)"),
            (
                "save_model(ensemble([t, k]), \"e\")",
                "save_model: ensemble(DT, 1-NN), an ensemble vote, is saved member by member: save_model(m, \"file\") for each"
            ),
            (
                "svm_attack(t, s, 1)",
                "svm_attack: \(tree), is not a linear SVM (one linear layer of class scores); craft its adversarial examples with tree_attack(tree, set)"
            ),
            (
                "svm_attack(f, s, 1)",
                "svm_attack: FC3-2, a network, is not a linear SVM (one linear layer of class scores); craft its adversarial examples with fgsm(net, set, eps)"
            ),
            (
                "tree_attack(v, s)",
                "tree_attack: SVM, a network, is not a decision tree; craft its adversarial examples with svm_attack(svm, set, eps) or fgsm(net, set, eps)"
            ),
            (
                "knn_attack(t, s, 0.1)",
                "knn_attack: \(tree), is not a k-nearest-neighbour classifier; craft its adversarial examples with tree_attack(tree, set)"
            ),
            ("knn_attack(k, s, -1)", "knn_attack: argument 3 (eps) must be at least 0, got -1"),
            (
                "predict(decision_tree(inputs: 2, classes: 2), s)",
                "decision tree: DT is not fitted yet: fit it on a training set first"
            ),
            ("print t.weights", "model has no field 'weights'"),
            ("decision_tree(depth: -1)", "decision_tree: depth must be none or at least 0, got -1"),
            ("decision_tree(min_split: 1)", "decision_tree: min_split must be at least 2, got 1"),
            ("knn(s, k: 3)", "knn: k must be from 1 to the 2 examples of examples, got 3"),
            ("ensemble([])", "ensemble: argument 1 (models) is an empty list"),
            ("ensemble([t], vote: \"max\")", "ensemble: vote must be \"majority\" or \"average\", got \"max\""),
            (
                "ensemble([t, softmax_regression()])",
                "ensemble: FC10(0.0) takes 784 inputs to 10 classes, but DT 2 to 2"
            ),
        ]
        for (source, message) in cases {
            let (_, diagnostics) = runProgram(setup + source)
            XCTAssertEqual(diagnostics?.all.map(\.message) ?? [], [message], source)
        }
    }

    func testTreesAndKNNRoundTripThroughFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "adv-classifiers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (output, diagnostics) = runProgram(
            setup + """
                q = examples(rand([20, 2], seed: 2), [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1])
                save_model(t, "\(folder.path)/t")
                save_model(k, "\(folder.path)/k")
                train v on s epochs 3 quiet
                save_model(v, "\(folder.path)/v")
                t2 = load_model("\(folder.path)/t")
                k2 = load_model("\(folder.path)/k")
                v2 = load_model("\(folder.path)/v")
                print t2.name, t2.nodes, k2.name, k2.examples, v2.name
                print min(predict(t2, q) == predict(t, q)) == 1, min(probabilities(k2, q) == probabilities(k, q)) == 1
                print min(logits(v2, q) == logits(v, q)) == 1
                """)
        XCTAssertNil(diagnostics, diagnostics?.description ?? "")
        XCTAssertEqual(output, ["DT 3 1-NN 2 SVM", "true true", "true"])
    }
}
