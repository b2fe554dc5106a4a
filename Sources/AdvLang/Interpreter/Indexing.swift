import AdvAutograd
import AdvSyntax
import AdvTensor

/// `x[...]` on lists, strings, tensors and domain objects, with numpy rules: negative indices
/// count from the end, slices clamp, one item per axis from the first; and `x[...] = v` on lists
/// and tensors.
public enum Indexing {
    public static func subscripted(_ v: Value, _ items: [IndexValue]) throws -> Value {
        switch v {
        case .list(let elements):
            return try sequence(elements, items, "list") { .list($0) }
        case .string(let s):
            return try sequence(Array(s).map { Value.string(String($0)) }, items, "string") { parts in
                .string(parts.map(\.description).joined())
            }
        case .tensor(let t):
            let result = try axes(t, items)
            if result.rank == 0, let s = result.scalars.first { return .number(Double(s)) }
            return .tensor(result)
        case .variable(let v):
            return .variable(try axes(v, items))
        case .object(let o):
            guard let result = try o.subscripted(items) else { throw RuntimeError("a \(o.typeName) cannot be indexed") }
            return result
        default:
            throw RuntimeError("a \(v.typeDescription) cannot be indexed")
        }
    }

    /// `base[items] = part`: an element or slice of a list (a slice with step 1 may take a list of
    /// any length, as in Python), or part of a tensor (`part` broadcast to it, as in numpy).
    /// Changes `base` in place when its storage is not shared; leaves it as it was on an error.
    public static func assign(_ part: Value, into base: inout Value, at items: [IndexValue]) throws {
        switch base {
        case .list(var elements):
            // NOTE: `base` lets go of the array while it changes, so an array held only here is
            // changed without a copy.
            base = .none
            defer { base = .list(elements) }
            try assign(part, into: &elements, at: items)
        case .tensor(var t):
            base = .none
            defer { base = .tensor(t) }
            guard let value = part.asTensor else {
                throw RuntimeError("cannot put a \(part.typeDescription) into a tensor; give a number or a tensor")
            }
            try t.assign(value, at: try selection(items, in: t.shape))
        case .variable:
            throw RuntimeError(
                "cannot assign into a tensor that grad is differentiating; compute a new tensor instead")
        case .string:
            throw RuntimeError(
                "a string cannot be changed in place; build a new one (s = \"z\" + s[1:])")
        default:
            throw RuntimeError("a \(base.typeDescription) has no elements to assign")
        }
    }

    private static func assign(_ part: Value, into elements: inout [Value], at items: [IndexValue]) throws {
        switch try oneAxis(items, count: elements.count, "list") {
        case .index(let j):
            elements[j] = part
        case .slice(let start, let end, let step):
            let replacement: [Value]
            switch part {
            case .list(let items): replacement = items
            case .tensor(let t) where t.rank >= 1:
                replacement = try (0..<t.shape[0]).map { try subscripted(part, [.index($0)]) }
            default:
                throw RuntimeError("a list slice takes a list, got a \(part.typeDescription)")
            }
            let positions = sliceIndices(count: elements.count, start: start, end: end, step: step)
            if step == 1 {
                // As in Python: the slice's items give way to the replacement, however many.
                let from =
                    positions.first
                    ?? Swift.min(Swift.max(start.map { $0 < 0 ? $0 + elements.count : $0 } ?? 0, 0), elements.count)
                elements.replaceSubrange(from..<(from + positions.count), with: replacement)
            } else {
                guard replacement.count == positions.count else {
                    throw RuntimeError(
                        "a slice with step \(step) chooses \(positions.count) items; cannot assign \(replacement.count)"
                    )
                }
                for (position, item) in zip(positions, replacement) { elements[position] = item }
            }
        }
    }

