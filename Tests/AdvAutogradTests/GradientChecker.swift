import AdvTensor
import XCTest

@testable import AdvAutograd

/// Seeded test inputs: uniform in [low, high), optionally kept `margin` away from the points where a
/// primitive has a kink (so a central difference never straddles one).
func randomTensor(
    _ shape: [Int], seed: UInt64, low: Float = -1, high: Float = 1, avoiding kinks: [Float] = [], margin: Float = 0.05
) -> Tensor {
    var generator = SeededGenerator(seed: seed)
    let count = shape.reduce(1, *)
    var scalars = [Float]()
    scalars.reserveCapacity(count)
    while scalars.count < count {
        let x = low + (high - low) * generator.nextUnitFloat()
        if kinks.allSatisfy({ Swift.abs(x - $0) > margin }) { scalars.append(x) }
    }
    return Tensor(shape: shape, repeating: 0).replacing(scalars)
}

extension Tensor {
    /// The same shape with other scalars (counts already equal).
    func replacing(_ scalars: [Float]) -> Tensor {
        (try? Tensor(shape: shape, scalars: scalars)) ?? self
    }
}

/// Checks the gradients the tape computes for `f` at `inputs` against central differences.
///
/// The output of `f` may have any shape: it is reduced to a scalar as `sum(f(x) * r)` with a seeded
/// random `r`, so every entry of the Jacobian is exercised, not only its column sums. The difference
/// quotient is formed in Float64 from Float32 evaluations, over the step actually taken after
/// rounding; a mismatch is reported when `|analytic - numeric| > tolerance * max(1, |numeric|)`.
func checkGradients(
    _ inputs: [Tensor], step: Float = 1e-3, tolerance: Double = 1e-2,
    file: StaticString = #filePath, line: UInt = #line,
    _ f: ([Variable]) throws -> Variable
) throws {
    let tape = Tape()
    let variables = inputs.map(tape.variable)
    let sample = try f(variables)
    let weights = randomTensor(sample.shape, seed: 99, low: 0.5, high: 1.5)
    let output = try (sample * tape.constant(weights)).sum()
    let analytic = try tape.gradients(of: output, wrt: variables)

    func evaluate(_ xs: [Tensor]) throws -> Double {
        let tape = Tape()
        let y = try f(xs.map(tape.constant))
        return Double(try (y * tape.constant(weights)).sum().value.scalars[0])
    }
    for (i, input) in inputs.enumerated() {
        XCTAssertEqual(analytic[i].shape, input.shape, "gradient \(i) shape", file: file, line: line)
        for j in 0..<input.count {
            var plus = input.scalars, minus = input.scalars
            plus[j] += step
            minus[j] -= step
            var xsPlus = inputs, xsMinus = inputs
            xsPlus[i] = input.replacing(plus)
            xsMinus[i] = input.replacing(minus)
            let taken = Double(plus[j]) - Double(minus[j])
            let numeric = (try evaluate(xsPlus) - evaluate(xsMinus)) / taken
            let got = Double(analytic[i].scalars[j])
            XCTAssertLessThanOrEqual(
                Swift.abs(got - numeric), tolerance * Swift.max(1, Swift.abs(numeric)),
                "input \(i) [\(j)]: analytic \(got), numeric \(numeric)", file: file, line: line)
        }
    }
}
