import AdvLibrary
import AdvSyntax
import AdvTensor
import Foundation
import XCTest

@testable import AdvLang

/// The machinery built-ins' argument errors, as exact diagnostic headlines, and their file
/// round trips (models, NPZ, PNG, SVG).
final class MachineryTests: XCTestCase {
    func testArgumentErrorsNameTheBuiltinAndWhatItGot() {
        let cases: [(source: String, headline: String)] = [
            (
                "examples(rand([3, 4], seed: 1), [0, 1])",
                "1:1: error: examples: 2 labels for 3 images (images [3, 4], labels [2])"
            ),
            (
                "examples(rand([3], seed: 1), [0, 1, 2])",
                "1:1: error: examples: argument 1 (images) must be a tensor [n, d], got tensor [3]"
            ),
            (
                "examples(rand([2, 4], seed: 1), [0, 1.5])",
                "1:1: error: examples: labels must be non-negative integers, got 1.5"
            ),
            (
                "digits(3, [1])",
                "1:1: error: digits: argument 1 (set) must be an example set, got number"
            ),
            (
                "split(examples(rand([2, 4], seed: 1), [0, 1]), seed: -1)",
                "1:1: error: split: seed must be non-negative, got -1"
            ),
            (
                "load cifar",
                "1:1: error: load: unknown data set 'cifar'; the one known is 'mnist'"
            ),
            (
                "softmax_regression(l3: 1)",
                "1:1: error: softmax_regression: unknown named argument 'l3'; did you mean 'l2'?"
            ),
            (
                "softmax_regression(l2: -1)",
                "1:1: error: softmax_regression: l2 must be a non-negative number, got -1"
            ),
            (
                "fc([0, 10])",
                "1:1: error: fc: hidden widths must be positive, got [0, 10]"
            ),
            (
                "fc([10], l2: \"x\")",
                "1:1: error: fc: l2 must be a non-negative number or a list of them, got string"
            ),
            (
                "maxout(2400000)",
                "1:1: error: maxout: 28809456000010 parameters is more than the 200000000 allowed"
            ),
            (
                "save_png(rand([784]), \"x.png\", scale: 65)",
                "1:1: error: save_png: scale must be from 1 to 64, got 65"
            ),
            (
                "maxout(0)",
                "1:1: error: maxout: argument 1 (units) must be positive, got 0"
            ),
            (
                "maxout(10, layers: -1)",
                "1:1: error: maxout: layers must be non-negative, got -1"
            ),
            (
                "maxout(10, maxnorm: 0)",
                "1:1: error: maxout: maxnorm must be positive, got 0"
            ),
            (
                "autoencoder(0)",
                "1:1: error: autoencoder: argument 1 (hidden) must be positive, got 0"
            ),
            (
                "rbf(classes: 1)",
                "1:1: error: rbf: classes must be at least 2, got 1"
            ),
            (
                "model 3",
                "1:1: error: model: expected a model, got number"
            ),
            (
                "train 3 on 4",
                "1:1: error: train: argument 1 (model) must be a model, got number"
            ),
            (
                "train softmax_regression(inputs: 4, classes: 2) on examples(rand([2, 4], seed: 1), [0, 1]) epochs 1.5",
                "1:1: error: train: epochs must be an integer of at least 0, got 1.5"
            ),
            (
                "train softmax_regression(inputs: 4, classes: 2) on examples(rand([2, 4], seed: 1), [0, 1]) batch 0",
                "1:1: error: train: batch must be an integer of at least 1, got 0"
            ),
            (
                "train softmax_regression(inputs: 4, classes: 2) on examples(rand([2, 4], seed: 1), [0, 1]) momentum 0.5 0.6 0.7",
                "1:1: error: train: momentum takes 1 to 2 values, got 3"
            ),
            (
                "train softmax_regression(inputs: 4, classes: 2) on examples(rand([2, 4], seed: 1), [0, 1]) momentum 2",
                "1:1: error: train: momentum must be a number in [0, 1], got 2"
            ),
            (
                "train softmax_regression(inputs: 4, classes: 2) on examples(rand([2, 4], seed: 1), [0, 1]) lr 0",
                "1:1: error: train: lr must be a number greater than 0, got 0"
            ),
            (
                "train softmax_regression(inputs: 4, classes: 2) on examples(rand([2, 4], seed: 1), [0, 1]) decay 0.5",
                "1:1: error: train: decay must be a number of at least 1, got 0.5"
            ),
            (
                "train softmax_regression(inputs: 4, classes: 2) on examples(rand([2, 4], seed: 1), [0, 1]) iterations 3",
                "1:92: error: expected a train clause (adversarial, alpha, alternating, batch, cache, checkpoint, clip, d_steps, decay, denoise, double_backprop, dropout, epochs, eps, l1, "
                    + "l2, lambda, last_layer, lr, maxnorm, minimax, momentum, noise, nonsaturating, patience, pgd, power, quiet, ramp, "
                    + "random_start, seed, sign, simultaneous, step, "
                    + "steps, uniform, unlabelled, validate, vat, verbose, xi), found name 'iterations'"
            ),
            (
                "train softmax_regression(inputs: 4, classes: 2) on examples(rand([2, 4], seed: 1), [0, 1]) adversarial noise",
                "1:1: error: train: choose one of adversarial and noise, not both"
            ),
            (
                "train softmax_regression(inputs: 4, classes: 2) on examples(rand([2, 4], seed: 1), [0, 1]) eps 0.1",
                "1:1: error: train: eps and alpha belong to adversarial or noise: adversarial eps 0.25 alpha 0.5"
            ),
            (
                "train softmax_regression(inputs: 4, classes: 2) on examples(rand([2, 4], seed: 1), [0, 1]) adversarial sign",
                "1:1: error: train: sign/uniform belong to noise, not adversarial"
            ),
            (
                "train softmax_regression(inputs: 4, classes: 2) on examples(rand([2, 4], seed: 1), [0, 1]) adversarial alpha 2",
                "1:1: error: train: alpha must be a number in [0, 1], got 2"
            ),
            (
                "train softmax_regression(inputs: 4, classes: 2) on examples(rand([2, 4], seed: 1), [0, 1]) validate 3",
                "1:1: error: train: validate takes an example set, got number"
            ),
            (
                "train softmax_regression(inputs: 4, classes: 2) on examples(rand([2, 4], seed: 1), [0, 1]) validate examples(rand([2, 4], seed: 1), [0, 1]) \"dirty\"",
                "1:1: error: train: validate SET takes \"clean\" or \"adversarial\" after the set, got \"dirty\""
            ),
            (
                "train softmax_regression(inputs: 4, classes: 2) on examples(rand([2, 4], seed: 1), [0, 1]) dropout 1",
                "1:1: error: train: dropout takes true or false, got 1"
            ),
            (
                "train softmax_regression(inputs: 4, classes: 2) on examples(rand([2, 4], seed: 1), [0, 1]) quiet 1",
                "1:1: error: train: quiet takes 0 values, got 1"
            ),
            (
                "train softmax_regression(inputs: 4, classes: 2) on examples(rand([2, 5], seed: 1), [0, 1])",
                "1:1: error: train: examples [2, 5] does not fit model FC2(0.0) with 4 inputs"
            ),
            (
                "train on examples(rand([2, 4], seed: 1), [0, 1])",
                "1:1: error: train: no current model"
            ),
            (
                "fgsm(examples(rand([2, 4], seed: 1), [0, 1]), 0.1)",
                "1:1: error: fgsm: no model given and no current model"
            ),
            (
                "fgsm()",
                "1:1: error: fgsm: missing set and eps: fgsm(net, set, eps), or fgsm(set, eps) for the current model"
            ),
            (
                "fgsm(softmax_regression(inputs: 4, classes: 2))",
                "1:1: error: fgsm: missing set and eps: fgsm(net, set, eps), or fgsm(set, eps) for the current model"
            ),
            (
                "fgsm(softmax_regression(inputs: 4, classes: 2), examples(rand([2, 4], seed: 1), [0, 1]), 0.1, 2)",
                "1:1: error: fgsm: expected fgsm(net, set, eps), or fgsm(set, eps) for the current model; got 4 arguments"
            ),
            (
                "agreement(softmax_regression(inputs: 4, classes: 2))",
                "1:1: error: agreement: expected 3 arguments, got 1: agreement(model1, model2, set)"
            ),
            (
                "fgsm(softmax_regression(inputs: 4, classes: 2), examples(rand([2, 4], seed: 1), [0, 1]))",
                "1:1: error: fgsm: missing eps: fgsm(net, set, eps), or fgsm(set, eps) for the current model"
            ),
            (
                "fgsm(softmax_regression(inputs: 4, classes: 2), rand([2, 4], seed: 1), 0.1)",
                "1:1: error: fgsm: argument 2 (set) must be an example set, got tensor [2, 4]"
            ),
            (
                "fgsm(softmax_regression(inputs: 4, classes: 2), examples(rand([2, 4], seed: 1), [0, 1]), \"big\")",
                "1:1: error: fgsm: argument 3 (eps) must be a number, got string"
            ),
            (
                "fgsm(softmax_regression(inputs: 4, classes: 2), examples(rand([2, 4], seed: 1), [0, 1]), 0.1, clip: 1)",
                "1:1: error: fgsm: clip must be true or false, got number"
            ),
            (
                "fgsm(softmax_regression(inputs: 4, classes: 2), examples(rand([2, 4], seed: 1), [0, 1]), 0.1, target: [0, 1, 1])",
                "1:1: error: fgsm: target must be a class or one class per example (2), got tensor [3]"
            ),
            (
                "fgsm(softmax_regression(inputs: 5, classes: 2), examples(rand([2, 4], seed: 1), [0, 1]), 0.1)",
                "1:1: error: fgsm: examples [2, 4] but FC2(0.0) takes [n, 5]"
            ),
            (
                "sign_noise(examples(rand([2, 4], seed: 1), [0, 1]), -1)",
                "1:1: error: sign_noise: argument 2 (eps) must be a non-negative number, got -1"
            ),
            (
                "pgd(softmax_regression(inputs: 4, classes: 2), examples(rand([2, 4], seed: 1), [0, 1]), 0.1, steps: -1)",
                "1:1: error: pgd: steps must be from 0 to 100000, got -1"
            ),
            (
                "min_distortion(softmax_regression(inputs: 4, classes: 2), examples(rand([2, 4], seed: 1), [0, 1]), target: \"far\")",
                "1:1: error: min_distortion: target must be \"likely\", \"next\", \"random\" or classes, got \"far\""
            ),
            (
                "min_distortion(softmax_regression(inputs: 4, classes: 2), examples(rand([2, 4], seed: 1), [0, 1]), divisor: 1)",
                "1:1: error: min_distortion: divisor must be a finite number above 1, got 1"
            ),
            (
                "min_distortion(softmax_regression(inputs: 4, classes: 2), examples(rand([2, 4], seed: 1), [0, 1]), bisections: -1)",
                "1:1: error: min_distortion: bisections must be 0 to 30, got -1"
            ),
            (
                "amplify(examples(rand([2, 4], seed: 1), [0, 1]), examples(rand([3, 4], seed: 1), [0, 1, 1]), 0.1)",
                "1:1: error: amplify: original [3, 4] and perturbed [2, 4] must be the same [n, d]"
            ),
            (
                "error(softmax_regression(inputs: 4, classes: 2), rand([2, 4], seed: 1))",
                "1:1: error: error: argument 2 (set) must be an example set, got tensor [2, 4]"
            ),
            (
                "logits(softmax_regression(inputs: 4, classes: 2), rand([2, 5], seed: 1))",
                "1:1: error: logits: rows [2, 5] do not fit model FC2(0.0) with 4 inputs"
            ),
            (
                "distortion(rand([2, 4], seed: 1), rand([3, 4], seed: 1))",
                "1:1: error: distortion: original [3, 4] and perturbed [2, 4] must be the same [n, d]"
            ),
            (
                "transfer([], [])",
                "1:1: error: transfer: argument 1 (models) is an empty list"
            ),
            (
                "agreement(1, 2, 3)",
                "1:1: error: agreement: argument 1 (model1) must be a model, got number"
            ),
            (
                "error_vs_eps([softmax_regression(inputs: 4, classes: 2)], examples(rand([2, 4], seed: 1), [0, 1]), [])",
                "1:1: error: error_vs_eps: argument 3 (eps) must be a non-empty list of numbers, got list"
            ),
            (
                "rubbish(softmax_regression(inputs: 4, classes: 2), 0)",
                "1:1: error: rubbish: argument 2 (n) must be from 1 to 10000000, got 0"
            ),
            (
                "lipschitz(3)",
                "1:1: error: lipschitz: argument 1 (model) must be a model, got number"
            ),
            (
                "table(\"t\", \"a\", [])",
                "1:1: error: table: argument 2 (columns) must be a list, got string"
            ),
            (
                "pct(\"x\")",
                "1:1: error: pct: argument 1 (x) must be a number, got string"
            ),
            (
                "fmt(1, 20)",
                "1:1: error: fmt: argument 2 (digits) must be from 0 to 15, got 20"
            ),
            (
                "show(rand([2, 5], seed: 1))",
                "1:1: error: show: x has 5 pixels per image, not a square image (784 = 28 x 28)"
            ),
            (
                "show_perturbation(rand([2, 4], seed: 1), rand([3, 4], seed: 1))",
                "1:1: error: show_perturbation: adversarial [2, 4] and original [3, 4] differ in shape"
            ),
            (
                "plot(\"x\")",
                "1:1: error: plot: argument 1 must be a tensor or a record of series, got string"
            ),
            (
                "save_model(3, \"f\")",
                "1:1: error: save_model: argument 1 (model) must be a model, got number"
            ),
        ]
        for (source, headline) in cases {
            let (_, diagnostics) = runProgram(source)
            XCTAssertEqual(diagnostics?.all.map(\.headline) ?? [], [headline], source)
        }
    }

