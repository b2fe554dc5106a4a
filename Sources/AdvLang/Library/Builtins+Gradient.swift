import AdvAutograd
import AdvSyntax
import AdvTensor

/// `grad(f, x)`: the gradient of a scalar-valued adv function at x, by reverse-mode autodiff.
///
/// `f` is called once with x as a taped value (`Value.variable`); the operators and the
/// math/reduction built-ins record what they do on the tape, and the tape's backward pass gives
/// the gradient, the shape of x. This is how new attacks are written in the language itself:
/// `x + eps * sign(grad(loss, x))` is FGSM.
extension BuiltinLibrary {
    func registerGradient() {
        register(
            "grad", "grad(f, x)",
            """
            The gradient of the scalar function f at x (a tensor or number), with x's shape. f must \
            return a single number computed from its argument with operators and built-ins such as \
            sum, mean, exp, log, softmax, logsumexp, concat, min, max, @, and a model's logits and \
            probabilities. Comparisons, argmax, floor and round count as constants (their gradient is \
            zero); a built-in grad cannot see through is an error, never a silent zero.
            """,
            tracing: .recorded
        ) { args, session in
            try args.check(2...2)
            let f = try args.value(0, "f")
            // NOTE: the tape's backward pass computes with plain tensors and records nothing, so a
            // gradient of a gradient (grad inside the function given to grad) cannot be taken.
            if case .variable = args.positional[1] { throw BuiltinLibrary.nestedGrad }
            let x = try args.tensor(1, "x")
            session.gradsRunning += 1
            defer { session.gradsRunning -= 1 }
            let (_, gradient) = try valueWithGradient(at: x) { v in
                let result = try session.call(f, [.variable(v)])
                switch result {
                case .variable(let out):
                    guard out.tape === v.tape else { throw BuiltinLibrary.nestedGrad }
                    guard out.value.count == 1 else {
                        throw RuntimeError(
                            "grad: f must return a single number, got tensor \(out.shape.shapeDescription)")
                    }
                    return try out.reshaped([])
                default:
                    guard let n = result.asNumber else {
                        throw RuntimeError("grad: f must return a number, got \(result.typeDescription)")
                    }
                    // A result that does not depend on x: its gradient is zero.
                    return v.tape.constant(Tensor(Float(n)))
                }
            }
            if case .number = args.positional[1], let g = gradient.scalars.first { return .number(Double(g)) }
            return .tensor(gradient)
        }
    }
}

extension BuiltinLibrary {
    /// The error for grad inside the function given to grad, on that function's traced values.
    static var nestedGrad: RuntimeError {
        RuntimeError(
            "grad: grad cannot differentiate through grad (a gradient of a gradient is not supported)",
            notes: ["take the inner gradient outside the function given to the outer grad"])
    }
}
