import AdvAutograd
import AdvSyntax
import AdvTensor

/// How a built-in treats a traced argument: a `Value.variable`, which is what `grad(f, x)` passes
/// to `f` for x and what every recorded operation on it gives.
///
/// Every built-in is one of three, and `Builtin` applies the choice before its body runs (the one
/// place that decides), so a traced value is never silently read as a constant: that would make
/// its gradient zero without a word.
public enum Tracing: Sendable {
    /// grad cannot see through it: a traced argument is an error naming the built-in. The default.
    case opaque
    /// Its result has zero or no gradient by nature (argmax, shape, floor, print): traced
    /// arguments reach the body as plain values, on purpose.
    case constant
    /// It records what it does on the tape: traced positional arguments reach the body as they are
    /// and the body handles `.variable` in each of them (or throws `cannotDifferentiate` for one it
    /// cannot record). Named arguments (axis:, seed:) are options without a gradient: they arrive
    /// as plain values.
    case recorded

    /// The arguments as the body of a built-in with this tracing receives them; throws for a traced
    /// argument of an opaque built-in.
    func admit(_ args: Arguments) throws -> Arguments {
        switch self {
        case .opaque:
            if let i = args.positional.firstIndex(where: \.isTraced) {
                throw Tracing.cannotDifferentiate(args.callee, "argument \(i + 1)")
            }
            if let label = args.named.first(where: { $0.value.isTraced })?.label {
                throw Tracing.cannotDifferentiate(args.callee, label)
            }
            if let word = args.clauses.first(where: { $0.values.contains(where: \.isTraced) })?.word {
                throw Tracing.cannotDifferentiate(args.callee, "the \(word) clause")
            }
            return args
        case .constant:
            guard
                args.positional.contains(where: \.isTraced) || args.named.contains(where: { $0.value.isTraced })
                    || args.clauses.contains(where: { $0.values.contains(where: \.isTraced) })
            else { return args }
            return Arguments(
                callee: args.callee, positional: args.positional.map(\.untraced),
                named: args.named.map { ($0.label, $0.value.untraced) },
                clauses: args.clauses.map { ($0.word, $0.values.map(\.untraced)) })
        case .recorded:
            guard args.named.contains(where: { $0.value.isTraced }) else { return args }
            return Arguments(
                callee: args.callee, positional: args.positional,
                named: args.named.map { ($0.label, $0.value.untraced) }, clauses: args.clauses)
        }
    }

    /// The error for a traced value reaching what the tape cannot record: `what` names the argument.
    static func cannotDifferentiate(_ callee: String, _ what: String) -> RuntimeError {
        RuntimeError(
            "\(callee): grad cannot differentiate through \(callee) (\(what) is computed from grad's x)",
            notes: ["compute it outside the function given to grad, where its value is a plain tensor"])
    }
}

extension Value {
    /// Whether this value is, or holds in a list or record, a traced tensor.
    var isTraced: Bool {
        switch self {
        case .variable: return true
        case .list(let items): return items.contains(where: \.isTraced)
        case .record(let r): return r.fields.contains { $0.value.isTraced }
        default: return false
        }
    }

    /// This value with every traced tensor replaced by its plain value (rank 0 by a number, as
    /// `grad(f, 3)` traced the number 3): what a built-in whose gradient is zero by nature reads.
    var untraced: Value {
        switch self {
        case .variable(let v):
            return v.value.rank == 0 && v.value.count == 1 ? .number(Double(v.value.scalars[0])) : .tensor(v.value)
        case .list(let items) where isTraced:
            return .list(items.map(\.untraced))
        case .record(let r) where isTraced:
            return .record(Record(r.fields.map { ($0.name, $0.value.untraced) }))
        default:
            return self
        }
    }
}

extension Arguments {
    /// Argument `i` as a variable on `tape`: a traced value as it is, a number or tensor as a
    /// constant; throws for anything else, or for a value traced by another (nested) grad.
    func taped(_ i: Int, _ name: String, on tape: Tape) throws -> Variable {
        if case .variable(let v) = try value(i, name) {
            guard v.tape === tape else { throw BuiltinLibrary.nestedGrad }
            return v
        }
        return tape.constant(try tensor(i, name))
    }
}
