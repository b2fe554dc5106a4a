import Foundation  // libm for squareRoot in debug builds

/// The per-problem pieces of one box-constrained L-BFGS iteration: the projected-gradient test, the
/// search direction on the free variables, the projected trial point, and the memory update.
extension BoxLBFGSWorkspace {
    /// `|P(x - g) - x|_inf` for problem `p`: zero exactly at a point satisfying the KKT conditions
    /// of the box-constrained problem (L-BFGS-B's `pgtol` measure).
    func projectedGradientNorm(_ p: Int, lower: BoxLBFGSBounds, upper: BoxLBFGSBounds) -> Float {
        var norm: Float = 0
        for i in row(p) {
            let j = i - p * dimension
            let moved = min(max(x[i] - g[i], lower[p, j]), upper[p, j])
            norm = max(norm, abs(moved - x[i]))
        }
        return norm
    }

    /// Whether variable `i` (flat index) is pushed against its bound: fixed for this iteration.
    @inline(__always)
    func isBinding(_ i: Int, lowerBound: Float, upperBound: Float) -> Bool {
        (x[i] <= lowerBound && g[i] > 0) || (x[i] >= upperBound && g[i] < 0)
    }

    /// Writes `d = -H q` into problem `p`'s row of `direction`, where `q` is the gradient with the
    /// binding variables zeroed and `H` the two-loop L-BFGS inverse Hessian; `d` is zeroed on the
    /// binding set. Returns `g.d`, negative for a descent direction.
    func computeDirection(_ p: Int, lower: BoxLBFGSBounds, upper: BoxLBFGSBounds) -> Double {
        let start = p * dimension
        let d = direction
        for j in 0..<dimension {
            let i = start + j
            d[i] = isBinding(i, lowerBound: lower[p, j], upperBound: upper[p, j]) ? 0 : g[i]
        }
        // Two-loop recursion (Nocedal 1980), newest pair first, then oldest first.
        let count = stored[p]
        for back in 0..<count {
            let k = (head[p] - 1 - back + memory) % memory
            let a = rho[p * memory + k] * BoxLBFGSVectors.dot(s, slot(p, k), d, start, count: dimension)
            alpha[k] = a
            BoxLBFGSVectors.addScaled(d, start, -a, y, slot(p, k), count: dimension)
        }
        let scale = Float(gamma[p])
        for i in row(p) { d[i] *= scale }
        for forward in 0..<count {
            let k = (head[p] - count + forward + memory) % memory
            let beta = rho[p * memory + k] * BoxLBFGSVectors.dot(y, slot(p, k), d, start, count: dimension)
            BoxLBFGSVectors.addScaled(d, start, alpha[k] - beta, s, slot(p, k), count: dimension)
        }
        var slope = 0.0
        for j in 0..<dimension {
            let i = start + j
            if isBinding(i, lowerBound: lower[p, j], upperBound: upper[p, j]) {
                d[i] = 0
            } else {
                d[i] = -d[i]
                slope += Double(g[i]) * Double(d[i])
            }
        }
        return slope
    }

    /// Writes projected steepest descent `d = -g` (zero on the binding set) and returns `g.d`.
    func computeSteepestDescent(_ p: Int, lower: BoxLBFGSBounds, upper: BoxLBFGSBounds) -> Double {
        resetMemory(p)
        return computeDirection(p, lower: lower, upper: upper)
    }

    /// Writes the projection-path point `P(x + t d)` into problem `p`'s row of `trial` and returns
    /// the predicted change `g.(P(x + t d) - x)` used by the Armijo test.
    func placeTrial(_ p: Int, step t: Float, lower: BoxLBFGSBounds, upper: BoxLBFGSBounds) -> Double {
        let start = p * dimension
        var predicted = 0.0
        for j in 0..<dimension {
            let i = start + j
            let point = min(max(x[i] + t * direction[i], lower[p, j]), upper[p, j])
            trial[i] = point
            predicted += Double(g[i]) * (Double(point) - Double(x[i]))
        }
        return predicted
    }

    /// `g(x(t)).(x(t) - x)` for problem `p`: the slope at the trial point along the actual step.
    func trialSlope(_ p: Int) -> Double {
        var slope = 0.0
        for i in row(p) { slope += Double(trialGradient[i]) * (Double(trial[i]) - Double(x[i])) }
        return slope
    }

    /// Accepts problem `p`'s trial point: stores the pair `(s, y)` when `s.y > tolerance |s| |y|`,
    /// then moves the trial point and its gradient into `x` and `g`.
    func accept(_ p: Int, curvatureTolerance: Float) {
        let start = p * dimension
        let k = head[p]
        let base = slot(p, k)
        var sy = 0.0
        var ss = 0.0
        var yy = 0.0
        for j in 0..<dimension {
            let sj = trial[start + j] - x[start + j]
            let yj = trialGradient[start + j] - g[start + j]
            s[base + j] = sj
            y[base + j] = yj
            sy += Double(sj) * Double(yj)
            ss += Double(sj) * Double(sj)
            yy += Double(yj) * Double(yj)
        }
        // NOTE: a pair with s.y <= eps |s||y| would make H indefinite or blow up rho; skipping it
        // (the slot is overwritten next time) keeps every direction a descent direction.
        if sy > Double(curvatureTolerance) * (ss * yy).squareRoot(), yy > 0 {
            rho[p * memory + k] = 1 / sy
            gamma[p] = sy / yy
            head[p] = (k + 1) % memory
            stored[p] = min(stored[p] + 1, memory)
        }
        BoxLBFGSVectors.copy(trial, start, to: x, start, count: dimension)
        BoxLBFGSVectors.copy(trialGradient, start, to: g, start, count: dimension)
    }
}

/// Bounds given either once for every problem (`[dimension]`) or per problem (`[problems * dimension]`).
struct BoxLBFGSBounds {
    let values: [Float]
    let dimension: Int
    let shared: Bool

    @inline(__always)
    subscript(p: Int, j: Int) -> Float { values[shared ? j : p * dimension + j] }
}
