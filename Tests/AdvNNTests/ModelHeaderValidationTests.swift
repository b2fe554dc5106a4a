import AdvTensor
import Foundation
import XCTest

@testable import AdvNN

/// `Model.load` checks header.json's numbers (inputs, classes, dropout keep, maxNorm, ...) against
/// the layers and names the file and the field.
final class ModelHeaderValidationTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("adv-header-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: directory)
    }

    /// Saves a small maxout model, lets `edit` change its header's JSON, and returns the load error.
    private func loadError(_ edit: (inout [String: Any]) -> Void) throws -> String {
        let url = directory.appendingPathComponent("m-\(UUID().uuidString)")
        try Model.maxout(inputs: 6, units: 4, pieces: 2, classes: 3, maxNorm: 2, seed: 1).save(to: url)
        let headerURL = url.appendingPathComponent("header.json")
        var header = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: headerURL)) as? [String: Any])
        edit(&header)
        try JSONSerialization.data(withJSONObject: header).write(to: headerURL)
        do {
            _ = try Model.load(from: url)
            return "loaded"
        } catch {
            return "\(error)".replacingOccurrences(of: headerURL.path, with: "HEADER")
        }
    }

    private func setLayer(_ header: inout [String: Any], _ index: Int, _ key: String, _ value: Any) {
        var layers = header["layers"] as? [[String: Any]] ?? []
        layers[index][key] = value
        header["layers"] = layers
    }

    func testFieldsThatDoNotFitTheLayersAreNamed() throws {
        XCTAssertEqual(try loadError { _ in }, "loaded")
        XCTAssertEqual(
            try loadError { $0["inputs"] = 7 },
            "HEADER: layers[1] (maxout 6 -> 4 units x 2 pieces) takes 6 inputs, but the layer before gives 7")
        XCTAssertEqual(try loadError { $0["classes"] = 5 }, "HEADER: the layers give 3 outputs, but classes is 5")
        XCTAssertEqual(try loadError { $0["inputs"] = 0 }, "HEADER: inputs must be positive, got 0")
        XCTAssertEqual(
            try loadError { self.setLayer(&$0, 0, "kind", ["dropout": ["keep": 0, "scale": 1]]) },
            "HEADER: layers[0].keep must be in (0, 1], got 0.0")
        XCTAssertEqual(
            try loadError { self.setLayer(&$0, 0, "kind", ["dropout": ["keep": 1.5, "scale": 1]]) },
            "HEADER: layers[0].keep must be in (0, 1], got 1.5")
        XCTAssertEqual(
            try loadError { self.setLayer(&$0, 1, "maxNorm", -1) },
            "HEADER: layers[1].maxNorm must be a positive number, got -1.0")
        XCTAssertEqual(
            try loadError { $0["classes"] = nil },
            "HEADER: not an adv model header: the field classes is missing")
        XCTAssertEqual(
            try loadError { $0["inputs"] = "six" },
            "HEADER: not an adv model header: the field inputs has the wrong type")
    }
}
