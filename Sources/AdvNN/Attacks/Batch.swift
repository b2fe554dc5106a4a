import AdvTensor

/// Validated batches of examples for a classifier, and the chunked loop every attack runs in.
///
/// Attacks work on whole sets ([n, inputs], tens of thousands of rows) in chunks of `chunkSize`
/// rows, so one forward/backward pass stays cache- and memory-friendly.
enum Batch {

    /// Checks that `x` is [n, model.inputs] and that `labels` holds n class indices of the model.
    static func validate(_ op: String, _ model: any Classifier, _ x: Tensor, labels: [Int]?) throws {
        guard x.rank == 2, x.shape[1] == model.inputs else {
            throw AttackError(
                op: op,
                message: "examples \(x.shape.shapeDescription) but \(model.name) takes [n, \(model.inputs)]")
        }
        guard let labels else { return }
        guard labels.count == x.shape[0] else {
            throw AttackError(
                op: op, message: "examples \(x.shape.shapeDescription) but \(labels.count) labels")
        }
        if let bad = labels.first(where: { $0 < 0 || $0 >= model.classes }) {
            throw AttackError(
                op: op, message: "label \(bad) is not a class of \(model.name) (0..<\(model.classes))")
        }
    }

    /// Checks that two example tensors have the same shape (an original and its perturbed version).
    static func validateSameShape(_ op: String, _ a: Tensor, _ b: Tensor) throws {
        guard a.shape == b.shape, a.rank == 2 else {
            throw AttackError(
                op: op,
                message:
                    "original \(a.shape.shapeDescription) and perturbed \(b.shape.shapeDescription) must be the same [n, d]"
            )
        }
    }

    /// The model's class probabilities for consecutive blocks of at most `chunkSize` rows of `x`:
    /// `body` gets each block's rows and its [rows.count, classes] probabilities, in order.
    static func forEachProbabilityChunk(
        _ op: String, _ model: any Classifier, _ x: Tensor, chunkSize: Int,
        _ body: (_ rows: Range<Int>, _ probabilities: Tensor) throws -> Void
    ) throws {
        let n = x.shape[0]
        var start = 0
        while start < n {
            let rows = start..<min(start + chunkSize, n)
            let p = try model.probabilities(x.rowBlock(rows))
            guard p.shape == [rows.count, model.classes] else {
                throw AttackError(
                    op: op,
                    message:
                        "\(model.name) returned probabilities \(p.shape.shapeDescription) for examples [\(rows.count), \(model.inputs)]"
                )
            }
            try body(rows, p)
            start = rows.upperBound
        }
    }

    /// Applies `body` to consecutive blocks of at most `chunkSize` rows of `x` (with their labels)
    /// and stacks the blocks it returns, each the same shape as its input, into one [n, d] tensor.
    static func mapChunks(
        _ op: String, _ x: Tensor, labels: [Int], chunkSize: Int,
        _ body: (_ chunk: Tensor, _ labels: [Int], _ rows: Range<Int>) throws -> Tensor
    ) throws -> Tensor {
        guard chunkSize > 0 else { throw AttackError(op: op, message: "chunk size \(chunkSize) must be positive") }
        let n = x.shape[0]
        let d = x.shape[1]
        var output = [Float]()
        output.reserveCapacity(n * d)
        var start = 0
        while start < n {
            let rows = start..<min(start + chunkSize, n)
            let chunk = try x.rowBlock(rows)
            let result = try body(chunk, Array(labels[rows]), rows)
            guard result.shape == chunk.shape else {
                throw AttackError(
                    op: op,
                    message: "a chunk \(chunk.shape.shapeDescription) came back as \(result.shape.shapeDescription)")
            }
            output.append(contentsOf: result.scalars)
            start = rows.upperBound
        }
        return try Tensor(shape: [n, d], scalars: output)
    }

    /// The input gradient of the model's loss for `labels`, checked to have the shape of `x`.
    static func inputGradient(
        _ op: String, _ model: any Classifier, _ x: Tensor, labels: [Int]
    ) throws -> (losses: [Float], gradient: Tensor) {
        let result = try model.lossAndInputGradient(x, labels: labels)
        guard result.gradient.shape == x.shape, result.losses.count == x.shape[0] else {
            throw AttackError(
                op: op,
                message:
                    "\(model.name) returned a gradient \(result.gradient.shape.shapeDescription) and \(result.losses.count) losses for examples \(x.shape.shapeDescription)"
            )
        }
        return result
    }
}

extension Tensor {
    /// Rows `rows` of a rank-2 tensor, [rows.count, d] (a copy of one contiguous range).
    func rowBlock(_ rows: Range<Int>) throws -> Tensor {
        guard rank == 2, rows.lowerBound >= 0, rows.upperBound <= shape[0] else {
            throw AttackError(op: "rows", message: "rows \(rows) of \(shape.shapeDescription)")
        }
        let d = shape[1]
        return try Tensor(shape: [rows.count, d], scalars: Array(scalars[rows.lowerBound * d..<rows.upperBound * d]))
    }
}
