import AdvLang
import AdvNN
import AdvSyntax

/// A model as a language value (type name "model"); prints the model's summary (layers, shapes,
/// parameter count). Members: `.name`, `.parameters` (count), `.seed`, `.weights` (each weighted
/// layer's matrix [in, out], e.g. Goodfellow's Fig. 2 and 3 draw transpose(m.weights[0])), and
/// `.training` (the record of the last `train` run, or none).
public final class ModelValue: DomainValue {
    public let model: Model
    /// What the last `train` statement on this model returned (the statement itself has no value).
    public var lastTraining: Value = .none

    public init(_ model: Model) { self.model = model }

    public var typeName: String { "model" }
    public var memberNames: [String] { ["name", "parameters", "seed", "weights", "training"] }

    public func member(_ name: String) throws -> Value? {
        switch name {
        case "name": return .string(model.name)
        case "parameters": return .number(Double(model.parameterCount))
        case "seed": return .number(Double(model.seed))
        case "training": return lastTraining
        case "weights":
            // NOTE: a copy-on-write copy, so changing it in adv never changes the model.
            return .list(
                model.layers.compactMap { layer in
                    switch layer.kind {
                    case .linear, .maxout, .rbf:
                        return layer.parameterIndices.first.map { .tensor(model.parameters[$0]) }
                    default: return nil
                    }
                })
        default: return nil
        }
    }

    public var description: String { model.description }
}
