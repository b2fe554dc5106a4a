import AdvTensor
import XCTest

@testable import AdvData

final class LittleEndianFloatsTests: XCTestCase {
    /// Bit patterns a float codec is most likely to get wrong: both zeros, both infinities, quiet
    /// and signalling NaNs with payloads and either sign, the smallest and largest subnormals, the
    /// largest finite; then seeded random patterns, 4,096 in all.
    private func awkwardBitPatterns() -> [UInt32] {
        let special: [UInt32] = [
            0x0000_0000, 0x8000_0000, 0x7F80_0000, 0xFF80_0000, 0x7FC0_0000, 0xFFC1_2345, 0x7FA0_0001, 0xFF80_0001,
            0x0000_0001, 0x8000_0001, 0x007F_FFFF, 0x807F_FFFF, 0x0040_0000, 0x7F7F_FFFF, 0x3F80_0000, 0xBF80_0000,
        ]
        var random = SeededGenerator(seed: 5)
        return special + (special.count..<4096).map { _ in UInt32(truncatingIfNeeded: random.next()) }
    }

    func testOneIsWrittenLowByteFirst() {
        var bytes: [UInt8] = [9]
        LittleEndianFloats.append([1, -0.0], to: &bytes)
        XCTAssertEqual(bytes, [9, 0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0x80])
    }

    /// Written and read back, every pattern is the same to the bit, and the bytes are the
    /// little-endian ones a scalar-at-a-time reader sees; read from an odd offset too (a slice
    /// need not be aligned), and an empty slice is no floats.
    func testARoundTripKeepsEveryBitPattern() {
        let patterns = awkwardBitPatterns()
        var bytes: [UInt8] = [1, 2, 3]
        LittleEndianFloats.append(patterns.map(Float.init(bitPattern:)), to: &bytes)
        XCTAssertEqual(bytes.count, 3 + 4 * patterns.count)
        let written = patterns.indices.map { littleEndianWord(bytes, 3 + 4 * $0) }
        XCTAssertTrue(written == patterns, "\(zip(written, patterns).filter { $0 != $1 }.count) words differ")
        let read = LittleEndianFloats.decode(bytes[3...]).map(\.bitPattern)
        XCTAssertTrue(read == patterns, "\(zip(read, patterns).filter { $0 != $1 }.count) of \(read.count) differ")
        XCTAssertEqual(LittleEndianFloats.decode(bytes[3..<11]).map(\.bitPattern), Array(patterns[0..<2]))
        XCTAssertEqual(LittleEndianFloats.decode(bytes[3..<3]), [])
    }
}

/// The word whose low byte is `bytes[at]`: what a little-endian reader makes of 4 bytes.
private func littleEndianWord(_ bytes: [UInt8], _ at: Int) -> UInt32 {
    var word: UInt32 = 0
    for k in 0..<4 { word |= UInt32(bytes[at + k]) << UInt32(8 * k) }
    return word
}
