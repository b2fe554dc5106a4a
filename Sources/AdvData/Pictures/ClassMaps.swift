/// Square maps of classes drawn as pictures: Warde-Farley & Goodfellow's cross-section figures,
/// where each grid point of a 2-D slice through an input is coloured by the class a model gives
/// it and the input's true class is white, so the white region is where the model is right.
public struct ClassMaps: Sendable, Equatable {
    /// Each map's classes, row-major, `resolution` x `resolution`.
    public let maps: [[Int]]
    /// Each map's true class, drawn white.
    public let trueClasses: [Int]
    public let resolution: Int

    /// Checks every map is `resolution` squared classes from 0 to 9 and has a true class.
    public init(maps: [[Int]], trueClasses: [Int], resolution: Int) throws {
        guard maps.count == trueClasses.count else {
            throw DataError.invalidArgument(
                op: "class maps", message: "\(maps.count) maps but \(trueClasses.count) true classes")
        }
        guard resolution > 0, maps.allSatisfy({ $0.count == resolution * resolution }) else {
            throw DataError.invalidArgument(
                op: "class maps", message: "every map must hold \(resolution) x \(resolution) classes")
        }
        guard maps.allSatisfy({ $0.allSatisfy { (0..<10).contains($0) } }) else {
            throw DataError.invalidArgument(op: "class maps", message: "classes must be digits 0-9")
        }
        self.maps = maps
        self.trueClasses = trueClasses
        self.resolution = resolution
    }

    /// One colour per class, far apart in hue and lightness, none near white.
    static let palette: [(UInt8, UInt8, UInt8)] = [
        (31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189),
        (140, 86, 75), (227, 119, 194), (90, 90, 90), (188, 189, 34), (23, 190, 207),
    ]

    /// The maps laid out `columns` to a row with a one-cell black gap, as RGB bytes, each cell
    /// `scale` x `scale` pixels.
    public func rgb(columns: Int, scale: Int) throws -> (bytes: [UInt8], width: Int, height: Int) {
        guard columns > 0, (1...64).contains(scale) else {
            throw DataError.invalidArgument(
                op: "class maps", message: "columns must be positive and scale from 1 to 64")
        }
        let across = min(columns, max(maps.count, 1))
        let down = (maps.count + across - 1) / across
        let cells = resolution + 1
        let (width, height) = ((across * cells - 1) * scale, (max(down, 1) * cells - 1) * scale)
        var bytes = [UInt8](repeating: 0, count: width * height * 3)
        for (m, map) in maps.enumerated() {
            let (left, top) = ((m % across) * cells, (m / across) * cells)
            for row in 0..<resolution {
                for column in 0..<resolution {
                    let c = map[row * resolution + column]
                    let colour = c == trueClasses[m] ? (255, 255, 255) : ClassMaps.palette[c]
                    for dy in 0..<scale {
                        for dx in 0..<scale {
                            let x = (left + column) * scale + dx
                            let y = (top + row) * scale + dy
                            let p = (y * width + x) * 3
                            (bytes[p], bytes[p + 1], bytes[p + 2]) = colour
                        }
                    }
                }
            }
        }
        return (bytes, width, height)
    }

    /// Writes the maps as an RGB PNG, atomically.
    public func write(to path: String, columns: Int, scale: Int) throws {
        let picture = try rgb(columns: columns, scale: scale)
        try PictureFile.write(try PNG.png(rgb: picture.bytes, width: picture.width, height: picture.height), to: path)
    }

    /// The maps as text, `columns` to a row: each grid point is its class's digit, or `.` for the
    /// true class, so a terminal without colour still shows where the model is right.
    public func text(columns: Int) -> String {
        let across = max(1, min(columns, maps.count))
        var lines: [String] = []
        for first in stride(from: 0, to: maps.count, by: across) {
            let group = first..<min(first + across, maps.count)
            for row in 0..<resolution {
                lines.append(
                    group.map { m in
                        String(
                            (0..<resolution).map { column -> Character in
                                let c = maps[m][row * resolution + column]
                                return c == trueClasses[m] ? "." : Character(String(c))
                            })
                    }.joined(separator: "  "))
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }
}
