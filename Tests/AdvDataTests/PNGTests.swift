import AdvTensor
import CZlib
import XCTest
@testable import AdvData

final class PNGTests: XCTestCase {
    /// Parses chunks (checking every CRC), then inflates IDAT with zlib's `uncompress`.
    private func decode(_ png: [UInt8]) throws -> (header: [UInt8], rows: [UInt8], types: [String]) {
        XCTAssertEqual(Array(png.prefix(8)), PNG.signature)
        var offset = 8
        var header: [UInt8] = []
        var idat: [UInt8] = []
        var types: [String] = []
        while offset + 12 <= png.count {
            let length = Int(png[offset]) << 24 | Int(png[offset + 1]) << 16 | Int(png[offset + 2]) << 8 | Int(png[offset + 3])
            let typeAndData = Array(png[offset + 4..<offset + 8 + length])
            let stored = png[offset + 8 + length..<offset + 12 + length].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            let type = String(decoding: typeAndData.prefix(4), as: UTF8.self)
            XCTAssertEqual(Zlib.crc32(typeAndData), stored, "CRC of \(type)")
            types.append(type)
            if type == "IHDR" { header = Array(typeAndData.dropFirst(4)) }
            if type == "IDAT" { idat += typeAndData.dropFirst(4) }
            offset += 12 + length
        }
        XCTAssertEqual(offset, png.count, "no trailing bytes")
        var rows = [UInt8](repeating: 0, count: 1 << 16)
        var length = uLongf(rows.count)
        let status = rows.withUnsafeMutableBufferPointer { out in
            idat.withUnsafeBufferPointer { uncompress(out.baseAddress, &length, $0.baseAddress, uLong($0.count)) }
        }
        XCTAssertEqual(status, Z_OK)
        return (header, Array(rows.prefix(Int(length))), types)
    }

    func testGreyscaleImageDecodesToItsRows() throws {
        let pixels: [UInt8] = [0, 64, 128, 255, 10, 20, 30, 40, 1, 2, 3, 4]  // 4 wide, 3 high
        let png = try decode(try PNG.png(grey: pixels, width: 4, height: 3))
        XCTAssertEqual(png.types, ["IHDR", "IDAT", "IEND"])
        XCTAssertEqual(png.header, [0, 0, 0, 4, 0, 0, 0, 3, 8, 0, 0, 0, 0])
        XCTAssertEqual(png.rows, [0, 0, 64, 128, 255, 0, 10, 20, 30, 40, 0, 1, 2, 3, 4])
    }

    func testRGBImageHasColorType2() throws {
        let pixels: [UInt8] = [255, 0, 0, 0, 255, 0]  // 2 x 1
        let png = try decode(try PNG.png(rgb: pixels, width: 2, height: 1))
        XCTAssertEqual(png.header, [0, 0, 0, 2, 0, 0, 0, 1, 8, 2, 0, 0, 0])
        XCTAssertEqual(png.rows, [0, 255, 0, 0, 0, 255, 0])
    }

    func testWrongPixelCountThrows() {
        XCTAssertThrowsError(try PNG.png(grey: [1, 2, 3], width: 2, height: 2)) { error in
            XCTAssertTrue("\(error)".hasPrefix("png: 2 x 2"), "\(error)")
        }
        XCTAssertThrowsError(try PNG.png(grey: [], width: 0, height: 0))
    }

    func testGreyBytesClampsAndRounds() {
        XCTAssertEqual(PNG.greyBytes([-1, 0, 0.5, 1, 2, .nan]), [0, 0, 128, 255, 255, 0])
    }
}
