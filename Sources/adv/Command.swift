import AdvData
import AdvLang
import AdvLibrary
import AdvREPL
import AdvSyntax
import Foundation

/// The command line: parses the arguments, runs, and maps outcomes to exit codes in one place.
enum Command {
    enum ExitCode {
        static let ok: Int32 = 0
        static let failedExpectation: Int32 = 1
        static let usage: Int32 = 64
        static let syntax: Int32 = 65
        static let runtime: Int32 = 70
    }

    static let usage = """
        usage: adv                      the REPL on a terminal; a program from stdin otherwise
               adv repl                 the REPL even without a terminal (plain lines, no echo)
               adv kernel [--out DIR]   one session for a notebook front end: JSON requests on
                                        stdin, JSON replies on stdout (Jupyter/adv_kernel); the
                                        files it writes by relative paths go to DIR (adv-out)
               adv run [--out DIR] [--seeds 1,2,3] [--record FILE.json] [--against RECORD.json]
                       [--html PAGE.html] [--verbose] FILE [ARGS...]
                                        run a script (ARGS become the list `args`); FILE may be a
                                        bundled script's name, e.g. adv run table4 full; the files
                                        it writes by relative paths go to DIR (default: adv-out);
                                        --seeds runs it once per seed (the global run_seed) and
                                        summarises its figures; --record writes the run's record;
                                        --against fails when a figure left the record's seed spread;
                                        --html writes one self-contained page of the run (tables,
                                        pictures, seed, checksum, machine, wall time); --verbose
                                        (or ADV_VERBOSE=1) prints every expect, not only failures
                                        and a summary line; "paper | ours" cells are marked ✓/✗
                                        (within 2 se of the paper or not), coloured on a terminal
                                        unless NO_COLOR is set
               adv run --list           the bundled scripts: claim, seconds a seed quick and full
               adv run NAME --help      a bundled script's header
               adv report RECORD.json...
                                        the paper | full | quick tables of run records (Markdown)
               adv report --update|--check FILE.md...
                                        regenerate (or check) FILE's report blocks from results/
               adv -e CODE              run CODE
               adv check FILE           parse and resolve FILE without running it
               adv fetch mnist          download MNIST into the cache (once, checksummed)
               adv --help | --version
        exit codes: 0 ok, 1 an expect failed, 64 usage, 65 syntax error, 70 runtime error
        """

