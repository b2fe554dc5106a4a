import AdvData
import AdvTensor
import Foundation

/// The saved form of a network (`Model`): a directory `NAME.advmodel/` holding
///
/// - `header.json`: `format` ("adv-model"), `version` (1), `name`, `inputs`, `classes`, `loss`,
///   `seed`, `encoderDepth`, `layers` and `decoder` (each layer's kind, l1, l2, maxNorm and
///   parameter indices), `parameters` (name and shape of each weight array, in order),
///   `dataChecksum` and `trainingLog` (the options and results of every training run);
/// - `weights.npz`: one float32 array per parameter under the names listed in the header
///   (`layer0.W`, `layer0.b`, `decoder0.W`, ... ; RBF: `layer0.mu`, `layer0.gamma`), loadable with
///   `numpy.load`.
///
/// A network's header has no `kind` (files written before other kinds existed load as they
/// are); decision trees and k-NN classifiers are saved in the same folder layout with a `kind`
/// (ClassifierFile.swift).
struct ModelHeader: Codable, Equatable {
    struct Parameter: Codable, Equatable {
        var name: String
        var shape: [Int]
    }

    var format = "adv-model"
    var version = 1
    var name: String
    var inputs: Int
    var classes: Int
    var loss: ModelLoss
    var seed: UInt64
    var encoderDepth: Int
    var layers: [Layer]
    var decoder: [Layer]
    var parameters: [Parameter]
    var dataChecksum: String?
    var trainingLog: [String]
}

/// An error saving or loading a model, naming the file.
public struct ModelFileError: Error, CustomStringConvertible, Equatable {
    public let path: String
    public let message: String
    public var description: String { "\(path): \(message)" }
}

extension Model {
    /// Each parameter's name in saved files: `layer<k>.<W|b|mu|gamma>` or `decoder<k>.<W|b>`.
    public var parameterNames: [String] {
        var names = [String](repeating: "", count: parameters.count)
        func label(_ layers: [Layer], _ prefix: String) {
            for (k, layer) in layers.enumerated() {
                let roles: [String] = if case .rbf = layer.kind { ["mu", "gamma"] } else { ["W", "b"] }
                for (role, index) in zip(roles, layer.parameterIndices) { names[index] = "\(prefix)\(k).\(role)" }
            }
        }
        label(layers, "layer")
        label(decoder, "decoder")
        return names
    }

    var header: ModelHeader {
        ModelHeader(
            name: name, inputs: inputs, classes: classes, loss: loss, seed: seed, encoderDepth: encoderDepth,
            layers: layers,
            decoder: decoder, parameters: zip(parameterNames, parameters).map { .init(name: $0, shape: $1.shape) },
            dataChecksum: dataChecksum, trainingLog: trainingLog)
    }

    /// Writes the weights as one NPZ file (names as in `parameterNames`): a saved model's
    /// weights.npz. `exportNPZ` (Model+Export.swift) adds what numpy needs to evaluate the model.
    public func exportWeights(to url: URL) throws {
        try NPZ.write(Dictionary(uniqueKeysWithValues: zip(parameterNames, parameters)), to: url)
    }

    /// Saves the model as the folder `url` (see `ModelHeader` for the format), replacing the
    /// files it holds. The folder is made if missing, but not its parent (see `OutputFile`).
    public func save(to url: URL) throws {
        try ModelFolder.write(
            header, arrays: Dictionary(uniqueKeysWithValues: zip(parameterNames, parameters)), to: url)
    }

    /// Loads a network saved by `save(to:)`, checking the header against the weights; a folder
    /// holding another kind of classifier is an error naming it (`loadClassifier` reads any kind).
    public static func load(from url: URL) throws -> Model {
        if let kind = try ModelFolder.kind(of: url) {
            throw ModelFileError(path: ModelFolder.headerURL(url).path, message: "it holds a \(kind), not a network")
        }
        return try load(checkedFrom: url)
    }

    /// `load(from:)` once the folder's kind is known to be a network.
    static func load(checkedFrom url: URL) throws -> Model {
        let headerURL = ModelFolder.headerURL(url)
        let header = try ModelFolder.readHeader(ModelHeader.self, from: url)
        try header.validate(path: headerURL.path)
        let arrays = try NPZ.read(contentsOf: ModelFolder.weightsURL(url))
        let parameters = try header.parameters.map { try ModelFolder.array($0.name, $0.shape, in: arrays, url) }
        // Every parameter belongs to exactly one layer, in order, with the shape that layer wants.
        let layers = header.layers + header.decoder
        let claimed = layers.flatMap { Array($0.parameterIndices) }
        guard claimed == Array(parameters.indices),
            layers.allSatisfy({ layer in layer.parameterIndices.map { parameters[$0].shape } == layer.parameterShapes }
            ),
            header.encoderDepth >= 0, header.encoderDepth <= header.layers.count
        else {
            throw ModelFileError(
                path: headerURL.path, message: "the layers do not match the listed parameters and their shapes")
        }
        let model = Model(
            name: header.name, inputs: header.inputs, classes: header.classes, layers: header.layers,
            decoder: header.decoder,
            encoderDepth: header.encoderDepth, loss: header.loss, seed: header.seed, parameters: parameters)
        model.dataChecksum = header.dataChecksum
        model.trainingLog = header.trainingLog
        return model
    }
}
