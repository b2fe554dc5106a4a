/// The Merkle-Damgard frame shared by MD5 and SHA-256: 64-byte blocks, a pending partial block,
/// and the final padding (0x80, zeros, then the message length in bits as 64 bits).
///
/// A conforming hash supplies only `compress`; buffering and padding live here once.
protocol BlockHash {
    /// The bytes of the partial block not yet compressed (always 64 bytes of storage).
    var pending: [UInt8] { get set }
    /// How many bytes of `pending` are in use (0..<64).
    var pendingCount: Int { get set }
    /// The message length so far, in bytes.
    var messageLength: UInt64 { get set }
    /// Whether the length in the padding is big-endian (SHA-256) or little-endian (MD5).
    static var lengthIsBigEndian: Bool { get }
    /// Mixes one 64-byte block into the state.
    mutating func compress(_ block: UnsafeRawPointer)
}

extension BlockHash {
    /// Hashes more bytes of the message.
    mutating func absorb(_ input: UnsafeRawBufferPointer) {
        guard let base = input.baseAddress, input.count > 0 else { return }
        messageLength &+= UInt64(input.count)
        var offset = 0
        if pendingCount > 0 {
            let used = pendingCount
            let take = min(64 - used, input.count)
            pending.withUnsafeMutableBytes { buffer in
                guard let destination = buffer.baseAddress else { return }
                (destination + used).copyMemory(from: base, byteCount: take)
            }
            pendingCount += take
            offset = take
            if pendingCount == 64 {
                compressPending()
            }
        }
        while input.count - offset >= 64 {
            compress(base + offset)
            offset += 64
        }
        let rest = input.count - offset
        if rest > 0 {
            pending.withUnsafeMutableBytes { buffer in
                guard let destination = buffer.baseAddress else { return }
                destination.copyMemory(from: base + offset, byteCount: rest)
            }
            pendingCount = rest
        }
    }

    /// Pads the message and compresses the last block(s).
    mutating func pad() {
        let bitLength = messageLength &* 8
        var tail = [UInt8](repeating: 0, count: pendingCount < 56 ? 64 - pendingCount : 128 - pendingCount)
        tail[0] = 0x80
        for i in 0..<8 {
            let shift = Self.lengthIsBigEndian ? UInt64(56 - 8 * i) : UInt64(8 * i)
            tail[tail.count - 8 + i] = UInt8(truncatingIfNeeded: bitLength >> shift)
        }
        let length = messageLength
        tail.withUnsafeBytes { absorb($0) }
        messageLength = length
    }

    private mutating func compressPending() {
        let block = pending
        block.withUnsafeBytes { buffer in
            if let base = buffer.baseAddress { compress(base) }
        }
        pendingCount = 0
    }
}

/// Lower-case hexadecimal, two digits per byte: how digests are written everywhere.
public func hexString(_ bytes: [UInt8]) -> String {
    let digits: [Character] = Array("0123456789abcdef")
    var result = ""
    result.reserveCapacity(bytes.count * 2)
    for byte in bytes {
        result.append(digits[Int(byte >> 4)])
        result.append(digits[Int(byte & 0x0F)])
    }
    return result
}
