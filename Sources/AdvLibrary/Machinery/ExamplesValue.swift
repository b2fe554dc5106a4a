import AdvData
import AdvLang
import AdvSyntax
import AdvTensor

/// A labeled example set as a language value (type name "examples"): images [n, d] and their n
/// labels, which travel with the examples through slicing, attacks and metrics.
///
/// Members: `.images` tensor [n, d], `.labels` tensor [n], `.count`, `.name`. `s[0:100]` is a
/// subset (numpy slice rules), `s[5]` a one-example set.
public final class ExamplesValue: DomainValue {
    public let set: ExampleSet

    public init(_ set: ExampleSet) { self.set = set }

    public var typeName: String { "examples" }
    public var memberNames: [String] { ["images", "labels", "count", "name"] }
    public var length: Int? { self.set.count }

    public func member(_ name: String) throws -> Value? {
        switch name {
        case "images": return .tensor(set.images)
        case "labels": return .tensor(Tensor(set.labels.map(Float.init)))
        case "count": return .number(Double(set.count))
        case "name": return .string(set.name)
        default: return nil
        }
    }

    public func subscripted(_ items: [IndexValue]) throws -> Value? {
        guard items.count == 1, let item = items.first else {
            throw RuntimeError("an example set has one axis (its examples), but \(items.count) indices were given")
        }
        switch item {
        case .index(let i):
            let j = i < 0 ? i + set.count : i
            guard j >= 0, j < set.count else {
                throw RuntimeError("index \(i) is out of range for \(set.name) of \(set.count) examples")
            }
            return .object(ExamplesValue(try set.subset([j], name: "\(set.name)[\(i)]")))
        case .slice(let start, let end, let step):
            let indices = Indexing.sliceIndices(count: set.count, start: start, end: end, step: step)
            guard !indices.isEmpty else {
                throw RuntimeError("the slice selects no examples of \(set.name) (\(set.count) examples)")
            }
            let text = "\(start.map(String.init) ?? ""):\(end.map(String.init) ?? "")" + (step == 1 ? "" : ":\(step)")
            return .object(ExamplesValue(try set.subset(indices, name: "\(set.name)[\(text)]")))
        }
    }

    public var description: String {
        "\(set.name): \(set.count) examples x \(set.featureCount)"
    }
}

/// The MNIST data as a language value (type name "mnist"), what `load mnist` binds:
/// `.train` (60,000 examples), `.test` (10,000) and `.checksum` (names the data in results tables:
/// `MNIST.checksum`, from the bytes the load read).
public final class MNISTValue: DomainValue {
    public let train: ExamplesValue
    public let test: ExamplesValue
    public let checksum: String

    public init(_ mnist: MNIST) {
        train = ExamplesValue(mnist.train)
        test = ExamplesValue(mnist.test)
        checksum = mnist.checksum
    }

    public var typeName: String { "mnist" }
    public var memberNames: [String] { ["train", "test", "checksum"] }

    public func member(_ name: String) throws -> Value? {
        switch name {
        case "train": return .object(train)
        case "test": return .object(test)
        case "checksum": return .string(checksum)
        default: return nil
        }
    }

    public var description: String {
        "mnist: train \(train.set.count), test \(test.set.count), checksum \(checksum)"
    }
}
