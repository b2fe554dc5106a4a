/// Greyscale images drawn in a terminal, two pixels per character cell vertically.
///
/// With colour, each cell is the upper half block U+2580 (`▀`): its foreground is the upper pixel
/// and its background the lower one, in 24-bit or 256-colour grey ANSI codes. Without colour (a
/// pipe, `NO_COLOR`, a golden test), each cell is one character of the ramp `" .:-=+*#%@"` for
/// the mean of its two pixels: black is a space, white is `@`.
///
/// A terminal cell is about twice as tall as it is wide, so one cell covering 1 x 2 pixels keeps
/// the picture's proportions: a 28 x 28 digit at 28 columns is 28 x 14 cells.
public enum TerminalImage {
    /// How cells are coloured.
    public enum Colour: Sendable {
        /// `ESC[38;2;r;g;bm`: 256 grey levels (most modern terminals).
        case trueColour
        /// `ESC[38;5;nm`: black, the 24-step grey ramp 232-255, white (older terminals, tmux).
        case palette256
        /// Plain ASCII characters, no escape codes.
        case none
    }

    /// The ASCII ramp from black to white.
    public static let ramp: [Character] = [" ", ".", ":", "-", "=", "+", "*", "#", "%", "@"]

    /// `image` drawn `columns` cells wide (area-averaged to that width; the height follows the
    /// aspect ratio), one line per cell row, each line ending in a newline.
    public static func render(_ image: GreyImage, columns: Int, colour: Colour) throws -> String {
        guard (1...4096).contains(columns) else {
            throw DataError.invalidArgument(op: "show", message: "needs a width of 1 to 4096 columns, got \(columns)")
        }
        let pixelRows = max(1, Int((Double(image.height) * Double(columns) / Double(image.width)).rounded()))
        guard pixelRows <= 8192 else {
            throw DataError.invalidArgument(
                op: "show",
                message:
                    "a \(image.width) x \(image.height) image at \(columns) columns would need \(pixelRows / 2) lines")
        }
        let sized = try image.resampled(width: columns, height: pixelRows)
        var text = ""
        sized.pixels.withUnsafeBufferPointer { pixels in
            for top in stride(from: 0, to: pixelRows, by: 2) {
                let hasLower = top + 1 < pixelRows
                for x in 0..<columns {
                    let upper = clamp(pixels[top * columns + x])
                    let lower = hasLower ? clamp(pixels[(top + 1) * columns + x]) : nil
                    switch colour {
                    case .none:
                        let mean = lower.map { (upper + $0) / 2 } ?? upper
                        text.append(ramp[Int((mean * Float(ramp.count - 1)).rounded())])
                    case .trueColour, .palette256:
                        text += code(foreground: true, upper, colour)
                        text += lower.map { code(foreground: false, $0, colour) } ?? "\u{1B}[49m"
                        text += "\u{2580}"
                    }
                }
                if colour != .none { text += "\u{1B}[0m" }
                text += "\n"
            }
        }
        return text
    }

    private static func clamp(_ value: Float) -> Float { value.isNaN ? 0 : min(max(value, 0), 1) }

    /// The escape code setting the foreground or background to grey `value` in [0, 1].
    private static func code(foreground: Bool, _ value: Float, _ colour: Colour) -> String {
        let level = Int((value * 255).rounded())
        let layer = foreground ? 38 : 48
        if colour == .trueColour { return "\u{1B}[\(layer);2;\(level);\(level);\(level)m" }
        return "\u{1B}[\(layer);5;\(paletteIndex(grey: level))m"
    }

    /// The xterm-256 colour nearest to grey `level` (0-255): 16 (black), 232 + k (grey 8 + 10k,
    /// k = 0...23) or 231 (white).
    static func paletteIndex(grey level: Int) -> Int {
        if level < 4 { return 16 }
        if level > 246 { return 231 }
        let step = min(23, max(0, Int((Double(level - 8) / 10).rounded())))
        return 232 + step
    }
}
