import Foundation
import XCTest

@testable import AdvOptimization

/// One objective: its value and gradient at a point.
private typealias Objective = ([Float]) -> (value: Float, gradient: [Float])

/// `0.5 x^T A x - b^T x` for a dense symmetric `A` (row-major, `n * n`).
private func quadratic(_ a: [Float], _ b: [Float]) -> Objective {
    let n = b.count
    return { x in
        var gradient = [Float](repeating: 0, count: n)
        var value: Float = 0
        for i in 0..<n {
            var ax: Float = 0
            for j in 0..<n { ax += a[i * n + j] * x[j] }
            gradient[i] = ax - b[i]
            value += 0.5 * x[i] * ax - b[i] * x[i]
        }
        return (value, gradient)
    }
}

/// The chained Rosenbrock function `sum 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2`, minimum at `1, ..., 1`.
private func rosenbrock(_ x: [Float]) -> (value: Float, gradient: [Float]) {
    var gradient = [Float](repeating: 0, count: x.count)
    var value: Float = 0
    for i in 0..<x.count - 1 {
        let t = x[i + 1] - x[i] * x[i]
        let u = 1 - x[i]
        value += 100 * t * t + u * u
        gradient[i] += -400 * x[i] * t - 2 * u
        gradient[i + 1] += 200 * t
    }
    return (value, gradient)
}

/// Runs `BoxLBFGS` on one objective per problem, asserting every evaluated point lies in the box
/// and that inactive problems' rows never change.
private func solve(
    _ objectives: [Objective], dimension: Int, x0: [Float], lower: [Float], upper: [Float],
    options: BoxLBFGS = BoxLBFGS(), file: StaticString = #filePath, line: UInt = #line
) throws -> BoxLBFGS.Result {
    let problems = objectives.count
    var frozen: [[Float]?] = Array(repeating: nil, count: problems)
    return try options.minimize(
        problems: problems, dimension: dimension, x0: x0, lower: lower, upper: upper,
        evaluate: { x, active, values, gradients in
            for p in 0..<problems {
                let point = Array(x[p * dimension..<(p + 1) * dimension])
                for j in 0..<dimension {
                    let l = lower.count == dimension ? lower[j] : lower[p * dimension + j]
                    let u = upper.count == dimension ? upper[j] : upper[p * dimension + j]
                    XCTAssert(
                        point[j] >= l && point[j] <= u, "x[\(p), \(j)] = \(point[j]) outside [\(l), \(u)]",
                        file: file, line: line)
                }
                guard active[p] else {
                    if let previous = frozen[p] {
                        XCTAssertEqual(previous, point, "inactive problem \(p) moved", file: file, line: line)
                    }
                    frozen[p] = point
                    continue
                }
                let (value, gradient) = objectives[p](point)
                values[p] = value
                for j in 0..<dimension { gradients[p * dimension + j] = gradient[j] }
            }
        })
}

private let open = -Float.infinity
private let closed = Float.infinity

final class LBFGSTests: XCTestCase {
    func testUnconstrainedQuadraticReachesKnownMinimum() throws {
        // A = tridiag(-1, 4, -1), minimum x* = A^-1 b chosen as (1, -2, 3, -4, 5).
        let n = 5
        var a = [Float](repeating: 0, count: n * n)
        for i in 0..<n {
            a[i * n + i] = 4
            if i > 0 { a[i * n + i - 1] = -1 }
            if i < n - 1 { a[i * n + i + 1] = -1 }
        }
        let minimum: [Float] = [1, -2, 3, -4, 5]
        let b = (0..<n).map { i in (0..<n).reduce(Float(0)) { $0 + a[i * n + $1] * minimum[$1] } }
        let result = try solve(
            [quadratic(a, b)], dimension: n, x0: [Float](repeating: 0, count: n),
            lower: [Float](repeating: open, count: n), upper: [Float](repeating: closed, count: n))
        for j in 0..<n { XCTAssertEqual(result.x[j], minimum[j], accuracy: 1e-4) }
        XCTAssertEqual(result.reasons, [.projectedGradient])
        XCTAssertLessThan(result.iterations[0], 30)
    }

