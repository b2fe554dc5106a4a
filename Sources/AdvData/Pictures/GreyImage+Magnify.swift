extension GreyImage {
    /// The most pixels a magnified image may have (8192 x 8192: a grid of 900 digits at scale 9).
    public static let largestArea = 1 << 26

    /// The image enlarged `factor` times by nearest neighbour: each pixel becomes a
    /// `factor x factor` block, so 28-pixel digits stay crisp on a slide.
    public func magnified(by factor: Int) throws -> GreyImage {
        let (newWidth, wide) = width.multipliedReportingOverflow(by: factor)
        let (newHeight, tall) = height.multipliedReportingOverflow(by: factor)
        let (area, overflow) = newWidth.multipliedReportingOverflow(by: newHeight)
        guard factor > 0, !wide, !tall, !overflow, area <= GreyImage.largestArea else {
            throw DataError.invalidArgument(
                op: "magnify",
                message: "factor \(factor) for a \(width) x \(height) image (at most \(GreyImage.largestArea) pixels)")
        }
        if factor == 1 { return self }
        var output = [Float](repeating: 0, count: newWidth * newHeight)
        output.withUnsafeMutableBufferPointer { target in
            pixels.withUnsafeBufferPointer { source in
                for y in 0..<newHeight {
                    let from = (y / factor) * width
                    let to = y * newWidth
                    for x in 0..<newWidth { target[to + x] = source[from + x / factor] }
                }
            }
        }
        return try GreyImage(width: newWidth, height: newHeight, pixels: output)
    }
}
