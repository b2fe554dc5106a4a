import AdvLibrary
import AdvSyntax
import XCTest

@testable import AdvLang

/// Runs `source` in a fresh session (on a large stack, as the CLI does) and returns what it
/// printed and the diagnostics it ended with, if any.
func runProgram(
    _ source: String, name: String = "test.adv", stepLimit: Int? = nil,
    callDepthLimit: Int = 1000, arguments: [String] = []
) -> (output: [String], diagnostics: Diagnostics?) {
    withLargeStack {
        var lines: [String] = []
        let session = Session(
            library: .standard(), arguments: arguments,
            output: {
                lines.append(contentsOf: $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
            })
        session.stepLimit = stepLimit
        session.callDepthLimit = callDepthLimit
        do throws(Diagnostics) {
            try session.run(SourceFile(name: name, text: source))
            return (lines, nil)
        } catch {
            return (lines, error)
        }
    }
}

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
