import AdvSyntax
import Foundation
import XCTest

/// Grammar/adv.ebnf and the parser agree: every rule has exactly one parse function carrying
/// `// rule: NAME = ...` with the same text, and every such comment names a rule of the grammar.
final class GrammarTests: XCTestCase {
    /// `name -> body` with whitespace collapsed and `(* comments *)` removed.
    private func rules(in text: String) -> [String: String] {
        var text = text
        while let open = text.range(of: "(*"), let close = text.range(of: "*)", range: open.upperBound..<text.endIndex)
        {
            text.removeSubrange(open.lowerBound..<close.upperBound)
        }
        var result: [String: String] = [:]
        // Rules end with ";" at the end of a line.
        var current = ""
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            current += " " + trimmed
            if trimmed.hasSuffix(";") {
                let parts = current.split(separator: "=", maxSplits: 1)
                if parts.count == 2 {
                    let name = parts[0].trimmingCharacters(in: .whitespaces)
                    result[name] = normalize(String(parts[1]))
                }
                current = ""
            }
        }
        return result
    }

    private func normalize(_ s: String) -> String {
        s.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
    }

    func testEveryRuleHasItsParseFunctionAndViceVersa() throws {
        let grammar = try String(contentsOf: repositoryRoot.appendingPathComponent("Grammar/adv.ebnf"), encoding: .utf8)
        let expected = rules(in: grammar)
        XCTAssertGreaterThan(expected.count, 30)

        let syntax = repositoryRoot.appendingPathComponent("Sources/AdvSyntax/Syntax")
        var found: [String: String] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: syntax.path) where file.hasPrefix("Parser") {
            let text = try String(contentsOf: syntax.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") {
                guard let r = line.range(of: "// rule: ") else { continue }
                let rule = String(line[r.upperBound...])
                let parts = rule.split(separator: "=", maxSplits: 1)
                XCTAssertEqual(parts.count, 2, "malformed rule comment in \(file): \(rule)")
                guard parts.count == 2 else { continue }
                let name = parts[0].trimmingCharacters(in: .whitespaces)
                XCTAssertNil(found[name], "rule \(name) has two parse functions")
                found[name] = normalize(String(parts[1]))
            }
        }
        XCTAssertEqual(Set(found.keys).subtracting(expected.keys), [], "parse functions for rules the grammar lacks")
        XCTAssertEqual(Set(expected.keys).subtracting(found.keys), [], "grammar rules without a parse function")
        for (name, body) in expected {
            if let comment = found[name] {
                XCTAssertEqual(comment, body, "rule \(name): the comment differs from Grammar/adv.ebnf")
            }
        }
    }
}
