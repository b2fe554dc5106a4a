import AdvAutograd
import AdvSyntax
import AdvTensor
import Foundation

/// Built-ins about values themselves: print, len, str, type, range, time, seed, list helpers.
extension BuiltinLibrary {
    func registerCore() {
        register(
            "print", "print a, b", "Prints its arguments separated by spaces (same as the print statement).",
            tracing: .constant
        ) { args, session in
            session.output(args.positional.map(\.description).joined(separator: " "))
            return .none
        }
        register(
            "len", "len(x)",
            "The number of items of a list, characters of a string, rows of a tensor (its first axis), fields of a record, or examples of a set.",
            tracing: .constant
        ) { args, _ in
            try args.check(1...1)
            let v = try args.value(0, "x")
            switch v {
            case .list(let items): return .number(Double(items.count))
            case .string(let s): return .number(Double(s.count))
            case .tensor(let t) where t.rank >= 1: return .number(Double(t.shape[0]))
            case .record(let r): return .number(Double(r.names.count))
            case .object(let o) where o.length != nil: return .number(Double(o.length ?? 0))
            default: throw RuntimeError("len: a \(v.typeDescription) has no length")
            }
        }
        register(
            "fail", "fail(message)",
            "Stops the script with an error showing message and the call's position (for example on an argument the script does not know).",
            tracing: .constant
        ) { args, _ in
            try args.check(1...1)
            throw RuntimeError(try args.value(0, "message").description)
        }
        register("str", "str(x)", "The text `print` would show for x.", tracing: .constant) { args, _ in
            try args.check(1...1)
            return .string(try args.value(0, "x").description)
        }
        register(
            "type", "type(x)",
            "The name of x's type: number, boolean, string, tensor, list, record, function, none, or a field type such as model.",
            tracing: .constant
        ) { args, _ in
            try args.check(1...1)
            let v = try args.value(0, "x")
            if case .tensor = v { return .string("tensor") }
            return .string(v.typeDescription)
        }
        register(
            "range", "range(end)\nrange(start, end, step: 1)",
            "The integers start, start+step, ... before end, as a list (like start..end).",
            tracing: .constant
        ) { args, _ in
            try args.check(1...2, labels: ["step"])
            let start = args.count == 2 ? try args.int(0, "start") : 0
            let end = try args.int(args.count - 1, "end")
            let step = try args.namedInt("step") ?? 1
            guard step != 0 else { throw RuntimeError("range: step cannot be zero") }
            // NOTE: every item is a boxed value in a list, tens of bytes each; `for i in a..b`
            // makes no list, so it is the way to count further.
            let count = (Swift.abs(end - start) + Swift.abs(step) - 1) / Swift.abs(step)
            guard count <= 10_000_000 else {
                throw RuntimeError(
                    "range: \(count) items is more than the 10000000 a list may hold",
                    notes: ["to count further, loop over a range expression, which makes no list: for i in 0..n"])
            }
            return .list(Array(stride(from: start, to: end, by: step)).map { .number(Double($0)) })
        }
        register(
            "time", "time()", "Seconds since 1970, for timing code: t = time(); ...; print time() - t.",
            tracing: .constant
        ) {
            args, _ in
            try args.check(0...0)
            return .number(Date().timeIntervalSince1970)
        }
        register(
            "seed", "seed(n)", "Resets the session's random generator to seed n, so randn/rand without seed: repeat.",
            tracing: .constant
        ) { args, session in
            try args.check(1...1)
            let n = try args.int(0, "n")
            guard n >= 0 else { throw RuntimeError("seed: argument 1 (n) must be non-negative, got \(n)") }
            session.generator = SeededGenerator(seed: session.scriptSeed(UInt64(n)))
            return .none
        }
        register("append", "append(list, x)", "A new list: list followed by x.", tracing: .recorded) { args, _ in
            try args.check(2...2)
            guard case .list(let items) = try args.value(0, "list") else {
                throw RuntimeError(
                    "append: argument 1 (list) must be a list, got \(try args.value(0, "list").typeDescription)")
            }
            return .list(items + [try args.value(1, "x")])
        }
        register("keys", "keys(record)", "The field names of a record, in order.", tracing: .constant) { args, _ in
            try args.check(1...1)
            guard case .record(let r) = try args.value(0, "record") else {
                throw RuntimeError(
                    "keys: argument 1 (record) must be a record, got \(try args.value(0, "record").typeDescription)")
            }
            return .list(r.names.map(Value.string))
        }
        register(
            "list", "list(x)", "A list of x's items: a tensor's rows (numbers for a vector), a string's characters."
        ) { args, _ in
            try args.check(1...1)
            let v = try args.value(0, "x")
            switch v {
            case .list: return v
            case .string(let s): return .list(s.map { .string(String($0)) })
            case .tensor(let t) where t.rank >= 1:
                return .list(try (0..<t.shape[0]).map { i in try Indexing.subscripted(v, [.index(i)]) })
            default: throw RuntimeError("list: cannot make a list from a \(v.typeDescription)")
            }
        }
        register(
            "tensor", "tensor(x)",
            "x as a tensor: a number becomes rank 0, a list of numbers rank 1. Inside grad a traced x passes through.",
            tracing: .recorded
        ) { args, _ in
            try args.check(1...1)
            let v = try args.value(0, "x")
            if case .variable = v { return v }
            if case .list = v, v.isTraced {
                // A list holding traced numbers (`tensor([x[0], 1])`): stacked on the tape.
                return try BuiltinLibrary.joined(args, { try Tensor.stack($0) }) { try Variable.stack($0) }
            }
            if case .list(let items) = v {
                let numbers = try items.enumerated().map { i, item in
                    guard let n = item.asNumber else {
                        throw RuntimeError("tensor: item \(i + 1) must be a number, got \(item.typeDescription)")
                    }
                    return Float(n)
                }
                return .tensor(Tensor(numbers))
            }
            return .tensor(try args.tensor(0, "x"))
        }
        register(
            "number", "number(x)",
            "x as a number: a one-element tensor's value, true as 1, or a string parsed as a number. Inside grad a traced one-element x passes through.",
            tracing: .recorded
        ) { args, _ in
            try args.check(1...1)
            let v = try args.value(0, "x")
            if case .variable(let x) = v {
                guard x.value.count == 1 else {
                    throw RuntimeError("number: argument 1 (x) must be a number, got \(v.typeDescription)")
                }
                return .variable(try x.reshaped([]))
            }
            if case .string(let s) = v {
                guard let n = Double(s.trimmingCharacters(in: .whitespaces)) else {
                    throw RuntimeError("number: '\(s)' is not a number")
                }
                return .number(n)
            }
            return .number(try args.number(0, "x"))
        }
    }
}
