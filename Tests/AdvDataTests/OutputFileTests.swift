import Foundation
import XCTest

@testable import AdvData

/// Every writer goes through `OutputFile`: symlinks are followed, anything that is not a regular
/// file is left alone, a missing folder or an empty name is an error. Special files are made with
/// mkfifo in a temporary folder, never real devices.
final class OutputFileTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("adv-output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: folder)
    }

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    private func assertRefused(_ target: String, _ words: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try OutputFile.write([1, 2, 3], to: target), file: file, line: line) { error in
            XCTAssertTrue("\(error)".contains(words), "\(error)", file: file, line: line)
        }
    }

    func testAFIFOIsLeftAlone() throws {
        XCTAssertEqual(mkfifo(path("f"), 0o600), 0)
        assertRefused(path("f"), "\(path("f")): a FIFO (named pipe) is there; only a regular file is replaced")
        var info = stat()
        XCTAssertEqual(lstat(path("f"), &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFIFO, "still a FIFO")
    }

    func testASymlinkIsFollowedAndKept() throws {
        try Data("old".utf8).write(to: URL(fileURLWithPath: path("target")))
        try FileManager.default.createSymbolicLink(atPath: path("link"), withDestinationPath: "target")
        try OutputFile.write([1, 2, 3], to: path("link"))
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: path("link")), "target")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path("target"))), Data([1, 2, 3]))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(), ["link", "target"])
    }

    func testAFolderAMissingFolderAndAnEmptyNameAreErrors() throws {
        try FileManager.default.createDirectory(atPath: path("d"), withIntermediateDirectories: false)
        assertRefused(path("d"), "\(path("d")): a folder is there; only a regular file is replaced")
        assertRefused(path("no/a.svg"), "\(path("no/a.svg")): the folder \(path("no")) does not exist")
        assertRefused("", "the file name is empty")
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("no")))
    }

    func testARegularFileIsReplacedAtomically() throws {
        try OutputFile.write([1], to: path("a.bin"))
        try OutputFile.write([2, 3], to: path("a.bin"))
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path("a.bin"))), Data([2, 3]))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["a.bin"])
    }

    func testModelFoldersFollowTheSameRules() throws {
        try OutputFile.makeFolder(path("m"))
        try OutputFile.makeFolder(path("m"))
        try Data().write(to: URL(fileURLWithPath: path("file")))
        XCTAssertThrowsError(try OutputFile.makeFolder(path("file"))) { error in
            XCTAssertEqual("\(error)", "\(self.path("file")): a regular file is in the way, not a folder")
        }
        XCTAssertThrowsError(try OutputFile.makeFolder(path("no/m"))) { error in
            XCTAssertEqual("\(error)", "\(self.path("no/m")): the folder \(self.path("no")) does not exist")
        }
    }

    func testReadingSaysWhyInWords() throws {
        XCTAssertEqual(mkfifo(path("f"), 0o600), 0)
        for (name, words) in [
            ("f", "cannot read: it is a special file (FIFO, device or socket), not a regular file"),
            ("", "cannot read: it is a folder, not a regular file"),
            ("missing", "cannot read: no such file or directory"),
        ] {
            XCTAssertThrowsError(try InputFile.read(path(name))) { error in
                XCTAssertTrue("\(error)".hasSuffix(words), "\(error)")
            }
        }
    }
}
