import Foundation
import Synchronization

/// The status line long work redraws on a terminal (standard error): training's progress, one
/// line rewritten in place (`\r`, clear to the end of the line, the text, no newline).
///
/// Whatever the command writes next ends it first with a newline (`end`), so the line is left
/// on screen and never glued to the next output: a value, the REPL's timing, or the diagnostic
/// of a Ctrl-C, which then starts a line of its own.
final class StatusLine: Sendable {
    private let isOpen = Mutex(false)

    /// Draws `text` over the line shown now.
    func show(_ text: String) {
        isOpen.withLock { open in
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
            open = true
        }
    }

    /// Moves to a new line if a status line is shown.
    func end() {
        isOpen.withLock { open in
            if open { FileHandle.standardError.write(Data("\n".utf8)) }
            open = false
        }
    }
}
