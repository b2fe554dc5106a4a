import AdvLang
import Glibc

/// Request lines from standard input for `adv kernel`, read with read(2) so a Ctrl-C (the
/// front end's interrupt) arriving between cells neither ends the input nor, while waiting, the
/// process (see `SignalHandling.isReadingLine`).
public final class KernelInput {
    private var buffer: [UInt8] = []
    private var ended = false

    public init() {}

    /// The next line without its newline, or nil at the end of input.
    public func readLine() -> String? {
        SignalHandling.isReadingLine.store(true, ordering: .relaxed)
        defer {
            SignalHandling.isReadingLine.store(false, ordering: .relaxed)
            // A Ctrl-C between cells must not stop the next one.
            Interrupt.clear()
            SignalHandling.drainWakeUps()
        }
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            if ended {
                guard !buffer.isEmpty else { return nil }
                defer { buffer.removeAll() }
                return String(decoding: buffer, as: UTF8.self)
            }
            let count = read(0, &chunk, chunk.count)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 {
                ended = true
            } else {
                buffer.append(contentsOf: chunk[..<count])
            }
        }
    }
}
