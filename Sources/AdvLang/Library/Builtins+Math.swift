import AdvAutograd
import AdvSyntax
import AdvTensor
import Foundation

/// Elementwise math on numbers and tensors: exp log sqrt abs sign sigmoid relu tanh floor round,
/// clip, pow, and the two-argument forms of min/max (the one-argument forms are reductions, in
/// Builtins+Tensor.swift).
extension BuiltinLibrary {
    func registerMath() {
        unary("exp", "e to the power x, elementwise.", Foundation.exp, { $0.exp() }, { $0.exp() })
        unary("log", "The natural logarithm, elementwise (log 0 is -inf).", Foundation.log, { $0.log() }, { $0.log() })
        unary("sqrt", "The square root, elementwise.", Foundation.sqrt, { $0.sqrt() }, { $0.sqrt() })
        unary("abs", "The absolute value, elementwise.", Swift.abs, { $0.abs() }, { $0.abs() })
        unary(
            "sign", "-1, 0 or 1 by the sign of x, elementwise: the direction FGSM steps in.",
            { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }, { $0.sign() }, { $0.sign() })
        unary(
            "sigmoid", "1 / (1 + exp(-x)), elementwise.", { 1 / (1 + Foundation.exp(-$0)) }, { $0.sigmoid() },
            { $0.sigmoid() })
        unary("relu", "max(x, 0), elementwise.", { Swift.max($0, 0) }, { $0.relu() }, { $0.relu() })
        unary("tanh", "The hyperbolic tangent, elementwise.", Foundation.tanh, { $0.tanh() }, { $0.tanh() })
        unary("floor", "The largest integer not above x (numbers only).", { $0.rounded(.down) }, nil, nil)
        unary(
            "round", "x rounded to the nearest integer, halves away from zero (numbers only).", { $0.rounded() }, nil,
            nil)

        register(
            "clip", "clip(x, low, high)",
            "x with every element limited to [low, high]: keeps adversarial pixels in [0, 1].",
            tracing: .recorded
        ) { args, _ in
            try args.check(3...3)
            for (i, name) in [(1, "low"), (2, "high")] where try args.value(i, name).isTraced {
                throw Tracing.cannotDifferentiate("clip", name)
            }
            let low = try args.number(1, "low")
            let high = try args.number(2, "high")
            guard low <= high else {
                throw RuntimeError("clip: low \(formatNumber(low)) is above high \(formatNumber(high))")
            }
            if case .number(let n) = try args.value(0, "x") { return .number(Swift.min(Swift.max(n, low), high)) }
            if case .variable(let v) = try args.value(0, "x") {
                return .variable(v.clipped(min: Float(low), max: Float(high)))
            }
            return .tensor(try args.tensor(0, "x").clipped(min: Float(low), max: Float(high)))
        }
        register(
            "pow", "pow(x, e)",
            "x to the power e, elementwise, broadcasting (same as x ^ e). Inside grad, the gradient in e is x^e ln x, for x > 0 (0 where x^e is 0, nan for x < 0).",
            tracing: .recorded
        ) { args, _ in
            try args.check(2...2)
            return try Operators.apply(.power, try args.value(0, "x"), try args.value(1, "e"))
        }
    }

    /// Registers a one-argument elementwise function with a number form, a tensor form and a
    /// recorded form for `grad` (nil: numbers only, and piecewise constant, so a traced x is read as
    /// its plain value: floor, round).
    private func unary(
        _ name: String, _ doc: String, _ number: @escaping (Double) -> Double,
        _ tensor: ((Tensor) -> Tensor)?, _ variable: ((Variable) -> Variable)?
    ) {
        register(name, "\(name)(x)", doc, tracing: variable == nil ? .constant : .recorded) { args, _ in
            try args.check(1...1)
            let v = try args.value(0, "x")
            if case .number(let n) = v { return .number(number(n)) }
            if case .variable(let x) = v, let variable { return .variable(variable(x)) }
            guard let tensor else {
                throw RuntimeError("\(name): argument 1 (x) must be a number, got \(v.typeDescription)")
            }
            return .tensor(tensor(try args.tensor(0, "x")))
        }
    }
}
