import AdvSyntax
import Foundation

/// Runs `body` on a thread with a large stack and waits for it.
///
/// The tree-walking interpreter recurses once per nested call and expression; in debug builds a
/// frame is large, so 1000 nested adv calls need more than the main thread's 8 MB. The CLI, the
/// REPL and the tests run programs through this. 1 GB (address space: only the pages touched are
/// memory) holds the call-depth limit's 10,000 nested calls in a debug build (about 17,000 fit,
/// where 512 MB held 8,800), so runaway recursion stops at the limit's message, not the stack's.
public func withLargeStack<T>(bytes: Int = 1 << 30, _ body: @escaping () -> T) -> T {
    let box = LargeStackBox<T>()
    box.body = body
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        box.result = box.body?()
        done.signal()
    }
    thread.stackSize = bytes
    thread.start()
    done.wait()
    guard let result = box.result else {
        // NOTE: unreachable: the thread always stores a result before signalling.
        return body()
    }
    return result
}

/// Carries the body and its result across the thread boundary; the semaphore orders the accesses.
private final class LargeStackBox<T>: @unchecked Sendable {
    var body: (() -> T)?
    var result: T?
}
