/// Checks a loaded header's numbers against its layers before a model is built from them, so a
/// hand-edited or damaged header.json fails on load with the field named, not later inside a
/// forward pass with an internal message.
extension ModelHeader {
    /// Throws a `ModelFileError` for `path` naming the first field that does not fit.
    func validate(path: String) throws {
        func fail(_ message: String) -> ModelFileError { ModelFileError(path: path, message: message) }
        guard inputs > 0 else { throw fail("inputs must be positive, got \(inputs)") }
        // NOTE: one output is a GAN discriminator's logit; classifiers have at least two.
        guard classes >= 1 else { throw fail("classes must be positive, got \(classes)") }
        guard !layers.isEmpty else { throw fail("layers is empty") }
        guard (0...layers.count).contains(encoderDepth) else {
            throw fail("encoderDepth \(encoderDepth) is not between 0 and the \(layers.count) layers")
        }
        var width = inputs
        var codeWidth = inputs
        for (k, layer) in layers.enumerated() {
            width = try layer.checked(forInput: width, field: "layers[\(k)]", fail)
            if k + 1 == encoderDepth { codeWidth = width }
        }
        // An error-correcting-codes model's layers give its code's bits, a code of them per class.
        if loss == .codeBits {
            guard (try? ErrorCorrectingCode.matrix(classes: classes, bits: width, seed: seed)) != nil else {
                throw fail("the layers give \(width) bits, which hold no code for \(classes) classes")
            }
        } else {
            guard width == classes else {
                throw fail("the layers give \(width) outputs, but classes is \(classes)")
            }
        }
        width = codeWidth
        for (k, layer) in decoder.enumerated() {
            width = try layer.checked(forInput: width, field: "decoder[\(k)]", fail)
        }
        guard decoder.isEmpty || width == inputs else {
            throw fail("the decoder gives \(width) outputs, but inputs is \(inputs)")
        }
    }
}

extension Layer {
    /// The layer's output width for `width` inputs, after checking its sizes and settings; `field`
    /// names it in errors ("layers[2]").
    fileprivate func checked(
        forInput width: Int, field: String, _ fail: (String) -> ModelFileError
    ) throws -> Int {
        func takes(_ inputs: Int) throws {
            guard inputs == width else {
                throw fail("\(field) (\(summary)) takes \(inputs) inputs, but the layer before gives \(width)")
            }
        }
        switch kind {
        case .linear(let inputs, let outputs):
            try takes(inputs)
            guard outputs > 0 else { throw fail("\(field).outputs must be positive, got \(outputs)") }
        case .maxout(let inputs, let units, let pieces):
            try takes(inputs)
            guard units > 0, pieces > 0 else {
                throw fail("\(field) needs positive units and pieces, got \(units) and \(pieces)")
            }
        case .rbf(let inputs, let classes):
            try takes(inputs)
            guard classes > 0 else { throw fail("\(field).classes must be positive, got \(classes)") }
        case .dropout(let keep, let scale):
            guard keep > 0, keep <= 1 else { throw fail("\(field).keep must be in (0, 1], got \(keep)") }
            guard scale.isFinite, scale > 0 else { throw fail("\(field).scale must be positive, got \(scale)") }
        case .binaryLogits:
            guard width == 1 else { throw fail("\(field) (binary logits) takes 1 input, but gets \(width)") }
        case .sigmoid, .relu: break
        }
        guard l1.isFinite, l1 >= 0, l2.isFinite, l2 >= 0 else {
            throw fail("\(field) needs l1 and l2 of at least 0, got \(l1) and \(l2)")
        }
        if let maxNorm, !(maxNorm.isFinite && maxNorm > 0) {
            throw fail("\(field).maxNorm must be a positive number, got \(maxNorm)")
        }
        return outputWidth(forInput: width)
    }
}

extension DecodingError {
    /// What is wrong with a JSON file, in words: "the field layers[0].kind is missing".
    var plainDescription: String {
        func field(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
                .trimmingPrefix(".").description
        }
        switch self {
        case .keyNotFound(let key, let context):
            return "the field \(field(context.codingPath + [key])) is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "the field \(field(context.codingPath)) has the wrong type"
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return "it is not valid JSON"
        case .dataCorrupted(let context):
            return "the field \(field(context.codingPath)) is invalid"
        @unknown default:
            return "it cannot be decoded"
        }
    }
}
