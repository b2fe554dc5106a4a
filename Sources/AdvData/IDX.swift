import Foundation

/// An IDX array of unsigned bytes (LeCun's MNIST format): its dimensions and its bytes in row-major order.
public struct IDXArray: Sendable, Equatable {
    /// The extent of each axis, e.g. `[10000, 28, 28]` for images, `[10000]` for labels.
    public var dimensions: [Int]
    /// `dimensions.reduce(1, *)` bytes, row-major.
    public var bytes: [UInt8]
}

/// Reads IDX files: a big-endian header (magic `0x0000TTNN`: type TT = 0x08 for unsigned bytes,
/// NN axes), NN big-endian UInt32 extents, then exactly the product of the extents in bytes.
public enum IDX {
    /// The magic number of a label file: unsigned bytes, one axis.
    public static let labelMagic: UInt32 = 0x0000_0801
    /// The magic number of an image file: unsigned bytes, three axes (count, rows, columns).
    public static let imageMagic: UInt32 = 0x0000_0803

    /// Reads an image file (`[count, rows, columns]` bytes).
    public static func readImages(_ url: URL) throws -> IDXArray {
        try parse(try readBytes(url), name: url.lastPathComponent, magic: imageMagic)
    }

    /// Reads a label file (`[count]` bytes).
    public static func readLabels(_ url: URL) throws -> IDXArray {
        try parse(try readBytes(url), name: url.lastPathComponent, magic: labelMagic)
    }

    /// Parses IDX bytes, checking the magic number, the extents and the exact length.
    /// `name` is the file name the errors quote.
    public static func parse(_ file: [UInt8], name: String, magic expected: UInt32) throws -> IDXArray {
        let rank = Int(expected & 0xFF)
        let headerLength = 4 + 4 * rank
        guard file.count >= 4 else {
            throw DataError.malformed(
                file: name, message: "truncated: \(file.count) bytes, too short for an IDX header")
        }
        let magic = bigEndianUInt32(file, at: 0)
        guard magic == expected else {
            throw DataError.malformed(
                file: name,
                message: "wrong magic number \(hex(magic)), expected \(hex(expected)) (\(describe(expected)))")
        }
        guard file.count >= headerLength else {
            throw DataError.malformed(
                file: name, message: "truncated: \(file.count) bytes, the header needs \(headerLength)")
        }
        var dimensions: [Int] = []
        var count = 1
        for axis in 0..<rank {
            let extent = Int(bigEndianUInt32(file, at: 4 + 4 * axis))
            guard extent > 0 || axis == 0 else {
                throw DataError.malformed(file: name, message: "axis \(axis) has extent 0")
            }
            let (product, overflow) = count.multipliedReportingOverflow(by: extent)
            guard !overflow else {
                throw DataError.malformed(file: name, message: "extents \(dimensions + [extent]) overflow")
            }
            dimensions.append(extent)
            count = product
        }
        let payload = file.count - headerLength
        let what = rank == 1 ? "labels" : "pixels"
        let header = "header says \(dimensions.map(String.init).joined(separator: " x ")) = \(count) bytes of \(what)"
        guard payload >= count else {
            throw DataError.malformed(file: name, message: "truncated: \(header), file has \(payload)")
        }
        guard payload == count else {
            throw DataError.malformed(file: name, message: "too long: \(header), file has \(payload)")
        }
        return IDXArray(dimensions: dimensions, bytes: Array(file[headerLength...]))
    }

    /// The whole file as bytes; throws `DataError.io` naming the file.
    static func readBytes(_ url: URL) throws -> [UInt8] {
        try InputFile.read(url.path)
    }

    private static func bigEndianUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16
            | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    private static func describe(_ magic: UInt32) -> String {
        magic == labelMagic ? "a label file" : magic == imageMagic ? "an image file" : "IDX"
    }
}
