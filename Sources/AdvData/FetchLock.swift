import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What keeps two fetches from writing one cache at once: an exclusive `flock` on the file
/// `.fetch.lock` in the cache directory, held from the start of a fetch to its end.
///
/// The kernel drops the lock when its holder's descriptor closes, so a killed fetch never leaves
/// the cache locked; the empty lock file stays, harmless.
final class FetchLock {
    static let name = ".fetch.lock"
    private var descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit { release() }

    /// The lock on `directory`'s cache, waiting while another fetch holds it; `log` says that it
    /// waits, and for what.
    static func acquire(in directory: URL, log: (String) -> Void) throws -> FetchLock {
        if let lock = try acquire(in: directory, wait: false) { return lock }
        log("mnist: another `adv fetch mnist` is writing \(directory.path); waiting for it to finish")
        guard let lock = try acquire(in: directory, wait: true) else {
            throw DataError.io(file: directory.appendingPathComponent(name).path, message: "cannot lock")
        }
        return lock
    }

    /// The lock on `directory`'s cache, or nil when another holder has it and `wait` is false.
    static func acquire(in directory: URL, wait: Bool) throws -> FetchLock? {
        let path = directory.appendingPathComponent(name).path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw OutputFile.failure(path, "cannot open the fetch lock") }
        while flock(descriptor, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0 {
            let code = errno
            if code == EINTR { continue }
            close(descriptor)
            if code == EWOULDBLOCK { return nil }
            errno = code
            throw OutputFile.failure(path, "cannot lock")
        }
        return FetchLock(descriptor: descriptor)
    }

    /// Lets the next fetch in (also done when the lock is dropped).
    func release() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
    }
}
