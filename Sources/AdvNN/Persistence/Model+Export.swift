import AdvData
import AdvTensor
import Foundation

/// `export_npz`'s archive: a model numpy evaluates from the file alone.
///
/// The logits of inputs `x` [n, inputs] are the layers in order, each first multiplying its input
/// by `layerK.input_scale` (numpy: `Tests/numpy/check_export.py`). The arrays, all float32 but
/// `layers`:
///
/// - `layers` [L]: each layer's kind (numpy strings): `linear` (`x W + b`), `maxout` (`x W + b`,
///   then each unit the max of `layerK.pieces` consecutive columns), `dropout` (nothing more at
///   evaluation), `sigmoid`, `relu`, `rbf` (`-sum_i gamma^2 (x_i - mu_i)^2` per class) and
///   `binaryLogits` (`[0, z]`);
/// - `layerK.input_scale` (a scalar) for every layer: what evaluation multiplies its input by, a
///   dropout layer's keep probability times its training scale (`Layer.evaluationInputScale`),
///   1 for the other kinds;
/// - `layerK.pieces` (a scalar) for a maxout layer;
/// - the parameters, named as in saved models (`parameterNames`): `layerK.W` [in, out] and
///   `layerK.b` [out]; RBF `layerK.mu` and `layerK.gamma` [inputs, classes]; an autoencoder's
///   `decoderK.W` and `decoderK.b` too;
/// - `code` [classes, bits] for an error-correcting-codes model, whose layers give the bit logits
///   z and whose logits are `sum_b log sigmoid((2 code - 1) z)` per class (`ErrorCorrectingCode`).
extension Model {
    /// The archive's arrays as .npy files, sorted by name.
    public var exportedArrays: [(name: String, npy: [UInt8])] {
        var arrays = zip(parameterNames, parameters).map { (name: $0, npy: NPY.encode($1)) }
        arrays.append((name: "layers", npy: NPY.encode(strings: layers.map(\.kind.exportName))))
        for (k, layer) in layers.enumerated() {
            arrays.append((name: "layer\(k).input_scale", npy: NPY.encode(Tensor(layer.evaluationInputScale))))
            if case .maxout(_, _, let pieces) = layer.kind {
                arrays.append((name: "layer\(k).pieces", npy: NPY.encode(Tensor(Float(pieces)))))
            }
        }
        if let code { arrays.append((name: "code", npy: NPY.encode(code))) }
        return arrays.sorted { $0.name < $1.name }
    }

    /// Writes `exportedArrays` as an .npz archive (through `OutputFile`).
    public func exportNPZ(to url: URL) throws {
        try NPZ.write(entries: exportedArrays, to: url)
    }
}

extension Layer {
    /// What evaluation multiplies this layer's input by: for dropout `keep * scale`, the mean of
    /// the training mask (0.8 for maxout's input dropout, which keeps pixels unscaled; 0.5 x 2 = 1
    /// for its hidden dropout), as `Layer.forward` and `DenseNetwork` apply it; 1 for other kinds.
    public var evaluationInputScale: Float {
        if case .dropout(let keep, let scale) = kind { keep * scale } else { 1 }
    }
}

extension Layer.Kind {
    /// The kind's name in exported archives, as in saved models' headers.
    var exportName: String {
        switch self {
        case .linear: "linear"
        case .sigmoid: "sigmoid"
        case .relu: "relu"
        case .maxout: "maxout"
        case .dropout: "dropout"
        case .rbf: "rbf"
        case .binaryLogits: "binaryLogits"
        }
    }
}
