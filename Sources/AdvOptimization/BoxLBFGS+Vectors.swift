/// Small vector kernels over rows of the workspace buffers, with Float64 accumulators.
///
/// NOTE: the dot products feed `rho = 1 / s.y` and the Armijo test, where Float32 sums over 784
/// terms lose the few significant digits that separate a sufficient decrease from noise; Float64
/// accumulation keeps them.
enum BoxLBFGSVectors {
    /// `sum a[aStart + i] * b[bStart + i]` for `i < count`.
    static func dot(
        _ a: UnsafeMutableBufferPointer<Float>, _ aStart: Int,
        _ b: UnsafeMutableBufferPointer<Float>, _ bStart: Int, count: Int
    ) -> Double {
        var sum = 0.0
        for i in 0..<count { sum += Double(a[aStart + i]) * Double(b[bStart + i]) }
        return sum
    }

    /// `a[aStart + i] += scale * b[bStart + i]` for `i < count`.
    static func addScaled(
        _ a: UnsafeMutableBufferPointer<Float>, _ aStart: Int, _ scale: Double,
        _ b: UnsafeMutableBufferPointer<Float>, _ bStart: Int, count: Int
    ) {
        let factor = Float(scale)
        for i in 0..<count { a[aStart + i] += factor * b[bStart + i] }
    }

    /// Copies `count` scalars from `source[sourceStart...]` to `target[targetStart...]`.
    static func copy(
        _ source: UnsafeMutableBufferPointer<Float>, _ sourceStart: Int,
        to target: UnsafeMutableBufferPointer<Float>, _ targetStart: Int, count: Int
    ) {
        for i in 0..<count { target[targetStart + i] = source[sourceStart + i] }
    }
}
