import Foundation

/// Writes picture files (PNG, SVG) atomically: bytes go to a hidden temporary file beside the
/// target, which is then renamed over it, so a reader never sees half a file. Missing folders on
/// the way are created, so a script saving to "docs/figures/x.png" runs from any directory.
enum PictureFile {
    static func write(_ bytes: [UInt8], to path: String) throws {
        let target = URL(fileURLWithPath: path)
        let temporary = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).partial")
        do {
            try FileManager.default.createDirectory(
                at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: temporary)
        } catch {
            throw DataError.io(file: path, message: "cannot write: \(error.localizedDescription)")
        }
        guard rename(temporary.path, target.path) == 0 else {
            let code = errno
            try? FileManager.default.removeItem(at: temporary)
            throw DataError.io(file: path, message: "cannot rename the temporary file into place (errno \(code))")
        }
    }
}