    func testEveryMachineryBuiltinHasASignatureAndDocs() {
        let library = BuiltinLibrary.standard()
        let names = [
            "load", "mnist_checksum", "examples", "digits", "binary", "split", "shuffle", "softmax_regression",
            "logistic",
            "fc",
            "maxout", "rbf", "autoencoder", "model", "train", "save_model", "load_model", "export_npz", "fgsm", "pgd",
            "sign_noise", "uniform_noise", "gaussian_noise", "amplify", "rotate", "min_distortion", "error", "accuracy",
            "confidence", "confidence_wrong", "predict", "probabilities", "logits", "distortion", "transfer",
            "agreement",
            "lipschitz", "sweep", "error_vs_eps", "rubbish", "table", "pct", "fmt", "show", "show_perturbation",
            "save_png", "save_perturbation", "plot", "save_plot", "linear_svm", "decision_tree", "knn", "ensemble",
            "svm_attack", "tree_attack", "knn_attack",
        ]
        for name in names {
            let builtin = library[name]
            XCTAssertNotNil(builtin, name)
            XCTAssertTrue(builtin?.signature.hasPrefix(name) ?? false, name)
            XCTAssertGreaterThan(builtin?.doc.count ?? 0, 30, name)
        }
        XCTAssertTrue(library.clauseWords.isSuperset(of: ["ramp", "l1", "l2", "maxnorm", "adversarial", "noise"]))
    }

