import XCTest

@testable import AdvData

final class MarkupTests: XCTestCase {
    /// Each of the five characters markup treats specially, between plain text: four become
    /// entities, the apostrophe stays (attributes are double-quoted), the rest is untouched.
    func testEscapesAmpersandAnglesAndDoubleQuote() {
        XCTAssertEqual(Markup.escape(#"a&b<c>d"e'f"#), "a&amp;b&lt;c&gt;d&quot;e'f")
        XCTAssertEqual(Markup.escape("&amp;"), "&amp;amp;")
        XCTAssertEqual(Markup.escape("ε ≤ 0.25"), "ε ≤ 0.25")
        XCTAssertEqual(Markup.escape(""), "")
    }
}
