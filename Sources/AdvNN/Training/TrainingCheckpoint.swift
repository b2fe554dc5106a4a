import AdvData
import AdvTensor
import Foundation

/// A training run's state at the end of an epoch, written after every epoch so that a run killed
/// (or stopped with Ctrl-C) and started again resumes there and ends with the numbers an
/// uninterrupted run gives: the weights, the momentum buffers, the generator of minibatch orders
/// and dropout masks, the schedule's update count, the epoch reports and the best epoch's weights.
///
/// One file, written atomically (`OutputFile`): the line `adv-checkpoint 1`, the state as JSON on
/// one line, then each tensor's float32 scalars (little-endian) in the order the JSON lists them.
/// A checkpoint belongs to one run: its `fingerprint` hashes the options, the model as it was
/// before training, and the training and validation data; a checkpoint of another run is ignored
/// and overwritten. So the fingerprint also names a finished run's result:
/// `CheckpointLocation.cache` keeps checkpoints under it, and a script that trains the same model
/// the same way again (in another script, or another run of this one) gets the trained model back
/// instead of training it. A GAN run keeps its pair here too: `gan` holds what is its own (see
/// `GANCheckpointState`), `parameters` and `velocities` are the generator's then the discriminator's.
struct TrainingCheckpoint: Codable {
    var fingerprint: String
    /// Epochs completed.
    var epoch: Int
    var updates: Int
    var generator: [UInt64]
    var reports: [EpochReport]
    var bestEpoch: Int?
    var bestError: Float?
    var stoppedEarly: Bool
    /// The shapes of `parameters`, then `velocities`, then `bestParameters` (empty without a best).
    var shapes: [[Int]]
    /// A GAN run's own state; nil for a classifier's run.
    var gan: GANCheckpointState?

    var parameters: [Tensor] = []
    var velocities: [Tensor] = []
    var bestParameters: [Tensor] = []

    private enum CodingKeys: String, CodingKey {
        case fingerprint, epoch, updates, generator, reports, bestEpoch, bestError, stoppedEarly, shapes, gan
    }

    static let firstLine = "adv-checkpoint 1\n"

    /// Part of every fingerprint, so that no cached model outlives the code that trained it: raise
    /// it with any change to training, the layers or the kernels that changes a run's numbers.
    static let numericsRevision = 1

    /// Hashes what must match for a checkpoint to continue this run: the model, options and data,
    /// the training code's `numericsRevision` and the BLAS kernel family (whose last bits differ).
    static func fingerprint(_ model: Model, set: ExampleSet, options: TrainingOptions) -> String {
        let unlabelled = options.unlabelled.map { [$0.images] } ?? []
        return fingerprint(
            describing: "\(model.name)\n\(model.layers)\n\(model.decoder)\n\(options.summary)\n",
            tensors: model.parameters + [set.images] + (options.validation.map { [$0.images] } ?? []) + unlabelled,
            labels: [set.labels] + (options.validation.map { [$0.labels] } ?? []))
    }

    /// The SHA-256 of the code's revision and kernels, then `text`, the scalars of `tensors` and the
    /// `labels`, in that order: every run's fingerprint, whatever it trains.
    static func fingerprint(describing text: String, tensors: [Tensor], labels: [[Int]]) -> String {
        var hash = SHA256()
        let code = "numerics \(numericsRevision), kernels \(BLAS.coreName)"
        hash.update(Array("\(code)\n\(text)".utf8))
        for tensor in tensors {
            tensor.scalars.withUnsafeBytes { hash.update($0) }
        }
        for labels in labels {
            labels.withUnsafeBytes { hash.update($0) }
        }
        return SHA256.hex(hash.finalize())
    }

