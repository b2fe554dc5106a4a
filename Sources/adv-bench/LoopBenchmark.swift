import AdvLang
import AdvLibrary
import AdvSyntax
import AdvTensor

/// `adv-bench loop`: issue 7's interpreter overhead. One epoch of maxout-240 training steps (batch
/// 100, dropout, lr .1, momentum .5) run two ways through the interpreter in this process: (a) the
/// built-in `train m on set epochs 1 ...` statement, whose inner loop is Swift; (b) the same steps
/// as a loop written in adv, `t = trainer(m, ...)` then `for i in range(n) { step(t, set[...]) }`,
/// which evaluates a slice, a call and an example subset per minibatch. Both go through the same
/// `AdvNN.Trainer`, so the difference is the interpreter's. Target: (b) within 5% of (a).
///
/// The set is real MNIST's first 6,000 training images when the cache has them, else 2,000 random
/// images of MNIST's shape. (a) visits the set in a seeded permutation, (b) in order: each step does
/// the same work either way. Runs alternate (a), (b), (a), ... with a fresh model each (made
/// untimed), so a busy moment on the shared cores hits both; the table shows medians.
struct LoopBenchmark: Benchmark {
    let name = "loop"
    let summary = "interpreter overhead: an epoch of steps as an adv for loop against the train statement"

    func run(_ context: BenchContext) throws {
        let session = Session(library: .standard(), output: { _ in })
        let count: Int
        do {
            try LoopBenchmark.run(session, "load mnist\nset = mnist.train[0:6000]")
            count = 6000
        } catch {
            count = 2000
            try LoopBenchmark.run(
                session,
                """
                labels = []
                for i in range(\(count)) { labels = append(labels, i % 10) }
                set = examples(rand([\(count), 784], seed: 7), labels, name: "random")
                """)
        }
        let steps = count / 100
        let options = "lr: 0.1, momentum: 0.5, dropout: true, seed: 1"
        let builtin = "train m on set epochs 1 batch 100 lr 0.1 momentum 0.5 dropout true seed 1 quiet"
        let loop = "t = trainer(m, \(options))\nfor i in range(\(steps)) { step(t, set[i * 100:(i + 1) * 100]) }"
        let runs = Swift.max(context.settings.rounds, 1) * 3
        print(
            "Interpreter overhead: one epoch of \(steps) maxout-240 steps (batch 100, dropout) on "
                + (count == 6000 ? "MNIST's first 6,000 training images" : "2,000 random images")
                + ", median of \(runs) alternating runs after one untimed run of each")
        print("  (a) \(builtin)")
        print("  (b) \(loop.replacingOccurrences(of: "\n", with: "; "))")
        var table = Table(["threads", "(a) train ms/step", "(b) adv loop ms/step", "overhead", "us/step"])
        for threads in context.settings.threads {
            BLAS.threads = threads
            var builtinSeconds: [Double] = []
            var loopSeconds: [Double] = []
            for run in 0...runs {
                let a = try LoopBenchmark.timedEpoch(session, builtin)
                let b = try LoopBenchmark.timedEpoch(session, loop)
                guard run > 0 else { continue }
                builtinSeconds.append(a)
                loopSeconds.append(b)
            }
            let a = Timing(seconds: builtinSeconds).median / Double(steps)
            let b = Timing(seconds: loopSeconds).median / Double(steps)
            table.rows.append([
                "\(threads)", format(a * 1e3, digits: 2), format(b * 1e3, digits: 2),
                format(100 * (b - a) / a, digits: 1) + "%", format((b - a) * 1e6, digits: 0),
            ])
        }
        print(table.text)
        print(
            "issue 7 target: overhead <= 5% ((b) - (a) over (a), per step; us/step is the same difference in microseconds)"
        )
    }

    /// Wall seconds of `program` on a fresh `m = maxout(240, seed: 1)` (made before the clock starts).
    private static func timedEpoch(_ session: Session, _ program: String) throws -> Double {
        try run(session, "m = maxout(240, seed: 1)")
        let clock = ContinuousClock()
        let start = clock.now
        try run(session, program)
        return (clock.now - start).seconds
    }

    /// Runs `program` in `session`; a diagnostic becomes a `BenchError` showing it.
    private static func run(_ session: Session, _ program: String) throws {
        do throws(Diagnostics) {
            try session.run(program, name: "loop")
        } catch {
            throw BenchError("loop: \(error.description)")
        }
    }
}
