/// Elementwise functions of one tensor; each keeps the shape and never fails.
extension Tensor {
    func unary(_ op: UnaryOperator) -> Tensor {
        mapped(shape) { input, output in Elementwise.unary(op, input, output) }
    }

    /// e^x.
    public func exp() -> Tensor { unary(.exp) }
    /// The natural logarithm; -inf at 0, NaN below.
    public func log() -> Tensor { unary(.log) }
    /// The square root; NaN below 0.
    public func sqrt() -> Tensor { unary(.sqrt) }
    /// |x|.
    public func abs() -> Tensor { unary(.abs) }
    /// -1, 0 or 1 by the sign of x (NaN stays NaN).
    public func sign() -> Tensor { unary(.sign) }
    /// x².
    public func squared() -> Tensor { unary(.square) }
    /// The logistic function 1 / (1 + e^-x), computed without overflow.
    public func sigmoid() -> Tensor { unary(.sigmoid) }
    /// The hyperbolic tangent.
    public func tanh() -> Tensor { unary(.tanh) }
    /// max(x, 0).
    public func relu() -> Tensor { unary(.relu) }
    /// 1 / x.
    public func reciprocal() -> Tensor { unary(.reciprocal) }

    /// Each scalar clamped into [min, max]; NaN stays NaN.
    public func clipped(min low: Float, max high: Float) -> Tensor {
        mapped(shape) { input, output in Elementwise.clip(input, low: low, high: high, output) }
    }
}
