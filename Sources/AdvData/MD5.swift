import Foundation

/// MD5 (RFC 1321): a 128-bit digest, used only to check that downloaded data files are the
/// published ones (not for security).
///
///     var md5 = MD5(); md5.update(bytes); let hex = hexString(md5.finalize())
public struct MD5: BlockHash, Sendable {
    var pending = [UInt8](repeating: 0, count: 64)
    var pendingCount = 0
    var messageLength: UInt64 = 0
    static var lengthIsBigEndian: Bool { false }

    private var a0: UInt32 = 0x6745_2301
    private var b0: UInt32 = 0xEFCD_AB89
    private var c0: UInt32 = 0x98BA_DCFE
    private var d0: UInt32 = 0x1032_5476

    public init() {}

    /// Hashes more bytes.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { absorb($0) }
    }

    /// Hashes more bytes, from a buffer.
    public mutating func update(_ buffer: UnsafeRawBufferPointer) {
        absorb(buffer)
    }

    /// The 16-byte digest of everything hashed so far (A, B, C, D little-endian).
    public mutating func finalize() -> [UInt8] {
        pad()
        var digest: [UInt8] = []
        digest.reserveCapacity(16)
        for word in [a0, b0, c0, d0] {
            for i in 0..<4 { digest.append(UInt8(truncatingIfNeeded: word >> UInt32(8 * i))) }
        }
        return digest
    }

    /// The hex digest of `bytes`.
    public static func hex(_ bytes: [UInt8]) -> String {
        var md5 = MD5()
        md5.update(bytes)
        return hexString(md5.finalize())
    }

    /// T[i] = floor(2^32 * |sin(i + 1)|), the RFC's table.
    // NOTE: Double's sin is accurate to well under 2^-32 relative here, so truncation gives the
    // RFC's published constants exactly (the test vectors check it).
    private static let sineTable: [UInt32] = (0..<64).map { i in
        UInt32(truncatingIfNeeded: Int64((abs(sin(Double(i + 1))) * 4_294_967_296.0).rounded(.down)))
    }

    private static let shifts: [UInt32] = [
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
        5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
        4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
        6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
    ]

    mutating func compress(_ block: UnsafeRawPointer) {
        var a = a0, b = b0, c = c0, d = d0
        Self.sineTable.withUnsafeBufferPointer { table in
            Self.shifts.withUnsafeBufferPointer { shifts in
                for i in 0..<64 {
                    var f: UInt32
                    let g: Int
                    switch i >> 4 {
                    case 0: f = (b & c) | (~b & d); g = i
                    case 1: f = (d & b) | (~d & c); g = (5 &* i &+ 1) & 15
                    case 2: f = b ^ c ^ d; g = (3 &* i &+ 5) & 15
                    default: f = c ^ (b | ~d); g = (7 &* i) & 15
                    }
                    let word = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 4 * g, as: UInt32.self))
                    f = f &+ a &+ table[i] &+ word
                    a = d
                    d = c
                    c = b
                    let s = shifts[i]
                    b = b &+ ((f << s) | (f >> (32 - s)))
                }
            }
        }
        a0 &+= a
        b0 &+= b
        c0 &+= c
        d0 &+= d
    }
}
