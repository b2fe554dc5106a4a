import Foundation

extension GreyImage {
    /// The image as an 8-bit greyscale PNG file's bytes, magnified `scale` times by nearest
    /// neighbour (pixels clamped to [0, 1], then round(255 * v)).
    public func pngData(scale: Int = 1) throws -> [UInt8] {
        let image = try magnified(by: scale)
        return try PNG.png(grey: image.bytes(), width: image.width, height: image.height)
    }

    /// The pixels as bytes round(255 * v), clamped to [0, 1].
    // NOTE: NaN draws as black; converting NaN to UInt8 would trap.
    func bytes() -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: pixels.count)
        bytes.withUnsafeMutableBufferPointer { output in
            pixels.withUnsafeBufferPointer { input in
                for i in input.indices where input[i] > 0 {
                    output[i] = UInt8((min(input[i], 1) * 255).rounded())
                }
            }
        }
        return bytes
    }

    /// Writes the PNG to `path` through a temporary file in the same directory and a rename, so
    /// an interrupted write never leaves half a picture.
    public func write(to path: String, scale: Int = 1) throws {
        try PictureFile.write(try pngData(scale: scale), to: path)
    }
}
