/// Writes picture files (PNG, SVG) through `OutputFile`: atomically, following symlinks, and
/// refusing to replace anything that is not a regular file.
enum PictureFile {
    static func write(_ bytes: [UInt8], to path: String) throws {
        try OutputFile.write(bytes, to: path)
    }
}
