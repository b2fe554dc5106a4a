import AdvTensor

extension PNG {
    /// A greyscale PNG of image rows tiled left to right, top to bottom: `rows` is `[n, width *
    /// height]` with pixels in [0, 1] (clamped), e.g. `[n, 784]` MNIST digits with width = height
    /// = 28. `padding` black pixels separate tiles; `scale` repeats each pixel scale x scale times
    /// so 28-pixel digits are big enough to see.
    public static func grid(
        _ rows: Tensor, width: Int = 28, height: Int = 28, columns: Int = 10, padding: Int = 2, scale: Int = 1
    ) throws -> [UInt8] {
        guard rows.rank == 2, rows.shape[0] > 0, width > 0, height > 0, rows.shape[1] == width * height,
            columns > 0, padding >= 0, scale > 0
        else {
            throw DataError.invalidArgument(
                op: "png grid",
                message: "rows \(rows.shape.shapeDescription) need shape [n > 0, \(width) x \(height)] (columns \(columns), padding \(padding), scale \(scale))")
        }
        let count = rows.shape[0]
        let tileColumns = min(columns, count)
        let tileRows = (count + tileColumns - 1) / tileColumns
        let tileWidth = width * scale + padding
        let tileHeight = height * scale + padding
        let canvasWidth = tileColumns * tileWidth + padding
        let canvasHeight = tileRows * tileHeight + padding
        var canvas = [UInt8](repeating: 0, count: canvasWidth * canvasHeight)
        canvas.withUnsafeMutableBufferPointer { output in
            rows.scalars.withUnsafeBufferPointer { pixels in
                for image in 0..<count {
                    let left = padding + (image % tileColumns) * tileWidth
                    let top = padding + (image / tileColumns) * tileHeight
                    for y in 0..<(height * scale) {
                        let source = image * width * height + (y / scale) * width
                        let destination = (top + y) * canvasWidth + left
                        for x in 0..<(width * scale) {
                            let value = min(max(pixels[source + x / scale], 0), 1)
                            output[destination + x] = UInt8((value * 255).rounded())
                        }
                    }
                }
            }
        }
        return try png(grey: canvas, width: canvasWidth, height: canvasHeight)
    }
}
