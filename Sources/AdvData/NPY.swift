import AdvTensor
import Foundation

/// numpy's .npy format (NEP 1): the magic `\x93NUMPY`, a version, a little-endian header length,
/// a Python-literal header `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }` padded so
/// the data starts on a 64-byte boundary, then the scalars.
///
/// Writes `<f4` in C order with a version 1.0 header (and, for exported models' layer kinds,
/// numpy's unicode strings `<U`). Reads C-order `<f4`, `<f8`, `|u1`, `<i8`, `<i4` and `|b1`,
/// converting to Float32 (the runtime's only scalar type), version 1.0 or 2.0.
public enum NPY {
    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// The bytes of a .npy file holding `tensor` as `<f4`.
    public static func encode(_ tensor: Tensor) -> [UInt8] {
        var bytes = header(descr: "<f4", shape: tensor.shape)
        bytes.reserveCapacity(bytes.count + 4 * tensor.count)
        LittleEndianFloats.append(tensor.scalars, to: &bytes)
        return bytes
    }

    /// The bytes of a .npy file holding `strings` as a 1-D array of numpy's unicode type `<UN`: N
    /// the longest string's length in Unicode scalars, each string N UTF-32LE code units padded
    /// with zeros. `numpy.load` reads it without pickling.
    public static func encode(strings: [String]) -> [UInt8] {
        let width = max(1, strings.map(\.unicodeScalars.count).max() ?? 0)
        var bytes = header(descr: "<U\(width)", shape: [strings.count])
        bytes.reserveCapacity(bytes.count + 4 * width * strings.count)
        for string in strings {
            let scalars =
                string.unicodeScalars.map(\.value) + [UInt32](repeating: 0, count: width - string.unicodeScalars.count)
            for scalar in scalars {
                withUnsafeBytes(of: scalar.littleEndian) { bytes.append(contentsOf: $0) }
            }
        }
        return bytes
    }

    /// The magic, version 1.0 and the header of an array of `descr` and `shape` in C order,
    /// padded so the data starts on a 64-byte boundary.
    private static func header(descr: String, shape: [Int]) -> [UInt8] {
        let tuple: String
        switch shape.count {
        case 0: tuple = "()"
        case 1: tuple = "(\(shape[0]),)"
        default: tuple = "(" + shape.map(String.init).joined(separator: ", ") + ")"
        }
        var header = Array("{'descr': '\(descr)', 'fortran_order': False, 'shape': \(tuple), }".utf8)
        let unpadded = magic.count + 2 + 2 + header.count + 1
        header += [UInt8](repeating: 0x20, count: (64 - unpadded % 64) % 64) + [0x0A]
        return magic + [1, 0, UInt8(header.count & 0xFF), UInt8(header.count >> 8)] + header
    }

    /// Writes `tensor` to `url` as a .npy file (through `OutputFile`).
    public static func write(_ tensor: Tensor, to url: URL) throws {
        try OutputFile.write(encode(tensor), to: url.path)
    }

    /// Reads a .npy file.
    public static func read(contentsOf url: URL) throws -> Tensor {
        try decode(try IDX.readBytes(url), name: url.lastPathComponent)
    }

