import AdvLang
import AdvNN
import AdvSyntax

/// A training run kept open between minibatches, as a language value (type name "trainer"), what
/// `trainer(net, lr: 0.1, ...)` returns and `step(t, batch)` advances: the optimizer's momentum,
/// the seeded dropout generator and the learning-rate schedule live here, so a loop of steps
/// written in adv trains exactly as the `train` statement's inner loop does.
///
/// Members: `.model` (the model it updates), `.steps` (updates so far), `.lr` (the last update's
/// learning rate), `.loss` and `.errors` (the last step's minibatch objective and misclassified
/// count, none before the first step).
public final class TrainerValue: DomainValue {
    public let trainer: Trainer
    /// The model value the trainer updates in place (the same object the script holds).
    public let model: ModelValue
    /// The last step's result.
    var last: (loss: Float, errors: Int)?

    public init(_ trainer: Trainer, model: ModelValue) {
        self.trainer = trainer
        self.model = model
    }

    public var typeName: String { "trainer" }
    public var memberNames: [String] { ["model", "steps", "lr", "loss", "errors"] }

    public func member(_ name: String) throws -> Value? {
        switch name {
        case "model": return .object(model)
        case "steps": return .number(Double(trainer.updates))
        case "lr": return .number(Double(trainer.learningRate))
        case "loss": return last.map { .number(Double($0.loss)) } ?? Value.none
        case "errors": return last.map { .number(Double($0.errors)) } ?? Value.none
        default: return nil
        }
    }

    public var description: String {
        "trainer for \(trainer.model.name): \(trainer.updates) step\(trainer.updates == 1 ? "" : "s"), lr \(formatNumber(Double(trainer.learningRate)))"
    }
}