    /// How a curve's NaN (a GAN epoch without a generator step, a diverged loss) is written: JSON
    /// has no NaN, and a checkpoint must keep every report as it was.
    private static let nonFinite = (positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")

    func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: Self.nonFinite.positiveInfinity, negativeInfinity: Self.nonFinite.negativeInfinity,
            nan: Self.nonFinite.nan)
        let state = try encoder.encode(self)
        let tensors = parameters + velocities + bestParameters
        var bytes = Array(TrainingCheckpoint.firstLine.utf8)
        bytes.reserveCapacity(bytes.count + state.count + 1 + tensors.reduce(0) { $0 + $1.count * 4 })
        bytes += state
        bytes.append(UInt8(ascii: "\n"))
        for tensor in tensors {
            LittleEndianFloats.append(tensor.scalars, to: &bytes)
        }
        try OutputFile.write(bytes, to: path)
    }

    /// The checkpoint at `path`, or nil when there is none; a damaged file is an error naming it.
    static func read(_ path: String) throws -> TrainingCheckpoint? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let bytes = try InputFile.read(path)
        func damaged(_ what: String) -> ModelFileError {
            ModelFileError(path: path, message: "not a training checkpoint adv can resume: \(what)")
        }
        let head = Array(firstLine.utf8)
        guard bytes.starts(with: head), let end = bytes[head.count...].firstIndex(of: UInt8(ascii: "\n")) else {
            throw damaged("it does not start with \"adv-checkpoint 1\" and a JSON line")
        }
        var checkpoint: TrainingCheckpoint
        do {
            let decoder = JSONDecoder()
            decoder.nonConformingFloatDecodingStrategy = .convertFromString(
                positiveInfinity: nonFinite.positiveInfinity, negativeInfinity: nonFinite.negativeInfinity,
                nan: nonFinite.nan)
            checkpoint = try decoder.decode(TrainingCheckpoint.self, from: Data(bytes[head.count..<end]))
        } catch {
            throw damaged("its state line is not valid (\(error))")
        }
        let counts = checkpoint.shapes.map { $0.reduce(1, *) }
        guard checkpoint.shapes.allSatisfy({ $0.allSatisfy { $0 > 0 } }),
            bytes.count - end - 1 == counts.reduce(0, +) * MemoryLayout<Float>.size, checkpoint.generator.count == 4
        else {
            throw damaged(
                "it holds \(bytes.count - end - 1) bytes of tensors where its state lists \(counts.reduce(0, +) * 4)")
        }
        var offset = end + 1
        var tensors: [Tensor] = []
        for (shape, count) in zip(checkpoint.shapes, counts) {
            let scalars = LittleEndianFloats.decode(bytes[offset..<(offset + count * 4)])
            tensors.append(try Tensor(shape: shape, scalars: scalars))
            offset += count * 4
        }
        let copies = checkpoint.bestEpoch == nil ? 2 : 3
        guard tensors.count % copies == 0 else { throw damaged("\(tensors.count) tensors for \(copies) copies") }
        let n = tensors.count / copies
        checkpoint.parameters = Array(tensors[0..<n])
        checkpoint.velocities = Array(tensors[n..<(2 * n)])
        checkpoint.bestParameters = Array(tensors[(2 * n)...])
        return checkpoint
    }
}

/// Where a run keeps its checkpoint.
public enum CheckpointLocation: Sendable, Equatable {
    /// This file (`train ... checkpoint "NAME"`).
    case file(String)
    /// A file named by the run's fingerprint in this folder (`train ... cache`): the same
    /// training, wherever it is asked for, is done once.
    case cache(folder: String)

    /// The cache folder: `$ADV_CACHE/models`, else `~/.cache/adv/models`.
    public static var defaultCache: CheckpointLocation {
        let environment = ProcessInfo.processInfo.environment["ADV_CACHE"] ?? ""
        let root =
            environment.isEmpty
            ? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/adv").path : environment
        return .cache(folder: (root as NSString).appendingPathComponent("models"))
    }

    /// The file for the run with `fingerprint`, making the cache folder if needed.
    func path(fingerprint: String) throws -> String {
        switch self {
        case .file(let path): return path
        case .cache(let folder):
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw ModelFileError(
                    path: folder, message: "cannot make the model cache: \(error.localizedDescription)")
            }
            return (folder as NSString).appendingPathComponent("\(fingerprint).checkpoint")
        }
    }
}
