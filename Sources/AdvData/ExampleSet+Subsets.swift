import AdvTensor

extension ExampleSet {
    /// The examples at `indices`, in that order (repeats allowed); throws on an index out of range.
    public func subset(_ indices: [Int], name subsetName: String? = nil) throws -> ExampleSet {
        try checkConsistent("subset")
        if let bad = indices.first(where: { $0 < 0 || $0 >= count }) {
            throw DataError.invalidArgument(op: "subset", message: "\(name): index \(bad) is outside 0..<\(count)")
        }
        let width = featureCount
        var rows: [Float] = []
        rows.reserveCapacity(indices.count * width)
        images.scalars.withUnsafeBufferPointer { source in
            for index in indices {
                rows.append(contentsOf: UnsafeBufferPointer(rebasing: source[index * width..<(index + 1) * width]))
            }
        }
        return try ExampleSet(
            images: try Tensor(shape: [indices.count, width], scalars: rows),
            labels: indices.map { labels[$0] },
            name: subsetName ?? "\(name)[\(indices.count) examples]")
    }

    /// The examples in `range`, clamped to 0..<count like numpy slicing; throws when the range is
    /// entirely outside the set or empty after clamping (almost always a mistake).
    public func slice(_ range: Range<Int>) throws -> ExampleSet {
        let lower = max(range.lowerBound, 0)
        let upper = min(range.upperBound, count)
        guard lower < upper else {
            throw DataError.invalidArgument(
                op: "slice", message: "\(name): range \(range) selects no examples of \(count)")
        }
        return try subset(Array(lower..<upper), name: "\(name)[\(lower)..<\(upper)]")
    }

    /// The examples whose label is one of `digits`, in their original order, labels unchanged.
    public func filter(digits: [Int]) throws -> ExampleSet {
        let wanted = Set(digits)
        let indices = labels.indices.filter { wanted.contains(labels[$0]) }
        guard !indices.isEmpty else {
            throw DataError.invalidArgument(op: "filter", message: "\(name): no examples with labels \(digits)")
        }
        let list = digits.map(String.init).joined(separator: ",")
        return try subset(indices, name: "\(name){\(list)}")
    }

    /// The examples whose label is a key of `mapping`, relabeled by it (e.g. `[3: -1, 7: 1]`).
    public func relabeled(_ mapping: [Int: Int]) throws -> ExampleSet {
        var result = try filter(digits: mapping.keys.sorted())
        result.labels = result.labels.map { mapping[$0] ?? $0 }
        return result
    }

    /// A two-class problem, e.g. 7 versus 3: `positive` examples get label 1, `negative` ones 0,
    /// all others are dropped. Both classes must have examples: a one-class "problem" would train
    /// and score without meaning.
    public func binary(positive: Int, negative: Int) throws -> ExampleSet {
        guard positive != negative else {
            throw DataError.invalidArgument(op: "binary", message: "positive and negative are both \(positive)")
        }
        for (role, digit) in [("positive", positive), ("negative", negative)] where !labels.contains(digit) {
            throw DataError.invalidArgument(
                op: "binary", message: "set \"\(name)\" has no examples labelled \(digit) (the \(role) class)")
        }
        var result = try relabeled([positive: 1, negative: 0])
        result.name = "\(name){\(positive) vs \(negative)}"
        return result
    }

    /// Two disjoint halves by a seeded permutation (the first gets the extra example when `count`
    /// is odd), e.g. Szegedy's two disjoint training sets P1 and P2.
    public func split(seed: UInt64) throws -> (ExampleSet, ExampleSet) {
        guard count >= 2 else {
            throw DataError.invalidArgument(op: "split", message: "\(name): needs at least 2 examples, has \(count)")
        }
        var generator = SeededGenerator(seed: seed)
        let order = generator.permutation(count)
        let half = (count + 1) / 2
        return (
            try subset(Array(order[..<half]), name: "\(name)/split\(seed).0"),
            try subset(Array(order[half...]), name: "\(name)/split\(seed).1")
        )
    }
}
