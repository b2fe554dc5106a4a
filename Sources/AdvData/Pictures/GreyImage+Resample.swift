extension GreyImage {
    /// The image resampled to `newWidth x newHeight` by area averaging: each output pixel is the
    /// mean of the source pixels it covers, weighted by the covered fraction. Shrinking keeps thin
    /// strokes visible as grey instead of dropping them; enlarging repeats pixels (blended only
    /// where an output pixel straddles two source pixels).
    public func resampled(width newWidth: Int, height newHeight: Int) throws -> GreyImage {
        guard newWidth > 0, newHeight > 0, !newWidth.multipliedReportingOverflow(by: newHeight).overflow else {
            throw DataError.invalidArgument(
                op: "resample", message: "\(width) x \(height) to \(newWidth) x \(newHeight)")
        }
        if newWidth == width && newHeight == height { return self }
        let columns = GreyImage.coverage(from: width, to: newWidth)
        let rows = GreyImage.coverage(from: height, to: newHeight)
        // Two passes (rows, then columns) so each output pixel costs O(covered span), not O(area).
        var horizontal = [Float](repeating: 0, count: newWidth * height)
        var output = [Float](repeating: 0, count: newWidth * newHeight)
        pixels.withUnsafeBufferPointer { source in
            horizontal.withUnsafeMutableBufferPointer { middle in
                for y in 0..<height {
                    for (x, weights) in columns.enumerated() {
                        var sum: Float = 0
                        for (index, weight) in weights { sum += source[y * width + index] * weight }
                        middle[y * newWidth + x] = sum
                    }
                }
            }
        }
        horizontal.withUnsafeBufferPointer { middle in
            output.withUnsafeMutableBufferPointer { target in
                for (y, weights) in rows.enumerated() {
                    for x in 0..<newWidth {
                        var sum: Float = 0
                        for (index, weight) in weights { sum += middle[index * newWidth + x] * weight }
                        target[y * newWidth + x] = sum
                    }
                }
            }
        }
        return try GreyImage(width: newWidth, height: newHeight, pixels: output)
    }

    /// For each of `count` output cells along one axis, the source cells it overlaps and their
    /// weights (overlap length / cell length; the weights of one output cell sum to 1).
    static func coverage(from sourceCount: Int, to count: Int) -> [[(Int, Float)]] {
        let step = Double(sourceCount) / Double(count)
        return (0..<count).map { cell in
            let start = Double(cell) * step
            let end = start + step
            var weights: [(Int, Float)] = []
            var index = Int(start)
            while index < sourceCount && Double(index) < end {
                let overlap = min(end, Double(index + 1)) - max(start, Double(index))
                if overlap > 1e-12 { weights.append((index, Float(overlap / step))) }
                index += 1
            }
            return weights
        }
    }
}
