import AdvLang
import AdvNN

/// The numbers of `train ... vat [eps E] [xi X] [power N] [lambda L] [unlabelled SET [B]]`:
/// Miyato et al.'s virtual adversarial training. eps is the L2 norm of the virtual adversarial
/// perturbation (default 2, the authors' code's default; the paper's MNIST runs tune it), xi
/// the finite difference of the power iteration (1e-6), power the iterations (1), lambda the
/// LDS term's weight (1).
struct VATClauses {
    var eps: Float?
    var xi: Float?
    var iterations: Int?
    var lambda: Float?

    /// The clauses only vat reads.
    static let words: Set<String> = ["xi", "power", "lambda", "unlabelled"]

    /// The objective, refusing adversarial training's alpha.
    func objective(
        _ clauses: [(word: String, values: [Value])], callee: String, named: Bool
    ) throws -> TrainingOptions.Objective {
        if clauses.contains(where: { $0.word == "alpha" }) {
            throw RuntimeError(
                "\(callee): alpha belongs to adversarial or noise; vat weighs its smoothness term with lambda: "
                    + (named ? "vat: true, lambda: 1" : "vat eps 2 lambda 1"))
        }
        return .virtualAdversarial(eps: eps ?? 2, xi: xi ?? 1e-6, iterations: iterations ?? 1, lambda: lambda ?? 1)
    }

    /// Refuses vat's clauses when the objective is another.
    static func refuseWithoutVAT(_ clauses: [(word: String, values: [Value])], callee: String, named: Bool) throws {
        guard let word = clauses.first(where: { words.contains($0.word) })?.word else { return }
        throw RuntimeError(
            "\(callee): \(word) belongs to vat (virtual adversarial training): "
                + (named ? "vat: true, \(word): ..." : "vat eps 2 \(word) ..."))
    }
}
