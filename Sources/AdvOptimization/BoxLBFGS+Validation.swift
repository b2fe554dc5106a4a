extension BoxLBFGS {
    /// Throws `BoxLBFGSError` naming the bad option or size.
    func validate(problems: Int, dimension: Int, x0: [Float], lower: [Float], upper: [Float]) throws {
        guard memory >= 1 else { throw BoxLBFGSError("memory must be at least 1, got \(memory)") }
        guard maxIterations >= 0 else { throw BoxLBFGSError("maxIterations must be >= 0, got \(maxIterations)") }
        guard maxLineSearchSteps >= 0 else {
            throw BoxLBFGSError("maxLineSearchSteps must be >= 0, got \(maxLineSearchSteps)")
        }
        guard armijoConstant > 0, armijoConstant < 1 else {
            throw BoxLBFGSError("armijoConstant must lie in (0, 1), got \(armijoConstant)")
        }
        let tolerances: [(String, Float)] = [
            ("projectedGradientTolerance", projectedGradientTolerance), ("fTolerance", fTolerance),
            ("noiseTolerance", noiseTolerance), ("curvatureTolerance", curvatureTolerance),
        ]
        for (name, value) in tolerances where !(value >= 0) {
            throw BoxLBFGSError("\(name) must be >= 0, got \(value)")
        }
        guard backtrackingFactor > 0, backtrackingFactor < 1 else {
            throw BoxLBFGSError("backtrackingFactor must lie in (0, 1), got \(backtrackingFactor)")
        }
        guard problems >= 0, dimension >= 1 else {
            throw BoxLBFGSError("need problems >= 0 and dimension >= 1, got \(problems) and \(dimension)")
        }
        let n = problems * dimension
        guard x0.count == n else {
            throw BoxLBFGSError("x0 has \(x0.count) scalars, expected problems * dimension = \(n)")
        }
        for (name, bound) in [("lower", lower), ("upper", upper)] where bound.count != dimension && bound.count != n {
            throw BoxLBFGSError("\(name) has \(bound.count) scalars, expected \(dimension) or \(n)")
        }
        for p in 0..<problems {
            for j in 0..<dimension {
                let l = lower[lower.count == dimension ? j : p * dimension + j]
                let u = upper[upper.count == dimension ? j : p * dimension + j]
                guard !l.isNaN, !u.isNaN, l <= u else {
                    throw BoxLBFGSError("empty box for problem \(p), variable \(j): [\(l), \(u)]")
                }
            }
        }
        guard x0.allSatisfy({ $0.isFinite }) else { throw BoxLBFGSError("x0 holds a non-finite scalar") }
    }
}