    /// Decodes .npy bytes; `name` is the file name the errors quote.
    public static func decode(_ bytes: [UInt8], name: String) throws -> Tensor {
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
            throw DataError.malformed(file: name, message: "not a .npy file (no \\x93NUMPY magic)")
        }
        let reader = ByteReader(bytes: bytes, name: name)
        let major = bytes[6]
        let headerStart: Int
        let headerLength: Int
        switch major {
        case 1:
            headerStart = 10
            headerLength = Int(try reader.uint16(at: 8))
        case 2, 3:
            headerStart = 12
            headerLength = Int(try reader.uint32(at: 8))
        default: throw DataError.malformed(file: name, message: ".npy version \(major).\(bytes[7]) is not supported")
        }
        let header = String(decoding: try reader.slice(at: headerStart, count: headerLength), as: UTF8.self)
        let descr = try value(of: "descr", in: header, name: name).trimmingCharacters(
            in: CharacterSet(charactersIn: "'\""))
        let fortran = try value(of: "fortran_order", in: header, name: name)
        guard fortran == "False" else {
            throw DataError.malformed(
                file: name, message: "Fortran-order arrays are not supported; save with np.ascontiguousarray")
        }
        let shape = try parseShape(try value(of: "shape", in: header, name: name), name: name)
        guard let width = dtypeWidths[descr] else {
            throw DataError.malformed(
                file: name, message: "dtype '\(descr)' is not supported (use <f4, <f8, |u1, <i8, <i4 or |b1)")
        }
        var count = 1
        for extent in shape + [width] {
            let (product, overflow) = count.multipliedReportingOverflow(by: extent)
            guard !overflow else {
                throw DataError.malformed(file: name, message: "shape \(shape.shapeDescription) is too large")
            }
            count = product
        }
        count /= width
        let data = try reader.slice(at: headerStart + headerLength, count: count * width)
        guard bytes.count == headerStart + headerLength + count * width else {
            throw DataError.malformed(
                file: name,
                message:
                    "header says shape \(shape.shapeDescription) of \(descr) = \(count * width) bytes, file has \(bytes.count - headerStart - headerLength)"
            )
        }
        return try Tensor(shape: shape, scalars: convert(data, descr: descr, count: count))
    }

    static let dtypeWidths = ["<f4": 4, "<f8": 8, "|u1": 1, "<u1": 1, "<i8": 8, "<i4": 4, "|b1": 1]

    /// The scalars of `data` as Float32.
    // NOTE: <f8 and <i8 narrow to Float32: values round to 24 significant bits (integers above 2^24
    // lose their low bits), which is what a Float32 runtime can hold.
    private static func convert(_ data: ArraySlice<UInt8>, descr: String, count: Int) -> [Float] {
        if descr == "<f4" { return LittleEndianFloats.decode(data) }
        return [Float](unsafeUninitializedCapacity: count) { output, initialized in
            data.withUnsafeBytes { raw in
                switch descr {
                case "<f8":
                    for i in 0..<count {
                        output[i] = Float(
                            Double(
                                bitPattern: UInt64(
                                    littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))))
                    }
                case "<i8":
                    for i in 0..<count {
                        output[i] = Float(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i, as: Int64.self)))
                    }
                case "<i4":
                    for i in 0..<count {
                        output[i] = Float(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: Int32.self)))
                    }
                default:  // |u1, <u1, |b1
                    for i in 0..<count { output[i] = Float(raw[i]) }
                }
            }
            initialized = count
        }
    }

    /// The text after `'key':` up to the next top-level comma or closing brace.
    private static func value(of key: String, in header: String, name: String) throws -> String {
        guard let keyRange = header.range(of: "'\(key)'"),
            let colon = header[keyRange.upperBound...].firstIndex(of: ":")
        else {
            throw DataError.malformed(
                file: name, message: "header has no '\(key)': \(header.trimmingCharacters(in: .whitespacesAndNewlines))"
            )
        }
        var depth = 0
        var end = header.index(after: colon)
        while end < header.endIndex {
            let character = header[end]
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            if depth == 0 && (character == "," || character == "}") { break }
            end = header.index(after: end)
        }
        return header[header.index(after: colon)..<end].trimmingCharacters(in: .whitespaces)
    }

    /// `(3, 4)`, `(3,)` or `()` as extents.
    private static func parseShape(_ text: String, name: String) throws -> [Int] {
        guard text.hasPrefix("("), text.hasSuffix(")") else {
            throw DataError.malformed(file: name, message: "shape \(text) is not a tuple")
        }
        var extents: [Int] = []
        for part in text.dropFirst().dropLast().split(separator: ",") {
            let trimmed = part.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "L", with: "")
            if trimmed.isEmpty { continue }
            guard let extent = Int(trimmed), extent >= 0 else {
                throw DataError.malformed(file: name, message: "shape \(text) has a bad extent '\(trimmed)'")
            }
            extents.append(extent)
        }
        return extents
    }
}
