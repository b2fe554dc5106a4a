import CZlib

/// The three zlib calls AdvData needs: inflate (gzip for the classic MNIST mirrors, raw deflate
/// for zip entries), deflate in the zlib format (PNG image data), and CRC-32 (zip and PNG).
enum Zlib {
    /// `windowBits` for a gzip stream (header and CRC checked by zlib).
    static let gzipWindowBits: Int32 = 16 + MAX_WBITS
    /// `windowBits` for a raw deflate stream (no header), as stored in zip entries.
    static let rawWindowBits: Int32 = -MAX_WBITS

    /// Inflates `input` completely; `name` is the file the errors quote, `sizeHint` presizes the output.
    static func inflate(_ input: [UInt8], windowBits: Int32, sizeHint: Int = 0, name: String) throws -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, windowBits, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DataError.malformed(file: name, message: "zlib could not start inflating")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        output.reserveCapacity(max(sizeHint, input.count))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var status: Int32 = Z_OK
        input.withUnsafeBufferPointer { source in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = UInt32(source.count)
            chunk.withUnsafeMutableBufferPointer { scratch in
                repeat {
                    stream.next_out = scratch.baseAddress
                    stream.avail_out = UInt32(scratch.count)
                    status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    let produced = scratch.count - Int(stream.avail_out)
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[0..<produced]))
                    if status == Z_BUF_ERROR && stream.avail_in == 0 { break }
                } while status == Z_OK
            }
        }
        guard status == Z_STREAM_END else {
            let reason = status == Z_DATA_ERROR ? "corrupt compressed data" : status == Z_BUF_ERROR ? "truncated compressed data" : "zlib status \(status)"
            throw DataError.malformed(file: name, message: "cannot inflate: \(reason)")
        }
        return output
    }

    /// `input` compressed in the zlib format (RFC 1950) by `compress2`.
    static func deflate(_ input: [UInt8], level: Int32 = 6) -> [UInt8] {
        var length = compressBound(uLong(input.count))
        var output = [UInt8](repeating: 0, count: Int(length))
        let status = output.withUnsafeMutableBufferPointer { destination in
            input.withUnsafeBufferPointer { source in
                compress2(destination.baseAddress, &length, source.baseAddress, uLong(source.count), level)
            }
        }
        // NOTE: compress2 cannot fail with a compressBound-sized output and a valid level; an empty
        // result here would surface as a corrupt PNG in the encoder's own test.
        guard status == Z_OK else { return [] }
        output.removeSubrange(Int(length)...)
        return output
    }

    /// The CRC-32 (ISO 3309, as in zip and PNG) of `bytes`, continuing from `crc`.
    static func crc32(_ bytes: UnsafeRawBufferPointer, continuing crc: UInt32 = 0) -> UInt32 {
        guard let base = bytes.baseAddress else { return crc }
        return UInt32(CZlib.crc32(uLong(crc), base.assumingMemoryBound(to: Bytef.self), uInt(bytes.count)))
    }

    /// The CRC-32 of an array of bytes.
    static func crc32(_ bytes: [UInt8], continuing crc: UInt32 = 0) -> UInt32 {
        bytes.withUnsafeBytes { crc32($0, continuing: crc) }
    }
}
