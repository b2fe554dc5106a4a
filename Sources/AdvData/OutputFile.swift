import Foundation

#if canImport(Glibc)
    import Glibc
    private let systemWrite = Glibc.write
#elseif canImport(Darwin)
    import Darwin
    private let systemWrite = Darwin.write
#endif

/// Where every file adv writes (pictures, plots, NPY/NPZ, models) goes through, so all writers
/// treat an existing path the same way:
///
/// - a symlink is followed: the file it points to is written, the link stays;
/// - a destination that exists but is not a regular file (a folder, FIFO, device, socket) is
///   refused, because replacing it would destroy something that is not ours (`/dev/null`);
/// - a missing parent folder is an error, so a typo in a folder name is not silently created;
/// - a regular file is written atomically: bytes go to a hidden temporary file in the same folder,
///   which is renamed over the target, so a reader never sees half a file.
public enum OutputFile {
    /// Writes `bytes` to `path` by the rules above.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let target = try destination(path)
        let (folder, name) = split(target)
        let temporary = (folder.isEmpty ? "" : folder + "/") + ".\(name).\(UUID().uuidString).partial"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw failure(path, "cannot create a file in its folder") }
        var written = 0
        var error: Int32 = 0
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            while written < buffer.count {
                let n = systemWrite(descriptor, base + written, buffer.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    error = errno
                    return
                }
                written += n
            }
        }
        if close(descriptor) != 0, error == 0 { error = errno }
        if error == 0, rename(temporary, target) != 0 { error = errno }
        guard error == 0 else {
            unlink(temporary)
            errno = error
            throw failure(path, "cannot write")
        }
    }

    /// Makes the folder `path` (for a model) unless it exists, by the same rules: a symlink to a
    /// folder is followed, a missing parent folder or an existing non-folder is an error.
    public static func makeFolder(_ path: String) throws {
        let target = try resolved(path)
        var info = stat()
        if lstat(target, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else {
                throw DataError.io(file: path, message: "\(kind(info.st_mode)) is in the way, not a folder")
            }
            return
        }
        try requireParent(of: target, path)
        guard mkdir(target, 0o777) == 0 else { throw failure(path, "cannot create the folder") }
    }

    /// The path to write for `path`: symlinks followed, checked to be a regular file or absent in an
    /// existing folder.
    static func destination(_ path: String) throws -> String {
        let target = try resolved(path)
        var info = stat()
        if lstat(target, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFREG else {
                throw DataError.io(
                    file: path, message: "\(kind(info.st_mode)) is there; only a regular file is replaced")
            }
            return target
        }
        try requireParent(of: target, path)
        return target
    }

    /// `path` with symlinks at its end followed (at most 40, as the kernel allows); an empty path
    /// is an error.
    private static func resolved(_ path: String) throws -> String {
        guard !path.isEmpty else { throw DataError.io(file: "", message: "the file name is empty") }
        var current = path
        for _ in 0..<40 {
            guard let next = try? FileManager.default.destinationOfSymbolicLink(atPath: current) else {
                return current
            }
            let folder = split(current).folder
            current = next.hasPrefix("/") || folder.isEmpty ? next : folder + "/" + next
        }
        throw DataError.io(file: path, message: "too many symbolic links")
    }

    /// Throws unless the folder `target` goes in exists.
    private static func requireParent(of target: String, _ path: String) throws {
        let parent = split(target).folder
        let folder = parent.isEmpty ? "." : parent
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) else {
            throw DataError.io(file: path, message: "the folder \(folder) does not exist")
        }
        guard isFolder.boolValue else {
            throw DataError.io(file: path, message: "\(folder) is not a folder")
        }
    }

    /// `path` as (its folder, "" for a bare name; the last component). NOTE: written by hand
    /// because Foundation's `deletingLastPathComponent` traps on a bare name on Linux.
    static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return ("", path) }
        let folder = String(path[..<slash])
        return (folder.isEmpty ? "/" : folder, String(path[path.index(after: slash)...]))
    }

    /// What a non-regular file is, in words.
    private static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: "a folder"
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFCHR, S_IFBLK: "a device"
        case S_IFSOCK: "a socket"
        case S_IFREG: "a regular file"
        default: "a special file"
        }
    }

    /// An I/O error for `path`: `what` failed, and the system's reason in words.
    static func failure(_ path: String, _ what: String) -> DataError {
        DataError.io(file: path, message: "\(what): \(reason(errno))")
    }

    /// The system's words for `code`, lowercased at the start: "permission denied".
    static func reason(_ code: Int32) -> String {
        let text = String(cString: strerror(code))
        return text.prefix(1).lowercased() + text.dropFirst()
    }
}
