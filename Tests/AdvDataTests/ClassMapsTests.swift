import XCTest

@testable import AdvData

/// Class maps drawn by hand-checkable pixels: the true class white, the others their palette
/// colour, a black gap between maps.
final class ClassMapsTests: XCTestCase {
    func testPixelsAndText() throws {
        let maps = try ClassMaps(maps: [[3, 3, 1, 3], [0, 2, 2, 2]], trueClasses: [3, 2], resolution: 2)
        let picture = try maps.rgb(columns: 2, scale: 1)
        // Two 2 x 2 maps side by side with one gap column: 5 x 2 pixels.
        XCTAssertEqual(picture.width, 5)
        XCTAssertEqual(picture.height, 2)
        func pixel(_ x: Int, _ y: Int) -> [UInt8] { Array(picture.bytes[(y * 5 + x) * 3..<(y * 5 + x) * 3 + 3]) }
        XCTAssertEqual(pixel(0, 0), [255, 255, 255])
        let one = ClassMaps.palette[1]
        XCTAssertEqual(pixel(0, 1), [one.0, one.1, one.2])
        XCTAssertEqual(pixel(2, 0), [0, 0, 0])
        let zero = ClassMaps.palette[0]
        XCTAssertEqual(pixel(3, 0), [zero.0, zero.1, zero.2])
        XCTAssertEqual(pixel(4, 1), [255, 255, 255])
        XCTAssertEqual(maps.text(columns: 2), "..  0.\n1.  ..\n")
    }

    func testScaleMagnifies() throws {
        let maps = try ClassMaps(maps: [[5]], trueClasses: [1], resolution: 1)
        let picture = try maps.rgb(columns: 1, scale: 3)
        XCTAssertEqual(picture.width, 3)
        XCTAssertEqual(picture.height, 3)
        let five = ClassMaps.palette[5]
        XCTAssertEqual(Array(picture.bytes[24..<27]), [five.0, five.1, five.2])
    }

    func testBadMapsAreErrors() {
        XCTAssertThrowsError(try ClassMaps(maps: [[1, 2]], trueClasses: [1], resolution: 2))
        XCTAssertThrowsError(try ClassMaps(maps: [[1]], trueClasses: [], resolution: 1))
        XCTAssertThrowsError(try ClassMaps(maps: [[12]], trueClasses: [1], resolution: 1))
    }
}
