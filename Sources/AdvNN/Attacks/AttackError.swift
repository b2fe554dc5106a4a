import AdvTensor

/// Marks the errors of attacks, metrics and analyses.
public enum AttackOperation {}

/// An error from an attack, a metric or an analysis: the operation's name and what was wrong,
/// shapes included, e.g. "fgsm: examples [100, 784] but the model takes 100 inputs".
public typealias AttackError = OperationError<AttackOperation>
