import AdvTensor

/// THE gradient table: the vector-Jacobian product of every primitive, in one `switch`.
///
/// Given the primitive, its inputs' values `x`, its output value `y` and the gradient `dy` of the
/// final scalar with respect to `y`, returns the gradient with respect to each input (nil where
/// `needed` is false, so constants cost nothing). Each rule is written with `Tensor` ops.
func vectorJacobianProduct(
    _ primitive: Primitive, inputs x: [Tensor], output y: Tensor, outputGradient dy: Tensor, needed: [Bool]
) throws -> [Tensor?] {
    /// Computes the gradient for input `i` only when it is needed.
    func rule(_ i: Int, _ body: () throws -> Tensor) rethrows -> Tensor? { needed[i] ? try body() : nil }

    switch primitive {
    case .add:
        return [try rule(0) { try dy.summed(toShape: x[0].shape) }, try rule(1) { try dy.summed(toShape: x[1].shape) }]
    case .subtract:
        return [
            try rule(0) { try dy.summed(toShape: x[0].shape) }, try rule(1) { try (-dy).summed(toShape: x[1].shape) },
        ]
    case .multiply:
        return [
            try rule(0) { try (dy * x[1]).summed(toShape: x[0].shape) },
            try rule(1) { try (dy * x[0]).summed(toShape: x[1].shape) },
        ]
    case .divide:
        // d(a/b) = da / b - a db / b^2 = da / b - y db / b.
        return [
            try rule(0) { try (dy / x[1]).summed(toShape: x[0].shape) },
            try rule(1) { try (-(dy * y / x[1])).summed(toShape: x[1].shape) },
        ]
    case .minimum, .maximum:
        // The gradient goes to the operand that was chosen; ties go to the first.
        let firstChosen = try primitive.isMinimum ? x[0].lessEqual(x[1]) : x[0].greaterEqual(x[1])
        return [
            try rule(0) { try (dy * firstChosen).summed(toShape: x[0].shape) },
            try rule(1) { try (dy * (1 - firstChosen)).summed(toShape: x[1].shape) },
        ]
    case .tensorPower:
        // d(x^y)/dx = y x^(y-1); d(x^y)/dy = x^y ln x.
        // NOTE: the exponent's gradient is x^y ln x for x > 0; 0 where x^y is 0 (x = 0 with y > 0,
        // the limit from x > 0); NaN for x < 0 (x^y is real only at integer y, so it has no
        // derivative in y) and for 0^y with y <= 0. The base's follows its formula (NaN for x < 0 at
        // a non-integer y, inf at x = 0 with y < 1, as the constant-exponent `power` does).
        return [
            try rule(0) { try (dy * (x[1] * x[0].pow(x[1] - 1))).summed(toShape: x[0].shape) },
            try rule(1) {
                let slope = try Tensor.select(
                    y.equal(Tensor(0)), Tensor(0),
                    Tensor.select(x[0].greaterThan(Tensor(0)), y * x[0].log(), Tensor(Float.nan)))
                return try (dy * slope).summed(toShape: x[1].shape)
            },
        ]
    case .select(let condition):
        let zero = Tensor(0)
        return [
            try rule(0) { try Tensor.select(condition, dy, zero).summed(toShape: x[0].shape) },
            try rule(1) { try Tensor.select(condition, zero, dy).summed(toShape: x[1].shape) },
        ]

    case .negate:
        return [-dy]
    case .exp:
        return [try dy * y]
    case .log:
        return [try dy / x[0]]
    case .squareRoot:
        return [try dy / (2 * y)]
    case .absoluteValue:
        return [try dy * x[0].sign()]
    case .square:
        return [try dy * (2 * x[0])]
    case .sigmoid:
        return [try dy * (try y * (1 - y))]
    case .tanh:
        return [try dy * (1 - y.squared())]
    case .relu:
        return [try dy * x[0].greaterThan(Tensor(0))]
    case .power(let exponent):
        // NOTE: d(x^e) = e x^(e-1); at x = 0 with e < 1 this is inf, as it mathematically is.
        return [try dy * (exponent * x[0].pow(exponent - 1))]
    case .clip(let low, let high):
        let inside = try x[0].greaterEqual(Tensor(low)) * x[0].lessEqual(Tensor(high))
        return [try dy * inside]
    case .sign:
        return [Tensor.zeros(x[0].shape)]

    case .sum(let axis, _):
        return [try expandReduced(dy, to: x[0].shape, axis: axis)]
    case .mean(let axis, _):
        let count = Float(Swift.max(reducedCount(x[0].shape, axis: axis), 1))
        return [try expandReduced(dy, to: x[0].shape, axis: axis) / count]
    case .max(let axis, _):
        // NOTE: ties share the gradient equally, so the rule is symmetric in tied inputs.
        let kept = try y.reshaped(keptShape(x[0].shape, axis: axis))
        let winners = try x[0].equal(kept)
        let share = try winners / (axis.map { try winners.sum(axis: $0, keepDims: true) } ?? winners.sum())
        return [try share * expandReduced(dy, to: x[0].shape, axis: axis)]
    case .logSumExp(let axis, _):
        let kept = try y.reshaped(keptShape(x[0].shape, axis: axis))
        return [try (try x[0] - kept).exp() * expandReduced(dy, to: x[0].shape, axis: axis)]
    case .softmax(let axis):
        // dx = y * (dy - sum(dy * y)) along the axis.
        let inner = try (try dy * y).sum(axis: axis, keepDims: true)
        return [try y * (try dy - inner)]
    case .logSoftmax(let axis):
        // dx = dy - softmax(x) * sum(dy) along the axis; softmax(x) = exp(y).
        return [try dy - (try y.exp() * dy.sum(axis: axis, keepDims: true))]

    case .matmul:
        let (a, b) = (try matrixView(x[0], left: true), try matrixView(x[1], left: false))
        let dy2 = try dy.reshaped([a.shape[0], b.shape[1]])
        return [
            try rule(0) { try Tensor.matmul(dy2, transposeA: false, b, transposeB: true).reshaped(x[0].shape) },
            try rule(1) { try Tensor.matmul(a, transposeA: true, dy2, transposeB: false).reshaped(x[1].shape) },
        ]
    case .transpose(let permutation):
        guard permutation.count >= 2 else { return [dy] }
        var inverse = permutation
        for (i, p) in permutation.enumerated() { inverse[p] = i }
        return [try dy.transposed(inverse)]
    case .reshape:
        return [try dy.reshaped(x[0].shape)]
    case .slice(let axis, let start, let end, let step):
        // The positions the slice read, found by slicing 0, 1, 2, ... the same way.
        let extent = x[0].shape[axis]
        let positions = try Tensor(shape: [extent], scalars: (0..<extent).map(Float.init)).slice(
            axis: 0, start: start, end: end, step: step)
        return [try scatterAdd(dy, indices: positions.scalars.map { Int($0) }, axis: axis, into: x[0].shape)]
    case .gather(let indices, let axis):
        let extent = x[0].shape[axis]
        return [try scatterAdd(dy, indices: indices.map { $0 < 0 ? $0 + extent : $0 }, axis: axis, into: x[0].shape)]
    case .concatenate(let axis):
        var start = 0
        return try x.indices.map { i in
            let extent = x[i].shape[axis]
            defer { start += extent }
            return try rule(i) { try dy.slice(axis: axis, start: start, end: start + extent) }
        }

    case .linear:
        return [
            try rule(0) { try Tensor.linearInputGradient(dy, x[1]) },
            try rule(1) { try Tensor.linearWeightGradient(x[0], dy) },
            try rule(2) { try Tensor.linearBiasGradient(dy) },
        ]
    case .maxout(let argmax, let pieces):
        return [try Tensor.maxoutGradient(dy, argmax: argmax, pieces: pieces)]
    case .softmaxCrossEntropy(let labels, let probabilities):
        return [
            try Tensor.softmaxCrossEntropyGradient(
                probabilities: probabilities, labels: labels, lossGradient: dy.scalars.first ?? 0)
        ]
    case .oneVsRestSquaredHinge(let gradient):
        return [gradient * (dy.scalars.first ?? 0)]
    case .dropout(let mask):
        return [try Tensor.dropout(dy, mask: mask)]
    }
}

extension Primitive {
    fileprivate var isMinimum: Bool {
        if case .minimum = self { return true }
        return false
    }
}
