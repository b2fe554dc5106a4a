import Foundation
import XCTest
@testable import AdvData

final class IDXTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("adv-idx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// IDX bytes: the magic, big-endian extents, then `payload`.
    static func idx(magic: UInt32, dimensions: [UInt32], payload: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        for word in [magic] + dimensions {
            bytes += [UInt8(word >> 24), UInt8(word >> 16 & 0xFF), UInt8(word >> 8 & 0xFF), UInt8(word & 0xFF)]
        }
        return bytes + payload
    }

    private func write(_ bytes: [UInt8], _ name: String) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    private func assertError(_ body: () throws -> IDXArray, contains text: String, line: UInt = #line) {
        XCTAssertThrowsError(try body(), line: line) { error in
            XCTAssertTrue(error is DataError, "\(error)", line: line)
            XCTAssertTrue("\(error)".contains(text), "\"\(error)\" should contain \"\(text)\"", line: line)
        }
    }

    func testReadsGoodImagesAndLabels() throws {
        let pixels = (0..<(2 * 3 * 4)).map { UInt8($0) }
        let images = try IDX.readImages(try write(Self.idx(magic: 0x803, dimensions: [2, 3, 4], payload: pixels), "i"))
        XCTAssertEqual(images.dimensions, [2, 3, 4])
        XCTAssertEqual(images.bytes, pixels)
        let labels = try IDX.readLabels(try write(Self.idx(magic: 0x801, dimensions: [3], payload: [7, 3, 9]), "l"))
        XCTAssertEqual(labels.dimensions, [3])
        XCTAssertEqual(labels.bytes, [7, 3, 9])
    }

    func testTruncatedFileNamesFileAndSizes() throws {
        let url = try write(
            Self.idx(magic: 0x803, dimensions: [10000, 28, 28], payload: [UInt8](repeating: 0, count: 1234)),
            "t10k-images.idx3-ubyte")
        assertError(
            { try IDX.readImages(url) },
            contains: "t10k-images.idx3-ubyte: truncated: header says 10000 x 28 x 28 = 7840000 bytes of pixels, file has 1234")
    }

    func testTooLongFileIsRejected() throws {
        let url = try write(Self.idx(magic: 0x801, dimensions: [2], payload: [1, 2, 3]), "labels")
        assertError({ try IDX.readLabels(url) }, contains: "labels: too long: header says 2 = 2 bytes of labels, file has 3")
    }

    func testWrongMagicIsRejected() throws {
        let labels = try write(Self.idx(magic: 0x801, dimensions: [2], payload: [1, 2]), "labels")
        assertError({ try IDX.readImages(labels) }, contains: "labels: wrong magic number 0x00000801, expected 0x00000803")
        let floats = try write(Self.idx(magic: 0xD01, dimensions: [1], payload: [0, 0, 0, 0]), "floats")
        assertError({ try IDX.readLabels(floats) }, contains: "wrong magic number 0x00000d01")
    }

    func testWrongDimensionsAreRejected() throws {
        let zeroRows = try write(Self.idx(magic: 0x803, dimensions: [1, 0, 28], payload: []), "zero")
        assertError({ try IDX.readImages(zeroRows) }, contains: "zero: axis 1 has extent 0")
        let shortHeader = try write(Self.idx(magic: 0x803, dimensions: [1, 28], payload: []), "short")
        assertError({ try IDX.readImages(shortHeader) }, contains: "short: truncated: 12 bytes, the header needs 16")
        let tiny = try write([0, 0], "tiny")
        assertError({ try IDX.readLabels(tiny) }, contains: "tiny: truncated: 2 bytes")
    }

    func testMissingFileIsAnIOError() {
        assertError({ try IDX.readLabels(self.directory.appendingPathComponent("nope")) }, contains: "nope")
    }
}