    func testModelsRoundTripThroughFilesAndExportAsNPZ() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("adv-machinery-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (output, diagnostics) = runProgram(
            """
            s = examples(rand([8, 16], seed: 1), [0, 1, 2, 3, 0, 1, 2, 3])
            m = fc([6], inputs: 16, classes: 4, seed: 3)
            train m on s epochs 2 quiet
            save_model(m, "\(folder.path)/m")
            k = load_model("\(folder.path)/m")
            print k.name, k.seed, min(logits(k, s) == logits(m, s)) == 1
            export_npz(m, "\(folder.path)/m.npz")
            save_png(s, "\(folder.path)/s.png", scale: 2)
            save_perturbation(fgsm(m, s, 0.1), s, "\(folder.path)/p.png")
            save_plot(sweep(m, s, -1, 1, 3), "\(folder.path)/f.svg", title: "Fig. 4")
            """)
        XCTAssertNil(diagnostics, diagnostics?.description ?? "")
        XCTAssertEqual(output, ["FC6-4 3 true"])
        let npz = try Data(contentsOf: folder.appendingPathComponent("m.npz"))
        XCTAssertEqual(Array(npz.prefix(2)), [0x50, 0x4B], "an NPZ is a zip archive")
        for png in ["s.png", "p.png"] {
            let bytes = try Data(contentsOf: folder.appendingPathComponent(png))
            XCTAssertEqual(Array(bytes.prefix(4)), [0x89, 0x50, 0x4E, 0x47], png)
        }
        let svg = try String(contentsOf: folder.appendingPathComponent("f.svg"), encoding: .utf8)
        XCTAssertTrue(svg.contains("<svg") && svg.contains("Fig. 4") && svg.contains("class 0"))
    }

    /// `machine()` names what a run record needs: the CPU, adv's threads, the vector extensions
    /// and OpenBLAS's kernel family, also as one line.
    func testMachineNamesTheCPUTheThreadsAndTheKernels() {
        let (output, diagnostics) = runProgram(
            """
            m = machine()
            print m.threads == threads_for_test and m.cores >= 1
            print len(m.cpu) > 0 and len(m.vector) > 0 and len(m.blas) > 0
            print m.summary
            """.replacingOccurrences(of: "threads_for_test", with: String(BLAS.threads)))
        XCTAssertNil(diagnostics)
        XCTAssertEqual(Array(output.prefix(2)), ["true", "true"])
        let summary = output.last ?? ""
        for part in [CPU.model, CPU.vectorExtensions, "\(BLAS.threads) thread", "OpenBLAS \(BLAS.coreName)"] {
            XCTAssertTrue(summary.contains(part), "\(summary) should name \(part)")
        }
    }

    func testPlotDrawsTitleAndLegendAsText() {
        let (output, diagnostics) = runProgram(
            "plot({x: [0, 1, 2], y: [3, 1, 2], name: \"loss\"}, [[1, 2], [2, 1]], title: \"curves\")")
        XCTAssertNil(diagnostics)
        let text = output.joined(separator: "\n")
        XCTAssertTrue(text.contains("curves"), text)
        XCTAssertTrue(text.contains("loss") && text.contains("series 1") && text.contains("series 2"), text)
    }

    func testTrainingRecordAndVerboseProgress() {
        let (output, diagnostics) = runProgram(
            """
            s = examples(rand([8, 16], seed: 1), [0, 1, 2, 3, 0, 1, 2, 3])
            m = softmax_regression(inputs: 16, classes: 4, seed: 1)
            train m on s epochs 2 batch 4 verbose
            print keys(m.training)
            print m.training.epochs
            print shape(m.training.curves.train_error), m.training.curves.loss[0] == m.training.curves.loss[0]
            """)
        XCTAssertNil(diagnostics, diagnostics?.description ?? "")
        XCTAssertEqual(output.count, 5)
        XCTAssertTrue(output.first?.hasPrefix("epoch 1/2  loss ") ?? false, output.first ?? "")
        XCTAssertEqual(
            output.dropFirst(2).first,
            "[\"epochs\", \"best_epoch\", \"train_error\", \"validation_error\", \"loss\", \"seconds\", \"interrupted\", \"stopped_early\", \"curves\"]"
        )
        XCTAssertEqual(output.dropFirst(3).first, "2")
        XCTAssertEqual(output.last, "[2] true")
    }

    /// Ctrl-C (the flag raised) stops `train` after one minibatch; the run's record is kept as
    /// MODEL.training and the error, reported at the train statement, says what was kept.
    func testCtrlCStopsTrainingAfterOneMinibatchAndSaysSo() throws {
        let session = Session(library: .standard(), output: { _ in })
        let labels = (0..<40).map { String($0 % 4) }.joined(separator: ", ")
        try session.run(
            """
            s = examples(rand([40, 16], seed: 1), [\(labels)])
            validation = split(s, seed: 3)[1]
            m = softmax_regression(inputs: 16, classes: 4, seed: 1)
            ae = autoencoder(6, inputs: 16, classes: 4, seed: 4)
            """)
        let train = try XCTUnwrap(session.library["train"])
        let set = try XCTUnwrap(session.global("s"))
        let validation = try XCTUnwrap(session.global("validation"))
        let cases: [(model: String, clauses: [(word: String, values: [Value])], message: String)] = [
            ("m", [], "train: interrupted in epoch 1; the weights at the interruption kept"),
            (
                "m", [("validate", [validation])],
                "train: interrupted in epoch 1; the weights at the interruption, best on validation, kept"
            ),
            (
                "ae", [],
                "train: pretraining stage interrupted in epoch 1; the weights at the interruption kept; "
                    + "softmax and fine-tuning not run"
            ),
        ]
        for (name, clauses, message) in cases {
            let model = try XCTUnwrap(session.global(name))
            Interrupt.raise()
            defer { Interrupt.clear() }
            XCTAssertThrowsError(
                try train.body(
                    Arguments(
                        callee: "train", positional: [model, set],
                        clauses: [("epochs", [.number(5)]), ("batch", [.number(10)])] + clauses), session)
            ) { error in
                XCTAssertEqual("\(error)", message)
                let range = SourceRange(
                    file: SourceFile(name: "t.adv", text: "train"),
                    start: SourceLocation(line: 1, column: 1, offset: 0),
                    end: SourceLocation(line: 1, column: 6, offset: 5))
                XCTAssertEqual(Diagnostic.runtime(error, at: range, library: session.library).id, .interrupted)
            }
            Interrupt.clear()
            guard case .record(let r)? = try session.run("\(name).training") else {
                return XCTFail("\(name).training is the run's record")
            }
            XCTAssertEqual(r["epochs"]?.asNumber, 1, name)
            XCTAssertEqual(r["interrupted"]?.asNumber, 1, name)
        }
    }

    func testModelWeightsAreTheWeightedLayersMatrices() {
        let (output, diagnostics) = runProgram(
            """
            m = maxout(8, pieces: 2, layers: 1, inputs: 16, classes: 4, seed: 1)
            print len(m.weights), shape(m.weights[0]), shape(m.weights[1]), len(rbf(inputs: 16, seed: 1).weights)
            """)
        XCTAssertNil(diagnostics, diagnostics?.description ?? "")
        XCTAssertEqual(output, ["2 [16, 16] [8, 4] 1"])
    }
}
