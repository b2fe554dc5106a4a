import AdvSyntax
import Foundation

/// How close the running thread is to the end of its stack.
///
/// The parser bounds every tree's height and the session bounds the call depth, but a program
/// may combine the two (a recursive function whose call sits at the bottom of a tall
/// expression), and a debug build's frames are large. So before each call of an adv function the
/// interpreter also checks that a quarter of the thread's stack is still free, and refuses the
/// call with a diagnostic otherwise, rather than letting the process crash.
struct StackGuard {
    /// Calls are refused once the stack has grown below this address; nil where the stack size is unknown.
    private let limit: UInt?

    /// Measures from here: create it near the start of the thread that will run the program
    /// (as `Session.run` does on `withLargeStack`'s thread), so here is close to the stack's top.
    init() {
        let size = UInt(Thread.current.stackSize)
        let here = StackGuard.position
        limit = size > 0 && here > size ? here - (size - size / 4) : nil
    }

    /// An address in the caller's frame: where the stack has grown to.
    @inline(never)
    private static var position: UInt {
        var marker = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }

    /// True while more than a quarter of the stack is free (the stack grows down).
    var hasRoom: Bool {
        guard let limit else { return true }
        return StackGuard.position > limit
    }
}
