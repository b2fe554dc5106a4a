import Foundation
import XCTest

@testable import AdvData

final class MNISTTests: XCTestCase {
    /// The real data set, from a copy of the cache `Scripts/setup.sh` fills (`adv fetch mnist`), so
    /// the tests never write to the cache itself. Fails (never skips) when the data is missing.
    func testRealMNIST() throws {
        let mnist = try MNIST.load(directory: try realCacheCopy())
        XCTAssertEqual(mnist.train.count, 60000)
        XCTAssertEqual(mnist.test.count, 10000)
        XCTAssertEqual(mnist.train.images.shape, [60000, 784])
        XCTAssertEqual(mnist.test.images.shape, [10000, 784])
        var counts = [Int](repeating: 0, count: 10)
        for label in mnist.train.labels { counts[label] += 1 }
        XCTAssertEqual(counts, [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949])
        XCTAssertEqual(counts[1], 6742)
        for set in [mnist.train, mnist.test] {
            XCTAssertEqual(set.images.scalars.min(), 0)
            XCTAssertEqual(set.images.scalars.max(), 1)
        }
        XCTAssertEqual(mnist.checksum, "2646ac647ad5")
        XCTAssertEqual(mnist.test.name, "mnist-test")
    }

    /// The four IDX files of the real cache copied to a fresh directory (without its stamp).
    private func realCacheCopy() throws -> URL {
        let source = MNIST.defaultDirectory
        let copy = try temporaryDirectory()
        for file in MNIST.files {
            do {
                try FileManager.default.copyItem(
                    at: source.appendingPathComponent(file.name), to: copy.appendingPathComponent(file.name))
            } catch {
                XCTFail("real MNIST is needed for this test; run Scripts/setup.sh or `adv fetch mnist`.\n\(error)")
                throw error
            }
        }
        return copy
    }

    /// One pixel of the test images changed, with the file's size and date as they were: the load
    /// after verification finds it by the bytes' hash, and says which file, what and how to fix it.
    func testFlippedPixelWithRestoredDateIsRefused() throws {
        let directory = try realCacheCopy()
        XCTAssertEqual(try MNIST.load(directory: directory).checksum, "2646ac647ad5")
        let stamp = directory.appendingPathComponent(MNIST.stampName)
        XCTAssertTrue(FileManager.default.fileExists(atPath: stamp.path))
        let images = directory.appendingPathComponent(MNIST.testImages.name)
        try flipByte(at: 16 + 784 * 5 + 400, of: images)
        XCTAssertThrowsError(try MNIST.load(directory: directory)) { error in
            XCTAssertEqual(error as? DataError, .changed(file: images.path, stamp: stamp.path))
            XCTAssertEqual(
                "\(error)",
                "\(images.path): the data changed since it was verified: its bytes no longer hash to the value recorded in \(stamp.path) when their MD5 was checked. Run `adv fetch mnist` to fetch the file again"
            )
        }
        // Changed back, the file loads again with the checksum of the bytes read.
        try flipByte(at: 16 + 784 * 5 + 400, of: images)
        XCTAssertEqual(try MNIST.load(directory: directory).checksum, "2646ac647ad5")
    }

    /// Without a stamp (a first load), the flipped byte is found by the MD5.
    func testFlippedPixelFailsTheFirstVerification() throws {
        let directory = try realCacheCopy()
        try flipByte(at: 16 + 784 * 5 + 400, of: directory.appendingPathComponent(MNIST.testImages.name))
        XCTAssertThrowsError(try MNIST.load(directory: directory)) { error in
            XCTAssertTrue(
                "\(error)".hasPrefix(
                    "t10k-images-idx3-ubyte: checksum mismatch: expected MD5 2646ac647ad5339dbf082846283269ea, got "),
                "\(error)")
        }
        XCTAssertFalse(
            try String(contentsOf: directory.appendingPathComponent(MNIST.stampName), encoding: .utf8).contains(
                "t10k-images"))
    }

    /// The stamp holds, for each file, the MD5 verified and the hash of the same bytes; a stamp of
    /// another format (the first version's sizes and dates) only makes the load verify again.
    func testStampRecordsTheVerifiedBytes() throws {
        let directory = try realCacheCopy()
        let stamp = directory.appendingPathComponent(MNIST.stampName)
        try Data("t10k-images-idx3-ubyte 7840016 1796585312 2646ac647ad5339dbf082846283269ea\n".utf8).write(to: stamp)
        _ = try MNIST.load(directory: directory)
        var expected = ""
        for file in MNIST.files {
            let bytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent(file.name)))
            expected += "\(file.name) \(file.md5) \(WordHash.hex(bytes))\n"
        }
        XCTAssertEqual(try String(contentsOf: stamp, encoding: .utf8), expected)
    }

    /// Flips the bits of one byte of `url` and gives the file back its modification date.
    private func flipByte(at offset: Int, of url: URL) throws {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        let modified = try XCTUnwrap(attributes[.modificationDate] as? Date)
        var bytes = [UInt8](try Data(contentsOf: url))
        bytes[offset] ^= 0xFF
        try Data(bytes).write(to: url)
        try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: url.path)
        let restored = try FileManager.default.attributesOfItem(atPath: url.path)
        let date = try XCTUnwrap(restored[.modificationDate] as? Date)
        XCTAssertEqual(date.timeIntervalSince1970, modified.timeIntervalSince1970, accuracy: 1e-3)
        XCTAssertEqual((restored[.size] as? NSNumber)?.intValue, bytes.count)
    }

    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("adv-mnist-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    func testMissingDataSaysWhichFilesToPutWhere() throws {
        let directory = try temporaryDirectory()
        XCTAssertThrowsError(try MNIST.load(directory: directory)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("MNIST is not in \(directory.path)"), text)
            for file in MNIST.files {
                XCTAssertTrue(text.contains("\(file.name)  \(file.size) bytes, MD5 \(file.md5)"), text)
            }
            XCTAssertTrue(text.contains("adv fetch mnist"), text)
        }
    }

    func testCorruptCacheFileIsNamed() throws {
        let directory = try temporaryDirectory()
        for file in MNIST.files {
            try Data(count: file.size).write(to: directory.appendingPathComponent(file.name))
        }
        XCTAssertThrowsError(try MNIST.load(directory: directory)) { error in
            XCTAssertEqual(
                "\(error)",
                "train-images-idx3-ubyte: checksum mismatch: expected MD5 6bbc9ace898e44ae57da46a324031adb, got \(MD5.hex([UInt8](repeating: 0, count: MNIST.trainImages.size)))"
            )
        }
    }

    func testStoreRefusesBadBytesAndLeavesNoPartialFile() throws {
        let directory = try temporaryDirectory()
        XCTAssertThrowsError(try MNIST.store(MNIST.testLabels, bytes: [1, 2, 3], in: directory)) { error in
            XCTAssertTrue("\(error)".contains("t10k-labels-idx1-ubyte: has 3 bytes, MNIST's has 10008"), "\(error)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), [])
    }

    func testUnitPixelsDivideBy255() {
        XCTAssertEqual(MNIST.unitPixels([0, 51, 255]), [0, 0.2, 1])
    }
}
