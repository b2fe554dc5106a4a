import AdvOptimization
import AdvTensor

/// The search over c for one chunk of the minimum-distortion attack: per example, a phase of
/// division (c = initialC / divisor^k until the minimiser is classified as the target; or, when
/// initialC already succeeds, c = initialC * divisor^k until it fails), then a phase of geometric
/// bisection between the smallest failing c and the largest succeeding c.
/// Each round runs one batched `BoxLBFGS` over the examples that still have a c to try.
struct CSearch {
    let original: [Float]
    let targets: [Int]
    let settings: MinimumDistortionSettings
    let n: Int
    let d: Int

    /// The kept example of each row, [n * d]; the clean rows until something is found.
    var kept: [Float]
    var keptC: [Float]
    var keptDistortion: [Float]
    var succeeded: [Bool]
    /// The largest c known to succeed and the smallest known to fail (nil: none yet).
    private var succeedingC: [Float]
    private var failingC: [Float?]
    private var rounds: [Int]
    private var bisections: [Int]
    /// Rows the model already assigns to their target: r = 0 is the minimum, nothing to search.
    private var alreadyTarget: [Bool]

    init(chunk: Tensor, targets: [Int], settings: MinimumDistortionSettings) {
        original = chunk.scalars
        self.targets = targets
        self.settings = settings
        n = chunk.shape[0]
        d = chunk.shape[1]
        kept = chunk.scalars
        keptC = Array(repeating: .nan, count: n)
        keptDistortion = Array(repeating: .nan, count: n)
        succeeded = Array(repeating: false, count: n)
        succeedingC = Array(repeating: 0, count: n)
        failingC = Array(repeating: nil, count: n)
        rounds = Array(repeating: 0, count: n)
        bisections = Array(repeating: 0, count: n)
        alreadyTarget = Array(repeating: false, count: n)
    }

    /// The c example `i` tries next, or nil when its search is over.
    private func nextC(_ i: Int) -> Float? {
        if alreadyTarget[i] { return nil }
        if !succeeded[i] {
            guard rounds[i] < settings.maxRounds else { return nil }
            var c = settings.initialC
            for _ in 0..<rounds[i] { c /= settings.divisor }
            return c
        }
        guard let failing = failingC[i] else {
            // Success at every c so far: c was not large enough to start with; grow it.
            return rounds[i] < settings.maxRounds ? succeedingC[i] * settings.divisor : nil
        }
        guard bisections[i] < settings.bisectionSteps else { return nil }
        return (failing * succeedingC[i]).squareRoot()
    }

    /// Runs rounds until every example's search is over (or `shouldStop` says so).
    mutating func run(_ model: any Classifier, shouldStop: () -> Bool) throws {
        let clean = try model.probabilities(Tensor(shape: [n, d], scalars: original))
        guard clean.shape == [n, model.classes] else {
            throw AttackError(
                op: "minimum distortion",
                message: "\(model.name) returned probabilities \(clean.shape.shapeDescription) for [\(n), \(d)]")
        }
        for (i, predicted) in try clean.argmaxRows().enumerated() where predicted == targets[i] {
            // NOTE: an example already classified as its target (possible with `.mostLikelyWrong`
            // when the model errs on it) has minimum distortion 0, reached at any c; c = +inf.
            alreadyTarget[i] = true
            succeeded[i] = true
            keptC[i] = .infinity
            keptDistortion[i] = 0
        }
        while !shouldStop() {
            let active = (0..<n).filter { nextC($0) != nil }
            guard !active.isEmpty else { return }
            let cs = active.compactMap(nextC)
            let minimizers = try minimize(model, active: active, cs: cs, shouldStop: shouldStop)
            let predicted = try model.probabilities(Tensor(shape: [active.count, d], scalars: minimizers))
            guard predicted.shape == [active.count, model.classes] else {
                throw AttackError(
                    op: "minimum distortion",
                    message:
                        "\(model.name) returned probabilities \(predicted.shape.shapeDescription) for [\(active.count), \(d)]"
                )
            }
            let classes = try predicted.argmaxRows()
            for (j, i) in active.enumerated() {
                record(i, c: cs[j], minimizer: minimizers[j * d..<(j + 1) * d], success: classes[j] == targets[i])
            }
        }
    }

    /// Updates example `i`'s search with the minimiser found for `c`.
    private mutating func record(_ i: Int, c: Float, minimizer: ArraySlice<Float>, success: Bool) {
        if succeeded[i] && failingC[i] != nil { bisections[i] += 1 } else { rounds[i] += 1 }
        var sum: Double = 0
        for (k, value) in minimizer.enumerated() {
            let r = Double(value - original[i * d + k])
            sum += r * r
        }
        let distortion = Float((sum / Double(max(d, 1))).squareRoot())
        if success {
            succeedingC[i] = max(succeedingC[i], c)
            if !succeeded[i] || distortion < keptDistortion[i] { keep(i, c: c, minimizer, distortion) }
            succeeded[i] = true
        } else {
            failingC[i] = min(failingC[i] ?? .infinity, c)
            // NOTE: without any success, the minimiser of the smallest c so far is kept, so a failed
            // row still shows how far the search got.
            if !succeeded[i] { keep(i, c: c, minimizer, distortion) }
        }
    }

    private mutating func keep(_ i: Int, c: Float, _ minimizer: ArraySlice<Float>, _ distortion: Float) {
        kept.replaceSubrange(i * d..<(i + 1) * d, with: minimizer)
        keptC[i] = c
        keptDistortion[i] = distortion
    }

    /// One batched L-BFGS run: for each active example `active[j]`, minimise
    /// c_j |x' - x|^2 + loss(x', target) over x' in [0, 1]^d, from x' = x. Returns [active.count * d].
    private func minimize(
        _ model: any Classifier, active: [Int], cs: [Float], shouldStop: () -> Bool
    ) throws -> [Float] {
        let op = "minimum distortion"
        var start = [Float]()
        start.reserveCapacity(active.count * d)
        for i in active { start += original[i * d..<(i + 1) * d] }
        let problemTargets = active.map { targets[$0] }
        let d = self.d
        let result = try settings.optimizer.minimize(
            problems: active.count, dimension: d, x0: start,
            lower: Array(repeating: 0, count: d), upper: Array(repeating: 1, count: d),
            evaluate: { xs, isActive, values, gradients in
                let rows = isActive.indices.filter { isActive[$0] }
                guard !rows.isEmpty else { return }
                var batch = [Float]()
                batch.reserveCapacity(rows.count * d)
                for j in rows { batch += xs[j * d..<(j + 1) * d] }
                let (losses, gradient) = try Batch.inputGradient(
                    op, model, Tensor(shape: [rows.count, d], scalars: batch), labels: rows.map { problemTargets[$0] })
                start.withUnsafeBufferPointer { x0 in
                    gradient.scalars.withUnsafeBufferPointer { g in
                        for (m, j) in rows.enumerated() {
                            let c = cs[j]
                            var sumOfSquares: Float = 0
                            for k in 0..<d {
                                let r = xs[j * d + k] - x0[j * d + k]
                                sumOfSquares += r * r
                                gradients[j * d + k] = 2 * c * r + g[m * d + k]
                            }
                            values[j] = c * sumOfSquares + losses[m]
                        }
                    }
                }
            },
            shouldStop: shouldStop)
        return result.x
    }
}
