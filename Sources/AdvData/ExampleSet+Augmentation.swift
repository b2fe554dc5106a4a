import AdvTensor
import Foundation

/// Data augmentation of square images: each example rotated and shifted at random, as image
/// classifiers are trained (the "adversarial training is not data augmentation" experiment's
/// variant B, on MNIST).
extension ExampleSet {
    /// A copy with every image rotated by an angle drawn uniformly from +-`maxDegrees` about its
    /// centre and shifted by whole pixels drawn uniformly from -`maxShift`...`maxShift` along each
    /// axis (bilinear interpolation, black outside the image); labels unchanged. One draw of
    /// angle and shifts per example, from `generator`, in order.
    public func augmented(maxShift: Int, maxDegrees: Float, using generator: inout SeededGenerator) throws
        -> ExampleSet
    {
        try checkConsistent("augment")
        let side = Int(Double(featureCount).squareRoot().rounded())
        guard side > 0, side * side == featureCount else {
            throw DataError.invalidArgument(
                op: "augment", message: "\(name): \(featureCount) pixels per example is not a square image")
        }
        guard maxShift >= 0, maxShift < side, maxDegrees >= 0, maxDegrees <= 180 else {
            throw DataError.invalidArgument(
                op: "augment",
                message: "the shift must be from 0 to \(side - 1) pixels and the angle from 0 to 180 degrees")
        }
        var out = [Float](repeating: 0, count: images.count)
        images.scalars.withUnsafeBufferPointer { source in
            for row in 0..<count {
                let degrees = maxDegrees * (2 * generator.nextUnitFloat() - 1)
                let dx = maxShift == 0 ? 0 : Int(generator.next() % UInt64(2 * maxShift + 1)) - maxShift
                let dy = maxShift == 0 ? 0 : Int(generator.next() % UInt64(2 * maxShift + 1)) - maxShift
                let offset = row * featureCount
                out.withUnsafeMutableBufferPointer { target in
                    ExampleSet.transform(
                        UnsafeBufferPointer(rebasing: source[offset..<offset + featureCount]), side: side,
                        radians: degrees * .pi / 180, dx: dx, dy: dy,
                        into: UnsafeMutableBufferPointer(rebasing: target[offset..<offset + featureCount]))
                }
            }
        }
        return try ExampleSet(
            images: Tensor(shape: images.shape, scalars: out), labels: labels, name: "augment(\(name))")
    }

    /// One `side` x `side` image rotated by `radians` (counterclockwise as drawn, rows going down)
    /// about its centre, then moved `dx` pixels right and `dy` down: each output pixel samples the
    /// source bilinearly where the inverse transform takes it.
    static func transform(
        _ source: UnsafeBufferPointer<Float>, side: Int, radians: Float, dx: Int, dy: Int,
        into target: UnsafeMutableBufferPointer<Float>
    ) {
        let centre = Float(side - 1) / 2
        let (c, s) = (Foundation.cos(radians), Foundation.sin(radians))
        func pixel(_ x: Int, _ y: Int) -> Float {
            x >= 0 && x < side && y >= 0 && y < side ? source[y * side + x] : 0
        }
        for y in 0..<side {
            for x in 0..<side {
                // Undo the shift, then the rotation (by -radians) about the centre.
                let u = Float(x - dx) - centre
                let v = Float(y - dy) - centre
                let sx = c * u - s * v + centre
                let sy = s * u + c * v + centre
                let (x0, y0) = (Int(sx.rounded(.down)), Int(sy.rounded(.down)))
                let (fx, fy) = (sx - Float(x0), sy - Float(y0))
                let top = pixel(x0, y0) * (1 - fx) + pixel(x0 + 1, y0) * fx
                let bottom = pixel(x0, y0 + 1) * (1 - fx) + pixel(x0 + 1, y0 + 1) * fx
                target[y * side + x] = top * (1 - fy) + bottom * fy
            }
        }
    }
}
