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
