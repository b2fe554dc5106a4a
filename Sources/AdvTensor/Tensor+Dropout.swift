/// Dropout (Srivastava et al. 2014) as the maxout papers use it: a mask drawn from a seeded
/// generator, the product with it, and the evaluation-mode scaling. Allocating and in place, as
/// `linear`; both forms draw the same masks from the same generator state.
extension Tensor {
    /// An inverted-dropout mask of the given shape: each entry is `1 / keepProbability` with
    /// probability `keepProbability`, else 0, so `x * mask` keeps the expected activation and
    /// evaluation mode needs no rescaling.
    public static func dropoutMask(
        _ shape: [Int], keepProbability keep: Float, using generator: inout SeededGenerator
    ) throws -> Tensor {
        var mask = Tensor.zeros([0])
        try dropoutMask(shape, keepProbability: keep, factor: 1, using: &generator, into: &mask)
        return mask
    }

    /// Refills `mask` (shape `shape`) with a dropout mask: each entry `(1 / keep) * factor` with
    /// probability `keep`, else 0, drawing from `generator` exactly as `dropoutMask(_:keepProbability:using:)`
    /// followed by `* factor` does, so both paths see the same masks for the same seed.
    public static func dropoutMask(
        _ shape: [Int], keepProbability keep: Float, factor: Float, using generator: inout SeededGenerator,
        into mask: inout Tensor
    ) throws {
        guard keep > 0, keep <= 1, shape.allSatisfy({ $0 >= 0 }) else {
            throw TensorError(
                op: "dropout",
                message: "shape \(shape.shapeDescription), keep probability \(keep): want extents >= 0, 0 < keep <= 1")
        }
        mask.reshapeForOverwrite(shape)
        mask.scalars.withUnsafeMutableBufferPointer { mask in
            NeuralKernels.dropoutMask(mask, keep: keep, factor: factor, using: &generator)
        }
    }

    /// Dropout with a given mask: `x * mask`, both of the same shape. Its gradient is `dy * mask`,
    /// the same call.
    public static func dropout(_ x: Tensor, mask: Tensor) throws -> Tensor {
        var y = Tensor.zeros([0])
        try dropout(x, mask: mask, into: &y)
        return y
    }

    /// `dropout` into `y`.
    public static func dropout(_ x: Tensor, mask: Tensor, into y: inout Tensor) throws {
        guard x.shape == mask.shape else {
            throw TensorError(
                op: "dropout", message: "x \(x.shape.shapeDescription) and mask \(mask.shape.shapeDescription) differ")
        }
        y.reshapeForOverwrite(x.shape)
        x.scalars.withUnsafeBufferPointer { x in
            mask.scalars.withUnsafeBufferPointer { mask in
                y.scalars.withUnsafeMutableBufferPointer { y in
                    Parallel.elements(y.count) { range in
                        NeuralKernels.multiply(x.part(range), mask.part(range), into: y.part(range))
                    }
                }
            }
        }
    }

    /// `y = x * factor` into `y` (dropout in evaluation, and its gradient).
    public static func scaled(_ x: Tensor, by factor: Float, into y: inout Tensor) {
        y.reshapeForOverwrite(x.shape)
        x.scalars.withUnsafeBufferPointer { x in
            y.scalars.withUnsafeMutableBufferPointer { y in
                Parallel.elements(y.count) { range in
                    FusedKernels.scale(x.part(range), by: factor, into: y.part(range))
                }
            }
        }
    }
}
