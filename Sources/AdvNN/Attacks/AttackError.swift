import AdvTensor

/// An error from an attack, a metric or an analysis: the operation's name and what was wrong,
/// shapes included, e.g. "fgsm: examples [100, 784] but the model takes 100 inputs".
public struct AttackError: OperationError, Equatable {
    public let op: String
    public let message: String

    public init(op: String, message: String) {
        self.op = op
        self.message = message
    }
}
