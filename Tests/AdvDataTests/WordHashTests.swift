import XCTest

@testable import AdvData

final class WordHashTests: XCTestCase {
    /// Fixed values (checked against a separate implementation of the doc comment's definition,
    /// in Python): the cache's stamps record these hashes, so the function must not change.
    func testKnownValues() {
        XCTAssertEqual(WordHash.hex([]), "60fdbca5f430fc35")
        XCTAssertEqual(WordHash.hex(Array("abc".utf8)), "119cbb01e40a76c0")
        XCTAssertEqual(WordHash.hex((0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }), "af1a9106b57db63d")
    }

    /// Any one changed byte, in a whole block or in the tail, changes the hash (a change inside
    /// one word always does); so does the length alone.
    func testEveryByteCounts() {
        let message = (0..<100).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 5) }
        let reference = WordHash.hex(message)
        for i in message.indices {
            for flip: UInt8 in [0x01, 0x80, 0xFF] {
                var changed = message
                changed[i] ^= flip
                XCTAssertNotEqual(WordHash.hex(changed), reference, "byte \(i) ^ \(flip)")
            }
        }
        XCTAssertNotEqual(WordHash.hex(message + [0]), reference)
        XCTAssertNotEqual(WordHash.hex(Array(message.dropLast())), reference)
    }

    /// Feeding a message in uneven pieces gives the one-shot hash (the pending-block path).
    func testIncrementalUpdatesMatchOneShot() {
        let message = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var hash = WordHash()
        var start = 0
        for piece in [1, 31, 32, 33, 3, 200, 0, 55, 645] {
            hash.update(Array(message[start..<start + piece]))
            start += piece
        }
        XCTAssertEqual(start, message.count)
        XCTAssertEqual(WordHash.hex(hash.finalize()), WordHash.hex(message))
    }
}
