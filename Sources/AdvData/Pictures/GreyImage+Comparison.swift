import AdvTensor

extension GreyImage {
    /// Szegedy's figure of adversarial examples: a grid with one column per example and three
    /// rows, the originals, the perturbations `adversarial - original` drawn centred on grey (one
    /// scale for all, magnified to full contrast: black = -maxAbs, white = +maxAbs), and the
    /// adversarial images. `original` and `adversarial` are both `[n, width * height]` (or one
    /// `[width * height]` row each).
    ///
    /// - Returns: the grid and the perturbation's scale `maxAbs` (print it beside the picture).
    public static func comparison(
        original: Tensor, adversarial: Tensor, width: Int = 28, height: Int = 28, padding: Int = 2
    ) throws -> (image: GreyImage, maxAbs: Float) {
        guard original.shape == adversarial.shape else {
            throw DataError.invalidArgument(
                op: "comparison",
                message: "original \(original.shape.shapeDescription) and adversarial "
                    + "\(adversarial.shape.shapeDescription) must have the same shape")
        }
        var delta = adversarial.scalars
        delta.withUnsafeMutableBufferPointer { difference in
            original.scalars.withUnsafeBufferPointer { base in
                for i in difference.indices { difference[i] -= base[i] }
            }
        }
        let originals = try GreyImage.images(original, width: width, height: height)
        let perturbation = try GreyImage.perturbation(
            try Tensor(shape: original.shape, scalars: delta), width: width, height: height)
        let adversarials = try GreyImage.images(adversarial, width: width, height: height)
        let grid = try GreyImage.grid(
            originals + perturbation.images + adversarials, columns: max(originals.count, 1), padding: padding)
        return (grid, perturbation.maxAbs)
    }
}
