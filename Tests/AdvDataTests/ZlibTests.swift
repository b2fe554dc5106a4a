import Foundation
import XCTest
@testable import AdvData

final class ZlibTests: XCTestCase {
    /// The classic mirrors serve gzip files; this one was written by Python's gzip module.
    func testInflatesGzipAndRejectsTruncation() throws {
        let directory = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let gzip = [UInt8](try Data(contentsOf: directory.appendingPathComponent("hello.txt.gz")))
        let text = try Zlib.inflate(gzip, windowBits: Zlib.gzipWindowBits, name: "hello.txt.gz")
        XCTAssertEqual(text, Array(String(repeating: "hello, adversarial world\n", count: 40).utf8))
        XCTAssertThrowsError(try Zlib.inflate(Array(gzip.prefix(gzip.count / 2)), windowBits: Zlib.gzipWindowBits, name: "cut.gz")) { error in
            XCTAssertEqual("\(error)", "cut.gz: cannot inflate: truncated compressed data")
        }
        XCTAssertThrowsError(try Zlib.inflate([1, 2, 3, 4, 5, 6, 7, 8], windowBits: Zlib.gzipWindowBits, name: "junk.gz")) { error in
            XCTAssertTrue("\(error)".hasPrefix("junk.gz: cannot inflate"), "\(error)")
        }
    }

    func testDeflateRoundTripsThroughInflate() throws {
        let data = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 % 251) }
        let compressed = Zlib.deflate(data)
        XCTAssertLessThan(compressed.count, data.count / 10)
        XCTAssertEqual(try Zlib.inflate(compressed, windowBits: 15, sizeHint: 10, name: "z"), data)
    }

    func testCRC32MatchesTheStandardCheckValue() {
        XCTAssertEqual(Zlib.crc32(Array("123456789".utf8)), 0xCBF4_3926)
    }
}
