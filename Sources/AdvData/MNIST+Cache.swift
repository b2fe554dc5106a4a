import Foundation

/// The MNIST cache's integrity check: MD5s are verified once and recorded in a stamp file
/// (`.verified`: one line per file, "name size modification-seconds md5"), so later loads compare
/// sizes and dates instead of hashing 55 MB each time.
extension MNIST {
    static let stampName = ".verified"

    /// Throws unless all four files are present and verified (by stamp, or by MD5 now).
    static func verifyCache(in directory: URL) throws {
        let missing = files.filter { !FileManager.default.fileExists(atPath: directory.appendingPathComponent($0.name).path) }
        guard missing.isEmpty else { throw missingDataError(directory: directory, missing: missing) }
        let stamp = readStamp(in: directory)
        var lines: [String] = []
        var changed = false
        for file in files {
            let url = directory.appendingPathComponent(file.name)
            let line = try stampLine(for: file, at: url)
            if !stamp.contains(line) {
                try verify(file, at: url)
                changed = true
            }
            lines.append(line)
        }
        if changed {
            // A stamp that fails to write only costs the next load another MD5 pass.
            try? Data((lines.joined(separator: "\n") + "\n").utf8).write(
                to: directory.appendingPathComponent(stampName), options: .atomic)
        }
    }

    /// Checks `url` has `file`'s size and MD5.
    static func verify(_ file: File, at url: URL) throws {
        let bytes = try IDX.readBytes(url)
        try verify(file, bytes: bytes)
    }

    /// Checks `bytes` are `file`'s (size, then MD5).
    static func verify(_ file: File, bytes: [UInt8]) throws {
        guard bytes.count == file.size else {
            throw DataError.malformed(file: file.name, message: "has \(bytes.count) bytes, MNIST's has \(file.size)")
        }
        let digest = MD5.hex(bytes)
        guard digest == file.md5 else {
            throw DataError.checksumMismatch(file: file.name, expected: file.md5, actual: digest)
        }
    }

    private static func stampLine(for file: File, at url: URL) throws -> String {
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            let size = (attributes[.size] as? NSNumber)?.intValue ?? -1
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "\(file.name) \(size) \(Int(modified)) \(file.md5)"
        } catch {
            throw DataError.io(file: url.path, message: "cannot stat: \(error.localizedDescription)")
        }
    }

    private static func readStamp(in directory: URL) -> Set<String> {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent(stampName)) else { return [] }
        return Set(String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init))
    }

    /// The error for an incomplete cache: which files to put where, and how to fetch them.
    static func missingDataError(directory: URL, missing: [File], downloadErrors: [String] = []) -> DataError {
        var message = "MNIST is not in \(directory.path): missing \(missing.map(\.name).joined(separator: ", ")).\n"
        if !downloadErrors.isEmpty {
            message += "Downloading failed:\n" + downloadErrors.map { "  \($0)\n" }.joined()
        }
        message += "Run `adv fetch mnist`, or put these uncompressed IDX files in \(directory.path)"
        message += " (or in the directory named by $ADV_DATA):\n"
        message += files.map { "  \($0.name)  \($0.size) bytes, MD5 \($0.md5)" }.joined(separator: "\n")
        return .missingData(message: message)
    }
}
