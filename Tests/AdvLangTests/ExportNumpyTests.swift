import AdvData
import AdvLibrary
import AdvSyntax
import AdvTensor
import Foundation
import XCTest

@testable import AdvLang
@testable import AdvNN

/// `export_npz`'s promise: numpy evaluates an exported model to adv's own logits, within 1e-5,
/// from the archive alone (maxout's input dropout scale included), by the dozen lines of
/// Tests/numpy/check_export.py. Without python3 and numpy the test is skipped on a workstation
/// and fails in CI (CI=true), where Scripts/setup.sh installs python3-numpy.
final class ExportNumpyTests: XCTestCase {
    func testNumpyEvaluatesExportedModelsToAdvsLogits() throws {
        try requireNumpy()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("adv-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        // The maxout (input dropout .8, hidden .5) is the one the scales matter for. Training it
        // until its weights leave their +-0.005 start takes minutes in a debug build, so it is
        // built with a fixed seed and given weights uniform in +-0.3, which makes its input scale
        // move the logits by about 1 (a reader ignoring the scales fails the check), and read
        // back with load_model. The others train briefly on a small MNIST subset.
        let maxout = Model.maxout(units: 30, pieces: 3, seed: 5)
        var generator = SeededGenerator(seed: 5)
        for (k, parameter) in maxout.parameters.enumerated() {
            maxout.parameters[k] = Tensor.uniform(parameter.shape, low: -0.3, high: 0.3, using: &generator)
        }
        try maxout.save(to: folder.appendingPathComponent("maxout.advmodel"))
        let models: [(String, String?)] = [
            ("load_model(\"\(folder.path)/maxout.advmodel\")", nil),
            ("fc([40, 30], activation: \"relu\", seed: 5)", "small"), ("fc([40], seed: 5)", "small"),
            ("rbf(seed: 5)", "small"), ("logistic(seed: 5)", "sevens"),
        ]
        var source = """
            load mnist
            small = mnist.train[0:2000]
            sevens = binary(small, 7, 3)
            x = mnist.test[0:300].images

            """
        for (i, (model, data)) in models.enumerated() {
            source += """
                net\(i) = \(model)
                \(data.map { "train net\(i) on \($0) epochs 2 lr 0.05 momentum 0.5 seed 5 quiet" } ?? "")
                logits\(i) = logits(net\(i), x)
                export_npz(net\(i), "\(folder.path)/model\(i).npz")

                """
        }
        let variables = try run(source)
        var cases: [String: Tensor] = [:]
        for name in ["x"] + models.indices.map({ "logits\($0)" }) {
            guard case .tensor(let tensor)? = variables[name] else {
                return XCTFail("the program left no tensor \(name)")
            }
            cases[name] = tensor
        }
        try NPZ.write(cases, to: folder.appendingPathComponent("cases.npz"))
        let script = repositoryRoot.appendingPathComponent("Tests/numpy/check_export.py").path
        let check = try python(
            [script, folder.appendingPathComponent("cases.npz").path]
                + models.indices.map { folder.appendingPathComponent("model\($0).npz").path })
        XCTAssertEqual(check.status, 0, check.output)
        XCTAssertTrue(
            check.output.contains(
                "model0.npz: layers ['dropout', 'maxout', 'dropout', 'maxout', 'dropout', 'linear'], input scales [0.800000011920929, 1.0, 1.0, 1.0, 1.0, 1.0]"
            ), check.output)
    }

    /// Runs `source` in a fresh session and returns its global variables.
    private func run(_ source: String) throws -> [String: Value] {
        let (session, outcome): (Session, Diagnostics?) = withLargeStack {
            let session = Session(library: .standard(), output: { _ in })
            do throws(Diagnostics) {
                try session.run(SourceFile(name: "export.adv", text: source))
                return (session, nil)
            } catch {
                return (session, error)
            }
        }
        if let outcome { XCTFail("\(outcome)") }
        return Dictionary(session.globalVariables.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
    }

    /// Skips (fails under CI) unless `python3 -c "import numpy"` works.
    private func requireNumpy() throws {
        let probe = try? python(["-c", "import numpy"])
        guard probe?.status != 0 else { return }
        let message =
            "python3 with numpy is needed to check export_npz's archives (Scripts/setup.sh installs python3-numpy): "
            + (probe?.output ?? "python3 did not start")
        let ci = ProcessInfo.processInfo.environment["CI"].map { !["", "0", "false"].contains($0.lowercased()) }
        guard ci ?? false else { throw XCTSkip(message) }
        throw MissingNumpy(description: message)
    }

    private struct MissingNumpy: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs python3 with `arguments`; its exit status and its stdout and stderr together.
    private func python(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
