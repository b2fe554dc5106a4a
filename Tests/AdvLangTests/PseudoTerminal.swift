import Foundation
import Glibc

/// A program run on a pseudo-terminal, for tests that type at it as a user would: keys go in
/// through the terminal (Ctrl-C is "\u{03}", and the terminal turns it into SIGINT for the
/// program), and what it shows comes back as text.
///
/// The program is its own session's leader with the terminal as its controlling terminal, as
/// under a shell. Waits read until the expected text appears or a deadline passes, never for a
/// fixed time.
final class PseudoTerminal {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private let master: Int32
    private let pid: pid_t
    /// Everything the program wrote so far, and how far into its text (`shown`, in UTF-8
    /// bytes) `expect` has read.
    private var received = Data()
    private var consumed = 0
    private var exitStatus: Int32?

    /// Starts `executable` with `arguments` on a new terminal of 24 rows and 200 columns (wide
    /// enough that no line wraps).
    init(running executable: URL, arguments: [String] = [], environment: [String: String]) throws {
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard master >= 0 else { throw Failure(description: "cannot open /dev/ptmx: errno \(errno)") }
        var child: pid_t = 0
        do {
            let name = try PseudoTerminal.unlockedName(master)
            var size = winsize(ws_row: 24, ws_col: 200, ws_xpixel: 0, ws_ypixel: 0)
            _ = ioctl(master, UInt(TIOCSWINSZ), &size)
            child = try PseudoTerminal.spawn(
                executable.path, [executable.lastPathComponent] + arguments,
                environment.map { "\($0.key)=\($0.value)" }, terminal: name)
        } catch {
            close(master)
            throw error
        }
        pid = child
    }

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        close(master)
    }

    /// Types `keys` at the program.
    func type(_ keys: String) {
        let bytes = Array(keys.utf8)
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var sent = 0
            while sent < buffer.count {
                let n = write(master, base + sent, buffer.count - sent)
                if n <= 0 { return }
                sent += n
            }
        }
    }

    /// What the terminal showed since the last `expect`, up to and including the first `text`
    /// in it; waits for it at most `seconds`. The text is `PseudoTerminal.plain`: no escape
    /// sequences, no carriage returns.
    @discardableResult
    func expect(_ text: String, within seconds: Double = 30) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let screen = shown
            let start = screen.utf8.index(screen.startIndex, offsetBy: min(consumed, screen.utf8.count))
            if let found = screen.range(of: text, range: start..<screen.endIndex) {
                consumed = screen.utf8.distance(from: screen.startIndex, to: found.upperBound)
                return String(screen[start..<found.upperBound])
            }
            let left = deadline.timeIntervalSinceNow
            guard left > 0, readSome(waiting: left) else {
                throw Failure(
                    description: "no \(text.debugDescription) within \(seconds) s; shown:\n\(screen[start...])")
            }
        }
    }

    /// Waits at most `seconds` for the program to end; its exit status, or nil if killed by a
    /// signal.
    func waitForExit(within seconds: Double = 30) throws -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while deadline.timeIntervalSinceNow > 0 {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                exitStatus = status
                // Exited normally: the low 7 bits are 0 and the status is in the next 8.
                return status & 0x7f == 0 ? (status >> 8) & 0xff : nil
            }
            _ = readSome(waiting: 0.05)
        }
        throw Failure(description: "the program did not end within \(seconds) s")
    }

    /// All the terminal showed, as `plain` text.
    var shown: String { PseudoTerminal.plain(String(decoding: received, as: UTF8.self)) }

    /// `text` without terminal control sequences (ESC [ ... final byte, ESC and one character)
    /// and carriage returns: what remains is what a reader of the screen would take as text,
    /// lines ending with "\n".
    static func plain(_ text: String) -> String {
        var result = ""
        var characters = text.unicodeScalars.makeIterator()
        while let c = characters.next() {
            switch c {
            case "\u{1B}":
                guard let next = characters.next() else { break }
                if next == "[" {
                    while let c = characters.next(), !(0x40...0x7E).contains(c.value) {}
                }
            case "\r": break
            default: result.unicodeScalars.append(c)
            }
        }
        return result
    }

    /// Reads what the program wrote, waiting at most `seconds`; false when nothing came (time
    /// out, or the terminal closed).
    private func readSome(waiting seconds: Double) -> Bool {
        var waiting = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&waiting, 1, Int32(max(0, seconds * 1000))) > 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = read(master, &buffer, buffer.count)
        guard n > 0 else { return false }
        received.append(contentsOf: buffer[0..<n])
        return true
    }

    /// The terminal's other end, unlocked for opening. posix_openpt's companions are not in
    /// Swift's Glibc module (they need _XOPEN_SOURCE); they are C functions of every libc, found
    /// by name.
    private static func unlockedName(_ master: Int32) throws -> String {
        typealias Unlock = @convention(c) (Int32) -> Int32
        typealias Name = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?
        guard let libc = dlopen(nil, RTLD_NOW), let unlock = dlsym(libc, "unlockpt"),
            let name = dlsym(libc, "ptsname")
        else { throw Failure(description: "no unlockpt or ptsname in the C library") }
        guard unsafeBitCast(unlock, to: Unlock.self)(master) == 0,
            let path = unsafeBitCast(name, to: Name.self)(master)
        else { throw Failure(description: "cannot unlock the pseudo-terminal: errno \(errno)") }
        return String(cString: path)
    }

    /// Starts the program in a new session whose controlling terminal is `terminal`: opened as
    /// standard input by the session's leader, it becomes that; output and errors go there too.
    /// Signals the test process ignores or blocks are reset for the program.
    private static func spawn(_ path: String, _ arguments: [String], _ environment: [String], terminal: String) throws
        -> pid_t
    {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, terminal, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGQUIT, SIGPIPE, SIGHUP, SIGTERM, SIGWINCH] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        // NOTE: glibc's POSIX_SPAWN_SETSID (spawn.h, 0x80) is a GNU extension Swift's Glibc
        // module leaves out. glibc makes the session before the file actions, so the open above
        // makes the terminal the controlling one.
        let newSession: Int32 = 0x80
        posix_spawnattr_setflags(&attributes, Int16(newSession | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            for pointer in argv + envp { free(pointer) }
        }
        var pid: pid_t = 0
        let failure = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard failure == 0 else {
            throw Failure(description: "cannot start \(path): \(String(cString: strerror(failure)))")
        }
        return pid
    }
}