    /// The positions `items` choose along a tensor's leading axes (numpy's rules).
    private static func selection(_ items: [IndexValue], in shape: [Int]) throws -> [Tensor.AxisSelection] {
        guard items.count <= shape.count else {
            throw RuntimeError("index: \(items.count) indices for a tensor of shape \(shape.shapeDescription)")
        }
        return try items.enumerated().map { axis, item in
            let n = shape[axis]
            switch item {
            case .index(let i):
                let j = i < 0 ? i + n : i
                guard j >= 0 && j < n else {
                    throw RuntimeError(
                        "index \(i) is out of range for axis \(axis) of shape \(shape.shapeDescription)")
                }
                return Tensor.AxisSelection(positions: [j], isSingleIndex: true)
            case .slice(let start, let end, let step):
                return Tensor.AxisSelection(
                    positions: sliceIndices(count: n, start: start, end: end, step: step), isSingleIndex: false)
            }
        }
    }

    private static func sequence(
        _ elements: [Value], _ items: [IndexValue], _ what: String,
        _ rebuild: ([Value]) -> Value
    ) throws -> Value {
        switch try oneAxis(items, count: elements.count, what) {
        case .index(let j):
            return elements[j]
        case .slice(let start, let end, let step):
            return rebuild(sliceIndices(count: elements.count, start: start, end: end, step: step).map { elements[$0] })
        }
    }

    /// The one item of a subscript of a one-axis value (a list, a string) of `count` items: an
    /// index made non-negative and checked, or a slice as given.
    private static func oneAxis(_ items: [IndexValue], count: Int, _ what: String) throws -> IndexValue {
        guard items.count == 1, let item = items.first else {
            throw RuntimeError("a \(what) has one axis, but \(items.count) indices were given")
        }
        guard case .index(let i) = item else { return item }
        let j = i < 0 ? i + count : i
        guard j >= 0 && j < count else {
            throw RuntimeError("index \(i) is out of range for a \(what) of length \(count)")
        }
        return .index(j)
    }

    /// The positions a numpy slice `start:end:step` selects from `count` items.
    public static func sliceIndices(count: Int, start: Int?, end: Int?, step: Int) -> [Int] {
        func clamp(_ i: Int, _ low: Int, _ high: Int) -> Int { Swift.min(Swift.max(i, low), high) }
        var result: [Int] = []
        if step > 0 {
            let lo = clamp(start.map { $0 < 0 ? $0 + count : $0 } ?? 0, 0, count)
            let hi = clamp(end.map { $0 < 0 ? $0 + count : $0 } ?? count, 0, count)
            var i = lo
            while i < hi {
                result.append(i)
                i += step
            }
        } else {
            let hi = clamp(start.map { $0 < 0 ? $0 + count : $0 } ?? count - 1, -1, count - 1)
            let lo = clamp(end.map { $0 < 0 ? $0 + count : $0 } ?? -1, -1, count - 1)
            var i = hi
            while i > lo {
                result.append(i)
                i += step
            }
        }
        return result
    }

    /// One item per axis from the first: an index drops its axis, a slice keeps it.
    private static func axes<T: AxisIndexable>(_ t: T, _ items: [IndexValue]) throws -> T {
        guard items.count <= t.shape.count else {
            throw RuntimeError("index: \(items.count) indices for a tensor of shape \(t.shape.shapeDescription)")
        }
        var result = t
        // `axis` is the axis of `result` the item applies to; an index drops its axis, so the
        // error names `original`, the item's axis in `t`.
        var axis = 0
        for (original, item) in items.enumerated() {
            switch item {
            case .index(let i):
                let n = result.shape[axis]
                let j = i < 0 ? i + n : i
                guard j >= 0 && j < n else {
                    throw RuntimeError(
                        "index \(i) is out of range for axis \(original) of shape \(t.shape.shapeDescription)")
                }
                result = try result.gather([j], axis: axis)
                result = try result.reshaped(Array(result.shape[..<axis]) + Array(result.shape[(axis + 1)...]))
            case .slice(let start, let end, let step):
                result = try result.slice(axis: axis, start: start, end: end, step: step)
                axis += 1
            }
        }
        return result
    }
}

/// What `x[...]` needs from a tensor or a taped tensor (so indexing inside `grad` is recorded).
protocol AxisIndexable {
    var shape: [Int] { get }
    func gather(_ indices: [Int], axis: Int) throws -> Self
    func reshaped(_ shape: [Int]) throws -> Self
    func slice(axis: Int, start: Int?, end: Int?, step: Int) throws -> Self
}

extension Tensor: AxisIndexable {}
extension Variable: AxisIndexable {}
