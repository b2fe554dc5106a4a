/// Every error from AdvData: which file or operation, and what exactly is wrong.
///
/// The cases carry the words a person needs to fix the problem (the file's name, the expected and
/// actual sizes, which files to put where), so a presenter can print `description` as it is.
public enum DataError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A file's contents are not what its format says: `file` names it, `message` says what is wrong.
    case malformed(file: String, message: String)
    /// A file could not be read or written.
    case io(file: String, message: String)
    /// A checksum did not match: the file and both digests.
    case checksumMismatch(file: String, expected: String, actual: String)
    /// A cached file's bytes differ from the ones verified when it was stored: `file` is its path,
    /// `stamp` the file that recorded their hash.
    case changed(file: String, stamp: String)
    /// A download failed (every source was tried); `message` lists what each source said.
    case downloadFailed(message: String)
    /// The data set is not cached and could not be fetched; `message` says which files to put where.
    case missingData(message: String)
    /// An operation on example sets got arguments it cannot use (a bad range, an unknown digit).
    case invalidArgument(op: String, message: String)

    public var description: String {
        switch self {
        case .malformed(let file, let message): return "\(file): \(message)"
        case .io(let file, let message): return file.isEmpty ? message : "\(file): \(message)"
        case .checksumMismatch(let file, let expected, let actual):
            return "\(file): checksum mismatch: expected MD5 \(expected), got \(actual)"
        case .changed(let file, let stamp):
            return
                "\(file): the data changed since it was verified: its bytes no longer hash to the value recorded in \(stamp) when their MD5 was checked. Run `adv fetch mnist` to fetch the file again"
        case .downloadFailed(let message): return "download failed: \(message)"
        case .missingData(let message): return message
        case .invalidArgument(let op, let message): return "\(op): \(message)"
        }
    }
}
