import AdvTensor
import Foundation
import XCTest

@testable import AdvData

final class NPYTests: XCTestCase {
    private func fixture(_ name: String) throws -> URL {
        let directory = try XCTUnwrap(
            Bundle.module.url(forResource: "Fixtures", withExtension: nil), "Fixtures missing")
        return directory.appendingPathComponent(name)
    }

    private let weights: [Float] = (0..<12).map { Float($0) / 4 - 1 }

    func testReadsNumpyFloat32() throws {
        let tensor = try NPY.read(contentsOf: try fixture("f4.npy"))
        XCTAssertEqual(tensor.shape, [3, 4])
        XCTAssertEqual(tensor.scalars, weights)
    }

    func testReadsNumpyFloat64Uint8Int64AndScalar() throws {
        let f8 = try NPY.read(contentsOf: try fixture("f8.npy"))
        XCTAssertEqual(f8.shape, [2, 2])
        XCTAssertEqual(f8.scalars, [0.5, -1.25, Float(3e-3), 1e10])
        let u1 = try NPY.read(contentsOf: try fixture("u1.npy"))
        XCTAssertEqual(u1.shape, [2, 3])
        XCTAssertEqual(u1.scalars, [0, 50, 100, 150, 200, 250])
        let i8 = try NPY.read(contentsOf: try fixture("i8.npy"))
        XCTAssertEqual(i8.shape, [4])
        XCTAssertEqual(i8.scalars, [-3, 0, 7, 123456])
        let scalar = try NPY.read(contentsOf: try fixture("scalar.npy"))
        XCTAssertEqual(scalar.shape, [])
        XCTAssertEqual(scalar.scalars, [2.5])
    }

    /// Our writer produces numpy's exact bytes (same header text and 64-byte padding).
    func testEncodeMatchesNumpyBytes() throws {
        let numpy = [UInt8](try Data(contentsOf: try fixture("f4.npy")))
        XCTAssertEqual(NPY.encode(try Tensor(shape: [3, 4], scalars: weights)), numpy)
    }

    /// Strings as numpy's unicode arrays, byte for byte: the fixture is
    /// `np.save("strings.npy", np.array(["dropout", "maxout", "λ"]))` (dtype `<U7`).
    func testEncodeStringsMatchesNumpyBytes() throws {
        let numpy = [UInt8](try Data(contentsOf: try fixture("strings.npy")))
        XCTAssertEqual(NPY.encode(strings: ["dropout", "maxout", "λ"]), numpy)
    }

    func testRoundTripsShapes() throws {
        for shape in [[], [5], [2, 3], [2, 1, 3], [0, 4]] {
            let count = shape.reduce(1, *)
            let tensor = try Tensor(shape: shape, scalars: (0..<count).map { Float($0) * 0.5 - 1 })
            let bytes = NPY.encode(tensor)
            XCTAssertEqual(bytes.count % 64, (4 * count) % 64, "header padded to 64 for \(shape)")
            XCTAssertEqual(try NPY.decode(bytes, name: "t.npy"), tensor)
        }
    }

    func testRejectsFortranOrderTruncationAndBadMagic() throws {
        XCTAssertThrowsError(try NPY.read(contentsOf: try fixture("fortran.npy"))) { error in
            XCTAssertTrue("\(error)".contains("fortran.npy: Fortran-order"), "\(error)")
        }
        let bytes = NPY.encode(try Tensor(shape: [2, 2], scalars: [1, 2, 3, 4]))
        XCTAssertThrowsError(try NPY.decode(Array(bytes.dropLast(3)), name: "cut.npy")) { error in
            XCTAssertTrue("\(error)".hasPrefix("cut.npy: truncated"), "\(error)")
        }
        XCTAssertThrowsError(try NPY.decode(Array(repeating: 0, count: 20), name: "zero.npy")) { error in
            XCTAssertTrue("\(error)".contains("not a .npy file"), "\(error)")
        }
    }

    func testReadsNumpySavezAndSavezCompressed() throws {
        let stored = try NPZ.read(contentsOf: try fixture("arrays.npz"))
        XCTAssertEqual(Set(stored.keys), ["weights", "labels"])
        XCTAssertEqual(stored["weights"]?.scalars, weights)
        XCTAssertEqual(stored["labels"]?.scalars, [-3, 0, 7, 123456])
        let compressed = try NPZ.read(contentsOf: try fixture("compressed.npz"))
        XCTAssertEqual(compressed["weights"]?.shape, [3, 4])
        XCTAssertEqual(compressed["weights"]?.scalars, weights)
        XCTAssertEqual(compressed["pixels"]?.scalars, [0, 50, 100, 150, 200, 250])
    }

    func testNPZRoundTripThroughAFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("adv-\(UUID().uuidString).npz")
        defer { try? FileManager.default.removeItem(at: url) }
        let arrays = [
            "w": try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6]),
            "b": try Tensor(shape: [3], scalars: [-1, 0, 1]),
        ]
        try NPZ.write(arrays, to: url)
        XCTAssertEqual(try NPZ.read(contentsOf: url), arrays)
    }

    func testZipDetectsCorruptEntry() throws {
        var bytes = ZipWriter.stored([(name: "a.txt", contents: Array("hello".utf8))])
        let archive = try ZipArchive(bytes: bytes, name: "ok.zip")
        XCTAssertEqual(try archive.contents(of: try XCTUnwrap(archive.entry(named: "a.txt"))), Array("hello".utf8))
        bytes[30 + 5] ^= 0xFF  // first content byte, after the 30-byte local header and the name
        let corrupt = try ZipArchive(bytes: bytes, name: "bad.zip")
        XCTAssertThrowsError(try corrupt.contents(of: corrupt.entries[0])) { error in
            XCTAssertTrue("\(error)".contains("bad.zip: a.txt: CRC-32"), "\(error)")
        }
        XCTAssertThrowsError(try ZipArchive(bytes: Array(repeating: 0, count: 40), name: "none.zip")) { error in
            XCTAssertTrue("\(error)".contains("not a zip archive"), "\(error)")
        }
    }
}
