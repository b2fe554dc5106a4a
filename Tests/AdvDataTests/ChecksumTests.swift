import XCTest
@testable import AdvData

final class ChecksumTests: XCTestCase {
    /// RFC 1321, appendix A.5.
    func testMD5MatchesRFC1321TestSuite() {
        let vectors: [(String, String)] = [
            ("", "d41d8cd98f00b204e9800998ecf8427e"),
            ("a", "0cc175b9c0f1b6a831c399e269772661"),
            ("abc", "900150983cd24fb0d6963f7d28e17f72"),
            ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
            ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
            ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"),
            (String(repeating: "1234567890", count: 8), "57edf4a22be3c955ac49da2e2107b67a"),
        ]
        for (message, digest) in vectors {
            XCTAssertEqual(MD5.hex(Array(message.utf8)), digest, "MD5(\"\(message)\")")
        }
    }

    /// FIPS 180-4 examples (NIST CSRC): one block, two blocks, and a million "a".
    func testSHA256MatchesFIPSExamples() {
        XCTAssertEqual(SHA256.hex([]), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(
            SHA256.hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(
            SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(
            SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Feeding a message in uneven pieces gives the one-shot digest (the pending-block path).
    func testIncrementalUpdatesMatchOneShot() {
        let message = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var md5 = MD5()
        var sha = SHA256()
        var start = 0
        for piece in [1, 63, 64, 65, 3, 200, 55, 549] {
            md5.update(Array(message[start..<start + piece]))
            sha.update(Array(message[start..<start + piece]))
            start += piece
        }
        XCTAssertEqual(start, message.count)
        XCTAssertEqual(hexString(md5.finalize()), MD5.hex(message))
        XCTAssertEqual(hexString(sha.finalize()), SHA256.hex(message))
    }
}
