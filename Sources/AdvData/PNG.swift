/// A minimal PNG encoder (ISO/IEC 15948): 8-bit greyscale or RGB, no interlace, filter 0 on every
/// row, image data compressed by zlib. Enough to look at digits and their adversarial versions.
///
///     let bytes = PNG.png(grey: pixels, width: 28, height: 28)   // pixels.count == 784
public enum PNG {
    /// The 8-byte PNG signature.
    public static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// A greyscale PNG of `width x height` bytes, row-major (0 black, 255 white).
    /// Throws when `grey.count != width * height` or a side is not positive.
    public static func png(grey: [UInt8], width: Int, height: Int) throws -> [UInt8] {
        try encode(grey, width: width, height: height, channels: 1)
    }

    /// An RGB PNG of `width x height` pixels, 3 bytes each (R, G, B), row-major.
    public static func png(rgb: [UInt8], width: Int, height: Int) throws -> [UInt8] {
        try encode(rgb, width: width, height: height, channels: 3)
    }

    /// Pixels in [0, 1] (values outside are clamped) as greyscale bytes round(255 * v).
    public static func greyBytes(_ pixels: [Float]) -> [UInt8] {
        // NOTE: NaN compares false, so it is mapped to 0 explicitly; converting NaN to UInt8 would trap.
        pixels.map { $0.isNaN ? 0 : UInt8((min(max($0, 0), 1) * 255).rounded()) }
    }

    private static func encode(_ pixels: [UInt8], width: Int, height: Int, channels: Int) throws -> [UInt8] {
        let (area, overflow) = width.multipliedReportingOverflow(by: height)
        guard width > 0, height > 0, width <= Int(Int32.max), height <= Int(Int32.max), !overflow,
            area.multipliedReportingOverflow(by: channels) == (pixels.count, false)
        else {
            throw DataError.invalidArgument(
                op: "png",
                message: "\(width) x \(height) with \(channels) channel(s) does not match \(pixels.count) bytes")
        }
        let rowLength = width * channels
        var filtered: [UInt8] = []
        filtered.reserveCapacity(height * (rowLength + 1))
        pixels.withUnsafeBufferPointer { source in
            for row in 0..<height {
                filtered.append(0)  // filter type 0: None
                filtered.append(contentsOf: UnsafeBufferPointer(rebasing: source[row * rowLength..<(row + 1) * rowLength]))
            }
        }
        let colorType: UInt8 = channels == 1 ? 0 : 2
        let header = bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [8, colorType, 0, 0, 0]
        return signature + chunk("IHDR", header) + chunk("IDAT", Zlib.deflate(filtered)) + chunk("IEND", [])
    }

    /// Length, type, data, and the CRC-32 of type and data.
    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeAndData = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + typeAndData + bigEndian(Zlib.crc32(typeAndData))
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}