    func testRosenbrockTwoDimensions() throws {
        let result = try solve(
            [rosenbrock], dimension: 2, x0: [-1.2, 1], lower: [open, open], upper: [closed, closed])
        XCTAssertEqual(result.x[0], 1, accuracy: 1e-3)
        XCTAssertEqual(result.x[1], 1, accuracy: 1e-3)
        XCTAssertEqual(result.reasons, [.projectedGradient])
    }

    func testRosenbrockTenDimensions() throws {
        let n = 10
        let x0 = (0..<n).map { $0 % 2 == 0 ? Float(-1.2) : 1 }
        let result = try solve(
            [rosenbrock], dimension: n, x0: x0,
            lower: [Float](repeating: open, count: n), upper: [Float](repeating: closed, count: n))
        for j in 0..<n { XCTAssertEqual(result.x[j], 1, accuracy: 1e-3, "x[\(j)]") }
        XCTAssertEqual(result.reasons, [.projectedGradient])
    }

    func testDiagonalQuadraticOnTheBoundIsTheClippedMinimum() throws {
        // f = sum 0.5 h_i (x_i - c_i)^2 in [0, 1]^4: the answer is clip(c, 0, 1).
        let h: [Float] = [1, 10, 0.5, 3]
        let c: [Float] = [-0.5, 0.3, 2, 1.5]
        var a = [Float](repeating: 0, count: 16)
        for i in 0..<4 { a[i * 4 + i] = h[i] }
        let b = (0..<4).map { h[$0] * c[$0] }
        let result = try solve(
            [quadratic(a, b)], dimension: 4, x0: [0.5, 0.5, 0.5, 0.5],
            lower: [0, 0, 0, 0], upper: [1, 1, 1, 1])
        let expected: [Float] = [0, 0.3, 1, 1]
        for j in 0..<4 { XCTAssertEqual(result.x[j], expected[j], accuracy: 1e-5, "x[\(j)]") }
        XCTAssertEqual(result.reasons, [.projectedGradient])
    }

    func testCoupledQuadraticOnTheBoundIsNotTheClippedMinimum() throws {
        // f = x1^2 + x1 x2 + x2^2 - 4 x1 (A = [[2, 1], [1, 2]], b = (4, 0)) with x2 >= 0.
        // Unconstrained minimum (8/3, -4/3); clipping gives (8/3, 0), but on x2 = 0 the minimum of
        // x1^2 - 4 x1 is x1 = 2, where g = (0, 2) pushes x2 against its bound: the answer is (2, 0).
        let result = try solve(
            [quadratic([2, 1, 1, 2], [4, 0])], dimension: 2, x0: [0, 1], lower: [-10, 0], upper: [10, 10])
        XCTAssertEqual(result.x[0], 2, accuracy: 1e-4)
        XCTAssertEqual(result.x[1], 0, accuracy: 1e-6)
        XCTAssertEqual(result.f[0], -4, accuracy: 1e-4)
    }

    func testBatchGivesTheSameAnswersAsSolvingEachAlone() throws {
        let objectives: [Objective] = [
            rosenbrock,
            quadratic([2, 1, 1, 2], [4, 0]),
            quadratic([1, 0, 0, 5], [-1, 5]),
        ]
        let x0: [Float] = [-1.2, 1, 0, 1, 0.5, 0.5]
        let lower: [Float] = [-5, -5, -10, 0, 0, 0]
        let upper: [Float] = [5, 5, 10, 10, 1, 1]
        let batch = try solve(objectives, dimension: 2, x0: x0, lower: lower, upper: upper)
        for p in 0..<3 {
            let row = p * 2..<p * 2 + 2
            let alone = try solve(
                [objectives[p]], dimension: 2, x0: Array(x0[row]), lower: Array(lower[row]),
                upper: Array(upper[row]))
            XCTAssertEqual(Array(batch.x[row]), alone.x, "problem \(p)")
            XCTAssertEqual(batch.f[p], alone.f[0], "problem \(p)")
            XCTAssertEqual(batch.iterations[p], alone.iterations[0], "problem \(p)")
            XCTAssertEqual(batch.reasons[p], alone.reasons[0], "problem \(p)")
        }
        // Problem 2's answer is clip((-1, 1), 0, 1) = (0, 1).
        XCTAssertEqual(batch.x[4], 0, accuracy: 1e-5)
        XCTAssertEqual(batch.x[5], 1, accuracy: 1e-5)
    }

