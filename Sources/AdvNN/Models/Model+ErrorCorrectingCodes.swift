import AdvAutograd
import AdvTensor
import Foundation

/// Error-correcting output codes (Dietterich & Bakiri, "Solving multiclass learning problems via
/// error-correcting output codes", JAIR 1995): each class is a codeword of `bits` binary digits,
/// the network has one logistic output per bit, trained with each bit's logistic loss against the
/// true class's codeword, and a prediction is the nearest codeword.
///
/// Chosen where the paper leaves it open (it uses exhaustive codes for few classes, random or
/// hill-climbed ones for many): the code is random, drawn from the model's seed until every two
/// codewords differ in at least `minimumDistance(bits)` bits (a quarter of them, at least 3) and
/// no bit is constant or (when the classes allow that many) repeats or complements another; "nearest" is loss-based decoding
/// (Allwein, Schapire & Singer 2000): the codeword whose bits' logistic loss is lowest. Its scores
/// `score_c = sum_b log sigmoid(s_cb z_b)`, `s = 2 M - 1`, are the model's logits, so the model's
/// probabilities are their softmax and the nearest codeword their argmax; its loss, which FGSM and
/// PGD follow, is the training loss, as for every network.
public enum ErrorCorrectingCode {
    /// The code [classes, bits] of 0s and 1s drawn from `seed` (see `ErrorCorrectingCode`).
    public static func matrix(classes: Int, bits: Int, seed: UInt64) throws -> Tensor {
        guard classes >= 2, bits >= 2, bits <= 62 else {
            throw TensorError(
                op: "ecoc", message: "\(classes) classes and \(bits) bits: want 2 classes and 2 to 62 bits")
        }
        var generator = SeededGenerator(seed: seed ^ 0xEC0C)
        let distance = minimumDistance(bits)
        for _ in 0..<100_000 {
            let rows = (0..<classes).map { _ in generator.next() & ((1 << UInt64(bits)) - 1) }
            if acceptable(rows, classes: classes, bits: bits, distance: distance) {
                var scalars = [Float](repeating: 0, count: classes * bits)
                for (c, row) in rows.enumerated() {
                    for b in 0..<bits where row >> UInt64(b) & 1 == 1 { scalars[c * bits + b] = 1 }
                }
                return try Tensor(shape: [classes, bits], scalars: scalars)
            }
        }
        throw TensorError(
            op: "ecoc",
            message: "no code of \(bits) bits keeps \(classes) codewords \(distance) bits apart: use more bits")
    }

    /// The least Hamming distance the drawn codewords keep: a quarter of the bits, at least 3
    /// (one wrong bit corrected).
    public static func minimumDistance(_ bits: Int) -> Int { Swift.max(3, bits / 4) }

    private static func acceptable(_ rows: [UInt64], classes: Int, bits: Int, distance: Int) -> Bool {
        for i in 0..<classes {
            for j in (i + 1)..<classes where (rows[i] ^ rows[j]).nonzeroBitCount < distance { return false }
        }
        // Columns: none constant, none equal to or the complement of another when there are enough
        // distinct ones (2^(classes - 1) - 1 up to complement), else only none constant.
        let distinct = classes > 20 ? Int.max : (1 << (classes - 1)) - 1
        let columns = (0..<bits).map { b in
            rows.enumerated().reduce(UInt64(0)) { $0 | (($1.1 >> UInt64(b)) & 1) << UInt64($1.0) }
        }
        let full = (UInt64(1) << UInt64(classes)) - 1
        var seen = Set<UInt64>()
        for column in columns {
            if column == 0 || column == full { return false }
            if bits <= distinct, seen.contains(column) || seen.contains(full ^ column) { return false }
            seen.insert(column)
        }
        return true
    }

    /// The decoding scores [n, classes], `score_c = sum_b log sigmoid(s_cb z_b)`, of the bit logits
    /// z [n, bits] for the code [classes, bits]; accumulated in Float64.
    public static func scores(_ z: Tensor, code: Tensor) throws -> Tensor {
        guard z.rank == 2, code.rank == 2, z.shape[1] == code.shape[1] else {
            throw TensorError(
                op: "ecoc",
                message: "bit logits \(z.shape.shapeDescription) and code \(code.shape.shapeDescription) differ")
        }
        let (n, bits, classes) = (z.shape[0], z.shape[1], code.shape[0])
        var out = [Float](repeating: 0, count: n * classes)
        z.scalars.withUnsafeBufferPointer { z in
            code.scalars.withUnsafeBufferPointer { m in
                for r in 0..<n {
                    for c in 0..<classes {
                        var total = 0.0
                        for b in 0..<bits {
                            let signed = Double(m[c * bits + b] > 0.5 ? z[r * bits + b] : -z[r * bits + b])
                            total -= softplus(-signed)
                        }
                        out[r * classes + c] = Float(total)
                    }
                }
            }
        }
        return try Tensor(shape: [n, classes], scalars: out)
    }

