import AdvSyntax
import XCTest

@testable import AdvLang

final class LexerTests: XCTestCase {
    private func kinds(_ text: String) -> [Token.Kind] {
        Lexer.tokenize(SourceFile(name: "t", text: text)).tokens.map(\.kind)
    }

    func testNumbersStringsNamesAndOperators() {
        XCTAssertEqual(
            kinds("x1 = 3.25e-2 + .5"),
            [
                .identifier("x1"), .punct(.assign), .number(0.0325), .punct(.plus), .number(0.5), .end,
            ])
        XCTAssertEqual(kinds(#""a\n\"b\"" 'c'"#), [.string("a\n\"b\""), .string("c"), .end])
        XCTAssertEqual(
            kinds("a @ b ~ c .. d => e ^ f % g"),
            [
                .identifier("a"), .punct(.at), .identifier("b"), .punct(.tilde), .identifier("c"), .punct(.range),
                .identifier("d"), .punct(.arrow), .identifier("e"), .punct(.caret), .identifier("f"), .punct(.percent),
                .identifier("g"), .end,
            ])
        XCTAssertEqual(kinds("0..10"), [.number(0), .punct(.range), .number(10), .end])
        XCTAssertEqual(kinds("if train on"), [.keyword(.if), .keyword(.train), .identifier("on"), .end])
    }

    func testLineAndColumnAreOneBased() {
        let tokens = Lexer.tokenize(SourceFile(name: "t", text: "a = 1\n  bb + 2")).tokens
        let bb = tokens[4]
        XCTAssertEqual(bb.kind, .identifier("bb"))
        XCTAssertEqual(bb.range.start.line, 2)
        XCTAssertEqual(bb.range.start.column, 3)
        XCTAssertEqual(bb.range.end.column, 5)
    }

    func testALeadingByteOrderMarkIsSkipped() {
        let (tokens, diagnostics) = Lexer.tokenize(SourceFile(name: "t", text: "\u{FEFF}x = 1"))
        XCTAssertEqual(diagnostics.count, 0)
        XCTAssertEqual(tokens.first?.kind, .identifier("x"))
        XCTAssertEqual(tokens.first?.range.start.column, 1)
    }

    func testNewlinesSeparateStatementsExceptInsideBracketsAndAfterOperators() {
        XCTAssertEqual(kinds("a\n\n\nb"), [.identifier("a"), .newline, .identifier("b"), .end])
        XCTAssertEqual(
            kinds("f(1,\n2)"),
            [.identifier("f"), .punct(.leftParen), .number(1), .punct(.comma), .number(2), .punct(.rightParen), .end])
        XCTAssertEqual(kinds("a +\n b"), [.identifier("a"), .punct(.plus), .identifier("b"), .end])
        XCTAssertEqual(
            kinds("{\na\n}"), [.punct(.leftBrace), .newline, .identifier("a"), .newline, .punct(.rightBrace), .end])
        XCTAssertEqual(
            kinds("a # comment\nb; c"),
            [.identifier("a"), .newline, .identifier("b"), .newline, .identifier("c"), .end])
    }

    func testLexicalErrorsHavePositions() {
        let (_, diagnostics) = Lexer.tokenize(SourceFile(name: "t", text: "x = 1\ny = \"abc\nz = 'a\\qb'"))
        XCTAssertEqual(
            diagnostics.map(\.headline),
            [
                "2:5: error: unterminated string",
                "3:7: error: unknown escape '\\q' in string",
            ])
    }
}
