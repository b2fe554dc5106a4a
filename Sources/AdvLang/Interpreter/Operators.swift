import AdvAutograd
import AdvSyntax
import AdvTensor
import Foundation

/// The meaning of `+ - * / % ^ @` and comparisons on values.
///
/// Numbers compute in Float64; as soon as a tensor is involved the other operand becomes Float32
/// and tensor broadcasting applies (`x * 0.25`, `[1, 2] + [[1], [2]]`). Comparisons of tensors
/// give 1/0 tensors; `==` on other values is structural equality.
///
/// Inside `grad`, on a traced operand: arithmetic and `@` are recorded on the tape; comparisons
/// are piecewise constant (zero gradient by nature) and give plain 1/0 tensors, on purpose; any
/// other operator is an error, never a silent constant.
enum Operators {
    static func apply(_ op: BinaryOperator, _ a: Value, _ b: Value) throws -> Value {
        if op == .in { return .bool(try contains(b, a)) }
        switch (a, b) {
        case (.number(let x), .number(let y)):
            return try numbers(op, x, y)
        case (.string(let x), .string(let y)):
            switch op {
            case .add: return .string(x + y)
            case .equal: return .bool(x == y)
            case .notEqual: return .bool(x != y)
            case .less: return .bool(x < y)
            case .lessEqual: return .bool(x <= y)
            case .greater: return .bool(x > y)
            case .greaterEqual: return .bool(x >= y)
            default: break
            }
        case (.list(let x), .list(let y)) where op == .add:
            return .list(x + y)
        case (.list(let x), .tensor) where x.isEmpty, (.tensor, .list(let x)) where x.isEmpty:
            // NOTE: an empty list would otherwise become a [0] tensor and broadcast to nothing.
            throw RuntimeError(
                "\(op.rawValue): an empty list and a tensor do not combine",
                notes: ["append(xs, x) adds x to a list; a list literal of numbers such as [0.5] is a tensor"])
        case (.variable(let v), _), (_, .variable(let v)):
            if let x = taped(a, v.tape), let y = taped(b, v.tape) {
                guard x.tape === y.tape else { throw BuiltinLibrary.nestedGrad }
                return try variables(op, x, y)
            }
        case (.tensor, _), (_, .tensor):
            if let x = a.asTensor, let y = b.asTensor { return .tensor(try tensors(op, x, y)) }
        default:
            break
        }
        switch op {
        case .equal: return .bool(a.equals(b))
        case .notEqual: return .bool(!a.equals(b))
        default:
            var error = RuntimeError("\(op.rawValue): not defined for \(a.typeDescription) and \(b.typeDescription)")
            if op == .add, case .string = a { error.notes = ["convert with str(x) to join text"] }
            if op == .add, case .string = b { error.notes = ["convert with str(x) to join text"] }
            throw error
        }
    }

    private static func numbers(_ op: BinaryOperator, _ x: Double, _ y: Double) throws -> Value {
        if let value = numbers(op, x, y) { return value }
        throw RuntimeError("@: needs tensors, got two numbers (use * for numbers)")
    }

    /// `x op y` on two numbers, or nil when `op` is not defined for numbers (`@`): the
    /// interpreter's fast path, which allocates nothing and cannot throw.
    @inline(__always)
    static func numbers(_ op: BinaryOperator, _ x: Double, _ y: Double) -> Value? {
        switch op {
        case .add: return .number(x + y)
        case .subtract: return .number(x - y)
        case .multiply: return .number(x * y)
        case .divide: return .number(x / y)
        // NOTE: the remainder takes the divisor's sign (-7 % 3 == 2), as in Python and Lua.
        case .remainder: return .number(x - y * (x / y).rounded(.down))
        case .power: return .number(Foundation.pow(x, y))
        case .equal: return .bool(x == y)
        case .notEqual: return .bool(x != y)
        case .less: return .bool(x < y)
        case .lessEqual: return .bool(x <= y)
        case .greater: return .bool(x > y)
        case .greaterEqual: return .bool(x >= y)
        case .matmul, .in: return nil
        }
    }

    /// `item in container`: an element of a list (by `==`), a piece of a string, a field name of
    /// a record, a scalar of a tensor.
    static func contains(_ container: Value, _ item: Value) throws -> Bool {
        switch (container, item) {
        case (.list(let elements), _): return elements.contains { $0.equals(item) }
        case (.string(let text), .string(let piece)): return piece.isEmpty || text.contains(piece)
        case (.record(let record), .string(let name)): return record[name] != nil
        case (.tensor(let t), .number(let n)): return t.scalars.contains(Float(n))
        case (.variable(let v), .number(let n)): return v.value.scalars.contains(Float(n))
        default:
            throw RuntimeError(
                "in: cannot look for a \(item.typeDescription) in a \(container.typeDescription)",
                notes: [
                    "in looks for an element of a list, a piece of a string, a field name of a record, a number in a tensor"
                ])
        }
    }

    private static func tensors(_ op: BinaryOperator, _ x: Tensor, _ y: Tensor) throws -> Tensor {
        switch op {
        case .add: return try x + y
        case .subtract: return try x - y
        case .multiply: return try x * y
        case .divide: return try x / y
        case .power: return try x.pow(y)
        case .matmul: return try Tensor.matmul(x, y)
        case .equal: return try x.equal(y)
        case .notEqual: return try x.notEqual(y)
        case .less: return try x.lessThan(y)
        case .lessEqual: return try x.lessEqual(y)
        case .greater: return try x.greaterThan(y)
        case .greaterEqual: return try x.greaterEqual(y)
        case .remainder: throw RuntimeError("%: not defined for tensors")
        case .in: throw RuntimeError("in: not an arithmetic operator")
        }
    }

    /// A value as a variable on `tape`: variables as they are, tensors and numbers as constants.
    static func taped(_ v: Value, _ tape: Tape) -> Variable? {
        if case .variable(let x) = v { return x }
        return v.asTensor.map(tape.constant)
    }

    /// Operators on taped values (inside `grad`): recorded, so gradients flow through them.
    /// Comparisons compare the values and give plain tensors (their gradient is zero).
    private static func variables(_ op: BinaryOperator, _ x: Variable, _ y: Variable) throws -> Value {
        switch op {
        case .add: return .variable(try x + y)
        case .subtract: return .variable(try x - y)
        case .multiply: return .variable(try x * y)
        case .divide: return .variable(try x / y)
        case .matmul: return .variable(try Variable.matmul(x, y))
        case .power:
            // A constant number exponent takes the one-input rule; otherwise the exponent is an
            // input too (d/dy x^y = x^y ln x, defined for x > 0).
            if !y.requiresGradient, y.value.count == 1, let e = y.value.scalars.first { return .variable(x.pow(e)) }
            return .variable(try Variable.pow(x, y))
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
            return .tensor(try tensors(op, x.value, y.value))
        case .remainder, .in: throw Tracing.cannotDifferentiate(op.rawValue, "an operand")
        }
    }

    static func negate(_ v: Value) throws -> Value {
        switch v {
        case .variable(let x): return .variable(-x)
        case .number(let n): return .number(-n)
        case .tensor(let t): return .tensor(-t)
        default: throw RuntimeError("-: cannot negate a \(v.typeDescription)")
        }
    }
}
