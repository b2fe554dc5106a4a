import AdvData
import AdvTensor
import Foundation

/// What every saved classifier shares: a folder with `header.json` (format "adv-model", version 1,
/// and for classifiers other than networks a `kind`) and `weights.npz` (its arrays, float32).
enum ModelFolder {
    static func headerURL(_ folder: URL) -> URL { folder.appendingPathComponent("header.json") }
    static func weightsURL(_ folder: URL) -> URL { folder.appendingPathComponent("weights.npz") }

    /// The first fields of every header: which format, which version, which kind of classifier.
    private struct Probe: Decodable {
        var format: String
        var version: Int
        var kind: String?
    }

    /// Writes `header` as JSON and `arrays` as an NPZ into the folder `url` (made if missing, but
    /// not its parent), each file whole or not at all.
    static func write<Header: Encodable>(_ header: Header, arrays: [String: Tensor], to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let json: Data
        do {
            json = try encoder.encode(header)
        } catch {
            throw ModelFileError(path: url.path, message: "cannot encode the header: \(error)")
        }
        try OutputFile.makeFolder(url.path)
        try OutputFile.write(Array(json), to: headerURL(url).path)
        try NPZ.write(arrays, to: weightsURL(url))
    }

    /// The header of the folder `url` decoded as `Header`, after checking its format and version.
    static func readHeader<Header: Decodable>(_ type: Header.Type, from url: URL) throws -> Header {
        let bytes = try InputFile.read(headerURL(url).path)
        _ = try decode(Probe.self, bytes, url)
        return try decode(type, bytes, url)
    }

    /// The kind the header names: nil for a network (a header without `kind`), else e.g.
    /// "decision-tree".
    static func kind(of url: URL) throws -> String? {
        try decode(Probe.self, try InputFile.read(headerURL(url).path), url).kind
    }

    private static func decode<Header: Decodable>(_ type: Header.Type, _ bytes: [UInt8], _ url: URL) throws -> Header {
        let path = headerURL(url).path
        let header: Header
        do {
            header = try JSONDecoder().decode(type, from: Data(bytes))
        } catch let error as DecodingError {
            throw ModelFileError(path: path, message: "not an adv model header: \(error.plainDescription)")
        } catch {
            throw ModelFileError(path: path, message: "not an adv model header: it is not valid JSON")
        }
        if let probe = header as? Probe, probe.format != "adv-model" || probe.version != 1 {
            throw ModelFileError(
                path: path, message: "format \(probe.format) version \(probe.version): want adv-model version 1")
        }
        return header
    }

    /// The array `name` of `arrays` (read from the folder `url`), which must have `shape`.
    static func array(_ name: String, _ shape: [Int], in arrays: [String: Tensor], _ url: URL) throws -> Tensor {
        guard let tensor = arrays[name], tensor.shape == shape else {
            throw ModelFileError(
                path: weightsURL(url).path,
                message: "array \(name): want shape \(shape.shapeDescription), found "
                    + (arrays[name].map { $0.shape.shapeDescription } ?? "none"))
        }
        return tensor
    }
}
