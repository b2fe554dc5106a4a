import AdvTensor

/// Reductions on variables: axis nil reduces over all scalars; negative axes count from the end.
extension Variable {
    /// The axis normalized to `0 ..< rank`, or nil for "all".
    private func axisOrAll(_ axis: Int?, _ op: String) throws -> Int? {
        try axis.map { try normalizedAxis($0, rank: value.rank, op: op) }
    }

    public func sum(axis: Int? = nil, keepDims: Bool = false) throws -> Variable {
        let axis = try axisOrAll(axis, "sum")
        return tape.record(
            .sum(axis: axis, keepDims: keepDims), [self], value: try value.sum(axis: axis, keepDims: keepDims))
    }

    public func mean(axis: Int? = nil, keepDims: Bool = false) throws -> Variable {
        let axis = try axisOrAll(axis, "mean")
        return tape.record(
            .mean(axis: axis, keepDims: keepDims), [self], value: try value.mean(axis: axis, keepDims: keepDims))
    }

    /// The maximum; tied maxima share the gradient equally.
    public func max(axis: Int? = nil, keepDims: Bool = false) throws -> Variable {
        let axis = try axisOrAll(axis, "max")
        return tape.record(
            .max(axis: axis, keepDims: keepDims), [self], value: try value.max(axis: axis, keepDims: keepDims))
    }

    /// The minimum, as `-max(-x)`: tied minima share the gradient equally.
    public func min(axis: Int? = nil, keepDims: Bool = false) throws -> Variable {
        -(try (-self).max(axis: axis, keepDims: keepDims))
    }

    /// `log(sum(exp(x)))`, computed stably.
    public func logSumExp(axis: Int? = nil, keepDims: Bool = false) throws -> Variable {
        let axis = try axisOrAll(axis, "logSumExp")
        return tape.record(
            .logSumExp(axis: axis, keepDims: keepDims), [self],
            value: try value.logSumExp(axis: axis, keepDims: keepDims))
    }

    public func softmax(axis: Int = -1) throws -> Variable {
        let axis = try normalizedAxis(axis, rank: value.rank, op: "softmax")
        return tape.record(.softmax(axis: axis), [self], value: try value.softmax(axis: axis))
    }

    public func logSoftmax(axis: Int = -1) throws -> Variable {
        let axis = try normalizedAxis(axis, rank: value.rank, op: "logSoftmax")
        return tape.record(.logSoftmax(axis: axis), [self], value: try value.logSoftmax(axis: axis))
    }
}
