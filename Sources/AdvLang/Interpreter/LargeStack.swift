import AdvSyntax
import Foundation

/// Runs `body` on a thread with a large stack and waits for it.
///
/// The tree-walking interpreter recurses once per nested call and expression; in debug builds a
/// frame is large, so 1000 nested adv calls need more than the main thread's 8 MB. The CLI, the
/// REPL and the tests run programs through this, and the call-depth limit turns runaway recursion
/// into a diagnostic long before this stack runs out.
public func withLargeStack<T>(bytes: Int = 512 << 20, _ body: @escaping () -> T) -> T {
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
