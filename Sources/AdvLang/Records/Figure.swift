import AdvSyntax
import Foundation

/// One number a script measured, beside the paper's: what `figure(label, ours, paper: p, n: N)`
/// records in a run, so a run's comparison with the paper can be written down and summarised
/// over seeds (`adv run --seeds 1,2,3 --record FILE`).
public struct FigureMeasurement: Codable, Sendable, Equatable {
    public let label: String
    public let ours: Double
    /// The paper's value; nil for a figure the paper does not give (a control, a cost).
    public let paper: Double?
    /// The paper's own sampling error: `rateError` for a rate measured on n test examples, else
    /// what the script states (0 when it states nothing).
    public let paperError: Double
    /// Shown as a percentage (error rates, confidences), else as a plain number.
    public let isPercent: Bool

    public init(label: String, ours: Double, paper: Double?, paperError: Double, isPercent: Bool) {
        self.label = label
        self.ours = ours
        self.paper = paper
        self.paperError = paperError
        self.isPercent = isPercent
    }

    /// The standard error of a rate p measured on n examples, sqrt(p(1 - p) / n): how far the
    /// paper's own figure could move with another draw of its test set.
    public static func rateError(_ p: Double, n: Int) -> Double {
        n > 0 ? (max(0, p * (1 - p)) / Double(n)).squareRoot() : 0
    }
}

/// A figure over the seeds of a run: the mean of ours, its spread over seeds, and whether it lies
/// within noise of the paper.
public struct FigureSummary: Codable, Sendable, Equatable {
    public let label: String
    public let paper: Double?
    /// The mean over seeds.
    public let ours: Double
    /// The sample standard deviation over seeds (n - 1 in the denominator); nil for one seed,
    /// where the spread is not measured.
    public let sd: Double?
    /// The paper's sampling error (`FigureMeasurement.paperError`).
    public let se: Double
    /// |ours - paper| <= 2 sqrt(sd^2 + se^2): the two noises a reproduction cannot tell from a
    /// real difference (sd counted as 0 for one seed); nil without a paper value.
    public let within: Bool?
    public let percent: Bool
    /// Ours in each seed's run, in the order of the seeds.
    public let runs: [Double]

    /// Summarises one figure's measurements, one per seed; nil for none.
    public init?(_ measurements: [FigureMeasurement]) {
        guard let first = measurements.first else { return nil }
        let values = measurements.map(\.ours)
        let mean = values.reduce(0, +) / Double(values.count)
        let sd: Double? =
            values.count < 2
            ? nil : (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot()
        label = first.label
        paper = first.paper
        ours = mean
        self.sd = sd
        se = first.paperError
        within = first.paper.map { paper in
            abs(mean - paper) <= 2 * ((sd ?? 0) * (sd ?? 0) + first.paperError * first.paperError).squareRoot()
        }
        percent = first.isPercent
        runs = values
    }

    /// Figures of several runs (one list per seed) matched by label, in the order they first appear.
    public static func summaries(_ runs: [[FigureMeasurement]]) -> [FigureSummary] {
        var order: [String] = []
        var byLabel: [String: [FigureMeasurement]] = [:]
        for measurement in runs.joined() {
            if byLabel[measurement.label] == nil { order.append(measurement.label) }
            byLabel[measurement.label, default: []].append(measurement)
        }
        return order.compactMap { FigureSummary(byLabel[$0] ?? []) }
    }
}
