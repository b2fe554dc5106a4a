import AdvTensor
import XCTest

@testable import AdvNN

/// A checkpoint's tensors are their float32 scalars, little-endian, after the state line: written
/// and read back, every bit pattern is kept, the awkward ones (-0, infinities, NaN payloads,
/// subnormals) included.
final class CheckpointBytesTests: XCTestCase {
    func testAWrittenCheckpointReadsBackToTheBit() throws {
        let special: [UInt32] = [
            0x0000_0000, 0x8000_0000, 0x7F80_0000, 0xFF80_0000, 0x7FC0_0000, 0xFFC1_2345, 0x7FA0_0001, 0x0000_0001,
            0x807F_FFFF, 0x0040_0000, 0x7F7F_FFFF, 0x3F80_0000,
        ]
        var random = SeededGenerator(seed: 9)
        let patterns = special + (special.count..<3000).map { _ in UInt32(truncatingIfNeeded: random.next()) }
        let parameters = try Tensor(shape: [1000, 3], scalars: patterns.map(Float.init(bitPattern:)))
        let velocities = try Tensor(shape: [3000], scalars: patterns.reversed().map(Float.init(bitPattern:)))
        var checkpoint = TrainingCheckpoint(
            fingerprint: "bits", epoch: 1, updates: 1, generator: SeededGenerator(seed: 1).stateWords, reports: [],
            bestEpoch: nil, bestError: nil, stoppedEarly: false, shapes: [[1000, 3], [3000]])
        checkpoint.parameters = [parameters]
        checkpoint.velocities = [velocities]
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bits-\(UUID().uuidString).checkpoint")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try checkpoint.write(to: path)

        let file = try XCTUnwrap(FileManager.default.contents(atPath: path))
        let tail = Array(file.suffix(4 * 6000))
        let expected = patterns + patterns.reversed()
        let written = (0..<6000).map { littleEndianWord(tail, 4 * $0) }
        XCTAssertTrue(written == expected, "\(zip(written, expected).filter { $0 != $1 }.count) words differ")

        let checkpointRead = try XCTUnwrap(try TrainingCheckpoint.read(path))
        XCTAssertEqual((checkpointRead.parameters + checkpointRead.velocities).map(\.shape), [[1000, 3], [3000]])
        XCTAssertEqual(checkpointRead.bestParameters.count, 0)
        let read = (checkpointRead.parameters + checkpointRead.velocities).flatMap { $0.scalars.map(\.bitPattern) }
        XCTAssertTrue(read == expected, "\(zip(read, expected).filter { $0 != $1 }.count) of \(read.count) differ")
    }
}

/// The word whose low byte is `bytes[at]`: what a little-endian reader makes of 4 bytes.
private func littleEndianWord(_ bytes: [UInt8], _ at: Int) -> UInt32 {
    var word: UInt32 = 0
    for k in 0..<4 { word |= UInt32(bytes[at + k]) << UInt32(8 * k) }
    return word
}
