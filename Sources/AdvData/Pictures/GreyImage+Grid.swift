extension GreyImage {
    /// Many images tiled left to right, top to bottom, `columns` per row, `padding` pixels of
    /// `background` between tiles and around the edge (white by default, so digits on black stay
    /// apart). Tiles are as large as the largest image; smaller images are centred in theirs.
    /// Szegedy's figures: originals, perturbations and adversarial images as three rows of a grid
    /// with `columns` = examples. At most `largestArea` pixels in all.
    public static func grid(
        _ images: [GreyImage], columns: Int, padding: Int = 2, background: Float = 1
    ) throws -> GreyImage {
        guard !images.isEmpty else {
            throw DataError.invalidArgument(op: "grid", message: "there are no images to draw")
        }
        guard columns > 0 else {
            throw DataError.invalidArgument(op: "grid", message: "columns must be positive, got \(columns)")
        }
        guard (0...1024).contains(padding) else {
            throw DataError.invalidArgument(op: "grid", message: "padding must be from 0 to 1024, got \(padding)")
        }
        let tileWidth = images.map(\.width).max() ?? 1
        let tileHeight = images.map(\.height).max() ?? 1
        let tileColumns = min(columns, images.count)
        let tileRows = (images.count + tileColumns - 1) / tileColumns
        // NOTE: sizes in Double first, so a huge grid is an error rather than an Int overflow trap.
        let widthEstimate = Double(tileColumns) * Double(tileWidth + padding) + Double(padding)
        let heightEstimate = Double(tileRows) * Double(tileHeight + padding) + Double(padding)
        guard widthEstimate * heightEstimate <= Double(GreyImage.largestArea) else {
            throw DataError.invalidArgument(
                op: "grid",
                message: "\(images.count) images of \(tileWidth) x \(tileHeight) in \(tileColumns) columns "
                    + "would exceed \(GreyImage.largestArea) pixels")
        }
        let width = tileColumns * (tileWidth + padding) + padding
        let height = tileRows * (tileHeight + padding) + padding
        var canvas = try GreyImage(width: width, height: height, repeating: background)
        canvas.pixels.withUnsafeMutableBufferPointer { output in
            for (index, image) in images.enumerated() {
                let left = padding + (index % tileColumns) * (tileWidth + padding) + (tileWidth - image.width) / 2
                let top = padding + (index / tileColumns) * (tileHeight + padding) + (tileHeight - image.height) / 2
                image.pixels.withUnsafeBufferPointer { source in
                    for y in 0..<image.height {
                        let from = y * image.width
                        let to = (top + y) * width + left
                        for x in 0..<image.width { output[to + x] = source[from + x] }
                    }
                }
            }
        }
        return canvas
    }
}
