extension GreyImage {
    /// The image enlarged `factor` times by nearest neighbour: each pixel becomes a
    /// `factor x factor` block, so 28-pixel digits stay crisp on a slide.
    public func magnified(by factor: Int) throws -> GreyImage {
        guard factor > 0, !width.multipliedReportingOverflow(by: factor).overflow,
            !(width * factor).multipliedReportingOverflow(by: height * factor).overflow
        else {
            throw DataError.invalidArgument(op: "magnify", message: "factor \(factor) for a \(width) x \(height) image")
        }
        if factor == 1 { return self }
        let newWidth = width * factor
        var output = [Float](repeating: 0, count: newWidth * height * factor)
        output.withUnsafeMutableBufferPointer { target in
            pixels.withUnsafeBufferPointer { source in
                for y in 0..<(height * factor) {
                    let from = (y / factor) * width
                    let to = y * newWidth
                    for x in 0..<newWidth { target[to + x] = source[from + x / factor] }
                }
            }
        }
        return try GreyImage(width: newWidth, height: height * factor, pixels: output)
    }
}
