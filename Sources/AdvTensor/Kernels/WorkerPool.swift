import Foundation
import Synchronization

/// Threads kept for `Parallel.blocks`, waiting on one atomic word between passes.
///
/// A training step runs about ten split passes of 0.05-1 ms each, with short serial work between
/// them. On `DispatchQueue.concurrentPerform`, three 2-thread real-MNIST epochs through `adv run`
/// took 6.6-6.9 s and spent 2-3% of their samples waking threads in the kernel; here, 5.7-6.1 s
/// (loading included both times). A worker spins for `spinNanoseconds` after each pass, so that
/// the next pass usually finds it running, then sleeps on a condition that the next pass signals.
///
/// Parts are claimed from a shared counter, so a late worker takes fewer parts and the results do
/// not depend on which thread ran which part.
final class WorkerPool: @unchecked Sendable {
    /// One pool per process, for up to a worker per core but the caller's; nil on one core.
    static let shared: WorkerPool? = {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        return cores > 1 ? WorkerPool(maximumWorkers: cores - 1) : nil
    }()

    /// How long a worker waits for the next pass before it sleeps. Longer gaps (a step's dropout
    /// masks, the interpreter between steps) pay one wake-up; spinning through them measured no
    /// faster (those three epochs: 5.7-6.1 s with 50 us, 5.8-6.0 s with 2 ms, 5.9-6.1 s with none)
    /// and burns a core that this shared machine's host may take back later.
    static let spinNanoseconds: UInt64 = 50_000

    /// The current pass, packed so that one compare-and-swap claims a part of it: bits 32-63 the
    /// pass's number, 16-31 its part count, 0-15 the next unclaimed part.
    private let state = isolatedAtomic(UInt64(0))
    /// Parts of the current pass that have finished.
    private let finished = isolatedAtomic(0)
    /// Workers asleep on `wake`.
    private let sleepers = isolatedAtomic(0)
    /// Held by the thread whose pass is running; a nested or concurrent call runs without the pool.
    private let busy = isolatedAtomic(false)
    private let wake = NSCondition()
    /// The current pass's body, set before its number is published and cleared after it finished.
    private var body: ((Int) -> Void)?

    /// Workers are started as passes first need them (a pass of p parts wants p - 1), so a
    /// 2-thread run on a many-core machine keeps one worker, not one per core.
    private let maximumWorkers: Int
    /// Workers started so far; changed only by the thread holding `busy`.
    private var workers = 0

    private init(maximumWorkers: Int) {
        self.maximumWorkers = maximumWorkers
    }

    /// Runs `body(part)` for every part in `0 ..< parts` on the caller and the workers; returns
    /// when all have finished. False (and nothing run) when the pool is taken by another pass.
    func run(parts: Int, _ body: @escaping (Int) -> Void) -> Bool {
        guard parts < 1 << 16,
            busy.pointee.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
        else { return false }
        while workers < min(parts - 1, maximumWorkers) {
            workers += 1
            let thread = Thread { [unowned self] in self.work() }
            thread.name = "adv-worker-\(workers)"
            thread.start()
        }
        self.body = body
        finished.pointee.store(0, ordering: .relaxed)
        let pass = ((state.pointee.load(ordering: .relaxed) >> 32) &+ 1) & 0xFFFF_FFFF
        state.pointee.store(pass << 32 | UInt64(parts) << 16, ordering: .sequentiallyConsistent)
        let asleep = sleepers.pointee.load(ordering: .sequentiallyConsistent)
        if asleep > 0 {
            // As many as the pass can use; the caller claims parts too, so none is left waiting.
            wake.lock()
            for _ in 0..<min(asleep, parts - 1) { wake.signal() }
            wake.unlock()
        }
        runParts(of: pass)
        var spins = 0
        while finished.pointee.load(ordering: .acquiring) < parts {
            // A worker preempted in the middle of its part may be waiting for this very core.
            spins += 1
            if spins > 1 << 16 { sched_yield() }
        }
        self.body = nil
        busy.pointee.store(false, ordering: .releasing)
        return true
    }

    /// Claims and runs parts of pass `pass` until none is left.
    private func runParts(of pass: UInt64) {
        while let part = claim(pass) {
            runPart(part)
            finished.pointee.add(1, ordering: .releasing)
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
        var current = state.pointee.load(ordering: .acquiring)
        while current >> 32 == pass, current & 0xFFFF < (current >> 16) & 0xFFFF {
            let (exchanged, original) = state.pointee.compareExchange(
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
            var pass = state.pointee.load(ordering: .acquiring) >> 32
            if pass == seen {
                let deadline = DispatchTime.now().uptimeNanoseconds + WorkerPool.spinNanoseconds
                var spins = 0
                while pass == seen {
                    spins += 1
                    if spins & 1023 == 0, DispatchTime.now().uptimeNanoseconds > deadline {
                        pass = sleep(after: seen)
                    } else {
                        pass = state.pointee.load(ordering: .acquiring) >> 32
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
        sleepers.pointee.add(1, ordering: .sequentiallyConsistent)
        defer { sleepers.pointee.subtract(1, ordering: .sequentiallyConsistent) }
        while state.pointee.load(ordering: .sequentiallyConsistent) >> 32 == seen {
            wake.wait()
        }
        return state.pointee.load(ordering: .acquiring) >> 32
    }
}

/// A new atomic value alone on 128 bytes (two cache lines, for the adjacent-line prefetcher),
/// never freed: the pool lives as long as the process.
///
/// Workers spin reading these; a value sharing a cache line with anything another thread writes
/// (the next heap block's reference counts, say) would make every such write wait for the line to
/// come back.
private func isolatedAtomic<Value: AtomicRepresentable>(_ value: Value) -> UnsafeMutablePointer<Atomic<Value>> {
    let atomic = UnsafeMutableRawPointer.allocate(byteCount: 128, alignment: 128)
        .bindMemory(to: Atomic<Value>.self, capacity: 1)
    atomic.initialize(to: Atomic(value))
    return atomic
}
