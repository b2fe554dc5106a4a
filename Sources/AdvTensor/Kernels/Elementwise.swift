import Foundation

/// The binary elementwise operations. Each has its own loop in `Elementwise.binary`.
enum BinaryOperator: Sendable {
    case add, subtract, multiply, divide, power, minimum, maximum
    case less, greater, lessEqual, greaterEqual, equal, notEqual

    /// The op's name in error messages, as a script's reader knows it: the word and the
    /// language's operator ("add (+)"), or the built-in's name for the elementwise `max`/`min`.
    var name: String {
        switch self {
        case .add: "add (+)"
        case .subtract: "subtract (-)"
        case .multiply: "multiply (*)"
        case .divide: "divide (/)"
        case .power: "power (^)"
        case .minimum: "min"
        case .maximum: "max"
        case .less: "compare (<)"
        case .greater: "compare (>)"
        case .lessEqual: "compare (<=)"
        case .greaterEqual: "compare (>=)"
        case .equal: "compare (==)"
        case .notEqual: "compare (!=)"
        }
    }
}

/// The unary elementwise operations. Each has its own loop in `Elementwise.unary`.
enum UnaryOperator: Sendable {
    case negate, exp, log, sqrt, abs, sign, square, sigmoid, tanh, relu, reciprocal
}

/// Elementwise loops over contiguous or stride-0 (broadcast) buffers.
enum Elementwise {
    /// `out[o + i] = a[ia + i * strideA] op b[ib + i * strideB]` for `i` in `0..<count`; each
    /// stride is 0 (a broadcast scalar) or 1 (contiguous).
    static func binary(
        _ op: BinaryOperator,
        _ a: UnsafeBufferPointer<Float>, _ ia: Int, strideA: Int,
        _ b: UnsafeBufferPointer<Float>, _ ib: Int, strideB: Int,
        _ out: UnsafeMutableBufferPointer<Float>, _ o: Int, count: Int
    ) {
        // NOTE: `span` is inlined and specialised for each literal closure below, so the release
        // build has one plain loop per operator (no call per element).
        @inline(__always)
        func span(_ f: (Float, Float) -> Float) {
            switch (strideA, strideB) {
            case (1, 1): for i in 0..<count { out[o + i] = f(a[ia + i], b[ib + i]) }
            case (0, 1):
                let x = a[ia]
                for i in 0..<count { out[o + i] = f(x, b[ib + i]) }
            case (1, 0):
                let y = b[ib]
                for i in 0..<count { out[o + i] = f(a[ia + i], y) }
            default:
                for i in 0..<count { out[o + i] = f(a[ia + i * strideA], b[ib + i * strideB]) }
            }
        }
        switch op {
        case .add: span { $0 + $1 }
        case .subtract: span { $0 - $1 }
        case .multiply: span { $0 * $1 }
        case .divide: span { $0 / $1 }
        case .power: span { Foundation.pow($0, $1) }
        // NOTE: numpy's minimum/maximum propagate NaN; Swift's Float.minimum does not.
        case .minimum: span { ($0 <= $1 || $0.isNaN) ? $0 : $1 }
        case .maximum: span { ($0 >= $1 || $0.isNaN) ? $0 : $1 }
        case .less: span { $0 < $1 ? 1 : 0 }
        case .greater: span { $0 > $1 ? 1 : 0 }
        case .lessEqual: span { $0 <= $1 ? 1 : 0 }
        case .greaterEqual: span { $0 >= $1 ? 1 : 0 }
        case .equal: span { $0 == $1 ? 1 : 0 }
        case .notEqual: span { $0 != $1 ? 1 : 0 }
        }
    }

    /// `out[i] = op(x[i])` over equal-length contiguous buffers.
    static func unary(_ op: UnaryOperator, _ x: UnsafeBufferPointer<Float>, _ out: UnsafeMutableBufferPointer<Float>) {
        @inline(__always)
        func each(_ f: (Float) -> Float) {
            for i in 0..<x.count { out[i] = f(x[i]) }
        }
        switch op {
        case .negate: each { -$0 }
        case .exp: each { Foundation.exp($0) }
        case .log: each { Foundation.log($0) }
        case .sqrt: each { $0.squareRoot() }
        case .abs: each { Swift.abs($0) }
        case .sign: each { $0 > 0 ? 1 : ($0 < 0 ? -1 : $0) }
        case .square: each { $0 * $0 }
        // NOTE: split at 0 so exp never overflows: 1/(1+e^-x) for x >= 0, e^x/(1+e^x) below.
        case .sigmoid:
            each { x in
                if x >= 0 { return 1 / (1 + Foundation.exp(-x)) }
                let e = Foundation.exp(x)
                return e / (1 + e)
            }
        case .tanh: each { Foundation.tanh($0) }
        // NOTE: relu(NaN) is NaN, as in numpy's maximum(x, 0).
        case .relu: each { $0 > 0 || $0.isNaN ? $0 : 0 }
        case .reciprocal: each { 1 / $0 }
        }
    }

    /// `out[i] = min(max(x[i], low), high)`; NaN stays NaN.
    static func clip(_ x: UnsafeBufferPointer<Float>, low: Float, high: Float, _ out: UnsafeMutableBufferPointer<Float>)
    {
        for i in 0..<x.count {
            let v = x[i]
            out[i] = v < low ? low : (v > high ? high : v)
        }
    }

    /// `out[i] = condition[ic] != 0 ? a[ia] : b[ib]` along one row, strides 0 or 1.
    static func select(
        _ condition: UnsafeBufferPointer<Float>, _ ic: Int, strideC: Int,
        _ a: UnsafeBufferPointer<Float>, _ ia: Int, strideA: Int,
        _ b: UnsafeBufferPointer<Float>, _ ib: Int, strideB: Int,
        _ out: UnsafeMutableBufferPointer<Float>, _ o: Int, count: Int
    ) {
        for i in 0..<count {
            out[o + i] = condition[ic + i * strideC] != 0 ? a[ia + i * strideA] : b[ib + i * strideB]
        }
    }
}
