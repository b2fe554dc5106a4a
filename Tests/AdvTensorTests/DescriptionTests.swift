import XCTest

@testable import AdvTensor

final class DescriptionTests: XCTestCase {
    func testMatrix() throws {
        let m = try tensor([2, 3], [1, -2, 3, 0.5, 0, -1])
        XCTAssertEqual(m.description, "tensor [2, 3]\n[[1, -2, 3],\n [0.5, 0, -1]]")
    }

    func testScalarVectorAndEmpty() throws {
        XCTAssertEqual(Tensor(2.5).description, "2.5")
        XCTAssertEqual(Tensor([1, 1_234_567, 0.000123456789]).description, "tensor [3]\n[1, 1.23457e+06, 0.000123457]")
        XCTAssertEqual(Tensor([.nan, .infinity, -.infinity]).description, "tensor [3]\n[nan, inf, -inf]")
        XCTAssertEqual(Tensor.zeros([0, 3]).description, "tensor [0, 3]\n[]")
    }

    func testRank3HasBlankLinesBetweenBlocks() throws {
        let x = try tensor([2, 1, 2], [1, 2, 3, 4])
        XCTAssertEqual(x.description, "tensor [2, 1, 2]\n[[[1, 2]],\n\n [[3, 4]]]")
    }

    func testLargeTensorIsAbbreviated() throws {
        let x = try Tensor.range(2000).reshaped([100, 20])
        let expected = """
            tensor [100, 20]
            [[0, 1, 2, ..., 17, 18, 19],
             [20, 21, 22, ..., 37, 38, 39],
             [40, 41, 42, ..., 57, 58, 59],
             ...,
             [1940, 1941, 1942, ..., 1957, 1958, 1959],
             [1960, 1961, 1962, ..., 1977, 1978, 1979],
             [1980, 1981, 1982, ..., 1997, 1998, 1999]]
            """
        XCTAssertEqual(x.description, expected)
    }
}
