import AdvTensor
import Foundation

/// An ensemble of classifiers deciding together (the "Ens." target of Papernot, McDaniel &
/// Goodfellow 2016's cross-technique table, an ensemble of their DNN, LR, SVM, DT and kNN).
///
/// `.majority`: every member votes for its predicted class and `probabilities` are the vote
/// shares, so the ensemble predicts the class most members predict, ties to the lower class (the
/// paper's ensemble combines its members' decisions by majority; how it breaks ties is not said).
/// `.average`: the mean of the members' probabilities (Goodfellow 2015's ensembles average),
/// which has an input gradient when every member has one, so FGSM can attack the ensemble as a
/// whole (Goodfellow 2015 section 6); a majority vote is piecewise constant and has none.
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

    /// The logs of `probabilities` (see `logitsOfProbabilities`).
    public func logits(_ x: Tensor) throws -> Tensor { try logitsOfProbabilities(x) }

    /// For an `.average` ensemble: each example's loss -log(mean_m p_m(y | x)) and the gradient
    /// of their sum, sum_m w_m grad(-log p_m(y | x)) with w_m = p_m(y | x) / sum_m' p_m'(y | x):
    /// each member's own cross-entropy gradient, weighted by its share of the mean's probability
    /// of the true class. Exact for members whose training loss is softmax cross-entropy (every
    /// network but the RBF, whose loss is one-vs-rest); p_m(y | x) is read as exp(-loss).
    /// Throws for a majority vote, which has no gradient.
    public func lossAndInputGradient(_ x: Tensor, labels: [Int]) throws -> (losses: [Float], gradient: Tensor) {
        guard vote == .average else {
            throw AttackError(
                op: "input gradient",
                message: "\(name) is a majority vote: it has no input gradient (ensemble(..., vote: \"average\") has)")
        }
        let parts = try members.map { try $0.lossAndInputGradient(x, labels: labels) }
        return try Self.averaged(parts, shape: x.shape)
    }

    /// The loss `-log(mean_m p_m(y | x))` of an average of probabilities and its input gradient,
    /// from each part's own cross-entropy and gradient (`lossAndInputGradient`): the gradient is
    /// `sum_m w_m grad(-log p_m)`, `w_m = p_m(y | x) / sum_m' p_m'(y | x)`, p_m read as
    /// exp(-loss). Written once for an averaging ensemble and for the draws of test-time noise
    /// (`NoisyInput`). `shape` is the examples' [n, d].
    static func averaged(_ parts: [(losses: [Float], gradient: Tensor)], shape: [Int]) throws -> (
        losses: [Float], gradient: Tensor
    ) {
        let (n, d) = (shape[0], shape[1])
        var losses = [Float](repeating: 0, count: n)
        var gradient = [Float](repeating: 0, count: n * d)
        for row in 0..<n {
            // Shares computed from the smallest loss up, so exp never overflows.
            let smallest = parts.map { $0.losses[row] }.min() ?? 0
            let weights = parts.map { Foundation.exp(-($0.losses[row] - smallest)) }
            let total = weights.reduce(0, +)
            losses[row] = smallest - Foundation.log(total / Float(parts.count))
            for (part, weight) in zip(parts, weights) {
                let share = weight / total
                part.gradient.scalars.withUnsafeBufferPointer { g in
                    for i in 0..<d { gradient[row * d + i] += share * g[row * d + i] }
                }
            }
        }
        return (losses, try Tensor(shape: [n, d], scalars: gradient))
    }

    public var description: String {
        "ensemble of \(members.count) (\(vote.rawValue) vote): "
            + members.map(\.name).joined(separator: ", ") + "; \(inputs) inputs, \(classes) classes"
    }
}