    /// Each row's bits' logistic loss against its class's codeword, `sum_b softplus(z_b) - t_b z_b`,
    /// and, with `gradientScale`, its gradient with respect to z times that scale, `(sigmoid(z) - t)`.
    static func bitLosses(_ z: Tensor, labels: [Int], code: Tensor, gradientScale: Float? = nil) throws -> (
        losses: [Float], gradient: Tensor?
    ) {
        let (n, bits) = (z.shape[0], z.shape[1])
        guard z.rank == 2, bits == code.shape[1], labels.count == n else {
            throw TensorError(
                op: "ecoc",
                message:
                    "bit logits \(z.shape.shapeDescription), code \(code.shape.shapeDescription), \(labels.count) labels"
            )
        }
        var losses = [Float](repeating: 0, count: n)
        var gradient = gradientScale.map { _ in [Float](repeating: 0, count: n * bits) }
        z.scalars.withUnsafeBufferPointer { z in
            code.scalars.withUnsafeBufferPointer { m in
                for r in 0..<n {
                    var total = 0.0
                    for b in 0..<bits {
                        let v = Double(z[r * bits + b])
                        let t = Double(m[labels[r] * bits + b])
                        total += softplus(v) - t * v
                        if let scale = gradientScale {
                            gradient?[r * bits + b] = Float((1 / (1 + Foundation.exp(-v)) - t) * Double(scale))
                        }
                    }
                    losses[r] = Float(total)
                }
            }
        }
        return (losses, try gradient.map { try Tensor(shape: [n, bits], scalars: $0) })
    }

    /// log(1 + e^v), without overflow.
    static func softplus(_ v: Double) -> Double {
        v > 0 ? v + Foundation.log1p(Foundation.exp(-v)) : Foundation.log1p(Foundation.exp(v))
    }
}

extension Model {
    /// A fully connected network with error-correcting output codes (`ErrorCorrectingCode`):
    /// `hidden` layers of `activation` units, then a linear layer to `bits` logistic outputs,
    /// trained with their logistic loss against the true class's codeword (`ModelLoss.codeBits`),
    /// the code drawn from `seed`.
    public static func errorCorrectingCodes(
        inputs: Int = 784, hidden: [Int] = [200, 200], classes: Int = 10, bits: Int = 15,
        activation: Activation = .relu, l2: [Float] = [0], seed: UInt64 = 0
    ) throws -> Model {
        _ = try ErrorCorrectingCode.matrix(classes: classes, bits: bits, seed: seed)
        let widths = [inputs] + hidden + [bits]
        var layers: [Layer] = []
        for k in 0..<(widths.count - 1) {
            let decay = l2.isEmpty ? 0 : l2[Swift.min(k, l2.count - 1)]
            layers.append(Layer(.linear(inputs: widths[k], outputs: widths[k + 1]), l2: decay))
            if k < hidden.count { layers.append(Layer(activation == .sigmoid ? .sigmoid : .relu)) }
        }
        let name = "ECOC" + (hidden + [bits]).map(String.init).joined(separator: "-") + "x\(classes)"
        return Model(name: name, inputs: inputs, classes: classes, layers: layers, loss: .codeBits, seed: seed) {
            _, _, shape, generator in
            guard shape.count == 2 else { return Tensor.zeros(shape) }
            let limit = glorotLimit(fanIn: shape[0], fanOut: shape[1], activation: activation)
            return uniform(shape, low: -limit, high: limit, using: &generator)
        }
    }

    /// The code [classes, bits] of a `.codeBits` model (drawn from its seed, so a saved model
    /// needs no more than its seed to have it back); nil for other models.
    public var code: Tensor? {
        guard loss == .codeBits, let last = layers.last(where: { !$0.parameterIndices.isEmpty }) else { return nil }
        return try? ErrorCorrectingCode.matrix(classes: classes, bits: last.outputWidth(forInput: 0), seed: seed)
    }

    /// The code of a `.codeBits` model, or an error saying it could not be drawn.
    func requiredCode() throws -> Tensor {
        guard let code else {
            throw TensorError(op: "ecoc", message: "model \(name) has no error-correcting code")
        }
        return code
    }

    /// The classes the path's outputs predict: their argmax, or for a `.codeBits` model the
    /// nearest codeword's.
    func predictedClasses(outputs: Tensor) throws -> [Int] {
        guard loss == .codeBits else { return try outputs.argmaxRows() }
        return try ErrorCorrectingCode.scores(outputs, code: requiredCode()).argmaxRows()
    }
}
