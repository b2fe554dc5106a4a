import Foundation
import XCTest

@testable import AdvData

/// `adv fetch mnist` without the network: its clean-up of killed fetches' temporary files and its
/// lock, alone and inside a fetch whose files are all present (so it downloads nothing).
final class MNISTFetchTests: XCTestCase {
    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("adv-fetch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// A directory holding a copy of the real cache's four files (fails when it is missing).
    private func cacheCopy() throws -> URL {
        let copy = try temporaryDirectory()
        for file in MNIST.files {
            do {
                try FileManager.default.copyItem(
                    at: MNIST.defaultDirectory.appendingPathComponent(file.name),
                    to: copy.appendingPathComponent(file.name))
            } catch {
                XCTFail("real MNIST is needed for this test; run Scripts/setup.sh or `adv fetch mnist`.\n\(error)")
                throw error
            }
        }
        return copy
    }

    private func names(in directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    }

    /// The temporaries a killed fetch leaves (`.NAME.UUID.partial` for the four files) go; other
    /// files, another program's partials and anything not a regular file stay.
    func testStalePartialsAreRemoved() throws {
        let directory = try temporaryDirectory()
        let stale = [
            ".t10k-labels-idx1-ubyte.4F0C8B1E-0000-4000-8000-000000000001.partial",
            ".train-images-idx3-ubyte.4F0C8B1E-0000-4000-8000-000000000002.partial",
        ]
        let kept = [
            "t10k-labels-idx1-ubyte", ".picture.png.4F0C8B1E-0000-4000-8000-000000000003.partial", "notes.partial",
        ]
        for name in stale + kept {
            try Data([1, 2, 3]).write(to: directory.appendingPathComponent(name))
        }
        let folder = ".t10k-images-idx3-ubyte.4F0C8B1E-0000-4000-8000-000000000004.partial"
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent(folder), withIntermediateDirectories: false)
        var log: [String] = []
        XCTAssertEqual(MNIST.removeStalePartials(in: directory, log: { log.append($0) }), stale.sorted())
        XCTAssertEqual(try names(in: directory), (kept + [folder]).sorted())
        XCTAssertEqual(log, stale.sorted().map { "mnist: removed \($0), left by an interrupted fetch" })
    }

    /// A fetch into a complete cache downloads nothing, removes a killed fetch's leftovers and
    /// writes the stamp `load` checks.
    func testFetchCleansUpAfterAKilledFetch() throws {
        let directory = try cacheCopy()
        let partial = ".train-images-idx3-ubyte.\(UUID().uuidString).partial"
        try Data(count: 1000).write(to: directory.appendingPathComponent(partial))
        var log: [String] = []
        try MNIST.fetch(into: directory, log: { log.append($0) })
        XCTAssertEqual(
            log,
            [
                "mnist: removed \(partial), left by an interrupted fetch",
                "mnist: all four files present and verified in \(directory.path) (checksum 2646ac647ad5)",
            ])
        XCTAssertEqual(
            try names(in: directory), ([FetchLock.name, MNIST.stampName] + MNIST.files.map(\.name)).sorted())
        XCTAssertEqual(try MNIST.load(directory: directory).checksum, "2646ac647ad5")
    }

    /// One holder at a time: a second acquisition fails while the first holds the lock (each
    /// opens the lock file itself, as another process would), and succeeds once it is released.
    func testFetchLockAdmitsOneHolder() throws {
        let directory = try temporaryDirectory()
        let first = try XCTUnwrap(try FetchLock.acquire(in: directory, wait: false))
        XCTAssertNil(try FetchLock.acquire(in: directory, wait: false))
        first.release()
        let second = try XCTUnwrap(try FetchLock.acquire(in: directory, wait: false))
        XCTAssertNil(try FetchLock.acquire(in: directory, wait: false))
        second.release()
    }

    /// A fetch started while another holds the lock says so, waits, and goes on when it is released.
    func testSecondFetchWaitsForTheFirst() throws {
        let directory = try cacheCopy()
        let held = try XCTUnwrap(try FetchLock.acquire(in: directory, wait: false))
        let log = Lines()
        let waiting = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        let outcome = Lines()
        DispatchQueue.global().async {
            do {
                try MNIST.fetch(
                    into: directory,
                    log: { line in
                        log.append(line)
                        if line.contains("another") { waiting.signal() }
                    })
                outcome.append("done")
            } catch {
                outcome.append("\(error)")
            }
            finished.signal()
        }
        XCTAssertEqual(waiting.wait(timeout: .now() + 60), .success, "the second fetch never said it waits")
        XCTAssertEqual(finished.wait(timeout: .now() + 1), .timedOut, "the second fetch did not wait for the lock")
        held.release()
        XCTAssertEqual(finished.wait(timeout: .now() + 120), .success, "the second fetch did not finish")
        XCTAssertEqual(outcome.all, ["done"])
        XCTAssertEqual(
            log.all.first,
            "mnist: another `adv fetch mnist` is writing \(directory.path); waiting for it to finish")
    }
}

/// Lines appended from another thread.
private final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    func append(_ line: String) {
        lock.lock()
        lines.append(line)
        lock.unlock()
    }

    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return lines
    }
}
