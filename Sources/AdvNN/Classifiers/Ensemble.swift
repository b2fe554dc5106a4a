import AdvTensor

/// An ensemble of classifiers deciding together (the "Ens." target of Papernot, McDaniel &
/// Goodfellow 2016's cross-technique table, an ensemble of their DNN, LR, SVM, DT and kNN).
///
/// `.majority`: every member votes for its predicted class and `probabilities` are the vote
/// shares, so the ensemble predicts the class most members predict, ties to the lower class (the
/// paper's ensemble combines its members' decisions by majority; how it breaks ties is not said).
/// `.average`: the mean of the members' probabilities (Goodfellow 2015's ensembles average).
/// Either way it is a vote over members of any kind, some without gradients, so it has no input
/// gradient of its own; attacks craft on its members.
public final class Ensemble: Classifier, CustomStringConvertible {
    public enum Vote: String, Sendable, Equatable {
        case majority
        case average
    }

    public let members: [any Classifier]
    public let vote: Vote
    public let name: String
    public let inputs: Int
    public let classes: Int

    /// An ensemble of `members`, which must agree on their inputs and classes.
    public init(_ members: [any Classifier], vote: Vote = .majority) throws {
        guard let first = members.first else {
            throw AttackError(op: "ensemble", message: "an ensemble needs at least one member")
        }
        if let odd = members.first(where: { $0.inputs != first.inputs || $0.classes != first.classes }) {
            throw AttackError(
                op: "ensemble",
                message:
                    "\(odd.name) takes \(odd.inputs) inputs to \(odd.classes) classes, but \(first.name) \(first.inputs) to \(first.classes)"
            )
        }
        self.members = members
        self.vote = vote
        inputs = first.inputs
        classes = first.classes
        name = "ensemble(" + members.map(\.name).joined(separator: ", ") + (vote == .average ? "; average)" : ")")
    }

    /// The members' vote shares (majority) or mean probabilities (average), [n, classes].
    public func probabilities(_ x: Tensor) throws -> Tensor {
        guard x.rank == 2, x.shape[1] == inputs else {
            throw AttackError(
                op: "ensemble", message: "examples \(x.shape.shapeDescription) but \(name) takes [n, \(inputs)]")
        }
        let n = x.shape[0]
        var total = [Float](repeating: 0, count: n * classes)
        let share = 1 / Float(members.count)
        for member in members {
            let p = try member.probabilities(x)
            guard p.shape == [n, classes] else {
                throw AttackError(
                    op: "ensemble",
                    message:
                        "\(member.name) returned probabilities \(p.shape.shapeDescription) for examples \(x.shape.shapeDescription)"
                )
            }
            switch vote {
            case .average:
                for i in total.indices { total[i] += share * p.scalars[i] }
            case .majority:
                for (r, c) in try p.argmaxRows().enumerated() { total[r * classes + c] += share }
            }
        }
        return try Tensor(shape: [n, classes], scalars: total)
    }

    /// `log p` of `probabilities`, a share of 0 read as the smallest normal Float32 (log -87.3).
    public func logits(_ x: Tensor) throws -> Tensor {
        try probabilities(x).clipped(min: Float.leastNormalMagnitude, max: 1).log()
    }

    /// Throws: a vote has no input gradient (craft on the members).
    public func lossAndInputGradient(_ x: Tensor, labels: [Int]) throws -> (losses: [Float], gradient: Tensor) {
        throw AttackError(op: "input gradient", message: "\(name) is an ensemble vote: it has no input gradient")
    }

    public var description: String {
        "ensemble of \(members.count) (\(vote.rawValue) vote): "
            + members.map(\.name).joined(separator: ", ") + "; \(inputs) inputs, \(classes) classes"
    }
}
