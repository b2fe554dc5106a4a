/// The flat buffers of one batched `BoxLBFGS.minimize` call, allocated once and reused for every
/// iteration, so the optimizer allocates nothing per iteration per problem.
///
/// Row `p` of each `[problems * dimension]` buffer belongs to problem `p`. The memory is a ring:
/// problem `p`'s pair `k` lives at `s[(p * memory + k) * dimension ..< +dimension]` (likewise `y`),
/// `head[p]` is the slot the next pair is written to and `stored[p]` how many slots are valid.
final class BoxLBFGSWorkspace {
    let problems: Int
    let dimension: Int
    let memory: Int

    /// The accepted iterates and their gradients, `[problems * dimension]`.
    let x: UnsafeMutableBufferPointer<Float>
    let g: UnsafeMutableBufferPointer<Float>
    /// The points handed to `evaluate` and the gradients it returns there, `[problems * dimension]`.
    let trial: UnsafeMutableBufferPointer<Float>
    let trialGradient: UnsafeMutableBufferPointer<Float>
    /// The search directions, `[problems * dimension]`.
    let direction: UnsafeMutableBufferPointer<Float>
    /// The step and gradient-change ring buffers, `[problems * memory * dimension]`.
    let s: UnsafeMutableBufferPointer<Float>
    let y: UnsafeMutableBufferPointer<Float>
    /// `1 / s.y` for each stored pair, `[problems * memory]`.
    let rho: UnsafeMutableBufferPointer<Double>
    /// The two-loop recursion's coefficients for one problem, `[memory]`.
    let alpha: UnsafeMutableBufferPointer<Double>
    /// The initial inverse-Hessian scale `s.y / y.y` of each problem's newest pair, `[problems]`.
    var gamma: [Double]
    var head: [Int]
    var stored: [Int]

    init(problems: Int, dimension: Int, memory: Int) {
        self.problems = problems
        self.dimension = dimension
        self.memory = memory
        func floats(_ count: Int) -> UnsafeMutableBufferPointer<Float> {
            let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
            buffer.initialize(repeating: 0)
            return buffer
        }
        let n = problems * dimension
        x = floats(n)
        g = floats(n)
        trial = floats(n)
        trialGradient = floats(n)
        direction = floats(n)
        s = floats(n * memory)
        y = floats(n * memory)
        rho = .allocate(capacity: problems * memory)
        rho.initialize(repeating: 0)
        alpha = .allocate(capacity: memory)
        alpha.initialize(repeating: 0)
        gamma = Array(repeating: 1, count: problems)
        head = Array(repeating: 0, count: problems)
        stored = Array(repeating: 0, count: problems)
    }

    deinit {
        for buffer in [x, g, trial, trialGradient, direction, s, y] { buffer.deallocate() }
        rho.deallocate()
        alpha.deallocate()
    }

    /// The range of problem `p`'s row in a `[problems * dimension]` buffer.
    func row(_ p: Int) -> Range<Int> { p * dimension..<(p + 1) * dimension }

    /// The start of problem `p`'s memory slot `k` in `s` and `y`.
    func slot(_ p: Int, _ k: Int) -> Int { (p * memory + k) * dimension }

    /// Forgets problem `p`'s pairs, so its next direction is projected steepest descent.
    func resetMemory(_ p: Int) {
        head[p] = 0
        stored[p] = 0
        gamma[p] = 1
    }
}