    static func main(_ arguments: [String]) -> Int32 {
        guard let first = arguments.first else {
            if isatty(0) != 0 { return repl() }
            let text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            return run(SourceFile(name: "<stdin>", text: text), arguments: [])
        }
        switch first {
        case "--help", "-h", "help":
            print(usage)
            return ExitCode.ok
        case "--version":
            print("adv \(Version.current)")
            return ExitCode.ok
        case "repl":
            return repl()
        case "kernel":
            var arguments = arguments
            var options = RunOptions()
            do {
                try options.read(&arguments)
            } catch {
                return usageError(error.message)
            }
            guard arguments.count == 1, options.seeds == nil, options.recordPath == nil, options.againstPath == nil
            else {
                return usageError("kernel takes only --out DIR")
            }
            return kernel(outputFolder: options.outputFolder)
        case "-e":
            guard arguments.count >= 2 else { return usageError("-e needs CODE") }
            return run(SourceFile(name: "-e", text: arguments[1]), arguments: Array(arguments.dropFirst(2)))
        case "run" where arguments.count == 2 && arguments[1] == "--list":
            guard let catalog = ScriptCatalog() else {
                return usageError("no bundled Scripts/ folder found (set ADV_SCRIPTS)")
            }
            print(catalog.listing)
            return ExitCode.ok
        case "run", "check":
            var arguments = arguments
            var options = RunOptions()
            if first == "run" {
                do {
                    try options.read(&arguments)
                } catch {
                    return usageError(error.message)
                }
            }
            guard arguments.count >= 2 else { return usageError("\(first) needs a FILE") }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: arguments[1], isDirectory: &isDirectory), isDirectory.boolValue {
                return usageError("'\(arguments[1])' is a directory, not a script")
            }
            guard let path = ScriptLocator().locate(arguments[1]) else {
                return usageError(
                    "no script '\(arguments[1])' (looked for the path, ignoring case, and in the bundled Scripts/)")
            }
            let data: Data
            do {
                // Through a file handle, which reads devices and pipes (/dev/stdin) too.
                data = try FileHandle(forReadingFrom: URL(fileURLWithPath: path)).readToEnd() ?? Data()
            } catch {
                return usageError("cannot read '\(path)': \(reason(error))")
            }
            let file = SourceFile(name: path, text: String(decoding: data, as: UTF8.self))
            guard first == "run" else { return check(file) }
            let scriptArguments = Array(arguments.dropFirst(2))
            if scriptArguments == ["--help"] {
                print(ScriptCatalog.header(of: file.text).joined(separator: "\n"))
                return ExitCode.ok
            }
            if let against = options.againstPath {
                guard options.seeds == nil, options.recordPath == nil else {
                    return usageError("--against checks one run; it does not go with --seeds or --record")
                }
                return runAgainst(file, arguments: scriptArguments, recordPath: against, options: options)
            }
            if let htmlPath = options.htmlPath {
                guard options.seeds == nil, options.recordPath == nil else {
                    return usageError("--html writes one run's page; it does not go with --seeds or --record")
                }
                return runWithPage(file, arguments: scriptArguments, htmlPath: htmlPath, options: options)
            }
            if options.seeds == nil && options.recordPath == nil {
                return run(
                    file, arguments: scriptArguments, outputFolder: options.outputFolder, verbose: options.verbose)
            }
            return runRecorded(file, arguments: scriptArguments, options: options)
        case "report":
            guard arguments.count >= 2 else { return usageError("report needs RECORD.json files") }
            if arguments[1] == "--update" || arguments[1] == "--check" {
                guard arguments.count >= 3 else { return usageError("report \(arguments[1]) needs Markdown FILEs") }
                return updateReports(Array(arguments.dropFirst(2)), checkOnly: arguments[1] == "--check")
            }
            do {
                let records = try arguments.dropFirst().map { path throws(RuntimeError) in try RunRecord.read(path) }
                print(ResultsTable(records: records).markdown)
                return ExitCode.ok
            } catch {
                printError("adv: report: \(error.message)")
                return ExitCode.runtime
            }
        case "fetch":
            guard arguments.count == 2, arguments[1].lowercased() == "mnist" else {
                return usageError("fetch knows one data set: adv fetch mnist")
            }
            do {
                try MNIST.fetch(log: { message in FileHandle.standardError.write(Data((message + "\n").utf8)) })
                return ExitCode.ok
            } catch {
                printError("adv: fetch mnist: \(error)")
                return ExitCode.runtime
            }
        default:
            if first.hasSuffix(".adv") { return main(["run"] + arguments) }
            return usageError("unknown command '\(first)'")
        }
    }

    /// Where `adv run` puts the files a script writes by relative paths, under the working
    /// directory: pictures and records land in one place, and a script run from a repository
    /// never rewrites its tracked files.
    static let defaultOutputFolder = "adv-out"

    /// Runs a program; `outputFolder` receives the files it writes by relative paths (nil: the
    /// working directory, as for `adv -e` and standard input).
    static func run(
        _ file: SourceFile, arguments: [String], outputFolder: String? = nil,
        verbose: Bool = RunOptions.verboseFromEnvironment
    ) -> Int32 {
        let (session, outcome) = runSession(
            file, arguments: arguments, runSeed: 1, outputFolder: outputFolder, verbose: verbose)
        if let outcome { return report(outcome) }
        return session.hasFailedExpectations ? ExitCode.failedExpectation : ExitCode.ok
    }

    /// One run of a program in a fresh session; the session is kept (see `keepUntilExit`).
    /// `verbose`: every `expect` prints its line; otherwise failures print and a summary line
    /// ends the run. `page`: collects the run for `adv run --html`.
    static func runSession(
        _ file: SourceFile, arguments: [String], runSeed: Int, outputFolder: String?, data: LoadedData = LoadedData(),
        verbose: Bool, page: RunPage? = nil
    ) -> (Session, Diagnostics?) {
        SignalHandling.installInterruptHandler()
        let output: (String) -> Void =
            page.map { page in
                { line in
                    printOutput(line)
                    page.text(line)
                }
            } ?? printOutput
        let session = Session(
            library: .standard(data: data), arguments: arguments, runSeed: runSeed, output: output)
        session.outputFolder = outputFolder
        session.printsEveryExpectation = verbose
        session.usesColour = Terminal.showsColour
        if let page {
            session.display = { page.show($0) }
            session.printShown = printOutput
        }
        keepUntilExit(session)
        session.progress = terminalProgress()
        let outcome: Diagnostics? = withLargeStack {
            do throws(Diagnostics) {
                try session.run(file)
                return nil
            } catch {
                return error
            }
        }
        if outcome == nil, !verbose, let summary = session.expectationSummary { output(summary) }
        return (session, outcome)
    }

    /// Parses and resolves on the large stack, as `run` does: both walk the tree recursively.
    static func check(_ file: SourceFile) -> Int32 {
        let session = Session(library: .standard())
        keepUntilExit(session)
        let outcome: Diagnostics? = withLargeStack {
            do throws(Diagnostics) {
                _ = try session.check(file)
                return nil
            } catch {
                return error
            }
        }
        if let outcome { return report(outcome) }
        return ExitCode.ok
    }

    /// The progress line on a terminal; `printOutput` and `printError` end it before they write.
    static let statusLine = StatusLine()

    /// A progress reporter that redraws the status line, or nil when stderr is a pipe.
    static func terminalProgress() -> ((String) -> Void)? {
        guard isatty(2) != 0 else { return nil }
        return { line in statusLine.show(line) }
    }

    static func repl() -> Int32 {
        let session = Session(library: .standard())
        keepUntilExit(session)
        session.progress = terminalProgress()
        SignalHandling.installInterruptHandler()
        let reader: LineReader =
            isatty(0) != 0 ? ReadlineLineReader { Completion.names(in: session) } : PlainLineReader()
        REPL(session: session, reader: reader, write: printOutput, writeError: printError).run()
        return ExitCode.ok
    }

    /// `adv kernel`: the session a notebook drives (see KernelServer). Its stdout carries only
    /// the protocol's replies; stderr is left to the front end (Jupyter's log).
    static func kernel(outputFolder: String) -> Int32 {
        let session = Session(library: .standard())
        session.outputFolder = outputFolder
        keepUntilExit(session)
        SignalHandling.installInterruptHandler()
        let server = KernelServer(session: session) { line in
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
        server.run(readLine: KernelInput().readLine)
        return ExitCode.ok
    }

    /// Never releases `session`: the process exits as soon as the command returns, and the OS
    /// takes the memory back at once. Releasing it would destroy its globals on the main
    /// thread's 8 MB stack, and a value nested a million levels deep (`l = [l]` in a loop) is
    /// destroyed one recursive call per level: a crash after the program has finished.
    private static func keepUntilExit(_ session: Session) {
        _ = Unmanaged.passRetained(session)
    }

    /// Why a file could not be read, in the system's words (e.g. "Permission denied").
    static func reason(_ error: Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        if let code = underlying?.code, underlying?.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(code)))
        }
        return error.localizedDescription
    }

    static func report(_ diagnostics: Diagnostics) -> Int32 {
        printError(diagnostics.description)
        return diagnostics.all.contains { $0.phase == .runtime } ? ExitCode.runtime : ExitCode.syntax
    }

    static func usageError(_ message: String) -> Int32 {
        printError("adv: \(message)\n\(usage)")
        return ExitCode.usage
    }

    /// Writes a line to stdout unbuffered, in order with the programs' own output.
    static func printOutput(_ text: String) {
        statusLine.end()
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func printError(_ text: String) {
        statusLine.end()
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