    func testLargeCoupledBoxProblemSatisfiesTheKKTConditions() throws {
        // f = 0.5 |B x - t|^2 + 0.05 |x|^2 over [0, 1]^n, B a fixed pseudo-random n x n matrix: at
        // the answer each interior variable has g ~ 0, one at 0 has g >= 0, one at 1 has g <= 0.
        let n = 60
        let entries = (0..<n * n).map { Float(sin(Double($0) * 12.9898) * 0.5) }
        let target = (0..<n).map { Float(sin(Double($0) * 78.233) * 2) }
        var a = [Float](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n {
                a[i * n + j] = (0..<n).reduce(Float(0)) { $0 + entries[$1 * n + i] * entries[$1 * n + j] }
            }
            a[i * n + i] += 0.1
        }
        let b = (0..<n).map { j in (0..<n).reduce(Float(0)) { $0 + entries[$1 * n + j] * target[$1] } }
        let objective = quadratic(a, b)
        let result = try solve(
            [objective], dimension: n, x0: [Float](repeating: 0.5, count: n),
            lower: [Float](repeating: 0, count: n), upper: [Float](repeating: 1, count: n))
        XCTAssertEqual(result.reasons, [.projectedGradient])
        let gradient = objective(result.x).gradient
        var atBounds = 0
        for j in 0..<n {
            if result.x[j] == 0 {
                XCTAssertGreaterThanOrEqual(gradient[j], -1e-4, "x[\(j)] = 0")
                atBounds += 1
            } else if result.x[j] == 1 {
                XCTAssertLessThanOrEqual(gradient[j], 1e-4, "x[\(j)] = 1")
                atBounds += 1
            } else {
                XCTAssertEqual(gradient[j], 0, accuracy: 1e-4, "x[\(j)] = \(result.x[j])")
            }
        }
        XCTAssertGreaterThan(atBounds, 0, "the test should exercise the bounds")
        XCTAssertLessThan(atBounds, n, "the test should exercise the free variables")
    }

    func testConvergesWhereFloat32ValuesRoundAway() throws {
        // f = 10^4 + sum_i (0.5 h_i r_i^2 + 0.25 r_i^4), r = x - c: near c, f rounds to multiples of
        // 10^-3, so the Armijo test alone stalls short of c; the approximate Wolfe test still follows
        // the exact gradient.
        let c: [Float] = [0.3, -0.7, 0.1, 0.5]
        let h: [Float] = [1, 7, 30, 100]
        let objective: Objective = { x in
            var value: Float = 10_000
            var gradient = [Float](repeating: 0, count: 4)
            for i in 0..<4 {
                let r = x[i] - c[i]
                value += 0.5 * h[i] * r * r + 0.25 * r * r * r * r
                gradient[i] = h[i] * r + r * r * r
            }
            return (value, gradient)
        }
        let result = try solve(
            [objective], dimension: 4, x0: [2, 2, 2, 2],
            lower: [Float](repeating: open, count: 4), upper: [Float](repeating: closed, count: 4))
        for j in 0..<4 { XCTAssertEqual(result.x[j], c[j], accuracy: 1e-4, "x[\(j)]") }
        XCTAssertEqual(result.reasons, [.projectedGradient])
    }

    func testSharedBoundsEqualPerProblemBoundsAndSmallMemoryStillConverges() throws {
        let objectives: [Objective] = [rosenbrock, quadratic([2, 1, 1, 2], [4, 0])]
        let x0: [Float] = [-1.2, 1, 0, 1]
        let options = BoxLBFGS(memory: 1)
        let shared = try solve(objectives, dimension: 2, x0: x0, lower: [-3, 0], upper: [3, 3], options: options)
        let perProblem = try solve(
            objectives, dimension: 2, x0: x0, lower: [-3, 0, -3, 0], upper: [3, 3, 3, 3], options: options)
        XCTAssertEqual(shared, perProblem)
        XCTAssertEqual(shared.x[0], 1, accuracy: 1e-3)
        XCTAssertEqual(shared.x[1], 1, accuracy: 1e-3)
        XCTAssertEqual(shared.x[2], 2, accuracy: 1e-4)
        XCTAssertEqual(shared.x[3], 0, accuracy: 1e-6)
    }

