import AdvTensor
import CZlib
import Foundation
import XCTest

@testable import AdvData

final class PictureTests: XCTestCase {
    /// An independent minimal decoder: walks the chunks, checks CRCs with zlib's crc32, inflates
    /// IDAT with zlib's uncompress, and returns width, height, colour type and the filtered rows.
    private func decode(_ png: [UInt8]) throws -> (width: Int, height: Int, colourType: UInt8, rows: [UInt8]) {
        XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        func u32(_ at: Int) -> Int { png[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        var offset = 8
        var width = 0
        var height = 0
        var colourType: UInt8 = 255
        var idat: [UInt8] = []
        while offset + 12 <= png.count {
            let length = u32(offset)
            let typeAndData = Array(png[offset + 4..<offset + 8 + length])
            let crc = typeAndData.withUnsafeBufferPointer { CZlib.crc32(0, $0.baseAddress, uInt($0.count)) }
            XCTAssertEqual(Int(crc), u32(offset + 8 + length))
            switch String(decoding: typeAndData.prefix(4), as: UTF8.self) {
            case "IHDR":
                width = u32(offset + 8)
                height = u32(offset + 12)
                colourType = png[offset + 17]
            case "IDAT": idat += typeAndData.dropFirst(4)
            default: break
            }
            offset += 12 + length
        }
        var rows = [UInt8](repeating: 0, count: 1 << 20)
        var length = uLongf(rows.count)
        let status = rows.withUnsafeMutableBufferPointer { out in
            idat.withUnsafeBufferPointer { uncompress(out.baseAddress, &length, $0.baseAddress, uLong($0.count)) }
        }
        XCTAssertEqual(status, Z_OK)
        return (width, height, colourType, Array(rows.prefix(Int(length))))
    }

    func testTinyImagePNGDecodesToItsPixelsWithFilterBytes() throws {
        let image = try GreyImage(width: 3, height: 2, pixels: [0, 0.5, 1, -1, 2, 0.2])
        let png = try decode(try image.pngData())
        XCTAssertEqual(png.width, 3)
        XCTAssertEqual(png.height, 2)
        XCTAssertEqual(png.colourType, 0)
        XCTAssertEqual(png.rows, [0, 0, 128, 255, 0, 0, 255, 51])
        let odd = try GreyImage(width: 3, height: 1, pixels: [.nan, .infinity, -.infinity])
        XCTAssertEqual(try decode(try odd.pngData()).rows, [0, 0, 255, 0], "NaN draws black instead of trapping")
    }

    func testMagnifiedPNGRepeatsEachPixelInABlock() throws {
        let image = try GreyImage(width: 2, height: 1, pixels: [0, 1])
        let png = try decode(try image.pngData(scale: 2))
        XCTAssertEqual(png.width, 4)
        XCTAssertEqual(png.height, 2)
        XCTAssertEqual(png.rows, [0, 0, 0, 255, 255, 0, 0, 0, 255, 255])
    }

    func testWriteGoesThroughRenameAndLeavesNoTemporaryFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pictures-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("digit.png").path
        let image = try GreyImage(width: 2, height: 2, pixels: [0, 0.25, 0.75, 1])
        try image.write(to: path, scale: 3)
        XCTAssertEqual(try Array(Data(contentsOf: URL(fileURLWithPath: path))), try image.pngData(scale: 3))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["digit.png"])
        let nested = directory.appendingPathComponent("new/folder/digit.png").path
        XCTAssertThrowsError(try image.write(to: nested), "a missing folder is an error, not created")
        let underAFile = directory.appendingPathComponent("digit.png/inside.png").path
        XCTAssertThrowsError(try image.write(to: underAFile)) { error in
            XCTAssertTrue("\(error)".contains("digit.png/inside.png"), "\(error)")
        }
    }

    func testImagesFromRowsOfATensor() throws {
        let rows = try Tensor(shape: [2, 784], scalars: (0..<1568).map { Float($0) / 1568 })
        let images = try GreyImage.images(rows)
        XCTAssertEqual(images.count, 2)
        XCTAssertEqual(images[1].width, 28)
        XCTAssertEqual(images[1].pixels[0], Float(784) / 1568)
        XCTAssertEqual(try GreyImage(row: Tensor(shape: [784], repeating: 0.5)).pixels.count, 784)
        XCTAssertThrowsError(try GreyImage(row: rows)) { XCTAssertTrue("\($0)".contains("[2, 784]"), "\($0)") }
        XCTAssertThrowsError(try GreyImage.images(Tensor(shape: [3, 10], repeating: 0))) { error in
            XCTAssertEqual("\(error)", "image: rows [3, 10] need shape [n, 28 x 28] or [28 x 28]")
        }
        XCTAssertThrowsError(try GreyImage(width: 2, height: 2, pixels: [1]))
    }

