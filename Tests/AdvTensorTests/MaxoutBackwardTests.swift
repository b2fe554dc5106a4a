import XCTest

@testable import AdvTensor

/// `MaxoutBackward`: the sums of winning rows against the dense `dz` products and a hand-made case.
/// On a CPU without AdvVectorKernels `sparse: true` runs the dense way too, so every test still
/// checks what that machine runs.
final class MaxoutBackwardTests: XCTestCase {
    override func tearDown() {
        MaxoutBackward.sparse = CPU.hasVectorKernels
        super.tearDown()
    }

    private func random(_ shape: [Int], seed: UInt64) throws -> Tensor {
        var generator = SeededGenerator(seed: seed)
        let count = shape.reduce(1, *)
        return try tensor(shape, (0..<count).map { _ in 2 * generator.nextUnitFloat() - 1 })
    }

    /// Winning columns: unit j of row r picks one of its own pieces.
    private func winners(rows: Int, units: Int, pieces: Int, seed: UInt64) -> [Int32] {
        var generator = SeededGenerator(seed: seed)
        return (0..<rows * units).map { Int32(($0 % units) * pieces + Int(generator.next() % UInt64(pieces))) }
    }

    /// (dw, db, dx) by `MaxoutBackward` with `sparse` as given; `dw`, `db` start from `start` when accumulating.
    private func products(
        sparse: Bool, x: Tensor, w: Tensor, dy: Tensor, argmax: [Int32], pieces: Int, accumulate: (Tensor, Tensor)?
    ) throws -> (Tensor, Tensor, Tensor) {
        MaxoutBackward.sparse = sparse
        var backward = MaxoutBackward()
        var (dw, db, dx, scratch) = (
            accumulate?.0 ?? .zeros([0]), accumulate?.1 ?? .zeros([0]), Tensor.zeros([0]), [Double]()
        )
        try backward.prepare(dy, argmax: argmax, pieces: pieces)
        try backward.parameterGradients(x, accumulate: accumulate != nil, weights: &dw, bias: &db, scratch: &scratch)
        try backward.inputGradient(w, into: &dx)
        return (dw, db, dx)
    }

    func testAHandMadeCase() throws {
        // Two examples, one unit of two pieces, two inputs: example 0 won by piece 1, example 1 by piece 0.
        let x = try tensor([2, 2], [1, 2, 3, 4])
        let w = try tensor([2, 2], [10, 20, 30, 40])
        let dy = try tensor([2, 1], [5, 7])
        let (dw, db, dx) = try products(sparse: true, x: x, w: w, dy: dy, argmax: [1, 0], pieces: 2, accumulate: nil)
        // dz = [[0, 5], [7, 0]]: dw = x^T dz, db = column sums, dx = dz w^T.
        XCTAssertEqual(dw.scalars, [21, 5, 28, 10])
        XCTAssertEqual(db.scalars, [7, 5])
        XCTAssertEqual(dx.scalars, [100, 200, 70, 210])
    }

    func testSumsOfRowsEqualTheDenseProductsAtOddShapes() throws {
        // Widths around the 64-, 32- and 8-column blocks, piece counts that leave groups of 8 outputs
        // short, and (the last two) products large enough to be split over threads by blocks of units.
        for (rows, inputs, units, pieces) in [
            (5, 3, 2, 3), (9, 33, 7, 3), (4, 70, 5, 5), (3, 40, 3, 1), (17, 784, 24, 5), (20, 300, 21, 3),
        ] {
            let x = try random([rows, inputs], seed: UInt64(inputs))
            let w = try random([inputs, units * pieces], seed: UInt64(inputs + 1))
            let dy = try random([rows, units], seed: UInt64(inputs + 2))
            let argmax = winners(rows: rows, units: units, pieces: pieces, seed: UInt64(inputs + 3))
            let dense = try products(sparse: false, x: x, w: w, dy: dy, argmax: argmax, pieces: pieces, accumulate: nil)
            let sparse = try products(sparse: true, x: x, w: w, dy: dy, argmax: argmax, pieces: pieces, accumulate: nil)
            assertClose(sparse.0, dense.0, accuracy: 1e-4)
            assertClose(sparse.1, dense.1, accuracy: 1e-4)
            assertClose(sparse.2, dense.2, accuracy: 1e-4)
            // Accumulating adds onto what the gradients held.
            let start = (try random(dense.0.shape, seed: 11), try random(dense.1.shape, seed: 12))
            let added = try products(
                sparse: true, x: x, w: w, dy: dy, argmax: argmax, pieces: pieces, accumulate: start)
            assertClose(added.0, try start.0 + dense.0, accuracy: 1e-4)
            assertClose(added.1, try start.1 + dense.1, accuracy: 1e-4)
        }
    }

    func testAnEmptyBatchGivesZeroGradients() throws {
        for sparse in [false, true] {
            let (dw, db, dx) = try products(
                sparse: sparse, x: Tensor.zeros([0, 4]), w: try random([4, 6], seed: 1), dy: Tensor.zeros([0, 3]),
                argmax: [], pieces: 2, accumulate: nil)
            XCTAssertEqual(dw.shape, [4, 6])
            XCTAssertEqual(dw.scalars, [Float](repeating: 0, count: 24))
            XCTAssertEqual(db.scalars, [Float](repeating: 0, count: 6))
            XCTAssertEqual(dx.shape, [0, 4])
        }
    }

    func testMismatchedShapesThrowNamingThem() throws {
        var backward = MaxoutBackward()
        let dy = try random([2, 3], seed: 1)
        XCTAssertThrowsError(try backward.prepare(dy, argmax: [0, 1], pieces: 2))
        XCTAssertThrowsError(try backward.prepare(dy, argmax: [0, 2, 4, 1, 3, 6], pieces: 2)) {
            XCTAssertTrue("\($0)".contains("[2, 3]"), "\($0)")
        }
        try backward.prepare(dy, argmax: [0, 2, 4, 1, 3, 5], pieces: 2)
        var (dw, db, dx, scratch) = (Tensor.zeros([0]), Tensor.zeros([0]), Tensor.zeros([0]), [Double]())
        XCTAssertThrowsError(
            try backward.parameterGradients(
                try random([3, 4], seed: 2), accumulate: false, weights: &dw, bias: &db, scratch: &scratch))
        XCTAssertThrowsError(try backward.inputGradient(try random([4, 5], seed: 3), into: &dx))
    }
}