    func testFToleranceStopsWhenTheValueStallsOnly() throws {
        let result = try solve(
            [rosenbrock], dimension: 2, x0: [-1.2, 1], lower: [open, open], upper: [closed, closed],
            options: BoxLBFGS(fTolerance: 1e-2))
        XCTAssertEqual(result.reasons, [.fTolerance])
        XCTAssertGreaterThan(result.iterations[0], 0)
        XCTAssertLessThan(result.f[0], rosenbrock([-1.2, 1]).value)
    }

    func testCurvatureCheckSkipsPairsWithNonPositiveSY() {
        let work = BoxLBFGSWorkspace(problems: 1, dimension: 2, memory: 2)
        // s = (1, 0), y = (-1, 0): s.y < 0 (a concave stretch), so no pair is stored.
        for (i, value) in [Float(0), 0].enumerated() { work.x[i] = value }
        for (i, value) in [Float(1), 0].enumerated() { work.g[i] = value }
        for (i, value) in [Float(1), 0].enumerated() { work.trial[i] = value }
        for (i, value) in [Float(0), 0].enumerated() { work.trialGradient[i] = value }
        work.accept(0, curvatureTolerance: 1e-6)
        XCTAssertEqual(work.stored[0], 0)
        XCTAssertEqual(Array(work.x), [1, 0], "the point is accepted even when the pair is skipped")
        // s = (1, 0), y = (2, 0): stored, with rho = 1/2 and gamma = s.y / y.y = 1/2.
        for (i, value) in [Float(2), 0].enumerated() { work.trial[i] = value }
        for (i, value) in [Float(2), 0].enumerated() { work.trialGradient[i] = value }
        work.accept(0, curvatureTolerance: 1e-6)
        XCTAssertEqual(work.stored[0], 1)
        XCTAssertEqual(work.rho[0], 0.5)
        XCTAssertEqual(work.gamma[0], 0.5)
    }

    func testDirectionIsMinusHGradientOnTheFreeVariables() {
        // One pair s = (1, 0), y = (2, 0) gives H = diag(1/2, 1/2) (gamma = 1/2 off the pair's span,
        // 1/2 = s.y/y.y along it), so d = -H g.
        let work = BoxLBFGSWorkspace(problems: 1, dimension: 2, memory: 3)
        for (i, value) in [Float(0.5), 0.5].enumerated() { work.x[i] = value }
        for (i, value) in [Float(0), 0].enumerated() { work.g[i] = value }
        for (i, value) in [Float(1.5), 0.5].enumerated() { work.trial[i] = value }
        for (i, value) in [Float(2), 0].enumerated() { work.trialGradient[i] = value }
        work.accept(0, curvatureTolerance: 1e-6)
        work.g[0] = 2
        work.g[1] = -4
        let box = BoxLBFGSBounds(values: [0, 0], dimension: 2, shared: true)
        let top = BoxLBFGSBounds(values: [5, 5], dimension: 2, shared: true)
        let slope = work.computeDirection(0, lower: box, upper: top)
        XCTAssertEqual(Array(work.direction), [-1, 2])
        XCTAssertEqual(slope, -10)
        // With x_1 at its lower bound and g_1 > 0 pushing outward, variable 1 is fixed: d_1 = 0.
        work.x[0] = 0
        let fixed = work.computeDirection(0, lower: box, upper: top)
        XCTAssertEqual(Array(work.direction), [0, 2])
        XCTAssertEqual(fixed, -8)
    }

    func testNonConvexDoubleWellReachesALocalMinimum() throws {
        // f = sum (x_i^4 - 2 x_i^2): concave near 0, where s.y < 0 pairs must be skipped; minima at +-1.
        let objective: Objective = { x in
            (x.reduce(Float(0)) { $0 + $1 * $1 * $1 * $1 - 2 * $1 * $1 }, x.map { 4 * $0 * $0 * $0 - 4 * $0 })
        }
        let result = try solve(
            [objective], dimension: 2, x0: [0.1, -0.2], lower: [-2, -2], upper: [2, 2])
        XCTAssertEqual(result.x[0], 1, accuracy: 1e-4)
        XCTAssertEqual(result.x[1], -1, accuracy: 1e-4)
        XCTAssertEqual(result.reasons, [.projectedGradient])
    }

