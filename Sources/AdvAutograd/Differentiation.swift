import AdvTensor

/// The value of the scalar function `f` at `x` and its gradient there, on a fresh tape.
///
/// Throws when `f` throws or returns something other than a single scalar.
public func valueWithGradient(
    at x: Tensor, of f: (Variable) throws -> Variable
) throws -> (value: Tensor, gradient: Tensor) {
    let (value, gradients) = try valueWithGradients(at: [x]) { try f($0[0]) }
    return (value, gradients[0])
}

/// The value of the scalar function `f` at `xs` and its gradient with respect to each, on a fresh tape.
public func valueWithGradients(
    at xs: [Tensor], of f: ([Variable]) throws -> Variable
) throws -> (value: Tensor, gradients: [Tensor]) {
    let tape = Tape()
    let inputs = xs.map(tape.variable)
    let output = try f(inputs)
    return (output.value, try tape.gradients(of: output, wrt: inputs))
}