    func testPerturbationIsCentredOnGreyWithOneScaleForTheSet() throws {
        let delta = try Tensor(shape: [2, 2], scalars: [-0.1, 0, 0.05, 0.1])
        let (images, maxAbs) = try GreyImage.perturbation(delta, width: 2, height: 1)
        XCTAssertEqual(maxAbs, 0.1)
        XCTAssertEqual(images[0].pixels[0], 0, accuracy: 1e-6)  // -maxAbs: black
        XCTAssertEqual(images[0].pixels[1], 0.5, accuracy: 1e-6)  // 0: grey
        XCTAssertEqual(images[1].pixels[0], 0.75, accuracy: 1e-6)
        XCTAssertEqual(images[1].pixels[1], 1, accuracy: 1e-6)  // +maxAbs: white
        let flat = try GreyImage.perturbation(Tensor(shape: [2], repeating: 0), width: 2, height: 1)
        XCTAssertEqual(flat.images[0].pixels, [0.5, 0.5])
        let fixed = try GreyImage.perturbation(delta, width: 2, height: 1, maxAbs: 0.2)
        XCTAssertEqual(fixed.images[1].pixels[1], 0.75, accuracy: 1e-6)
    }

    func testGridPlacesTilesWithPadding() throws {
        let a = try GreyImage(width: 1, height: 1, pixels: [1])
        let b = try GreyImage(width: 1, height: 1, pixels: [0.5])
        let c = try GreyImage(width: 1, height: 1, pixels: [0.25])
        let grid = try GreyImage.grid([a, b, c], columns: 2, padding: 1, background: 0)
        XCTAssertEqual(grid.width, 5)
        XCTAssertEqual(grid.height, 5)
        XCTAssertEqual(
            grid.pixels,
            [
                0, 0, 0, 0, 0,
                0, 1, 0, 0.5, 0,
                0, 0, 0, 0, 0,
                0, 0.25, 0, 0, 0,
                0, 0, 0, 0, 0,
            ])
        XCTAssertEqual(
            try GreyImage.grid([b], columns: 1, padding: 1).pixels, [1, 1, 1, 1, 0.5, 1, 1, 1, 1],
            "white gutters by default")
        XCTAssertThrowsError(try GreyImage.grid([], columns: 2))
        XCTAssertThrowsError(try GreyImage.grid([a], columns: 0))
        XCTAssertThrowsError(try GreyImage.grid([a], columns: 1, padding: Int.max))
        let big = try GreyImage(width: 4096, height: 4096, repeating: 0)
        XCTAssertThrowsError(try GreyImage.grid([big, big, big, big, big], columns: 5)) { error in
            XCTAssertTrue("\(error)".contains("would exceed"), "\(error)")
        }
    }

    func testMagnifyByAnIntegerFactor() throws {
        let image = try GreyImage(width: 2, height: 2, pixels: [0, 0.25, 0.5, 1])
        let big = try image.magnified(by: 2)
        XCTAssertEqual(big.width, 4)
        XCTAssertEqual(big.pixels, [0, 0, 0.25, 0.25, 0, 0, 0.25, 0.25, 0.5, 0.5, 1, 1, 0.5, 0.5, 1, 1])
        XCTAssertThrowsError(try image.magnified(by: 0))
        XCTAssertThrowsError(try image.magnified(by: Int.max)) {
            XCTAssertTrue("\($0)".hasPrefix("magnify: factor"), "\($0)")
        }
        XCTAssertThrowsError(try image.pngData(scale: 1 << 20))
    }

    func testRescaledStretchesEachRowOnItsOwn() throws {
        let rows = try Tensor(shape: [3, 2], scalars: [-0.002, 0.006, 5, 7, 3, 3])
        let images = try GreyImage.rescaled(rows, width: 2, height: 1)
        XCTAssertEqual(images[0].pixels, [0, 1])
        XCTAssertEqual(images[1].pixels, [0, 1])
        XCTAssertEqual(images[2].pixels, [0.5, 0.5], "a constant filter is grey")
        let odd = try GreyImage.rescaled(try Tensor(shape: [3], scalars: [.nan, 1, 2]), width: 3, height: 1)
        XCTAssertEqual(odd[0].pixels, [0, 0, 1])
    }

    func testComparisonHasOriginalsPerturbationsAndAdversarialsInRows() throws {
        let original = try Tensor(shape: [2, 2], scalars: [0, 1, 0.5, 0.5])
        let adversarial = try Tensor(shape: [2, 2], scalars: [0.25, 0.75, 0.5, 0.75])
        let (grid, maxAbs) = try GreyImage.comparison(
            original: original, adversarial: adversarial, width: 2, height: 1, padding: 0)
        XCTAssertEqual(maxAbs, 0.25)
        XCTAssertEqual(grid.width, 4)
        XCTAssertEqual(grid.height, 3)
        XCTAssertEqual(grid.pixels, [0, 1, 0.5, 0.5, 1, 0, 0.5, 1, 0.25, 0.75, 0.5, 0.75])
        XCTAssertThrowsError(
            try GreyImage.comparison(
                original: original, adversarial: Tensor(shape: [4], repeating: 0), width: 2, height: 1)
        ) { XCTAssertTrue("\($0)".contains("[2, 2] and adversarial [4]"), "\($0)") }
    }
}
