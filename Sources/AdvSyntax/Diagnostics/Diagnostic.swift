/// A problem found in a program, as data: a stable id, a message, where, and notes.
///
/// Nothing below the presenter prints: the lexer, parser, resolver and interpreter all produce
/// `Diagnostic`s, and `Diagnostic.rendered` draws them (see Diagnostic+Render.swift).
public struct Diagnostic: Error, Sendable, CustomStringConvertible {
    /// What stage found the problem; it picks the process exit code.
    public enum Phase: Sendable, Equatable {
        /// Lexing, parsing or name resolution: exit code 65.
        case syntax
        /// Evaluation: exit code 70.
        case runtime
    }

    /// One active call when a runtime error happened, innermost first.
    public struct Frame: Sendable {
        public let function: String
        public let callSite: SourceRange
        /// How many times in a row this same call appears (deep recursion shows once).
        public var repeats = 1

        public init(function: String, callSite: SourceRange, repeats: Int = 1) {
            self.function = function
            self.callSite = callSite
            self.repeats = repeats
        }
    }

    /// A stable identifier from the catalog (see DiagnosticID), for tests and documentation.
    public var id: DiagnosticID
    public var message: String
    public var range: SourceRange?
    public var notes: [String]
    public var phase: Phase
    /// The call trace of a runtime error, innermost call first.
    public var trace: [Frame] = []
    /// True when the parser ran out of input: the REPL then reads another line.
    public var isAtEndOfInput = false
    /// Another place the problem involves, shown with its own source line and caret after the
    /// error (for a missing `}`, the `{` it should close).
    public var related: (message: String, range: SourceRange)?

    public init(
        _ id: DiagnosticID, _ message: String, at range: SourceRange?, notes: [String] = [],
        phase: Phase = .syntax
    ) {
        self.id = id
        self.message = message
        self.range = range
        self.notes = notes
        self.phase = phase
    }

    public var description: String { rendered }
}

/// The catalog of diagnostic ids; the message text lives where the problem is found.
public enum DiagnosticID: String, Sendable {
    case unexpectedCharacter = "lex.unexpected-character"
    case unterminatedString = "lex.unterminated-string"
    case badEscape = "lex.bad-escape"
    case badNumber = "lex.bad-number"
    case expected = "parse.expected"
    case tooDeep = "parse.too-deep"
    case invalidAssignment = "parse.invalid-assignment"
    case duplicateField = "parse.duplicate-field"
    case unknownName = "resolve.unknown-name"
    case returnOutsideFunction = "resolve.return-outside-function"
    case duplicateParameter = "resolve.duplicate-parameter"
    case loopControlOutsideLoop = "resolve.loop-control-outside-loop"
    case type = "run.type"
    case shape = "run.shape"
    case arguments = "run.arguments"
    case index = "run.index"
    case callDepth = "run.call-depth"
    case stepBudget = "run.step-budget"
    case interrupted = "run.interrupted"
    /// A built-in's own check of its arguments or state.
    case builtin = "run.builtin"
    /// An attack, a metric or an analysis (AdvNN's AttackError, L-BFGS).
    case attack = "run.attack"
    /// A data file or data set (AdvData's DataError).
    case data = "run.data"
    /// A saved model that cannot be read (ModelFileError).
    case modelFile = "run.model-file"
    /// The system's own error (a file that cannot be written).
    case system = "run.system"
}

/// A set of diagnostics from one pass (the parser reports every statement's first error).
public struct Diagnostics: Error, Sendable, CustomStringConvertible {
    public var all: [Diagnostic]
    public init(_ all: [Diagnostic]) { self.all = all }
    public var description: String { all.map(\.rendered).joined(separator: "\n") }
    /// True when every diagnostic is the parser running out of input (the REPL reads on).
    public var isAtEndOfInput: Bool { !all.isEmpty && all.allSatisfy(\.isAtEndOfInput) }
}
