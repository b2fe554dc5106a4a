import XCTest

@testable import AdvLang

/// Shape arguments: negative extents are errors (except reshape's -1), each extent and the
/// product are bounded, a list from shape() is a shape, and list literals too large for Float32
/// to hold exactly are refused rather than rounded.
final class ShapeArgumentTests: XCTestCase {
    func testBadShapesAreErrors() {
        let float32 =
            "holds a number of 16777216 (2^24) or more, which a list literal stores as Float32 and may round; give one number, or a list made by shape()"
        assertErrorHeadlines([
            ("zeros(-1)", "1:1: error: zeros: argument 1 (shape) has a negative extent: [-1]"),
            ("zeros([2, -1])", "1:1: error: zeros: argument 1 (shape) has a negative extent: [2, -1]"),
            ("randn([-1])", "1:1: error: randn: argument 1 (shape) has a negative extent: [-1]"),
            ("zeros([0, 1e14])", "1:1: error: zeros: argument 1 (shape) \(float32)"),
            ("randn([1e11])", "1:1: error: randn: argument 1 (shape) \(float32)"),
            ("zeros([16777217])", "1:1: error: zeros: argument 1 (shape) \(float32)"),
            (
                "randn(1e11)",
                "1:1: error: randn: argument 1 (shape): extent 100000000000 is too large (more than 268435456 elements)"
            ),
            (
                "zeros([\"a\"])",
                "1:1: error: zeros: argument 1 (shape) must be a shape like [2, 3], got a list holding string"
            ),
        ])
    }

    func testGoodShapes() {
        let (output, diagnostics) = runProgram(
            """
            print shape(zeros(16777217))
            print shape(zeros(shape(zeros([2, 3]))))
            print shape(reshape(zeros([2, 3]), [-1]))
            print shape(zeros([0, 5]))
            """)
        XCTAssertNil(diagnostics, diagnostics?.description ?? "")
        XCTAssertEqual(output, ["[16777217]", "[2, 3]", "[6]", "[0, 5]"])
    }

    func testOtherAcceptedNonsenseIsRefused() {
        let set = "e = examples(rand([3, 4], seed: 1), [3, 3, 4])\n"
        assertErrorHeadlines([
            ("autoencoder(3, l2: -1)", "1:1: error: autoencoder: l2 must be a non-negative number, got -1"),
            ("autoencoder(3, l2: 0/0)", "1:1: error: autoencoder: l2 must be a non-negative number, got nan"),
            (set + "a = amplify(e, e, 0/0)", "2:5: error: amplify: argument 3 (sd) must be a finite number, got nan"),
            (set + "a = amplify(e, e, -1)", "2:5: error: amplify: argument 3 (sd) must be at least 0, got -1"),
            (
                set + "b = binary(e, 3, 11)",
                "2:5: error: binary: set \"examples\" has no examples labelled 11 (the negative class)"
            ),
        ])
    }
}
