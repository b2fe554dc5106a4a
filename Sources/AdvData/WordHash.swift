/// A fast 64-bit hash of a byte string, for noticing that a verified file's bytes changed since
/// (the MNIST cache's check on every load); not a cryptographic digest, so only for data that
/// nobody is trying to forge a collision for.
///
/// Four lanes take the 8-byte little-endian words in turn, each lane `h = rotl((h ^ w) * K, 29)`;
/// the bytes after the last whole 32-byte block go into lane 0 as zero-padded words; the lanes
/// and the byte count are folded into one word and mixed by MurmurHash3's 64-bit finaliser.
/// Every step is a bijection of the running state for a fixed word, so a change confined to one
/// 8-byte word (a changed byte, say) always changes the hash; larger changes collide with odds of
/// about 2^-64. The value is part of the cache's stamp files: changing the function makes every
/// stamp re-verify once by MD5.
///
///     var hash = WordHash(); hash.update(bytes); let value = hash.finalize()
public struct WordHash: Sendable {
    private var lanes: (UInt64, UInt64, UInt64, UInt64) = (
        0x243F_6A88_85A3_08D3, 0x1319_8A2E_0370_7344, 0xA409_3822_299F_31D0, 0x082E_FA98_EC4E_6C89
    )
    /// Bytes not yet taken, fewer than 32 (a partial block).
    private var pending: [UInt8] = []
    private var count: UInt64 = 0

    private static let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15

    public init() {}

    /// Hashes more bytes.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Hashes more bytes, from a buffer.
    public mutating func update(_ buffer: UnsafeRawBufferPointer) {
        count &+= UInt64(buffer.count)
        var offset = 0
        if !pending.isEmpty {
            let take = min(32 - pending.count, buffer.count)
            pending.append(contentsOf: buffer[0..<take])
            offset = take
            guard pending.count == 32 else { return }
            let block = pending
            pending.removeAll(keepingCapacity: true)
            block.withUnsafeBytes { absorbBlocks($0) }
        }
        let whole = (buffer.count - offset) / 32 * 32
        if whole > 0 {
            absorbBlocks(UnsafeRawBufferPointer(rebasing: buffer[offset..<offset + whole]))
        }
        pending.append(contentsOf: buffer[(offset + whole)...])
    }

    /// The hash of everything hashed so far.
    public func finalize() -> UInt64 {
        var state = self
        var rest = pending
        rest += [UInt8](repeating: 0, count: (8 - rest.count % 8) % 8)
        rest.withUnsafeBytes { words in
            for offset in stride(from: 0, to: words.count, by: 8) {
                state.lanes.0 = Self.step(
                    state.lanes.0, UInt64(littleEndian: words.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            }
        }
        var h: UInt64 = 0
        for lane in [state.lanes.0, state.lanes.1, state.lanes.2, state.lanes.3] { h = Self.step(h, lane) }
        return Self.finalMix(h ^ count)
    }

    /// The hash of `bytes`, as 16 lower-case hex digits.
    public static func hex(_ bytes: [UInt8]) -> String {
        var hash = WordHash()
        hash.update(bytes)
        return hex(hash.finalize())
    }

    /// `value` as 16 lower-case hex digits (how stamps write it).
    public static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// Takes whole 32-byte blocks, one word per lane.
    private mutating func absorbBlocks(_ blocks: UnsafeRawBufferPointer) {
        var (a, b, c, d) = lanes
        for offset in stride(from: 0, to: blocks.count, by: 32) {
            a = Self.step(a, UInt64(littleEndian: blocks.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            b = Self.step(b, UInt64(littleEndian: blocks.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)))
            c = Self.step(c, UInt64(littleEndian: blocks.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self)))
            d = Self.step(d, UInt64(littleEndian: blocks.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self)))
        }
        lanes = (a, b, c, d)
    }

    /// One word into a lane: xor, an odd multiplier and a rotation, each a bijection.
    @inline(__always)
    private static func step(_ h: UInt64, _ word: UInt64) -> UInt64 {
        let x = (h ^ word) &* multiplier
        return (x << 29) | (x >> 35)
    }

    /// MurmurHash3's fmix64: every input bit reaches every output bit (a bijection).
    private static func finalMix(_ value: UInt64) -> UInt64 {
        var h = value
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h &*= 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }
}
