import AdvTensor
import Foundation

/// numpy's .npz format: a zip archive with one `NAME.npy` entry per array. Writes stored entries
/// (like `np.savez`); reads stored and deflated ones (like `np.savez_compressed`).
public enum NPZ {
    /// The bytes of an .npz holding `arrays` in the given order.
    public static func encode(_ arrays: [(name: String, tensor: Tensor)]) -> [UInt8] {
        ZipWriter.stored(arrays.map { (name: $0.name + ".npy", contents: NPY.encode($0.tensor)) })
    }

    /// Writes `arrays` to `url` (through `OutputFile`), entries sorted by name.
    public static func write(_ arrays: [String: Tensor], to url: URL) throws {
        let ordered = arrays.keys.sorted().compactMap { key in arrays[key].map { (name: key, tensor: $0) } }
        try OutputFile.write(encode(ordered), to: url.path)
    }

    /// Writes .npy files (`entries`, named without `.npy`) as an .npz archive at `url`, in the
    /// given order (through `OutputFile`).
    public static func write(entries: [(name: String, npy: [UInt8])], to url: URL) throws {
        try OutputFile.write(ZipWriter.stored(entries.map { (name: $0.name + ".npy", contents: $0.npy) }), to: url.path)
    }

    /// Reads every array of an .npz file, keyed by name without `.npy`.
    public static func read(contentsOf url: URL) throws -> [String: Tensor] {
        try decode(try IDX.readBytes(url), name: url.lastPathComponent)
    }

    /// Decodes .npz bytes; `name` is the file name the errors quote.
    public static func decode(_ bytes: [UInt8], name: String) throws -> [String: Tensor] {
        let archive = try ZipArchive(bytes: bytes, name: name)
        var arrays: [String: Tensor] = [:]
        for entry in archive.entries where entry.name.hasSuffix(".npy") {
            let key = String(entry.name.dropLast(4))
            arrays[key] = try NPY.decode(try archive.contents(of: entry), name: "\(name): \(entry.name)")
        }
        return arrays
    }
}
