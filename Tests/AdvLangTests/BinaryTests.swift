import AdvLang
import AdvSyntax
import Foundation
import XCTest

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Runs the `adv` built by `swift build` (which `swift test` builds too) and checks whole
/// outputs and exit codes.
final class BinaryTests: XCTestCase {
    private var binary: URL { repositoryRoot.appendingPathComponent(".build/debug/adv") }

    private func adv(
        _ arguments: [String], stdin: String = "", environment: [String: String] = [:],
        in directory: URL? = nil
    ) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        // A plain run (no ADV_VERBOSE from the caller's shell) and no colour, unless a test says so.
        process.environment = ProcessInfo.processInfo.environment.merging(["ADV_VERBOSE": "", "NO_COLOR": "1"]) {
            $1
        }.merging(environment) { $1 }
        if let directory { process.currentDirectoryURL = directory }
        let input = Pipe()
        let output = Pipe()
        let error = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("adv-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    override func setUpWithError() throws {
        struct MissingBinary: Error {}
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            XCTFail("\(binary.path) is missing: swift build (or swift test) builds it")
            throw MissingBinary()
        }
    }

    func testExitCodes() throws {
        XCTAssertEqual(try adv(["--version"]).out, "adv 0.1.0\n")
        let ok = try adv(["-e", "print 1 + 1"])
        XCTAssertEqual(ok.status, 0)
        XCTAssertEqual(ok.out, "2\n")
        let failed = try adv(["-e", "expect 1 ~ 2 within 0.5\nprint \"after\""])
        XCTAssertEqual(failed.status, 1)
        XCTAssertEqual(failed.out, "expect line 1: 1 ~ 2 within 0.5: FAILED\nafter\n1 of 1 expectation failed\n")
        XCTAssertEqual(try adv(["bogus"]).status, 64)
        XCTAssertEqual(try adv(["run"]).status, 64)
        XCTAssertEqual(try adv(["run", "/no/such/script.adv"]).status, 64)
        let syntax = try adv(["-e", "x = (1"])
        XCTAssertEqual(syntax.status, 65)
        XCTAssertEqual(
            syntax.err,
            "-e:1:7: error: expected ')' to close the parenthesis, found end of input\n1 | x = (1\n  |       ^\n"
                + "-e:1:5: note: the '(' opened here is not closed\n1 | x = (1\n  |     ^\n")
        let runtime = try adv(["-e", "print 1\n[1] @ [1, 2]"])
        XCTAssertEqual(runtime.status, 70)
        XCTAssertEqual(runtime.out, "1\n")
        XCTAssertTrue(runtime.err.hasPrefix("-e:2:1: error: matmul: [1] x [2]"), runtime.err)
    }

    func testControlCStopsAScriptWithADiagnostic() throws {
        let process = Process()
        process.executableURL = binary
        process.arguments = ["-e", "print \"started\"\ni = 0\nwhile true { i = i + 1 }"]
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        // Wait until the loop runs (its first line printed), then press Ctrl-C.
        let first = output.fileHandleForReading.availableData
        XCTAssertEqual(String(decoding: first, as: UTF8.self), "started\n")
        process.interrupt()
        let err = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 70)
        XCTAssertTrue(err.hasPrefix("-e:") && err.contains(": error: interrupted\n"), err)
    }

    /// Ctrl-C during a script's `train` is reported at the train statement, not the next one,
    /// with what the model kept; the run ends as an interrupted run does (exit 70).
    func testControlCDuringTrainIsReportedAtTheTrain() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = dir.appendingPathComponent("long.adv")
        try """
        s = examples(rand([1000, 64], seed: 1), argmax(rand([1000, 4], seed: 2), axis: 1))
        m = softmax_regression(inputs: 64, classes: 4, seed: 1)
        halves = split(s, seed: 3)
        train m on halves[0] epochs 100000 batch 10 validate halves[1] verbose
        print "after"

        """.write(to: script, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = binary
        process.arguments = ["run", script.path]
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        // Wait until training runs (verbose: an epoch's line on stdout), then press Ctrl-C.
        var out = ""
        while !out.contains("epoch 1/100000") {
            let data = output.fileHandleForReading.availableData
            guard !data.isEmpty else { break }
            out += String(decoding: data, as: UTF8.self)
        }
        process.interrupt()
        out += String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let err = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 70, err)
        XCTAssertFalse(out.contains("after"), out)
        let lines = err.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 3, err)
        let headline = try XCTUnwrap(lines.first)
        XCTAssertTrue(headline.hasPrefix("\(script.path):4:1: error: train: interrupted in epoch "), err)
        XCTAssertTrue(
            headline.hasSuffix(", kept")
                && (headline.contains("; best weights, from epoch ")
                    || headline.contains("; the weights at the interruption, best on validation,")),
            err)
        XCTAssertEqual(
            lines.dropFirst().first, "4 | train m on halves[0] epochs 100000 batch 10 validate halves[1] verbose")
    }

    func testRunWithArgumentsCheckAndStdin() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "print args, len(args)\n".write(
            to: dir.appendingPathComponent("show.adv"), atomically: true, encoding: .utf8)
        let run = try adv(["run", dir.appendingPathComponent("show.adv").path, "table4", "full"])
        XCTAssertEqual(run.status, 0)
        XCTAssertEqual(run.out, "[\"table4\", \"full\"] 2\n")
        try "print undefined_thing\n".write(
            to: dir.appendingPathComponent("bad.adv"), atomically: true, encoding: .utf8)
        let check = try adv(["check", dir.appendingPathComponent("bad.adv").path])
        XCTAssertEqual(check.status, 65)
        XCTAssertEqual(check.out, "")
        XCTAssertEqual(try adv(["check", dir.appendingPathComponent("show.adv").path]).status, 0)
        let piped = try adv([], stdin: "x = 2\nprint x * 21\n")
        XCTAssertEqual(piped.status, 0)
        XCTAssertEqual(piped.out, "42\n")
    }

    /// `adv run --seeds 1-2 --record FILE` runs the script once per seed, prints the figures over
    /// the seeds and writes the record, which `adv report` turns into a table; an expectation
    /// that fails in some seed still leaves a record and exits 1.
    func testSeedsAndRecord() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = dir.appendingPathComponent("draw.adv")
        try """
        figure("a draw", rand([1], seed: 3)[0], paper: 0.5, n: 100)
        expect run_seed < 2
        """.write(to: script, atomically: true, encoding: .utf8)
        let run = try adv(["run", "--seeds", "1-2", "--record", "draw.json", script.path], in: dir)
        XCTAssertEqual(run.status, 1, run.err)
        XCTAssertTrue(run.out.contains("== run_seed 2 ==\nexpect line 2: run_seed < 2: FAILED"), run.out)
        XCTAssertTrue(run.out.contains("draw (quick): the paper's figures and ours, mean ± sd over 2 seeds"), run.out)
        let data = try Data(contentsOf: dir.appendingPathComponent("draw.json"))
        let record = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(record["seeds"] as? [Int], [1, 2])
        XCTAssertEqual(record["failed_expectations"] as? Int, 1)
        let expectations = try XCTUnwrap(record["expectations"] as? [[String: Any]])
        XCTAssertEqual(expectations.map { $0["line"] as? Int }, [2])
        XCTAssertEqual(
            expectations.first?["outcomes"] as? [String],
            ["expect line 2: run_seed < 2: ok", "expect line 2: run_seed < 2: FAILED"])
        let figures = try XCTUnwrap(record["figures"] as? [[String: Any]])
        XCTAssertEqual(figures.map { $0["label"] as? String }, ["a draw"])
        let runs = try XCTUnwrap(figures[0]["runs"] as? [Double])
        XCTAssertEqual(runs.count, 2)
        XCTAssertNotEqual(runs[0], runs[1])
        XCTAssertEqual(try XCTUnwrap(figures[0]["se"] as? Double), 0.05, accuracy: 1e-12)

        let report = try adv(["report", "draw.json"], in: dir)
        XCTAssertEqual(report.status, 0, report.err)
        XCTAssertTrue(report.out.contains("#### draw\n"), report.out)
        XCTAssertTrue(report.out.contains("| a draw | 50.00% ± 5.00% | - | "), report.out)

        // The record's seed 1 run lies within its own spread; a script whose figure moved does not.
        let against = try adv(["run", "--against", "draw.json", script.path], in: dir)
        XCTAssertEqual(against.status, 0, against.out + against.err)
        XCTAssertTrue(against.out.contains("drift: a draw: "), against.out)
        let moved = dir.appendingPathComponent("moved.adv")
        try "figure(\"a draw\", 7, paper: 0.5, n: 100)".write(to: moved, atomically: true, encoding: .utf8)
        let drifted = try adv(["run", "--against", "draw.json", moved.path], in: dir)
        XCTAssertEqual(drifted.status, 1, drifted.out + drifted.err)
        XCTAssertTrue(drifted.out.contains("drift: a draw: 700.00% ~ "), drifted.out)
        XCTAssertEqual(try adv(["run", "--against", "draw.json", script.path, "full"], in: dir).status, 64)
        XCTAssertEqual(try adv(["run", "--against", "missing.json", script.path], in: dir).status, 64)

        XCTAssertEqual(try adv(["run", "--seeds", "0", script.path]).status, 64)
        XCTAssertEqual(try adv(["run", "--seeds", "1,x", script.path]).status, 64)
        XCTAssertEqual(try adv(["run", "--record"]).status, 64)
        XCTAssertEqual(try adv(["run", "--bogus", "1", script.path]).status, 64)
        let missing = try adv(["report", "/no/such/record.json"])
        XCTAssertEqual(missing.status, 70)
        XCTAssertTrue(missing.err.hasPrefix("adv: report: cannot read the record '/no/such/record.json'"), missing.err)
    }

    /// A recorded run stopped after its first seed keeps that seed beside the record
    /// (FILE.progress); the same command, from a commit that runs the same code, goes on from the
    /// second seed and writes the record of both, then drops the progress file. A commit that
    /// changes the code starts the run again.
    func testARecordedRunResumesFromTheNextSeed() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        func git(_ arguments: [String]) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments =
                ["git", "-C", dir.path, "-c", "user.name=adv", "-c", "user.email=adv@localhost"] + arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 0, "git \(arguments)")
        }
        // Seed 2 needs a model that is not there the first time.
        let scripts = dir.appendingPathComponent("Scripts")
        try FileManager.default.createDirectory(at: scripts, withIntermediateDirectories: true)
        let source = """
            figure("a draw", rand([1], seed: 3)[0], paper: 0.5, n: 100)
            if run_seed == 2 { m = load_model("needed.model") }
            """
        try source.write(to: scripts.appendingPathComponent("draw.adv"), atomically: true, encoding: .utf8)
        try git(["init", "-q"])
        try git(["add", "Scripts/draw.adv"])
        try git(["commit", "-q", "-m", "draw"])
        let model = dir.appendingPathComponent("out/needed.model")
        func run(_ record: String) throws -> (status: Int32, out: String, err: String) {
            try adv(["run", "--out", "out", "--seeds", "1-2", "--record", record, "Scripts/draw.adv"], in: dir)
        }
        let stopped = try run("draw.json")
        XCTAssertNotEqual(stopped.status, 0, stopped.out)
        XCTAssertTrue(stopped.err.contains("run_seed 2 stopped; no record written"), stopped.err)
        let progress = dir.appendingPathComponent("draw.json.progress")
        XCTAssertTrue(FileManager.default.fileExists(atPath: progress.path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("draw.json").path))

        // A commit that changes no code (a note) does not stop the resume.
        try "notes".write(to: dir.appendingPathComponent("notes.md"), atomically: true, encoding: .utf8)
        try git(["add", "notes.md"])
        try git(["commit", "-q", "-m", "notes"])
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("out"), withIntermediateDirectories: true)
        let save = try adv(["-e", "save_model(softmax_regression(seed: 1), \"out/needed.model\")"], in: dir)
        XCTAssertEqual(save.status, 0, save.err)
        let resumed = try run("draw.json")
        XCTAssertEqual(resumed.status, 0, resumed.out + resumed.err)
        XCTAssertTrue(
            resumed.out.hasPrefix("resuming from draw.json.progress: run_seed 1 already done\n== run_seed 2 =="),
            resumed.out)
        XCTAssertFalse(FileManager.default.fileExists(atPath: progress.path))
        let data = try Data(contentsOf: dir.appendingPathComponent("draw.json"))
        let record = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(record["seeds"] as? [Int], [1, 2])
        let figures = try XCTUnwrap(record["figures"] as? [[String: Any]])
        let runs = try XCTUnwrap(figures.first?["runs"] as? [Double])
        // Seed 1's draw, kept from the first run, is what a fresh run of seed 1 gives.
        let fresh = try adv(["run", "--seeds", "1", "Scripts/draw.adv"], in: dir)
        XCTAssertEqual(runs.count, 2)
        XCTAssertTrue(fresh.out.contains(String(format: "%.2f%%", runs[0] * 100)), fresh.out)

        // A commit that changes the code does: the run starts again from its first seed.
        try FileManager.default.removeItem(at: model)
        XCTAssertNotEqual(try run("again.json").status, 0)
        try (source + "\n# changed").write(
            to: scripts.appendingPathComponent("draw.adv"), atomically: true, encoding: .utf8)
        try git(["commit", "-q", "-am", "changed"])
        XCTAssertEqual(
            try adv(["-e", "save_model(softmax_regression(seed: 1), \"out/needed.model\")"], in: dir).status, 0)
        let restarted = try run("again.json")
        XCTAssertEqual(restarted.status, 0, restarted.out + restarted.err)
        XCTAssertTrue(restarted.out.hasPrefix("== run_seed 1 =="), restarted.out)
    }

    /// `adv run` puts the files a script writes by relative paths in one folder, made on demand:
    /// adv-out under the working directory, or --out DIR; absolute paths stay as written, and a
    /// model saved there is read back from there.
    func testRunWritesRelativePathsIntoTheOutputFolder() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = dir.appendingPathComponent("draw.adv")
        let absolute = dir.appendingPathComponent("absolute.png").path
        try """
        save_png(zeros([2, 784]), "picture.png")
        save_png(zeros([784]), "\(absolute)")
        m = softmax_regression(seed: 1)
        save_model(m, "net")
        print load_model("net").name
        """.write(to: script, atomically: true, encoding: .utf8)
        let plain = try adv(["run", script.path], in: dir)
        XCTAssertEqual(plain.status, 0, plain.err)
        let manager = FileManager.default
        XCTAssertTrue(manager.fileExists(atPath: dir.appendingPathComponent("adv-out/picture.png").path))
        XCTAssertTrue(manager.fileExists(atPath: dir.appendingPathComponent("adv-out/net/header.json").path))
        XCTAssertTrue(manager.fileExists(atPath: absolute))
        XCTAssertFalse(manager.fileExists(atPath: dir.appendingPathComponent("picture.png").path))

        let chosen = try adv(["run", "--out", "figures/today", script.path], in: dir)
        XCTAssertEqual(chosen.status, 0, chosen.err)
        XCTAssertTrue(manager.fileExists(atPath: dir.appendingPathComponent("figures/today/picture.png").path))
        XCTAssertEqual(try adv(["run", "--out"]).status, 64)
        let onAFile = try adv(["run", "--out", script.path, script.path], in: dir)
        XCTAssertEqual(onAFile.status, 70)
        XCTAssertTrue(
            onAFile.err.contains("error: save_png: the output folder '\(script.path)' is a file, not a folder"),
            onAFile.err)
    }

    func testHugeFlatExpressionsAreSyntaxErrorsInCheckAndRun() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("chain.adv")
        // One operand a line (a trailing `+` continues the line), so the quoted line is short.
        try Data(("x = 1 +\n" + String(repeating: "1 +\n", count: 200_000) + "1\n").utf8).write(to: script)
        for command in ["check", "run"] {
            let result = try adv([command, script.path])
            XCTAssertEqual(result.status, 65, command)
            XCTAssertTrue(
                result.err.hasPrefix(
                    "\(script.path):1000:3: error: expression nested too deeply (more than 1000 levels)"), command)
        }
    }

    func testDeeplyNestedValuesDoNotCrashAtExit() throws {
        let program = "l = []\nfor i in range(300000) { l = [l] }\nprint len(l)\nprint l[0][0]"
        let result = try adv(["-e", program])
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertEqual(
            result.out, "1\n" + String(repeating: "[", count: 100) + "[...]" + String(repeating: "]", count: 100) + "\n"
        )
        let repl = try adv(
            ["repl"], stdin: "fn deep() {\n  l = []\n  for i in range(300000) { l = [l] }\n  l\n}\nlen(deep())\n")
        XCTAssertEqual(repl.status, 0, repl.err)
        XCTAssertEqual(repl.out, "1\n")
    }

    /// Recursion 10,000 calls deep runs, in a script and in the REPL (the limit's message past it,
    /// not the stack's), even in this debug build's large frames.
    func testRecursionTenThousandDeep() throws {
        let down = "fn down(n) {\n  if n == 0 { return 0 }\n  return 1 + down(n - 1)\n}\n"
        let run = try adv(["-e", down + "print down(9990)"])
        XCTAssertEqual(run.status, 0, run.err)
        XCTAssertEqual(run.out, "9990\n")
        let runaway = try adv(["-e", down + "print down(20000)"])
        XCTAssertNotEqual(runaway.status, 0)
        XCTAssertTrue(runaway.err.contains("call depth exceeded 10000 (runaway recursion in down?)"), runaway.err)
        let repl = try adv(["repl"], stdin: down + "down(9990)\n")
        XCTAssertEqual(repl.status, 0, repl.err)
        XCTAssertEqual(repl.out, "9990\n")
    }

    func testRunSaysWhatIsWrongWithItsFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try adv(["run", directory.path])
        XCTAssertEqual(result.status, 64)
        XCTAssertTrue(result.err.hasPrefix("adv: '\(directory.path)' is a directory, not a script\n"), result.err)
        let empty = try adv(["run", "/dev/null"])
        XCTAssertEqual(empty.status, 0, empty.err)
        XCTAssertEqual(empty.out, "")
    }

    func testREPLThroughThePlainLineReader() throws {
        let session = try adv(
            ["repl"], stdin: "x = [1,\n 2]\nx * 2\nprint nope\ny = x @ 3\nfn f(v) {\n  v + 1\n}\nf(1)\n:vars\n")
        XCTAssertEqual(session.status, 0)
        XCTAssertEqual(session.out, "tensor [2]\n[2, 4]\n2\nf = <fn f(v)>\nx = tensor [2] [1, 2]\n")
        XCTAssertEqual(
            session.err.split(separator: "\n").filter { $0.contains("error:") },
            [
                "<repl>:1:7: error: unknown name 'nope'",
                "<repl>:1:5: error: matmul: [2] x []: operands must have rank 1 or 2",
            ])
    }

    func testScriptLookup() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scripts = dir.appendingPathComponent("Scripts")
        try FileManager.default.createDirectory(at: scripts, withIntermediateDirectories: true)
        try "print \"table 4\", args\n".write(
            to: scripts.appendingPathComponent("table4.adv"), atomically: true, encoding: .utf8)
        let caseless = try adv(["run", "scripts/TABLE4.adv"], in: dir)
        XCTAssertEqual(caseless.out, "table 4 []\n", caseless.err)
        let bare = try adv(["run", "table4", "full"], environment: ["ADV_SCRIPTS": scripts.path])
        XCTAssertEqual(bare.out, "table 4 [\"full\"]\n", bare.err)
    }

    /// A passing run ends with one summary line; --verbose and ADV_VERBOSE=1 print every check
    /// (CI); exit codes are as before.
    func testExpectationsAreSummarisedUnlessVerbose() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = dir.appendingPathComponent("checks.adv")
        try "expect 1 ~ 1 within 0.1\nexpect 2 > 1\n".write(to: script, atomically: true, encoding: .utf8)
        let quiet = try adv(["run", "--out", dir.path, script.path])
        XCTAssertEqual(quiet.status, 0, quiet.err)
        XCTAssertEqual(quiet.out, "2 expectations hold\n")
        let verbose = "expect line 1: 1 ~ 1 within 0.1: ok\nexpect line 2: 2 > 1: ok\n"
        XCTAssertEqual(try adv(["run", "--verbose", "--out", dir.path, script.path]).out, verbose)
        XCTAssertEqual(
            try adv(["run", "--out", dir.path, script.path], environment: ["ADV_VERBOSE": "1"]).out, verbose)
    }

    /// `adv run --list`: every bundled script's claim line and its times from results/; `adv run
    /// NAME --help`: the header.
    func testListAndHelp() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let scripts = root.appendingPathComponent("Scripts")
        let results = root.appendingPathComponent("results")
        try FileManager.default.createDirectory(at: scripts, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: results, withIntermediateDirectories: true)
        try "# Someone 2020, Table 9: a claim.\n#\n# More words.\nprint 1\n".write(
            to: scripts.appendingPathComponent("nine.adv"), atomically: true, encoding: .utf8)
        try "# Other 2021, section 2: another claim.\nprint 2\n".write(
            to: scripts.appendingPathComponent("two.adv"), atomically: true, encoding: .utf8)
        let record = RunRecord(
            scriptPath: "nine.adv", arguments: [], seeds: [1, 2], revision: nil, version: "0.1.0",
            mnistChecksum: "x", started: Date(timeIntervalSince1970: 0), secondsPerSeed: [30, 50],
            expectations: [], figures: [])
        try record.json().write(to: results.appendingPathComponent("nine-quick.json"))
        let list = try adv(["run", "--list"], environment: ["ADV_SCRIPTS": scripts.path])
        XCTAssertEqual(list.status, 0, list.err)
        let lines = list.out.split(separator: "\n").map(String.init)
        XCTAssertEqual(
            Array(lines.prefix(2)),
            [
                "nine  quick 40 s          full not recorded  Someone 2020, Table 9: a claim.",
                "two   quick not recorded  full not recorded  Other 2021, section 2: another claim.",
            ])
        let help = try adv(["run", "nine", "--help"], environment: ["ADV_SCRIPTS": scripts.path])
        XCTAssertEqual(help.out, "Someone 2020, Table 9: a claim.\n\nMore words.\n")
    }

    /// `adv run --html`: the page parses as XML and holds every table (with its marks) and every
    /// picture the run showed or wrote, and the run's particulars.
    func testHTMLPageHoldsEveryTableAndPicture() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = dir.appendingPathComponent("page.adv")
        try """
        figure("far", 0.30, paper: 0.262, n: 10000)
        table("first (paper | ours)", ["a", "b"], [["x", pct(0.262) + " | " + pct(0.30)]])
        table("second", ["c"], [[1], [2]])
        save_png(rand([2, 784], seed: 1), "two.png")
        show(rand([1, 784], seed: 2))
        expect 1 < 2
        """.write(to: script, atomically: true, encoding: .utf8)
        let page = dir.appendingPathComponent("page.html")
        let out = dir.appendingPathComponent("out")
        let run = try adv(["run", "--out", out.path, "--html", page.path, script.path])
        XCTAssertEqual(run.status, 0, run.err)
        XCTAssertTrue(run.out.hasSuffix("1 expectation holds\npage: \(page.path)\n"), run.out)
        XCTAssertTrue(run.out.contains("26.2% | 30.0% ✗"), run.out)
        let document = try XMLDocument(contentsOf: page, options: [])
        let tables = try document.nodes(forXPath: "//*[local-name()='table']")
        XCTAssertEqual(tables.count, 3, "two tables and the run's particulars")
        let captions = try document.nodes(forXPath: "//*[local-name()='caption']").map { $0.stringValue ?? "" }
        XCTAssertEqual(captions, ["first (paper | ours)", "second"])
        let cells = try document.nodes(forXPath: "//*[local-name()='td']").map { $0.stringValue ?? "" }
        XCTAssertTrue(cells.contains("26.2% | 30.0% ✗"), "\(cells)")
        XCTAssertTrue(cells.contains("1 expectation holds"), "\(cells)")
        let images = try document.nodes(forXPath: "//*[local-name()='img']/@src").map { $0.stringValue ?? "" }
        XCTAssertEqual(images.count, 2, "the saved PNG once (shown and written) and the shown picture")
        for source in images {
            XCTAssertTrue(source.hasPrefix("data:image/png;base64,"), String(source.prefix(40)))
            let bytes = try XCTUnwrap(Data(base64Encoded: String(source.dropFirst("data:image/png;base64,".count))))
            XCTAssertEqual(Array(bytes.prefix(4)), [0x89, 0x50, 0x4E, 0x47])
        }
        let figureCaptions = try document.nodes(forXPath: "//*[local-name()='figcaption']").map { $0.stringValue ?? "" }
        XCTAssertTrue(figureCaptions.first?.hasPrefix("two.png") ?? false, "\(figureCaptions)")
    }
}