    func testStartOutsideTheBoxIsProjected() throws {
        let result = try solve(
            [quadratic([1, 0, 0, 1], [0.25, 0.75])], dimension: 2, x0: [-3, 7], lower: [0, 0], upper: [1, 1])
        XCTAssertEqual(result.x[0], 0.25, accuracy: 1e-5)
        XCTAssertEqual(result.x[1], 0.75, accuracy: 1e-5)
    }

    func testMaxIterationsAndShouldStop() throws {
        let limited = try solve(
            [rosenbrock], dimension: 2, x0: [-1.2, 1], lower: [open, open], upper: [closed, closed],
            options: BoxLBFGS(maxIterations: 3))
        XCTAssertEqual(limited.iterations, [3])
        XCTAssertEqual(limited.reasons, [.maxIterations])

        var polls = 0
        let stopped = try BoxLBFGS().minimize(
            problems: 1, dimension: 2, x0: [-1.2, 1], lower: [open, open], upper: [closed, closed],
            evaluate: { x, _, values, gradients in
                let (value, gradient) = rosenbrock(Array(x))
                values[0] = value
                gradients[0] = gradient[0]
                gradients[1] = gradient[1]
            },
            shouldStop: {
                polls += 1
                return polls > 4
            })
        XCTAssertEqual(stopped.reasons, [.stopped])
        XCTAssertEqual(stopped.evaluations, 4)
        XCTAssertLessThan(stopped.f[0], rosenbrock([-1.2, 1]).value)
    }

    func testNonFiniteStartIsReported() throws {
        let result = try BoxLBFGS().minimize(
            problems: 2, dimension: 1, x0: [0, 0], lower: [-1], upper: [1],
            evaluate: { x, _, values, gradients in
                values[0] = .nan
                gradients[0] = 0
                values[1] = (x[1] - 0.5) * (x[1] - 0.5)
                gradients[1] = 2 * (x[1] - 0.5)
            })
        XCTAssertEqual(result.reasons[0], .nonFiniteValue)
        XCTAssertEqual(result.x[1], 0.5, accuracy: 1e-5)
    }

    func testBadSizesThrowNamingTheArgument() {
        let noop:
            (UnsafeBufferPointer<Float>, [Bool], inout [Float], UnsafeMutableBufferPointer<Float>) throws -> Void = {
                _, _, _, _ in
            }
        XCTAssertThrowsError(
            try BoxLBFGS().minimize(problems: 2, dimension: 3, x0: [0, 0], lower: [0], upper: [1], evaluate: noop)
        ) { error in
            XCTAssertEqual((error as? BoxLBFGSError)?.message, "x0 has 2 scalars, expected problems * dimension = 6")
        }
        XCTAssertThrowsError(
            try BoxLBFGS().minimize(
                problems: 1, dimension: 2, x0: [0, 0], lower: [1, 0], upper: [0, 1], evaluate: noop)
        ) { error in
            XCTAssertEqual((error as? BoxLBFGSError)?.message, "empty box for problem 0, variable 0: [1.0, 0.0]")
        }
        XCTAssertThrowsError(
            try BoxLBFGS().minimize(
                problems: 2, dimension: 1, x0: [0, 0], lower: [0], upper: [1],
                evaluate: { _, _, values, _ in values = [1] })
        ) { error in
            XCTAssertEqual(
                (error as? BoxLBFGSError)?.message, "evaluate left 1 values, expected one per problem (2)")
        }
        XCTAssertThrowsError(
            try BoxLBFGS(curvatureTolerance: .nan).minimize(
                problems: 1, dimension: 1, x0: [0], lower: [0], upper: [1], evaluate: noop)
        ) { error in
            XCTAssertEqual((error as? BoxLBFGSError)?.message, "curvatureTolerance must be >= 0, got nan")
        }
        XCTAssertThrowsError(
            try BoxLBFGS(memory: 0).minimize(problems: 1, dimension: 1, x0: [0], lower: [0], upper: [1], evaluate: noop)
        )
    }
}
