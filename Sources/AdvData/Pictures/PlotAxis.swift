import Foundation

/// One axis of a plot: its range, rounded out to "nice" tick values 1, 2 or 5 times a power of
/// ten, so tick labels read 0, 0.1, 0.2 rather than 0, 0.0837, 0.1674.
struct PlotAxis: Equatable {
    /// The drawn range; both ends are ticks.
    var lower: Double
    var upper: Double
    /// The distance between ticks: 1, 2 or 5 times a power of ten.
    var step: Double

    /// The tick values from `lower` to `upper`.
    var ticks: [Double] {
        let intervals = ((upper - lower) / step).rounded()
        // NOTE: a range no 1-2-5 step fits (subnormal spans) gets just its two ends.
        guard step > 0, intervals.isFinite, (1...100).contains(intervals) else { return [lower, upper] }
        let count = Int(intervals)
        // NOTE: lower + k * step, then snapped to the step's precision, avoids 0.30000000000000004
        // and -0 in labels.
        return (0...count).map { k in
            let value = lower + Double(k) * step
            let snapped = (value / step).rounded() * step
            return snapped == 0 ? 0 : snapped
        }
    }

    /// The nicest axis covering `minimum...maximum` with about `target` ticks. A zero-width
    /// range is widened (by 1 around 0, else by 10% of the value) so it still has an extent.
    ///
    /// Candidate steps are 1, 2 and 5 times the powers of ten near `span / (target - 1)`; each is
    /// scored by how much of the axis the data fills minus a penalty for straying from `target`
    /// ticks, so -25.8...25.8 gets -30...30 by 10 rather than -40...40 by 20.
    static func nice(_ minimum: Double, _ maximum: Double, target: Int = 6) -> PlotAxis {
        var low = minimum
        var high = maximum
        if high - low <= abs(high) * 1e-12 {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            low -= pad
            high += pad
        }
        let raw = (high - low) / Double(max(target - 1, 1))
        let exponent = floor(log10(raw))
        var best = PlotAxis(lower: low, upper: high, step: high - low)
        var bestScore = -Double.infinity
        for power in [exponent - 1, exponent, exponent + 1] {
            for factor in [1.0, 2.0, 5.0] {
                let step = factor * pow(10, power)
                let lower = floor(low / step + 1e-9) * step
                let upper = ceil(high / step - 1e-9) * step
                let intervals = ((upper - lower) / step).rounded()
                guard step > 0, intervals.isFinite, (2...11).contains(intervals) else { continue }
                let ticks = Int(intervals) + 1
                let score = (high - low) / (upper - lower) - 0.5 * Double(abs(ticks - target)) / Double(target)
                if score > bestScore + 1e-9 {
                    best = PlotAxis(lower: lower, upper: upper, step: step)
                    bestScore = score
                }
            }
        }
        return best
    }

    /// `value`'s position along a length `length` starting at `start`; `flipped` for screen y.
    func position(_ value: Double, start: Double, length: Double, flipped: Bool = false) -> Double {
        let fraction = (value - lower) / (upper - lower)
        return start + (flipped ? 1 - fraction : fraction) * length
    }

    /// A tick label with as many decimals as the step needs (step 0.05 -> "0.15").
    func label(_ value: Double) -> String { PlotAxis.format(value, step: step) }

    /// `value` with four significant digits and no trailing zeros ("25.8", "0.03", "4"): the
    /// min and max labels of a text chart.
    static func compact(_ value: Double) -> String {
        value == 0 ? "0" : String(format: "%.4g", value)
    }

    /// `value` printed with the decimals `step` needs; exponent form beyond a million.
    static func format(_ value: Double, step: Double) -> String {
        if value == 0 { return "0" }
        if abs(value) >= 1e6 || abs(value) < 1e-4 { return String(format: "%.3g", value) }
        let decimals = step > 0 ? max(0, Int(-floor(log10(step) + 1e-9))) : 3
        return String(format: "%.\(min(decimals, 6))f", value)
    }
}
