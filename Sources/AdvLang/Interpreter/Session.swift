import AdvSyntax
import AdvTensor
import Foundation
import Synchronization

/// Ctrl-C: the REPL's SIGINT handler sets the flag; loops, calls and long built-ins poll it.
public enum Interrupt {
    static let flag = Atomic<Bool>(false)

    /// Called from the signal handler: async-signal-safe (one atomic store).
    public static func raise() { flag.store(true, ordering: .relaxed) }
    public static func clear() { flag.store(false, ordering: .relaxed) }
    public static var isRaised: Bool { flag.load(ordering: .relaxed) }
}

/// The outcome of one `expect` statement.
public struct ExpectationResult: Codable, Sendable {
    public let line: Int
    public let passed: Bool
    /// The printed line, e.g. `expect line 12: 0.873 ~ 0.894 within 0.06: ok`.
    public let summary: String
}

/// Everything a program run shares: globals, the built-in library, the current model, the seeded
/// generator, where output goes, and the expectation results. The REPL keeps one session for its
/// whole life; `adv run` makes one per script.
public final class Session {
    public let library: BuiltinLibrary
    /// The model `train on ...`, `error(set)`, `fgsm(set, eps)` use when none is named.
    public var currentModel: Value?
    /// The session's random numbers (`randn` without `seed:`); `seed(n)` resets it.
    public var generator = SeededGenerator(seed: 0)
    /// The global `run_seed`: which of `adv run --seeds 1,2,3`'s runs this is; 1 elsewhere.
    public let runSeed: Int
    /// Where `print`, `expect` and progress text go (stdout in the CLI, a buffer in tests).
    public var output: (String) -> Void
    /// Where pictures and tables go when a front end shows them inline (`adv kernel` sets it);
    /// nil: they print in their terminal forms through `output`.
    public var display: ((Display) -> Void)?
    /// Where the terminal form of what `show` hands to `display` goes too, past `output`:
    /// `adv run --html` collects the pictures and tables for its page while the terminal shows
    /// the run as always. Nil: the sink alone gets them.
    public var printShown: ((String) -> Void)?
    public private(set) var expectations: [ExpectationResult] = []
    /// Whether every `expect` prints its line as it runs (the REPL, the kernel, tests, `adv run
    /// --verbose`, CI); false: only failures print, in full, and `expectationSummary` ends the run,
    /// so a projected run shows its tables rather than a column of "ok".
    public var printsEveryExpectation = true
    /// Whether `table` colours a "paper | ours" cell by its noise mark (a terminal that shows
    /// colour); the mark itself is always printed.
    public var usesColour = false
    /// The figures the program recorded with `figure`, in order.
    public private(set) var figures: [FigureMeasurement] = []
    /// Where long work (training, attacks over a set, downloads) reports progress: a status line
    /// on a terminal, nil in a pipe (stay quiet). The CLI sets it when stderr is a terminal.
    public var progress: ((String) -> Void)?
    /// The folder a program's files go to when it names them with a relative path (`adv run
    /// --out DIR`); nil: the working directory. It is made when the first file is written.
    public var outputFolder: String?
    /// How many `grad` calls are running: built-ins check their arguments for traced values only
    /// while one is (see `Builtin.body`).
    var gradsRunning = 0
    /// A limit on executed statements and loop iterations (the fuzz test's budget); nil = none.
    @exclusivity(unchecked) public var stepLimit: Int?
    /// Nested calls allowed before "call depth exceeded".
    @exclusivity(unchecked) public var callDepthLimit = 10_000
    let globals = Environment(parent: nil)
    /// Statements and loop iterations run so far (no run-time exclusivity check: see Environment).
    @exclusivity(unchecked) var steps = 0
    /// The interpreter running now and the range of the built-in call in progress, so built-ins
    /// such as `grad` can call adv functions back.
    var active: (interpreter: Interpreter, range: SourceRange)?

    public init(
        library: BuiltinLibrary, arguments: [String] = [], runSeed: Int = 1,
        output: @escaping (String) -> Void = { print($0) }
    ) {
        self.library = library
        self.output = output
        self.runSeed = max(1, runSeed)
        generator = SeededGenerator(seed: scriptSeed(0))
        globals.values["args"] = .list(arguments.map(Value.string))
        globals.values["run_seed"] = .number(Double(self.runSeed))
    }

    /// The globals every program starts with (`:vars` leaves them out).
    public static let predefinedNames: Set<String> = ["args", "run_seed"]

