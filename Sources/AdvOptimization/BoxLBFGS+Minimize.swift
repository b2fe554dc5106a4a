import Foundation  // libm for squareRoot in debug builds

extension BoxLBFGS {
    /// Minimises `problems` independent box-constrained problems of `dimension` variables together.
    ///
    /// - Parameters:
    ///   - x0: the starting points, `[problems * dimension]`; projected into the box first.
    ///   - lower, upper: the box, either `[dimension]` (shared) or `[problems * dimension]`;
    ///     `-Float.infinity` / `Float.infinity` leave a side open.
    ///   - evaluate: writes `values[p] = f_p(x_p)` and `gradients[row p] = grad f_p(x_p)` for every
    ///     `p` with `active[p]`; it may skip inactive problems (their rows of `x` do not change and
    ///     their outputs are ignored). `x` and `gradients` are `[problems * dimension]`; every `x_p`
    ///     lies in the box.
    ///   - shouldStop: polled before each evaluation; when it returns true every unfinished problem
    ///     stops with `.stopped` at its best point so far.
    /// - Returns: per problem, the final point, value, steps taken and why it stopped.
    /// - Throws: `BoxLBFGSError` for bad options, sizes or an empty box; whatever `evaluate` throws.
    public func minimize(
        problems: Int,
        dimension: Int,
        x0: [Float],
        lower: [Float],
        upper: [Float],
        evaluate: (
            _ x: UnsafeBufferPointer<Float>, _ active: [Bool], _ values: inout [Float],
            _ gradients: UnsafeMutableBufferPointer<Float>
        ) throws -> Void,
        shouldStop: () -> Bool = { false }
    ) throws -> Result {
        try validate(problems: problems, dimension: dimension, x0: x0, lower: lower, upper: upper)
        guard problems > 0 else { return Result(x: [], f: [], iterations: [], reasons: [], evaluations: 0) }
        let lowerBounds = BoxLBFGSBounds(values: lower, dimension: dimension, shared: lower.count == dimension)
        let upperBounds = BoxLBFGSBounds(values: upper, dimension: dimension, shared: upper.count == dimension)
        let work = BoxLBFGSWorkspace(problems: problems, dimension: dimension, memory: memory)

        for p in 0..<problems {
            for j in 0..<dimension {
                let i = p * dimension + j
                work.x[i] = min(max(x0[i], lowerBounds[p, j]), upperBounds[p, j])
                work.trial[i] = work.x[i]
            }
        }
        var active = Array(repeating: true, count: problems)
        var reasons = Array(repeating: ConvergenceReason.stopped, count: problems)
        var f = Array(repeating: Float(0), count: problems)
        var trialF = Array(repeating: Float(0), count: problems)
        var iterations = Array(repeating: 0, count: problems)
        var evaluations = 0
        // Per problem: whether a line search is under way, its step, its halvings, its predicted change.
        var searching = Array(repeating: false, count: problems)
        var step = Array(repeating: Float(0), count: problems)
        var halvings = Array(repeating: 0, count: problems)
        var predicted = Array(repeating: 0.0, count: problems)

        func finish(_ p: Int, _ reason: ConvergenceReason) {
            active[p] = false
            reasons[p] = reason
            searching[p] = false
            BoxLBFGSVectors.copy(work.x, p * dimension, to: work.trial, p * dimension, count: dimension)
        }

        func evaluateTrials() throws {
            evaluations += 1
            try evaluate(UnsafeBufferPointer(work.trial), active, &trialF, work.trialGradient)
            guard trialF.count == problems else {
                throw BoxLBFGSError("evaluate left \(trialF.count) values, expected one per problem (\(problems))")
            }
        }

        // The starting points.
        if shouldStop() {
            for p in 0..<problems { finish(p, .stopped) }
        } else {
            try evaluateTrials()
            for p in 0..<problems {
                f[p] = trialF[p]
                BoxLBFGSVectors.copy(work.trialGradient, p * dimension, to: work.g, p * dimension, count: dimension)
                if !isFinite(value: f[p], gradient: work.g, row: work.row(p)) { finish(p, .nonFiniteValue) }
            }
        }

        while active.contains(true) {
            // Start a line search for every active problem that needs a new direction.
            for p in 0..<problems where active[p] && !searching[p] {
                if work.projectedGradientNorm(p, lower: lowerBounds, upper: upperBounds) < projectedGradientTolerance {
                    finish(p, .projectedGradient)
                    continue
                }
                if iterations[p] >= maxIterations {
                    finish(p, .maxIterations)
                    continue
                }
                var slope = work.computeDirection(p, lower: lowerBounds, upper: upperBounds)
                if !(slope < 0) {
                    slope = work.computeSteepestDescent(p, lower: lowerBounds, upper: upperBounds)
                }
                guard slope < 0 else {
                    // Only rounding (or a non-finite gradient) leaves no descent direction here.
                    finish(p, .lineSearchFailed)
                    continue
                }
                // NOTE: with an empty memory `d` is the raw (free) gradient, whose length says
                // nothing about a good step; `min(1, 1 / |d|_2)` (with `|d|_2^2 = -g.d`) makes the
                // first trial a move of at most unit length. With a memory, `H` carries the scale.
                step[p] = work.stored[p] == 0 ? Float(min(1, 1 / (-slope).squareRoot())) : 1
                halvings[p] = 0
                searching[p] = true
                predicted[p] = work.placeTrial(p, step: step[p], lower: lowerBounds, upper: upperBounds)
            }
            guard active.contains(true) else { break }
            if shouldStop() {
                for p in 0..<problems where active[p] { finish(p, .stopped) }
                break
            }
            try evaluateTrials()
            // Accept each trial with sufficient decrease; backtrack the others.
            for p in 0..<problems where active[p] {
                let value = trialF[p]
                if isFinite(value: value, gradient: work.trialGradient, row: work.row(p)),
                    isSufficientDecrease(p, value: value, f: f[p], predicted: predicted[p], work: work)
                {
                    let previous = f[p]
                    work.accept(p, curvatureTolerance: curvatureTolerance)
                    f[p] = value
                    iterations[p] += 1
                    searching[p] = false
                    let scale = max(abs(previous), abs(value), 1)
                    if fTolerance > 0, abs(previous - value) <= fTolerance * scale { finish(p, .fTolerance) }
                    continue
                }
                halvings[p] += 1
                if halvings[p] <= maxLineSearchSteps {
                    step[p] *= backtrackingFactor
                    predicted[p] = work.placeTrial(p, step: step[p], lower: lowerBounds, upper: upperBounds)
                } else if work.stored[p] > 0 {
                    // The quasi-Newton model misled the search: drop it and retry along -g.
                    work.resetMemory(p)
                    searching[p] = false
                    BoxLBFGSVectors.copy(work.x, p * dimension, to: work.trial, p * dimension, count: dimension)
                } else {
                    finish(p, .lineSearchFailed)
                }
            }
        }
        return Result(
            x: Array(work.x), f: f, iterations: iterations, reasons: reasons, evaluations: evaluations)
    }

    /// Whether problem `p`'s trial value passes the Armijo test, or, within rounding noise of `f`,
    /// Hager and Zhang's approximate Wolfe test on the slope along the actual step.
    private func isSufficientDecrease(
        _ p: Int, value: Float, f: Float, predicted: Double, work: BoxLBFGSWorkspace
    ) -> Bool {
        if Double(value) <= Double(f) + Double(armijoConstant) * predicted { return true }
        // NOTE: `predicted < 0` rules out a step that rounded to no move at all.
        guard predicted < 0, Double(value) <= Double(f) + Double(noiseTolerance) * Double(abs(f)) else {
            return false
        }
        let delta = 0.1
        return work.trialSlope(p) <= (1 - 2 * delta) * -predicted
    }

    /// Whether `value` and the gradient's `row` are all finite.
    private func isFinite(value: Float, gradient: UnsafeMutableBufferPointer<Float>, row: Range<Int>) -> Bool {
        guard value.isFinite else { return false }
        for i in row where !gradient[i].isFinite { return false }
        return true
    }
}
