import Foundation
import XCTest

@testable import AdvTensor

/// AdvTensor against numpy: replays the recipes of Scripts/make_fixtures.py by fixture name.
final class FixtureTests: XCTestCase {
    private struct Fixture: Decodable {
        let shape: [Int]
        let data: [Float]
    }

    private static let fixtures: Result<[String: Fixture], Error> = Result {
        guard let url = Bundle.module.url(forResource: "ops", withExtension: "json", subdirectory: "Fixtures") else {
            throw TensorError(op: "fixtures", message: "Fixtures/ops.json is missing from the test bundle")
        }
        return try JSONDecoder().decode([String: Fixture].self, from: Data(contentsOf: url))
    }

    private func load(_ name: String) throws -> Tensor {
        guard let fixture = try Self.fixtures.get()[name] else {
            throw TensorError(op: "fixtures", message: "no fixture named \(name)")
        }
        return try Tensor(shape: fixture.shape, scalars: fixture.data)
    }

    /// `accuracy` is relative above 1. The default covers numpy's own rounding of the same formula
    /// (its exp, log and pow are not the C library's): a few units in the last place of a Float32.
    /// No CPU dependence is allowed for here except in the products (`testMatmul`).
    private func check(_ name: String, _ actual: Tensor, accuracy: Float = 1e-5, line: UInt = #line) throws {
        assertClose(actual, try load(name), accuracy: accuracy, line: line)
    }

    func testBroadcastingArithmetic() throws {
        let a = try load("broadcast/a")
        let b = try load("broadcast/b")
        try check("broadcast/add", try a + b)
        try check("broadcast/subtract", try a - b)
        try check("broadcast/multiply", try a * b)
        try check("broadcast/divide", try a / b)
        try check("broadcast/minimum", try Tensor.minimum(a, b))
        try check("broadcast/maximum", try Tensor.maximum(a, b))
        try check("broadcast/pow", try a.abs().pow(b))
        let m = try load("rows/m")
        let row = try load("rows/row")
        let column = try load("rows/column")
        try check("rows/m+row", try m + row)
        try check("rows/column*row", try column * row)
    }

    func testUnaryComparisonsAndSelect() throws {
        let u = try load("unary/u")
        try check("unary/exp", u.exp())
        try check("unary/log|u|", u.abs().log())
        try check("unary/sqrt|u|", u.abs().sqrt())
        try check("unary/tanh", u.tanh())
        try check("unary/sigmoid", u.sigmoid())
        try check("unary/sign", u.sign())
        try check("unary/clip", u.clipped(min: -1, max: 1))
        let threshold = try load("compare/threshold")
        let less = try u.lessThan(threshold)
        try check("compare/less", less)
        try check("compare/greaterEqual", try u.greaterEqual(threshold))
        try check("compare/select", try Tensor.select(less, u, threshold))
    }

    func testReductionsOverEachAxis() throws {
        let x = try load("reduce/x")
        for axis in 0..<3 {
            try check("reduce/sum\(axis)", try x.sum(axis: axis))
            try check("reduce/mean\(axis)", try x.mean(axis: axis - 3))
            try check("reduce/max\(axis)", try x.max(axis: axis))
            try check("reduce/min\(axis)", try x.min(axis: axis))
            try check("reduce/argmax\(axis)", try x.argmax(axis: axis))
            try check("reduce/logsumexp\(axis)", try x.logSumExp(axis: axis))
            try check("reduce/softmax\(axis)", try x.softmax(axis: axis))
            try check("reduce/logsoftmax\(axis)", try x.logSoftmax(axis: axis), accuracy: 1e-4)
        }
        try check("reduce/sum", try x.sum())
        try check("reduce/logsumexp", try x.logSumExp())
    }

    func testMatmul() throws {
        let p = try load("matmul/p")
        let q = try load("matmul/q")
        let v = try load("matmul/v")
        let w = try load("matmul/w")
        // The one place a CPU-chosen kernel is involved: OpenBLAS sums each entry in the order of
        // the kernel family it picked for this CPU (Haswell, SkylakeX, ...), and numpy made the
        // fixture in Float64. Entries of these sums of at most 7 terms of size about 1 differ by
        // a few Float32 ulps between orders: well inside 1e-5.
        let kernelAccuracy: Float = 1e-5
        try check("matmul/p@q", try Tensor.matmul(p, q), accuracy: kernelAccuracy)
        try check("matmul/p@v", try Tensor.matmul(p, v), accuracy: kernelAccuracy)
        try check("matmul/w@p", try Tensor.matmul(w, p), accuracy: kernelAccuracy)
        try check("matmul/v@v", try Tensor.matmul(v, v), accuracy: kernelAccuracy)
        try check("matmul/pT@p", try Tensor.matmul(p, transposeA: true, p, transposeB: false), accuracy: kernelAccuracy)
        try check("matmul/p@pT", try Tensor.matmul(p, transposeA: false, p, transposeB: true), accuracy: kernelAccuracy)
    }

    func testTranspose() throws {
        let x = try load("reduce/x")
        try check("transpose/x.T(2,0,1)", try x.transposed([2, 0, 1]))
        try check("transpose/x.T(1,0,2)", try x.transposed([1, 0, 2]))
        try check("transpose/big.T", try load("transpose/big").transposed())
    }

    func testSlicing() throws {
        let s = try load("slice/s")
        // The same (axis, start, end, step) list as SLICES in make_fixtures.py.
        let slices: [(Int, Int?, Int?, Int)] = [
            (0, 1, 5, 1), (0, -3, nil, 1), (0, nil, nil, -1), (0, 6, 1, -2), (0, -100, 100, 3),
            (1, nil, -1, 2), (1, 4, nil, -1), (1, -1, -7, -1), (1, 3, 3, 1), (1, 10, nil, -2),
        ]
        for (i, (axis, start, end, step)) in slices.enumerated() {
            try check("slice/\(i)", try s.slice(axis: axis, start: start, end: end, step: step))
        }
    }
}
