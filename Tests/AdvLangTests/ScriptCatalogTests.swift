import Foundation
import XCTest

@testable import AdvREPL

/// The bundled scripts' header convention (`ScriptCatalog`): the first line is one comment line
/// "SOURCE, SECTION: CLAIM", which `adv run --list` and `:scripts` show.
final class ScriptCatalogTests: XCTestCase {
    private var scripts: String { repositoryRoot.appendingPathComponent("Scripts").path }

    func testEveryBundledScriptStartsWithItsClaimLine() throws {
        let catalog = ScriptCatalog(folder: scripts)
        XCTAssertGreaterThanOrEqual(catalog.entries.count, 20)
        for entry in catalog.entries {
            XCTAssertTrue(
                ScriptCatalog.followsConvention(entry.claim),
                "Scripts/\(entry.name).adv: the first line must read '# SOURCE, SECTION: CLAIM', got '\(entry.claim)'")
            XCTAssertLessThanOrEqual(entry.claim.count, 110, "Scripts/\(entry.name).adv: the claim line is long")
        }
        let table4 = try XCTUnwrap(catalog.entries.first { $0.name == "table4" })
        XCTAssertTrue(table4.claim.hasPrefix("Szegedy et al. 2014, Table 4: "), table4.claim)
    }

    func testTheConvention() {
        XCTAssertTrue(ScriptCatalog.followsConvention("Szegedy et al. 2014, Table 4: examples transfer."))
        XCTAssertFalse(ScriptCatalog.followsConvention("A maxout network on MNIST."))
        XCTAssertFalse(ScriptCatalog.followsConvention("Szegedy et al. 2014, Table 4:"))
        XCTAssertFalse(ScriptCatalog.followsConvention("Table 4: no source"))
    }

    func testHeaderIsTheLeadingCommentBlock() {
        XCTAssertEqual(ScriptCatalog.header(of: "# a, b: c\n#\n# more\nx = 1\n# not header"), ["a, b: c", "", "more"])
        XCTAssertEqual(ScriptCatalog.header(of: "x = 1"), [])
    }
}
