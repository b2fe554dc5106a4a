import AdvTensor

extension GreyImage {
    /// Weights and filters drawn as Goodfellow's Fig. 2 and 3 draw them: each row stretched on
    /// its own from its minimum (black) to its maximum (white), so filters with very different
    /// magnitudes are all visible. `rows` is `[n, width * height]` or `[width * height]`.
    /// A constant row draws as grey (0.5). Non-finite values draw as black.
    public static func rescaled(_ rows: Tensor, width: Int = 28, height: Int = 28) throws -> [GreyImage] {
        var images = try GreyImage.images(rows, width: width, height: height)
        for index in images.indices {
            images[index].pixels.withUnsafeMutableBufferPointer { pixels in
                var low = Float.infinity
                var high = -Float.infinity
                for value in pixels where value.isFinite {
                    low = min(low, value)
                    high = max(high, value)
                }
                let range = high - low
                for i in pixels.indices {
                    // NOTE: a constant (or all non-finite) row has no range to stretch: grey.
                    guard pixels[i].isFinite else {
                        pixels[i] = 0
                        continue
                    }
                    pixels[i] = range > 0 ? (pixels[i] - low) / range : 0.5
                }
            }
        }
        return images
    }
}
