import Foundation

/// The MNIST cache's integrity check, made on the bytes each load reads.
///
/// The first load of a file checks its size and MD5 against the published ones and records, in
/// the stamp `.checksums` (one line per file: "name md5 hash"), the MD5 it computed and the
/// `WordHash` of the same bytes. Every later load hashes the bytes it reads with `WordHash` and
/// refuses them unless the hash is the recorded one, so a changed byte is caught whatever the
/// file's size and date say. In a release build `WordHash` takes 6-10 ms over the 55 MB and our
/// MD5 170-280 ms, which is why MD5 runs once per file, not on every load.
extension MNIST {
    /// The stamp file. The first version's `.verified` (sizes and dates) is no longer read.
    static let stampName = ".checksums"

    /// What the stamp records of a verified file: the MD5 computed from its bytes when they were
    /// checked, and the `WordHash` of the same bytes (16 hex digits).
    struct Verified: Equatable {
        var md5: String
        var hash: String
    }

    /// A cache directory's stamp: the verified files, and whether this load verified more.
    struct Stamp {
        let url: URL
        private(set) var files: [String: Verified] = [:]
        private(set) var changed = false

        /// The stamp in `directory`; a missing or unreadable one, or a line not of this format,
        /// only means those files are checked by MD5 again.
        init(in directory: URL) {
            url = directory.appendingPathComponent(stampName)
            guard let data = try? Data(contentsOf: url) else { return }
            for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
                let fields = line.split(separator: " ").map(String.init)
                guard fields.count == 3, fields[1].count == 32, fields[2].count == 16 else { continue }
                files[fields[0]] = Verified(md5: fields[1], hash: fields[2])
            }
        }

        mutating func record(_ file: File, _ verified: Verified) {
            guard files[file.name] != verified else { return }
            files[file.name] = verified
            changed = true
        }

        /// Writes the stamp if this load recorded a file. A stamp that fails to write only costs
        /// the next load another MD5 pass.
        func save() {
            guard changed else { return }
            let lines = MNIST.files.compactMap { file in
                files[file.name].map { "\(file.name) \($0.md5) \($0.hash)\n" }
            }
            try? Data(lines.joined().utf8).write(to: url, options: .atomic)
        }
    }

    /// Throws `DataError.missingData` unless all four files are in `directory`.
    static func requireFiles(in directory: URL) throws {
        let missing = files.filter {
            !FileManager.default.fileExists(atPath: directory.appendingPathComponent($0.name).path)
        }
        guard missing.isEmpty else { throw missingDataError(directory: directory, missing: missing) }
    }

    /// The bytes of `file` in `directory` and their MD5, checked: by their `WordHash` against the
    /// stamp's record when it has one (a mismatch means the file changed since it was verified),
    /// else by size and MD5 against the published ones, and then recorded in `stamp`.
    static func readVerified(_ file: File, in directory: URL, stamp: inout Stamp) throws -> (
        bytes: [UInt8], md5: String
    ) {
        let url = directory.appendingPathComponent(file.name)
        let bytes = try IDX.readBytes(url)
        let hash = WordHash.hex(bytes)
        if let recorded = stamp.files[file.name], recorded.md5 == file.md5 {
            guard recorded.hash == hash else {
                throw DataError.changed(file: url.path, stamp: stamp.url.path)
            }
            return (bytes, recorded.md5)
        }
        let md5 = try verify(file, bytes: bytes)
        stamp.record(file, Verified(md5: md5, hash: hash))
        return (bytes, md5)
    }

    /// Checks `bytes` are `file`'s (size, then MD5) and returns the MD5 computed.
    @discardableResult
    static func verify(_ file: File, bytes: [UInt8]) throws -> String {
        guard bytes.count == file.size else {
            throw DataError.malformed(file: file.name, message: "has \(bytes.count) bytes, MNIST's has \(file.size)")
        }
        let digest = MD5.hex(bytes)
        guard digest == file.md5 else {
            throw DataError.checksumMismatch(file: file.name, expected: file.md5, actual: digest)
        }
        return digest
    }

    /// The stamp record of `file`'s `bytes`, after checking them by size and MD5.
    static func verified(_ file: File, bytes: [UInt8]) throws -> Verified {
        Verified(md5: try verify(file, bytes: bytes), hash: WordHash.hex(bytes))
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
