/// A grid of characters, `width x height`, blank at first: the plot area of a text chart. Each
/// cell remembers which series drew it (its owner), so a row can be coloured per series.
struct TextCanvas {
    let width: Int
    let height: Int
    private var cells: [Character]
    private var owners: [Int]

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        cells = Array(repeating: " ", count: width * height)
        owners = Array(repeating: -1, count: width * height)
    }

    /// Sets one cell, drawn by series `owner` (-1 for axes and marks); cells outside the grid
    /// are ignored.
    mutating func set(_ x: Int, _ y: Int, _ symbol: Character, owner: Int = -1) {
        guard x >= 0, x < width, y >= 0, y < height else { return }
        cells[y * width + x] = symbol
        owners[y * width + x] = owner
    }

    /// A straight run of `symbol` from `start` to `end` inclusive (Bresenham's line algorithm:
    /// every cell is within half a cell of the true line).
    mutating func line(from start: (Int, Int), to end: (Int, Int), _ symbol: Character, owner: Int) {
        let dx = abs(end.0 - start.0)
        let dy = -abs(end.1 - start.1)
        let sx = start.0 < end.0 ? 1 : -1
        let sy = start.1 < end.1 ? 1 : -1
        var (x, y) = start
        var error = dx + dy
        while true {
            set(x, y, symbol, owner: owner)
            if x == end.0 && y == end.1 { return }
            let doubled = 2 * error
            if doubled >= dy {
                error += dy
                x += sx
            }
            if doubled <= dx {
                error += dx
                y += sy
            }
        }
    }

    /// Row `y` as text; with colour, each series' cells in its palette colour.
    func row(_ y: Int, colour: TerminalImage.Colour = .none) -> String {
        var text = ""
        for x in 0..<width {
            text += TextCanvas.painted(cells[y * width + x], owner: owners[y * width + x], colour: colour)
        }
        return text
    }

    /// `symbol` in series `owner`'s colour (`Plot.palette`), then the default foreground again;
    /// plain when `colour` is `.none` or the cell has no owner.
    static func painted(_ symbol: Character, owner: Int, colour: TerminalImage.Colour) -> String {
        guard owner >= 0, colour != .none else { return String(symbol) }
        let (red, green, blue) = Plot.paletteRGB[owner % Plot.paletteRGB.count]
        let code: String
        if colour == .trueColour {
            code = "38;2;\(red);\(green);\(blue)"
        } else {
            // The 6 x 6 x 6 colour cube of xterm-256: 16 + 36 r + 6 g + b, each in 0...5.
            let level = { (value: Int) in Int((Double(value) / 255 * 5).rounded()) }
            code = "38;5;\(16 + 36 * level(red) + 6 * level(green) + level(blue))"
        }
        return "\u{1B}[\(code)m\(symbol)\u{1B}[39m"
    }
}

extension Plot {
    /// `palette` as (red, green, blue) bytes.
    static let paletteRGB: [(Int, Int, Int)] = palette.map { hex in
        let value = Int(hex.dropFirst(), radix: 16) ?? 0
        return (value >> 16 & 0xFF, value >> 8 & 0xFF, value & 0xFF)
    }
}
