import XCTest

@testable import AdvData

final class PictureTerminalTests: XCTestCase {
    private let tiny = try? GreyImage(
        width: 4, height: 4,
        pixels: [
            0, 1.0 / 3, 2.0 / 3, 1,
            0, 1.0 / 3, 2.0 / 3, 1,
            1, 1, 0.2, 0,
            1, 0.5, 0.2, 0,
        ])

    func testGoldenASCIIRenderingOfA4x4Image() throws {
        let image = try XCTUnwrap(tiny)
        XCTAssertEqual(try TerminalImage.render(image, columns: 4, colour: .none), " -*@\n@#: \n")
    }

    func testASCIIDownsamplesByAreaAveraging() throws {
        let image = try XCTUnwrap(tiny)
        // Left half mean 0.521 -> ramp 5 "+", right half mean 0.467 -> ramp 4 "=".
        XCTAssertEqual(try TerminalImage.render(image, columns: 2, colour: .none), "+=\n")
    }

    func testTrueColourHalfBlockHasUpperPixelInFrontAndLowerBehind() throws {
        let image = try GreyImage(width: 1, height: 2, pixels: [1, 0])
        XCTAssertEqual(
            try TerminalImage.render(image, columns: 1, colour: .trueColour),
            "\u{1B}[38;2;255;255;255m\u{1B}[48;2;0;0;0m\u{2580}\u{1B}[0m\n")
    }

    func testPalette256UsesTheGreyRamp() throws {
        let image = try GreyImage(width: 1, height: 2, pixels: [0.5, 0])
        XCTAssertEqual(
            try TerminalImage.render(image, columns: 1, colour: .palette256),
            "\u{1B}[38;5;244m\u{1B}[48;5;16m\u{2580}\u{1B}[0m\n")
        XCTAssertEqual(TerminalImage.paletteIndex(grey: 0), 16)
        XCTAssertEqual(TerminalImage.paletteIndex(grey: 8), 232)
        XCTAssertEqual(TerminalImage.paletteIndex(grey: 238), 255)
        XCTAssertEqual(TerminalImage.paletteIndex(grey: 255), 231)
    }

    func testOddHeightLeavesTheLastBackgroundDefault() throws {
        let image = try GreyImage(width: 1, height: 1, pixels: [0])
        XCTAssertEqual(
            try TerminalImage.render(image, columns: 1, colour: .trueColour),
            "\u{1B}[38;2;0;0;0m\u{1B}[49m\u{2580}\u{1B}[0m\n")
    }

    func testADigitAt28ColumnsIs14Lines() throws {
        let digit = try GreyImage(width: 28, height: 28, repeating: 1)
        let lines = try TerminalImage.render(digit, columns: 28, colour: .none).split(separator: "\n")
        XCTAssertEqual(lines.count, 14)
        XCTAssertTrue(lines.allSatisfy { $0 == String(repeating: "@", count: 28) })
        XCTAssertThrowsError(try TerminalImage.render(digit, columns: 0, colour: .none))
        XCTAssertThrowsError(try TerminalImage.render(digit, columns: Int.max, colour: .none))
        let needle = try GreyImage(width: 1, height: 100, repeating: 1)
        XCTAssertThrowsError(try TerminalImage.render(needle, columns: 4096, colour: .none))
    }

    func testResampleWeightsSumToOne() throws {
        let image = try GreyImage(width: 3, height: 1, pixels: [0, 0.6, 0.3])
        let small = try image.resampled(width: 2, height: 1)
        XCTAssertEqual(small.pixels[0], (0 + 0.5 * 0.6) / 1.5, accuracy: 1e-6)
        XCTAssertEqual(small.pixels[1], (0.5 * 0.6 + 0.3) / 1.5, accuracy: 1e-6)
        let big = try image.resampled(width: 6, height: 2)
        XCTAssertEqual(big.pixels, [0, 0, 0.6, 0.6, 0.3, 0.3, 0, 0, 0.6, 0.6, 0.3, 0.3])
    }

    func testColourModeFromTheEnvironment() {
        typealias Colour = TerminalImage.Colour
        XCTAssertEqual(
            Colour.detect(environment: ["COLORTERM": "truecolor", "TERM": "xterm-256color"], isTerminal: true),
            .trueColour)
        XCTAssertEqual(Colour.detect(environment: ["TERM": "screen-256color"], isTerminal: true), .palette256)
        XCTAssertEqual(Colour.detect(environment: ["TERM": "dumb"], isTerminal: true), Colour.none)
        XCTAssertEqual(
            Colour.detect(environment: ["COLORTERM": "24bit", "NO_COLOR": "1"], isTerminal: true), Colour.none)
        XCTAssertEqual(Colour.detect(environment: ["COLORTERM": "truecolor"], isTerminal: false), Colour.none)
    }
}
