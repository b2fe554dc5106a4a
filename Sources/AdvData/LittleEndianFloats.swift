/// Float32 scalars as files keep them: 4 bytes each, little-endian (training checkpoints, .npy's
/// `<f4`). On a little-endian machine both ways are one copy of the whole buffer, not a load per
/// scalar; every bit pattern (-0, infinities, NaN payloads, subnormals) comes back as it was.
public enum LittleEndianFloats {
    /// Appends `scalars` to `bytes`, 4 bytes each.
    public static func append(_ scalars: [Float], to bytes: inout [UInt8]) {
        #if _endian(little)
            scalars.withUnsafeBytes { bytes.append(contentsOf: $0) }
        #else
            for value in scalars {
                withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
            }
        #endif
    }

    /// The floats `bytes` holds, 4 bytes each (a partial last 4 is not read).
    public static func decode(_ bytes: ArraySlice<UInt8>) -> [Float] {
        let count = bytes.count / 4
        return [Float](unsafeUninitializedCapacity: count) { output, initialized in
            bytes.withUnsafeBytes { raw in
                #if _endian(little)
                    UnsafeMutableRawBufferPointer(output).copyMemory(
                        from: UnsafeRawBufferPointer(rebasing: raw[..<(count * 4)]))
                #else
                    for i in 0..<count {
                        output[i] = Float(
                            bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
                    }
                #endif
            }
            initialized = count
        }
    }
}
