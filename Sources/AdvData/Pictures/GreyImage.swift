import AdvTensor

/// A greyscale picture: `width x height` pixels in row-major order, each in [0, 1] (0 black,
/// 1 white). The one image model behind `show` in the terminal and `save` as PNG.
///
/// MNIST rows (`[784]`, or row `i` of `[n, 784]`) become 28 x 28 images; perturbations are
/// mapped onto [0, 1] around grey by `perturbation(_:)` before they are drawn.
public struct GreyImage: Sendable, Equatable {
    /// Pixels per row.
    public let width: Int
    /// Rows.
    public let height: Int
    /// `width * height` values, row-major; values outside [0, 1] are clamped when drawn. Set only
    /// through the initialisers, so the count always matches the size.
    public internal(set) var pixels: [Float]

    /// An image from its pixels; throws when `pixels.count != width * height` or a side is not
    /// positive.
    public init(width: Int, height: Int, pixels: [Float]) throws {
        let (area, overflow) = width.multipliedReportingOverflow(by: height)
        guard width > 0, height > 0, !overflow, area == pixels.count else {
            throw DataError.invalidArgument(
                op: "image", message: "\(width) x \(height) does not match \(pixels.count) pixels")
        }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// An image of one colour.
    public init(width: Int, height: Int, repeating value: Float) throws {
        guard width > 0, height > 0, !width.multipliedReportingOverflow(by: height).overflow else {
            throw DataError.invalidArgument(op: "image", message: "\(width) x \(height) is not a valid size")
        }
        try self.init(width: width, height: height, pixels: Array(repeating: value, count: width * height))
    }

    /// The image of one example: `row` is `[width * height]` or `[1, width * height]`
    /// (28 x 28 = 784 for MNIST).
    public init(row: Tensor, width: Int = 28, height: Int = 28) throws {
        let images = try GreyImage.images(row, width: width, height: height)
        guard images.count == 1 else {
            throw DataError.invalidArgument(
                op: "image", message: "expected one row of \(width) x \(height), got \(row.shape.shapeDescription)")
        }
        self = images[0]
    }

    /// One image per row of `rows`: `[n, width * height]` gives n images; `[width * height]` one.
    public static func images(_ rows: Tensor, width: Int = 28, height: Int = 28) throws -> [GreyImage] {
        let product = width.multipliedReportingOverflow(by: height)
        // NOTE: -1 never matches an extent, so a bad size falls through to the error.
        let pixelsPerImage = width > 0 && height > 0 && !product.overflow ? product.partialValue : -1
        let count: Int
        switch rows.shape.count {
        case 1 where rows.shape[0] == pixelsPerImage: count = 1
        case 2 where rows.shape[1] == pixelsPerImage: count = rows.shape[0]
        default:
            throw DataError.invalidArgument(
                op: "image",
                message:
                    "rows \(rows.shape.shapeDescription) need shape [n, \(width) x \(height)] or [\(width) x \(height)]"
            )
        }
        return try rows.scalars.withUnsafeBufferPointer { scalars in
            try (0..<count).map { index in
                let start = index * pixelsPerImage
                return try GreyImage(
                    width: width, height: height, pixels: Array(scalars[start..<start + pixelsPerImage]))
            }
        }
    }
}
