extension Tensor {
    /// A new tensor of `shape` (extents already validated) whose scalars `body` writes, every one of
    /// them, into the uninitialised buffer it is given.
    static func build(_ shape: [Int], _ body: (UnsafeMutableBufferPointer<Float>) -> Void) -> Tensor {
        let count = shape.reduce(1, *)
        let scalars = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            body(UnsafeMutableBufferPointer(rebasing: buffer[0..<count]))
            initialized = count
        }
        return Tensor(unchecked: shape, scalars: scalars)
    }

    /// A new tensor of `shape` computed from this tensor's scalars by `body(input, output)`.
    func mapped(
        _ shape: [Int], _ body: (UnsafeBufferPointer<Float>, UnsafeMutableBufferPointer<Float>) -> Void
    ) -> Tensor {
        scalars.withUnsafeBufferPointer { input in Tensor.build(shape) { output in body(input, output) } }
    }
}

/// Buffers reused from call to call: what the in-place ops here and the fused kernels of other
/// modules write into.
extension Tensor {
    /// Makes `self` a tensor of `shape`, keeping its storage when the count already matches; the
    /// scalars are unspecified afterwards (the caller overwrites all of them).
    public mutating func reshapeForOverwrite(_ shape: [Int]) {
        let count = shape.reduce(1, *)
        if scalars.count != count {
            self = Tensor(unchecked: shape, scalars: [Float](repeating: 0, count: count))
        } else if self.shape != shape {
            self = Tensor(unchecked: shape, scalars: scalars)
        }
    }

    /// Runs `body` on the scalars in place, row-major; the shape stays.
    ///
    /// NOTE: in place only while the storage is uniquely referenced; otherwise the scalars are
    /// copied first, as for any write to a value.
    public mutating func withUnsafeMutableScalars<Result>(
        _ body: (UnsafeMutableBufferPointer<Float>) throws -> Result
    ) rethrows -> Result {
        try scalars.withUnsafeMutableBufferPointer { try body($0) }
    }
}
