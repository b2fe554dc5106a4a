import AdvLibrary
import XCTest

@testable import AdvLang

/// The rule for traced values inside `grad`: every built-in records, reads a constant on purpose,
/// or refuses; none silently turns a traced tensor into a constant.
final class TracingTests: XCTestCase {
    /// The built-ins that are not opaque, by kind. A new built-in is opaque (an error under grad)
    /// until someone decides otherwise here and in its registration.
    func testTheDifferentiableAndConstantBuiltinsAreTheseLists() {
        let library = BuiltinLibrary.standard()
        func names(_ kind: Tracing) -> [String] {
            library.entries.values.filter { $0.tracing == kind }.map(\.name).sorted()
        }
        XCTAssertEqual(
            names(.recorded),
            [
                "abs", "append", "clip", "concat", "exp", "grad", "log", "logits", "logsumexp", "max", "mean", "min",
                "number", "pow", "probabilities", "relu", "reshape", "sigmoid", "sign", "softmax", "sqrt", "stack",
                "sum", "tanh", "tensor", "transpose",
            ])
        XCTAssertEqual(
            names(.constant),
            [
                "argmax", "argsort", "fail", "floor", "keys", "len", "ones", "print", "rand", "randn", "range", "round",
                "seed",
                "shape",
                "str", "time", "type", "zeros",
            ])
    }

    func testAnOpaqueBuiltinRefusesATracedArgumentAtItsCall() {
        let (_, diagnostics) = runProgram("print grad(fn(x) => error(x), [1])", name: "t.adv")
        XCTAssertEqual(
            diagnostics?.all.map(\.headline),
            ["1:21: error: error: grad cannot differentiate through error (argument 1 is computed from grad's x)"])
    }

    func testAConstantBuiltinReadsThePlainValueAndATracedScalarAsANumber() {
        let (output, diagnostics) = runProgram("print grad(fn(x) { print type(x), str(x)\n x * 2 }, 3)", name: "t.adv")
        XCTAssertNil(diagnostics)
        XCTAssertEqual(output, ["number 3", "2"])
    }
}
