import Foundation
import Synchronization

/// Threads that stay awake between `Parallel.blocks` calls.
///
/// A training step runs ~15 split passes of 0.05-1 ms each with short serial work between them.
/// `DispatchQueue.concurrentPerform` puts its worker to sleep after every pass and wakes it with a
/// semaphore for the next: the wake-up takes tens of microseconds, during which the caller starts
/// on the second half itself. Here a worker spins on one atomic word for `spinNanoseconds` after
/// each pass, so the next pass finds it running; only after that long without work does it sleep
/// on a condition, which the next pass signals.
///
/// Parts are claimed from a shared counter, so a late worker takes fewer parts and the results do
/// not depend on which thread ran which part.
final class WorkerPool: @unchecked Sendable {
    /// One pool per process, with a worker for every core but the caller's; nil on one core.
    static let shared: WorkerPool? = {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        return cores > 1 ? WorkerPool(workers: cores - 1) : nil
    }()

    /// How long a worker waits for the next pass before it sleeps: longer than the serial work
    /// between two passes of a step, short enough that an idle REPL costs nothing.
    static let spinNanoseconds: UInt64 = 2_000_000

    /// The current pass, packed so that one compare-and-swap claims a part of it: bits 32-63 the
    /// pass's number, 16-31 its part count, 0-15 the next unclaimed part.
    private let state = Atomic<UInt64>(0)
    /// Parts of the current pass that have finished.
    private let finished = Atomic<Int>(0)
    /// Workers asleep on `wake`.
    private let sleepers = Atomic<Int>(0)
    /// Held by the thread whose pass is running; a nested or concurrent call runs without the pool.
    private let busy = Atomic<Bool>(false)
    private let wake = NSCondition()
    /// The current pass's body, set before its number is published and cleared after it finished.
    private var body: ((Int) -> Void)?

    private init(workers: Int) {
        for index in 0..<workers {
            let thread = Thread { [unowned self] in self.work() }
            thread.name = "adv-worker-\(index + 1)"
            thread.start()
        }
    }

    /// Runs `body(part)` for every part in `0 ..< parts` on the caller and the workers; returns
    /// when all have finished. False (and nothing run) when the pool is taken by another pass.
    func run(parts: Int, _ body: @escaping (Int) -> Void) -> Bool {
        guard parts < 1 << 16, busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
        else { return false }
        self.body = body
        finished.store(0, ordering: .relaxed)
        let pass = (state.load(ordering: .relaxed) >> 32) &+ 1
        state.store(pass << 32 | UInt64(parts) << 16, ordering: .sequentiallyConsistent)
        if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
            wake.lock()
            wake.broadcast()
            wake.unlock()
        }
        runParts(of: pass)
        while finished.load(ordering: .acquiring) < parts {}
        self.body = nil
        busy.store(false, ordering: .releasing)
        return true
    }

    /// Claims and runs parts of pass `pass` until none is left.
    private func runParts(of pass: UInt64) {
        while let part = claim(pass) {
            runPart(part)
            finished.add(1, ordering: .releasing)
        }
    }

    // NOTE: not inlined so that the body's retain is released before the part counts as finished:
    // `run` clears the body then, and its caller's `withoutActuallyEscaping` checks that nothing
    // kept it.
    @inline(never)
    private func runPart(_ part: Int) {
        body?(part)
    }

    /// The next unclaimed part of pass `pass`, or nil when it has none left or is over.
    private func claim(_ pass: UInt64) -> Int? {
        var current = state.load(ordering: .acquiring)
        while current >> 32 == pass, current & 0xFFFF < (current >> 16) & 0xFFFF {
            let (exchanged, original) = state.compareExchange(
                expected: current, desired: current + 1, ordering: .acquiringAndReleasing)
            if exchanged { return Int(current & 0xFFFF) }
            current = original
        }
        return nil
    }

    /// A worker's life: wait for the next pass (spinning, then asleep), help with it, repeat.
    private func work() {
        // Signals go to the main thread, as with Dispatch's workers: the REPL's Ctrl-C handler and
        // readline expect it there.
        var signals = sigset_t()
        sigfillset(&signals)
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        var seen: UInt64 = 0
        while true {
            var pass = state.load(ordering: .acquiring) >> 32
            if pass == seen {
                let deadline = DispatchTime.now().uptimeNanoseconds + WorkerPool.spinNanoseconds
                var spins = 0
                while pass == seen {
                    spins += 1
                    if spins & 1023 == 0, DispatchTime.now().uptimeNanoseconds > deadline {
                        pass = sleep(after: seen)
                    } else {
                        pass = state.load(ordering: .acquiring) >> 32
                    }
                }
            }
            seen = pass
            runParts(of: pass)
        }
    }

    /// Sleeps until a pass after `seen` is published; returns its number.
    private func sleep(after seen: UInt64) -> UInt64 {
        wake.lock()
        defer { wake.unlock() }
        sleepers.add(1, ordering: .sequentiallyConsistent)
        defer { sleepers.subtract(1, ordering: .sequentiallyConsistent) }
        while state.load(ordering: .sequentiallyConsistent) >> 32 == seen {
            wake.wait()
        }
        return state.load(ordering: .acquiring) >> 32
    }
}
