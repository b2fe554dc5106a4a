import AdvSyntax
import Foundation

/// CI's check that a script's numbers have not drifted: each figure of one run against the same
/// figure in a committed record of many seeds (`adv run --against results/NAME-quick.json NAME`).
/// The tolerance is the record's measured spread: 4 sd, floored for figures that did not vary over
/// the seeds (0.002 for rates and percentages, 1% of the mean for plain numbers), so a change of
/// the code or the data that moves a figure by more than seed noise fails the run.
public struct DriftCheck {
    public let record: RunRecord

    public init(record: RunRecord) { self.record = record }

    /// How far a run's figure may lie from the record's mean.
    public static func tolerance(_ figure: FigureSummary) -> Double {
        let floor = figure.percent ? 0.002 : 0.01 * abs(figure.ours)
        return max(4 * (figure.sd ?? 0), floor)
    }

    /// One line per figure ("drift: LABEL: 0.0312 ~ 0.0298 within 0.0041: ok") and whether all
    /// passed; a figure missing on either side fails (the record is stale: rerun Scripts/records.sh).
    public func compare(_ figures: [FigureMeasurement]) -> (lines: [String], passed: Bool) {
        var lines: [String] = []
        var passed = true
        for figure in figures {
            guard let recorded = record.figures.first(where: { $0.label == figure.label }) else {
                lines.append("drift: \(figure.label): not in the record: FAILED")
                passed = false
                continue
            }
            let tolerance = DriftCheck.tolerance(recorded)
            let ok = abs(figure.ours - recorded.ours) <= tolerance
            passed = passed && ok
            lines.append(
                "drift: \(figure.label): \(recorded.text(figure.ours)) ~ \(recorded.text(recorded.ours)) within "
                    + "\(recorded.text(tolerance)): \(ok ? "ok" : "FAILED")")
        }
        for recorded in record.figures where !figures.contains(where: { $0.label == recorded.label }) {
            lines.append("drift: \(recorded.label): recorded but not measured: FAILED")
            passed = false
        }
        return (lines, passed)
    }
}