    /// The seed a program's seed `n` stands for in this run: n itself under run_seed 1 (so a
    /// plain `adv run` and the REPL give the numbers the script's comments quote), and
    /// n + 1,000,000 (run_seed - 1) otherwise, so `--seeds 1,2,3` varies every random choice of a
    /// script (initial weights, minibatch order, dropout, splits, random starts) without
    /// the script naming its seeds in terms of the run's.
    public func scriptSeed(_ n: UInt64) -> UInt64 {
        n &+ UInt64(runSeed - 1) &* 1_000_000
    }

    /// Calls an adv function (a closure or a built-in) from inside a built-in.
    public func call(_ function: Value, _ arguments: [Value]) throws -> Value {
        guard let (interpreter, range) = active else {
            throw RuntimeError("cannot call a function outside a running program")
        }
        return try interpreter.call(function, arguments, at: range)
    }

    /// Where a file the program writes as `path` goes: a relative path inside `outputFolder`,
    /// which is made (with its parents) the first time; an absolute path as it is.
    public func outputPath(_ path: String) throws -> String {
        guard let folder = outputFolder, !path.hasPrefix("/") else { return path }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), !isFolder.boolValue {
            throw RuntimeError("the output folder '\(folder)' is a file, not a folder")
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw RuntimeError("cannot make the output folder '\(folder)': \(error.localizedDescription)")
        }
        return (folder as NSString).appendingPathComponent(path)
    }

    /// Where a file the program reads as `path` is: a relative path inside `outputFolder` when
    /// the program wrote it there (save_model, then load_model), else as given.
    public func inputPath(_ path: String) -> String {
        guard let folder = outputFolder, !path.hasPrefix("/") else { return path }
        let inside = (folder as NSString).appendingPathComponent(path)
        return FileManager.default.fileExists(atPath: inside) ? inside : path
    }

    /// True once Ctrl-C was pressed; long built-ins should stop cleanly when they see it.
    public var isInterrupted: Bool { Interrupt.isRaised }

    func record(_ result: ExpectationResult) {
        expectations.append(result)
        if printsEveryExpectation || !result.passed { output(result.summary) }
    }

    /// One line for the end of a run: "35 expectations hold", or how many of them failed (each
    /// failure was printed in full as it ran); nil when the program checked nothing.
    public var expectationSummary: String? {
        guard !expectations.isEmpty else { return nil }
        let count = expectations.count
        let failed = expectations.filter { !$0.passed }.count
        let noun = count == 1 ? "expectation" : "expectations"
        if failed == 0 { return count == 1 ? "1 expectation holds" : "\(count) \(noun) hold" }
        return "\(failed) of \(count) \(noun) failed"
    }

    public func recordFigure(_ figure: FigureMeasurement) throws {
        guard !figures.contains(where: { $0.label == figure.label }) else {
            throw RuntimeError("figure: '\(figure.label)' was recorded already; each figure needs its own label")
        }
        figures.append(figure)
    }

    /// True when any `expect` failed (the CLI then exits 1).
    public var hasFailedExpectations: Bool { expectations.contains { !$0.passed } }

    /// A global variable's value (for tests and the REPL's `:vars`).
    public func global(_ name: String) -> Value? { globals.values[name] }

    /// Global variable names and values, sorted by name.
    public var globalVariables: [(name: String, value: Value)] {
        globals.values.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Parses a program with this session's clause words.
    public func parse(_ file: SourceFile) throws(Diagnostics) -> [Stmt] {
        try Parser.parse(file, clauseWords: library.clauseWords)
    }

    /// Parses and resolves: `adv check`.
    public func check(_ file: SourceFile) throws(Diagnostics) -> [Stmt] {
        let program = try parse(file)
        var resolver = Resolver(known: globals.visibleNames.union(library.entries.keys))
        let problems = resolver.resolveProgram(program)
        if !problems.isEmpty { throw Diagnostics(problems) }
        return program
    }

    /// Runs a program. Returns the value of its last statement when that is an expression (what
    /// the REPL prints), nil otherwise.
    @discardableResult
    public func run(_ file: SourceFile) throws(Diagnostics) -> Value? {
        let program = try check(file)
        Interrupt.clear()
        steps = 0
        do {
            return try Interpreter(session: self).run(program)
        } catch {
            throw Diagnostics([error])
        }
    }

    /// Runs source text (for `adv -e`, tests and the REPL).
    @discardableResult
    public func run(_ text: String, name: String = "<input>") throws(Diagnostics) -> Value? {
        try run(SourceFile(name: name, text: text))
    }
}
