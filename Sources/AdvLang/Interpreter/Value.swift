import AdvAutograd
import AdvSyntax
import AdvTensor

/// A value of the adv language.
///
/// Numbers are Float64 in the language and become Float32 when they meet a tensor (numbers mixed
/// with tensors broadcast). Lists and records are values (assignment copies); functions close
/// over their defining environment; `object` carries the field's things (example sets, models)
/// supplied by the built-in library through `DomainValue`.
public enum Value {
    case number(Double)
    case bool(Bool)
    case string(String)
    case tensor(Tensor)
    case list([Value])
    case record(Record)
    case function(Closure)
    case builtin(Builtin)
    case object(any DomainValue)
    /// A tensor recorded on a gradient tape: what `grad(f, x)` passes to `f` for x. Arithmetic,
    /// math and reductions on it are recorded; anything else sees its plain value.
    case variable(Variable)
    case none

    /// The type's name as messages use it: `number`, `tensor [3]`, `model`.
    public var typeDescription: String {
        switch self {
        case .number: return "number"
        case .bool: return "boolean"
        case .string: return "string"
        case .tensor(let t): return "tensor \(t.shape.shapeDescription)"
        case .variable(let v): return "tensor \(v.shape.shapeDescription)"
        case .list: return "list"
        case .record: return "record"
        case .function, .builtin: return "function"
        case .object(let o): return o.typeName
        case .none: return "none"
        }
    }
}

/// A record `{a: 1, b: 2}`: named fields in the order they were written.
public struct Record {
    public private(set) var names: [String] = []
    private var values: [String: Value] = [:]

    public init() {}

    public init(_ fields: [(String, Value)]) {
        for (name, value) in fields { self[name] = value }
    }

    public subscript(name: String) -> Value? {
        get { values[name] }
        set {
            if values[name] == nil, newValue != nil { names.append(name) }
            if newValue == nil { names.removeAll { $0 == name } }
            values[name] = newValue
        }
    }

    /// Changes field `name` in place: `body` gets its value moved out of the record (so storage
    /// held only here changes without a copy), or `absent` when there is none, in which case the
    /// field is added last once `body` returns.
    mutating func modify<E: Error>(_ name: String, absent: Value, _ body: (inout Value) throws(E) -> Void) throws(E) {
        guard var field = values.removeValue(forKey: name) else {
            var field = absent
            try body(&field)
            self[name] = field
            return
        }
        defer { values[name] = field }
        try body(&field)
    }

    public var fields: [(name: String, value: Value)] { names.compactMap { n in values[n].map { (n, $0) } } }
}

/// A user function with the environment it was defined in (lexical scoping, closures).
public final class Closure {
    public let decl: FunctionDecl
    let environment: Environment

    init(decl: FunctionDecl, environment: Environment) {
        self.decl = decl
        self.environment = environment
    }

    public var name: String { decl.name ?? "fn" }
}

/// The things of the field — example sets, models, attack results — as language values.
///
/// The built-in library (AdvNN/AdvData bindings) wraps its objects in classes conforming to this
/// protocol. The interpreter uses `member` for `x.name`, `subscripted` for `x[...]`, and
/// `description` when printing.
public protocol DomainValue: AnyObject, CustomStringConvertible {
    /// The type's name in messages, e.g. "examples", "model".
    var typeName: String { get }
    /// The field `name`, or nil when there is no such field (the interpreter reports it).
    func member(_ name: String) throws -> Value?
    /// The names `member` knows, for suggestions and completion.
    var memberNames: [String] { get }
    /// `x[i]`, `x[0:16]`: nil when the type cannot be indexed.
    func subscripted(_ items: [IndexValue]) throws -> Value?
    /// `len(x)`: nil when the type has no length.
    var length: Int? { get }
}

extension DomainValue {
    public var memberNames: [String] { [] }
    public func subscripted(_ items: [IndexValue]) throws -> Value? { nil }
    public var length: Int? { nil }
}

/// One evaluated item of `x[...]`: an integer index or a numpy-style slice.
public enum IndexValue: Sendable, Equatable {
    case index(Int)
    case slice(start: Int?, end: Int?, step: Int)
}

/// An error raised by a built-in or an operator; the interpreter adds the source range and the
/// call trace. Messages name the operation and the offending types or shapes.
public struct RuntimeError: Error, CustomStringConvertible {
    public var message: String
    public var notes: [String]

    public init(_ message: String, notes: [String] = []) {
        self.message = message
        self.notes = notes
    }

    public var description: String { message }
}
