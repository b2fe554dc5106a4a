import AdvTensor

/// Box-constrained limited-memory BFGS for a batch of independent problems
/// `minimize f_p(x_p) subject to lower_p <= x_p <= upper_p`, one `x_p` of `dimension` scalars per problem.
///
/// Szegedy et al. 2014 find adversarial examples by minimising `c|r| + loss(x + r, l)` subject to
/// `x + r in [0, 1]^n` with box-constrained L-BFGS, one problem per image. One batched
/// forward/backward pass gives every problem's value and gradient, so all problems advance together:
/// each call to `evaluate` serves every active problem at once, while each problem keeps its own
/// memory, step length and stopping rule.
///
/// The method is the projected quasi-Newton reading of L-BFGS-B (Byrd, Lu, Nocedal, Zhu 1995, "A
/// limited memory algorithm for bound constrained optimization"), in the form of Kim, Sra, Dhillon
/// 2010 ("Tackling box-constrained optimization via a new projected quasi-Newton approach"). At an
/// iterate `x` with gradient `g`, per problem:
/// 1. Stop when the projected gradient `P(x - g) - x` has inf-norm below
///    `projectedGradientTolerance` (L-BFGS-B's `pgtol` test).
/// 2. The binding set `B = {i : x_i = lower_i and g_i > 0, or x_i = upper_i and g_i < 0}` holds the
///    variables pushed against their bound; they are fixed for this iteration. With `q = g` zeroed on
///    `B`, the two-loop recursion gives `d = -H q` (`H` the L-BFGS inverse-Hessian approximation from
///    the last `memory` pairs `(s, y)`, scaled by `gamma = s.y / y.y` of the newest pair), and `d` is
///    zeroed on `B`. Because `q` is zero on `B`, `g.d = -q.Hq < 0`: `d` is a descent direction.
/// 3. A projected backtracking (Armijo) line search along the projection path `x(t) = P(x + t d)`:
///    starting at `t = 1` (or `t = min(1, 1 / |d|_2)` while the memory is empty), accept the first
///    `t = t0 * backtrackingFactor^k` with `f(x(t)) <= f(x) + armijoConstant * g.(x(t) - x)`.
///    Near a minimum `f` in Float32 rounds to the same few values, so the Armijo test turns into a
///    coin toss; a trial is then also accepted under Hager and Zhang's (2005) approximate Wolfe
///    condition: `f(x(t)) <= f(x) + noiseTolerance * |f(x)|` and, with `p = x(t) - x`,
///    `g(x(t)).p <= (1 - 2 delta) |g.p|` (`delta = 0.1`), which uses only gradients.
///    When `maxLineSearchSteps` halvings fail, the memory is dropped and the problem retries with
///    projected steepest descent; if that also fails it stops with `.lineSearchFailed`.
/// 4. The pair `s = x_new - x`, `y = g_new - g` enters the memory only when the curvature condition
///    `s.y > curvatureTolerance * |s| |y|` holds, so `H` stays positive definite.
/// 5. Stop after `maxIterations` accepted steps, or, when `fTolerance > 0`, when a step changes `f`
///    by `|f_old - f_new| <= fTolerance * max(|f_old|, |f_new|, 1)` (as SciPy's `ftol`).
///
/// Every point handed to `evaluate` lies inside the box: `x0` is projected first, and every trial
/// point is a projection.
public struct BoxLBFGS: Sendable {
    /// The number of `(s, y)` pairs kept per problem (`m` in Byrd et al.).
    public var memory: Int
    /// The largest number of accepted steps per problem.
    public var maxIterations: Int
    /// Stop a problem when `|P(x - g) - x|_inf` falls below this.
    public var projectedGradientTolerance: Float
    /// Stop a problem when one step changes `f` by at most this, relative to `max(|f|, 1)`.
    /// 0 (the default) turns the test off: in Float32 two successive values often round to the
    /// same number long before the projected gradient is small.
    public var fTolerance: Float
    /// The relative rise in `f` tolerated by the approximate Wolfe test (`epsilon` of Hager and
    /// Zhang 2005), about the rounding noise of a Float32 objective.
    public var noiseTolerance: Float
    /// The largest number of backtracking steps in one line search.
    public var maxLineSearchSteps: Int
    /// The sufficient-decrease constant `c1` of the Armijo condition, in (0, 1).
    public var armijoConstant: Float
    /// The factor the step length is multiplied by after each rejected trial, in (0, 1).
    public var backtrackingFactor: Float
    /// Skip the memory update when `s.y <= curvatureTolerance * |s| |y|`.
    public var curvatureTolerance: Float

    /// The options, with defaults as in L-BFGS-B where Float32 permits.
    public init(
        memory: Int = 10,
        maxIterations: Int = 1000,
        projectedGradientTolerance: Float = 1e-5,
        fTolerance: Float = 0,
        noiseTolerance: Float = 1e-6,
        maxLineSearchSteps: Int = 30,
        armijoConstant: Float = 1e-4,
        backtrackingFactor: Float = 0.5,
        curvatureTolerance: Float = 1e-6
    ) {
        self.memory = memory
        self.maxIterations = maxIterations
        self.projectedGradientTolerance = projectedGradientTolerance
        self.fTolerance = fTolerance
        self.noiseTolerance = noiseTolerance
        self.maxLineSearchSteps = maxLineSearchSteps
        self.armijoConstant = armijoConstant
        self.backtrackingFactor = backtrackingFactor
        self.curvatureTolerance = curvatureTolerance
    }

    /// Why a problem stopped.
    public enum ConvergenceReason: String, Sendable, Equatable, CustomStringConvertible {
        /// The projected gradient's inf-norm fell below `projectedGradientTolerance`.
        case projectedGradient
        /// One step changed `f` by less than `fTolerance` allows.
        case fTolerance
        /// `maxIterations` steps were taken.
        case maxIterations
        /// No step along the projected steepest-descent path decreased `f` enough.
        case lineSearchFailed
        /// `evaluate` returned a non-finite value or gradient at an accepted point.
        case nonFiniteValue
        /// `shouldStop` returned true before the problem converged.
        case stopped

        public var description: String { rawValue }
    }

    /// The outcome of `minimize`: per problem, the best point found, its value, the number of
    /// accepted steps and why it stopped.
    public struct Result: Sendable, Equatable {
        /// The final points, `[problems * dimension]`, row `p` for problem `p`.
        public var x: [Float]
        /// The objective at `x`, `[problems]`.
        public var f: [Float]
        /// Accepted steps per problem, `[problems]`.
        public var iterations: [Int]
        /// Why each problem stopped, `[problems]`.
        public var reasons: [ConvergenceReason]
        /// The number of calls to `evaluate` (each serves every active problem).
        public var evaluations: Int
    }
}

/// An error from `BoxLBFGS.minimize`: bad options, inconsistent sizes, or an empty box.
public typealias BoxLBFGSError = OperationError<BoxLBFGS>

extension OperationError where Source == BoxLBFGS {
    /// An L-BFGS error: "lbfgs: message".
    public init(_ message: String) { self.init(op: "lbfgs", message: message) }
}
