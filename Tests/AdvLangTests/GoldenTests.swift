import Foundation
import XCTest

@testable import AdvLang

/// The golden scripts in Golden/*.adv, each with its expected output beside the code:
/// `# expect: TEXT` is one printed line (in order), `# expect error: LINE:COL: error: MESSAGE` the
/// headline of a diagnostic (in order; the run must end with exactly these). Lines
/// `# expect error| TEXT` after a headline give the rest of its rendering (source line, carets,
/// notes, trace), compared exactly when present.
final class GoldenTests: XCTestCase {
    func testGoldenScripts() throws {
        let folder = try XCTUnwrap(Bundle.module.url(forResource: "Golden", withExtension: nil))
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "adv" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        XCTAssertGreaterThanOrEqual(files.count, 60, "the golden suite shrank")
        for file in files {
            let source = try String(contentsOf: file, encoding: .utf8)
            var expectedOutput: [String] = []
            var expectedErrors: [String] = []
            var renderedTails: [Int: [String]] = [:]
            for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
                if let r = line.range(of: "# expect error| ") {
                    renderedTails[expectedErrors.count - 1, default: []].append(String(line[r.upperBound...]))
                } else if let r = line.range(of: "# expect error: ") {
                    expectedErrors.append(String(line[r.upperBound...]))
                } else if let r = line.range(of: "# expect: ") {
                    expectedOutput.append(String(line[r.upperBound...]))
                } else if line.hasSuffix("# expect:") {
                    expectedOutput.append("")
                }
            }
            let (output, diagnostics) = runProgram(source, name: file.lastPathComponent)
            let name = file.lastPathComponent
            XCTAssertEqual(output, expectedOutput, "\(name): output")
            XCTAssertEqual(
                diagnostics?.all.map(\.headline) ?? [], expectedErrors,
                "\(name): diagnostics\n\(diagnostics?.description ?? "")")
            for (i, tail) in renderedTails {
                let rendered = diagnostics.map { $0.all.indices.contains(i) ? $0.all[i].rendered : "" } ?? ""
                XCTAssertEqual(
                    rendered.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().map(String.init),
                    tail,
                    "\(name): rendering of diagnostic \(i + 1)")
            }
        }
    }
}
