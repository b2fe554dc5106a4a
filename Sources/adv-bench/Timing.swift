/// Repeated timed runs: warm up, then run for a fixed wall-clock budget and keep each run's time.
struct Timing {
    /// Each timed run's duration in seconds, in the order they ran.
    var seconds: [Double]

    /// The median run time in seconds (the mean of the middle two for an even count).
    var median: Double {
        let sorted = seconds.sorted()
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// Runs `body` for `warmUp` seconds (at least once, untimed), then times it repeatedly until
    /// `budget` seconds have passed and at least `minimumRuns` runs are done.
    ///
    /// NOTE: each run is timed on its own with `ContinuousClock`, and the median is reported, so a
    /// run slowed by another process on the shared cores moves the result less than a mean would.
    static func measure(
        warmUp: Double, budget: Double, minimumRuns: Int = 3, _ body: () throws -> Void
    ) rethrows -> Timing {
        let clock = ContinuousClock()
        let warmUpEnd = clock.now.advanced(by: .seconds(warmUp))
        repeat { try body() } while clock.now < warmUpEnd
        var seconds: [Double] = []
        let end = clock.now.advanced(by: .seconds(budget))
        while seconds.count < minimumRuns || clock.now < end {
            let start = clock.now
            try body()
            seconds.append((clock.now - start).seconds)
        }
        return Timing(seconds: seconds)
    }
}

extension Duration {
    /// The duration in seconds, as a Double.
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) * 1e-18
    }
}
