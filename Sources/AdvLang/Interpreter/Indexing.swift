import AdvAutograd
import AdvSyntax
import AdvTensor

/// `x[...]` on lists, strings, tensors and domain objects, with numpy rules: negative indices
/// count from the end, slices clamp, one item per axis from the first.
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

    private static func sequence(
        _ elements: [Value], _ items: [IndexValue], _ what: String,
        _ rebuild: ([Value]) -> Value
    ) throws -> Value {
        guard items.count == 1, let item = items.first else {
            throw RuntimeError("a \(what) has one axis, but \(items.count) indices were given")
        }
        switch item {
        case .index(let i):
            let j = i < 0 ? i + elements.count : i
            guard j >= 0 && j < elements.count else {
                throw RuntimeError("index \(i) is out of range for a \(what) of length \(elements.count)")
            }
            return elements[j]
        case .slice(let start, let end, let step):
            return rebuild(sliceIndices(count: elements.count, start: start, end: end, step: step).map { elements[$0] })
        }
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
