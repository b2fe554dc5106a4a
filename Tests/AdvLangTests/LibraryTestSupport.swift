import XCTest

@testable import AdvLang

/// Asserts that each script ends with exactly one diagnostic, `headline` (e.g.
/// "1:1: error: plot: ..."): the library's errors are pinned word for word.
func assertErrorHeadlines(
    _ cases: [(source: String, headline: String)], file: StaticString = #filePath, line: UInt = #line
) {
    for (source, headline) in cases {
        let (_, diagnostics) = runProgram(source)
        XCTAssertEqual(diagnostics?.all.map(\.headline) ?? [], [headline], source, file: file, line: line)
    }
}
