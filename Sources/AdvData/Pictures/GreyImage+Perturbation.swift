import AdvTensor

extension GreyImage {
    /// Perturbations drawn as the papers draw them: centred on grey, negative dark, positive light.
    ///
    /// Each value `delta` becomes `0.5 + delta / (2 * maxAbs)`, so `-maxAbs` is black, 0 is grey
    /// (0.5) and `+maxAbs` is white. `maxAbs` defaults to the largest |delta| over all rows, so
    /// every image of a set shares one scale (an FGSM perturbation `eps * sign(grad)` draws as pure
    /// black and white). `delta` is `[n, width * height]` or `[width * height]`.
    ///
    /// - Returns: the images and the `maxAbs` used (print it as the scale: black = -maxAbs,
    ///   white = +maxAbs).
    public static func perturbation(
        _ delta: Tensor, width: Int = 28, height: Int = 28, maxAbs: Float? = nil
    ) throws -> (images: [GreyImage], maxAbs: Float) {
        var images = try GreyImage.images(delta, width: width, height: height)
        let largest = delta.scalars.reduce(Float(0)) { $0.isNaN || $1.isNaN ? $0 : max($0, abs($1)) }
        let scale = maxAbs ?? largest
        guard scale.isFinite, scale >= 0 else {
            throw DataError.invalidArgument(
                op: "perturbation", message: "scale maxAbs = \(scale) is not a finite, non-negative number")
        }
        // NOTE: an all-zero perturbation (scale 0) draws as plain grey rather than dividing by zero.
        let factor: Float = scale > 0 ? 1 / (2 * scale) : 0
        for index in images.indices {
            images[index].pixels.withUnsafeMutableBufferPointer { pixels in
                for i in pixels.indices { pixels[i] = 0.5 + pixels[i] * factor }
            }
        }
        return (images, scale)
    }
}
