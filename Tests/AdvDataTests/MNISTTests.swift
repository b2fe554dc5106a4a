import Foundation
import XCTest
@testable import AdvData

final class MNISTTests: XCTestCase {
    /// The real data set, from the cache `Scripts/setup.sh` fills (`adv fetch mnist`).
    /// Fails (never skips) when the data is missing, with the loader's instructions.
    func testRealMNIST() throws {
        let mnist: MNIST
        do {
            mnist = try MNIST.load()
        } catch {
            XCTFail("real MNIST is needed for this test; run Scripts/setup.sh or `adv fetch mnist`.\n\(error)")
            return
        }
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
        XCTAssertEqual(MNIST.checksum, "2646ac647ad5")
        XCTAssertEqual(mnist.test.name, "mnist-test")
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
                "train-images-idx3-ubyte: checksum mismatch: expected MD5 6bbc9ace898e44ae57da46a324031adb, got \(MD5.hex([UInt8](repeating: 0, count: MNIST.trainImages.size)))")
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
