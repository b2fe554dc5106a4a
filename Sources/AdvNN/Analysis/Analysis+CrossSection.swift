import AdvTensor

/// The classes a model gives a 2-D slice of input space around one example (Warde-Farley &
/// Goodfellow 2016, shown in Goodfellow's lecture): the plane through x spanned by two
/// directions, sampled on a square grid.
public struct CrossSection: Sendable, Equatable {
    /// The predicted class at each grid point, row-major, `resolution` rows of `resolution`:
    /// row 0 is +extent along the second direction (the top of the picture), column 0 is -extent
    /// along the first; the centre is x itself.
    public var classes: [Int]
    public var resolution: Int
    /// The example's true class.
    public var label: Int

    /// The class at `(a, b)` steps from the centre: `a` along the first direction (columns), `b`
    /// along the second (rows, upwards).
    public func classAt(_ a: Int, _ b: Int) -> Int {
        let centre = resolution / 2
        return classes[(centre - b) * resolution + centre + a]
    }

    /// Whether the prediction differs from the centre's anywhere on the first axis (b = 0) within
    /// `steps` grid steps of the centre.
    public func changesAlongFirst(within steps: Int) -> Bool {
        (-steps...steps).contains { classAt($0, 0) != classAt(0, 0) }
    }

    /// The same along the second axis (a = 0).
    public func changesAlongSecond(within steps: Int) -> Bool {
        (-steps...steps).contains { classAt(0, $0) != classAt(0, 0) }
    }
}

extension Analysis {
    /// What spans a cross-section: the FGSM direction and a random direction orthogonal to it
    /// ("adversarial" maps), or two random directions orthogonal to each other ("random" maps).
    public enum CrossSectionKind: Sendable {
        case adversarial
        case random
    }

    /// One cross-section per example of `x` [n, inputs]: the plane through each x spanned by two
    /// directions of the L2 length of a sign vector (sqrt(inputs)), so a step of `a` along either
    /// is as long as the FGSM step of eps `a`; grid points run from -extent to +extent in
    /// `resolution` steps (odd, so x is a grid point), not clipped to [0, 1].
    ///
    /// Directions: the first is sign(grad_x J(x, y)) for `.adversarial` (exactly FGSM's step at
    /// eps 1) and a random sign vector for `.random`; the second is a random sign vector made
    /// orthogonal to the first (Gram-Schmidt) and rescaled to the same length.
    public static func crossSections(
        _ model: any Classifier, _ x: Tensor, labels: [Int], kind: CrossSectionKind, extent: Float, resolution: Int,
        using generator: inout SeededGenerator, shouldStop: () -> Bool = { false }
    ) throws -> [CrossSection] {
        let op = "cross sections"
        try Batch.validate(op, model, x, labels: labels)
        guard resolution >= 3, resolution % 2 == 1, resolution <= 201 else {
            throw AttackError(op: op, message: "resolution must be odd, from 3 to 201, got \(resolution)")
        }
        guard extent > 0, extent.isFinite else {
            throw AttackError(op: op, message: "extent must be a positive number, got \(extent)")
        }
        let (n, d) = (x.shape[0], x.shape[1])
        let length = Float(d).squareRoot()
        let first: Tensor
        switch kind {
        case .adversarial: first = try Batch.inputGradient(op, model, x, labels: labels).gradient.sign()
        case .random: first = Tensor.bernoulli([n, d], p: 0.5, using: &generator) * 2 - 1
        }
        let second = try orthogonalized(Tensor.bernoulli([n, d], p: 0.5, using: &generator) * 2 - 1, to: first)
            .rescaledRows(toLength: length)
        let firstUnit = try first.rescaledRows(toLength: length)
        // The grid's step sizes: column j steps a_j along the first direction, row i steps b_i along
        // the second (row 0 at +extent).
        let offsets = (0..<resolution).map { extent * (2 * Float($0) / Float(resolution - 1) - 1) }
        let a = try Tensor(
            shape: [resolution * resolution, 1], scalars: (0..<resolution * resolution).map { offsets[$0 % resolution] }
        )
        let b = try Tensor(
            shape: [resolution * resolution, 1],
            scalars: (0..<resolution * resolution).map { -offsets[$0 / resolution] })
        var sections: [CrossSection] = []
        for i in 0..<n {
            if shouldStop() { throw AttackError(op: op, message: "interrupted") }
            let row = try x.slice(axis: 0, start: i, end: i + 1)
            let u = try firstUnit.slice(axis: 0, start: i, end: i + 1)
            let v = try second.slice(axis: 0, start: i, end: i + 1)
            // [r*r, 1] * [1, d] + ...: one grid point a row.
            let grid = try row + a * u + b * v
            let predicted = try Metrics.predictions(model, grid).classes
            sections.append(CrossSection(classes: predicted, resolution: resolution, label: labels[i]))
        }
        return sections
    }

    /// Each row of `r` minus its projection on the same row of `onto`.
    private static func orthogonalized(_ r: Tensor, to onto: Tensor) throws -> Tensor {
        let dot = try (r * onto).sum(axis: 1).reshaped([r.shape[0], 1])
        let norm = try (onto * onto).sum(axis: 1).reshaped([r.shape[0], 1])
        return try r - dot / norm * onto
    }
}

extension Tensor {
    /// Each row scaled to L2 length `length` (a zero row stays zero).
    fileprivate func rescaledRows(toLength length: Float) throws -> Tensor {
        let norms = try (self * self).sum(axis: 1).sqrt().reshaped([shape[0], 1])
        return try self / Tensor.maximum(norms, Tensor(1e-12)) * length
    }
}
