import AdvSyntax

/// A function of the built-in library: its name, signature and documentation (for `:help name`),
/// and its body.
public struct Builtin {
    public let name: String
    /// How it is called, e.g. `clip(x, low, high)`.
    public let signature: String
    /// One paragraph: what it computes and why, shapes included.
    public let doc: String
    /// What it does with a traced argument inside `grad` (see `Tracing`).
    public let tracing: Tracing
    /// The body, behind `tracing`'s check of the arguments while a `grad` runs (only then can an
    /// argument hold a traced value; outside, the check would scan every list argument in vain).
    public let body: (Arguments, Session) throws -> Value

    public init(
        _ name: String, _ signature: String, _ doc: String, tracing: Tracing = .opaque,
        _ body: @escaping (Arguments, Session) throws -> Value
    ) {
        self.name = name
        self.signature = signature
        self.doc = doc
        self.tracing = tracing
        self.body = { args, session in try body(session.gradsRunning > 0 ? try tracing.admit(args) : args, session) }
    }
}

/// The registry the interpreter calls into: every built-in function, keyed by name, plus the
/// words `train` accepts as clauses.
///
/// Groups of built-ins live in `Builtins+Concern.swift` files as `extension BuiltinLibrary`
/// methods (`registerMath()`, ...), and `standard()` lists the groups. The field's statements
/// reach the library through fixed names: `load NAME` calls "load", `model EXPR` calls "model",
/// `train ... on ...` calls "train" (see Interpreter+Field.swift).
public final class BuiltinLibrary {
    public private(set) var entries: [String: Builtin] = [:]
    /// Words that start a clause in `train ... on DATA clause*`.
    public private(set) var clauseWords: Set<String> = []

    public init() {}

    /// Adds (or replaces) a built-in.
    public func register(_ builtin: Builtin) {
        entries[builtin.name] = builtin
    }

    /// Adds a built-in from its parts; `tracing` says what it does with a traced argument.
    public func register(
        _ name: String, _ signature: String, _ doc: String, tracing: Tracing = .opaque,
        _ body: @escaping (Arguments, Session) throws -> Value
    ) {
        register(Builtin(name, signature, doc, tracing: tracing, body))
    }

    /// Makes `words` start clauses in `train` statements parsed from now on.
    public func registerClauseWords(_ words: [String]) {
        clauseWords.formUnion(words)
    }

    public subscript(name: String) -> Builtin? { entries[name] }

    /// The language's own built-ins (core, math, tensors, gradients), which every session has;
    /// AdvLibrary's `standard()` adds the field's.
    public static func core() -> BuiltinLibrary {
        let library = BuiltinLibrary()
        library.registerCore()
        library.registerMath()
        library.registerTensor()
        library.registerGradient()
        return library
    }

    /// How an error the interpreter does not know (the field library's: attacks, data files,
    /// model files) reads as a diagnostic: its catalog id and message, or nil.
    public var describeError: (any Error) -> (id: DiagnosticID, message: String)? = { _ in nil }
}
