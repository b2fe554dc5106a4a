import AdvLibrary
import AdvTensor
import XCTest

@testable import AdvLang

final class ArgumentsTests: XCTestCase {
    private func message(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as RuntimeError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    func testTypedAccessorsNameTheFunctionTheArgumentAndWhatTheyGot() throws {
        let args = Arguments(
            callee: "fgsm", positional: [.string("m"), .tensor(Tensor([1, 2, 3])), .number(2.5)],
            named: [("seed", .number(1)), ("clip", .bool(false))])
        XCTAssertEqual(
            message { _ = try args.number(1, "eps") }, "fgsm: argument 2 (eps) must be a number, got tensor [3]")
        XCTAssertEqual(message { _ = try args.int(2, "steps") }, "fgsm: argument 3 (steps) must be an integer, got 2.5")
        XCTAssertEqual(
            message { _ = try args.string(1, "name") }, "fgsm: argument 2 (name) must be a string, got tensor [3]")
        XCTAssertEqual(message { _ = try args.value(5, "x") }, "fgsm: argument 6 (x) is missing")
        XCTAssertEqual(message { try args.check(1...2) }, "fgsm: expected 1 to 2 arguments, got 3")
        XCTAssertEqual(
            message { try args.check(3...3, labels: ["seed", "clips"]) },
            "fgsm: unknown named argument 'clip'; did you mean 'clips'?")
        XCTAssertEqual(try args.namedInt("seed"), 1)
        XCTAssertEqual(try args.namedBool("clip"), false)
        XCTAssertNil(try args.namedNumber("absent"))
        XCTAssertEqual(try args.tensor(2, "x").scalar, 2.5)
        XCTAssertEqual(
            message { _ = try args.object(0, "model", as: RegistryTests.FakeModel.self) },
            "fgsm: argument 1 (model) must be a model, got string")
    }

    func testShapesAreValidatedAndBounded() {
        let args = Arguments(
            callee: "zeros",
            positional: [.list([]), .tensor(Tensor([2, -3])), .tensor(Tensor([1_048_576, 1_048_576]))])
        XCTAssertEqual(try args.shape(0, "shape"), [])
        XCTAssertEqual(
            message { _ = try args.shape(1, "shape") }, "zeros: argument 2 (shape) has a negative extent: [2, -3]")
        XCTAssertEqual(
            message { _ = try args.shape(2, "shape") },
            "zeros: argument 3 (shape): [1048576, 1048576] is too large (more than 268435456 elements)")
    }

    func testSessionCallOutsideARunIsAnError() {
        XCTAssertEqual(
            message { _ = try Session(library: .standard()).call(.number(1), []) },
            "cannot call a function outside a running program")
    }
}
