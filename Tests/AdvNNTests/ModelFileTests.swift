import AdvData
import AdvTensor
import Foundation
import XCTest

@testable import AdvNN

final class ModelFileTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "adv-model-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: directory)
    }

    func testSaveLoadRoundTripGivesIdenticalOutputs() throws {
        var generator = SeededGenerator(seed: 2)
        let x = Model.uniform([5, 784], low: 0, high: 1, using: &generator)
        for model in [
            Model.maxout(units: 8, pieces: 3, seed: 3), Model.rbf(seed: 4), Model.autoencoder(hidden: 6, seed: 5),
            Model.logisticRegression(),
            try Model.errorCorrectingCodes(hidden: [7], bits: 12, seed: 6),
        ] {
            model.dataChecksum = "abc123"
            model.trainingLog = ["trained on nothing"]
            let url = directory.appendingPathComponent("\(model.name).advmodel")
            try model.save(to: url)
            let loaded = try Model.load(from: url)
            XCTAssertEqual(loaded.header, model.header)
            XCTAssertEqual(loaded.parameters, model.parameters)
            XCTAssertEqual(try loaded.probabilities(x), try model.probabilities(x))
            XCTAssertEqual(loaded.description, model.description)
            XCTAssertEqual(loaded.dataChecksum, "abc123")
        }
    }

    func testExportedWeightsAreNamedArrays() throws {
        let model = Model.fullyConnected(hidden: [5], seed: 1)
        let url = directory.appendingPathComponent("weights.npz")
        try model.exportWeights(to: url)
        let arrays = try NPZ.read(contentsOf: url)
        XCTAssertEqual(Set(arrays.keys), ["layer0.W", "layer0.b", "layer2.W", "layer2.b"])
        XCTAssertEqual(arrays["layer2.W"], model.parameters[2])
    }

    /// export_npz's archive: the parameters, the layer kinds, each layer's evaluation input scale
    /// (maxout's input dropout .8, its hidden dropout .5 x 2 = 1) and a maxout layer's pieces.
    func testExportedArchiveDescribesTheEvaluation() throws {
        let model = Model.maxout(inputs: 6, units: 3, pieces: 2, layers: 1, classes: 4, seed: 1)
        let arrays = Dictionary(uniqueKeysWithValues: model.exportedArrays.map { ($0.name, $0.npy) })
        XCTAssertEqual(model.exportedArrays.map(\.name), arrays.keys.sorted())
        XCTAssertEqual(
            arrays.keys.sorted(),
            [
                "layer0.input_scale", "layer1.W", "layer1.b", "layer1.input_scale", "layer1.pieces",
                "layer2.input_scale", "layer3.W", "layer3.b", "layer3.input_scale", "layers",
            ])
        XCTAssertEqual(arrays["layers"], NPY.encode(strings: ["dropout", "maxout", "dropout", "linear"]))
        func scalar(_ name: String) throws -> [Float] {
            try NPY.decode(try XCTUnwrap(arrays[name], name), name: name).scalars
        }
        XCTAssertEqual(try scalar("layer0.input_scale"), [0.8])
        XCTAssertEqual(try scalar("layer1.input_scale"), [1])
        XCTAssertEqual(try scalar("layer2.input_scale"), [1])
        XCTAssertEqual(try scalar("layer1.pieces"), [2])
        XCTAssertEqual(try NPY.decode(try XCTUnwrap(arrays["layer3.W"]), name: "layer3.W"), model.parameters[2])
        let url = directory.appendingPathComponent("model.npz")
        try model.exportNPZ(to: url)
        XCTAssertEqual(
            try ZipArchive(bytes: try InputFile.read(url.path), name: "model.npz").entries.map(\.name),
            arrays.keys.sorted().map { $0 + ".npy" })
    }

    func testLoadRejectsMismatchedWeights() throws {
        let url = directory.appendingPathComponent("bad.advmodel")
        try Model.softmaxRegression(seed: 1).save(to: url)
        try Model.softmaxRegression(inputs: 10, seed: 1).exportWeights(to: url.appendingPathComponent("weights.npz"))
        XCTAssertThrowsError(try Model.load(from: url)) { error in
            XCTAssertTrue("\(error)".contains("layer0.W"), "\(error)")
        }
        XCTAssertThrowsError(try Model.load(from: directory.appendingPathComponent("missing.advmodel"))) { error in
            XCTAssertTrue("\(error)".contains("header.json"), "\(error)")
        }
    }
}
