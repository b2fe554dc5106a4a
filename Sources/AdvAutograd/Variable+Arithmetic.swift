import AdvTensor

/// Elementwise arithmetic on variables, broadcasting as numpy does (see `Tensor`'s operators).
extension Variable {
    /// Records a broadcasting binary primitive after checking both operands share a tape.
    static func binary(
        _ primitive: Primitive, _ op: String, _ a: Variable, _ b: Variable, _ forward: (Tensor, Tensor) throws -> Tensor
    ) throws -> Variable {
        try sameTape(op, [a, b])
        return a.tape.record(primitive, [a, b], value: try forward(a.value, b.value))
    }

    public static func + (a: Variable, b: Variable) throws -> Variable { try binary(.add, "add", a, b, +) }
    public static func - (a: Variable, b: Variable) throws -> Variable { try binary(.subtract, "subtract", a, b, -) }
    public static func * (a: Variable, b: Variable) throws -> Variable { try binary(.multiply, "multiply", a, b, *) }
    public static func / (a: Variable, b: Variable) throws -> Variable { try binary(.divide, "divide", a, b, /) }

    public static func + (a: Variable, b: Float) -> Variable {
        a.tape.record(.add, [a, a.constant(Tensor(b))], value: a.value + b)
    }
    public static func - (a: Variable, b: Float) -> Variable {
        a.tape.record(.subtract, [a, a.constant(Tensor(b))], value: a.value - b)
    }
    public static func * (a: Variable, b: Float) -> Variable {
        a.tape.record(.multiply, [a, a.constant(Tensor(b))], value: a.value * b)
    }
    public static func / (a: Variable, b: Float) -> Variable {
        a.tape.record(.divide, [a, a.constant(Tensor(b))], value: a.value / b)
    }
    public static func + (a: Float, b: Variable) -> Variable {
        b.tape.record(.add, [b.constant(Tensor(a)), b], value: a + b.value)
    }
    public static func - (a: Float, b: Variable) -> Variable {
        b.tape.record(.subtract, [b.constant(Tensor(a)), b], value: a - b.value)
    }
    public static func * (a: Float, b: Variable) -> Variable {
        b.tape.record(.multiply, [b.constant(Tensor(a)), b], value: a * b.value)
    }
    public static func / (a: Float, b: Variable) -> Variable {
        b.tape.record(.divide, [b.constant(Tensor(a)), b], value: a / b.value)
    }

    public static prefix func - (x: Variable) -> Variable { x.tape.record(.negate, [x], value: -x.value) }

    /// The elementwise smaller of `a` and `b` (broadcasting); the gradient goes to the chosen one.
    public static func minimum(_ a: Variable, _ b: Variable) throws -> Variable {
        try binary(.minimum, "minimum", a, b, Tensor.minimum)
    }

    /// The elementwise larger of `a` and `b` (broadcasting); the gradient goes to the chosen one.
    public static func maximum(_ a: Variable, _ b: Variable) throws -> Variable {
        try binary(.maximum, "maximum", a, b, Tensor.maximum)
    }

    /// numpy `where`: `a` where `condition` is nonzero, else `b` (all three broadcasting).
    /// The condition is a plain tensor: it gets no gradient.
    public static func select(_ condition: Tensor, _ a: Variable, _ b: Variable) throws -> Variable {
        try sameTape("select", [a, b])
        return a.tape.record(
            .select(condition: condition), [a, b], value: try Tensor.select(condition, a.value, b.value))
    }

    public func exp() -> Variable { tape.record(.exp, [self], value: value.exp()) }
    public func log() -> Variable { tape.record(.log, [self], value: value.log()) }
    public func sqrt() -> Variable { tape.record(.squareRoot, [self], value: value.sqrt()) }
    public func abs() -> Variable { tape.record(.absoluteValue, [self], value: value.abs()) }
    /// -1, 0 or 1 elementwise; its gradient is zero.
    public func sign() -> Variable { tape.record(.sign, [self], value: value.sign()) }
    public func squared() -> Variable { tape.record(.square, [self], value: value.squared()) }
    public func sigmoid() -> Variable { tape.record(.sigmoid, [self], value: value.sigmoid()) }
    public func tanh() -> Variable { tape.record(.tanh, [self], value: value.tanh()) }
    public func relu() -> Variable { tape.record(.relu, [self], value: value.relu()) }
    /// `x^exponent` elementwise, for a scalar exponent.
    public func pow(_ exponent: Float) -> Variable {
        tape.record(.power(exponent: exponent), [self], value: value.pow(exponent))
    }
    /// `base^exponent` elementwise with a tensor exponent (broadcasting); both get a gradient (the
    /// exponent's is `base^exponent ln base`, defined for base > 0: see the rule in Gradients.swift).
    public static func pow(_ base: Variable, _ exponent: Variable) throws -> Variable {
        try binary(.tensorPower, "pow", base, exponent) { try $0.pow($1) }
    }
    /// Each scalar limited to [low, high]; the gradient is zero outside.
    public func clipped(min low: Float, max high: Float) -> Variable {
        tape.record(.clip(min: low, max: high), [self], value: value.clipped(min: low, max: high))
    }
}
