import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads the files adv loads (IDX, NPY/NPZ, model headers), saying in words why one cannot be
/// read: a missing file, a folder, a FIFO (which would block), or the system's reason.
public enum InputFile {
    /// The bytes of the regular file at `path` (symlinks followed).
    public static func read(_ path: String) throws -> [UInt8] {
        guard !path.isEmpty else { throw DataError.io(file: "", message: "the file name is empty") }
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw OutputFile.failure(path, "cannot read")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            let what = info.st_mode & S_IFMT == S_IFDIR ? "a folder" : "a special file (FIFO, device or socket)"
            throw DataError.io(file: path, message: "cannot read: it is \(what), not a regular file")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw OutputFile.failure(path, "cannot read")
        }
        defer { try? handle.close() }
        do {
            return [UInt8](try handle.readToEnd() ?? Data())
        } catch {
            throw DataError.io(file: path, message: "cannot read: an I/O error interrupted reading")
        }
    }
}
