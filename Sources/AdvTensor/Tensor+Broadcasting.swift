/// Broadcasting made explicit: expanding to a shape, and its adjoint, summing back down to one.
/// Reverse-mode autodiff needs the second: the gradient of `a + b` with `b: [k]` and the result
/// `[n, k]` is the result's gradient summed to `[k]`.
extension Tensor {
    /// This tensor expanded to `shape` by numpy's rules (`[k]` to `[n, k]` repeats the row).
    public func broadcasted(to shape: [Int]) throws -> Tensor {
        if shape == self.shape { return self }
        guard Broadcast.shape([self.shape, shape]) == shape else {
            throw TensorError(
                op: "broadcast",
                message: "shape \(self.shape.shapeDescription) does not broadcast to \(shape.shapeDescription)")
        }
        try Tensor.requireSize(shape, op: "broadcast", operands: "broadcasting \(self.shape.shapeDescription)")
        let strides = Broadcast.strides(of: self.shape, in: shape)
        return mapped(shape) { x, out in Copy.broadcast(x, strides: strides, shape: shape, out) }
    }

    /// The sum of this tensor down to `shape`, a shape that broadcasts to this one: the axes that
    /// broadcasting added or stretched from 1 are summed away. `[n, k]` summed to `[k]` adds the rows.
    public func summed(toShape shape: [Int]) throws -> Tensor {
        if shape == self.shape { return self }
        guard shape.allSatisfy({ $0 >= 0 }), Broadcast.shape([self.shape, shape]) == self.shape else {
            throw TensorError(
                op: "sumToShape",
                message: "shape \(shape.shapeDescription) does not broadcast to \(self.shape.shapeDescription)")
        }
        let targetStrides = Broadcast.strides(of: shape, in: self.shape)
        return mapped(shape) { x, out in
            Reduce.sumToShape(x, shape: self.shape, targetStrides: targetStrides, out)
        }
    }
}
