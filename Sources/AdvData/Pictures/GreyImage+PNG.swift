import Foundation

extension GreyImage {
    /// The image as an 8-bit greyscale PNG file's bytes, magnified `scale` times by nearest
    /// neighbour (pixels clamped to [0, 1], then round(255 * v)).
    public func pngData(scale: Int = 1) throws -> [UInt8] {
        let image = try magnified(by: scale)
        return try PNG.png(grey: PNG.greyBytes(image.pixels), width: image.width, height: image.height)
    }

    /// Writes the PNG to `path` through a temporary file in the same directory and a rename, so
    /// an interrupted write never leaves half a picture.
    public func write(to path: String, scale: Int = 1) throws {
        try PictureFile.write(try pngData(scale: scale), to: path)
    }
}
