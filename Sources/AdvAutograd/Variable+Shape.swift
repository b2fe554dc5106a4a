import AdvTensor

/// Matrix products and shape operations on variables.
extension Variable {
    /// `a @ b` with numpy's rank-1 rules (see `Tensor.matmul`).
    public static func matmul(_ a: Variable, _ b: Variable) throws -> Variable {
        try sameTape("matmul", [a, b])
        return a.tape.record(.matmul, [a, b], value: try Tensor.matmul(a.value, b.value))
    }

    /// `self @ other`.
    public func matmul(_ other: Variable) throws -> Variable { try Variable.matmul(self, other) }

    /// The transpose of a rank <= 2 variable.
    public func transposed() throws -> Variable {
        let permutation = Array((0..<value.rank).reversed())
        return tape.record(.transpose(permutation: permutation), [self], value: try value.transposed())
    }

    /// The axes permuted: axis `i` of the result is axis `permutation[i]` of `self`.
    public func transposed(_ permutation: [Int]) throws -> Variable {
        tape.record(.transpose(permutation: permutation), [self], value: try value.transposed(permutation))
    }

    /// The same scalars in a new shape (one extent may be -1).
    public func reshaped(_ shape: [Int]) throws -> Variable {
        tape.record(.reshape, [self], value: try value.reshaped(shape))
    }

    /// numpy slicing along one axis.
    public func slice(axis: Int, start: Int?, end: Int?, step: Int = 1) throws -> Variable {
        let result = try value.slice(axis: axis, start: start, end: end, step: step)
        let axis = try normalizedAxis(axis, rank: value.rank, op: "slice")
        return tape.record(.slice(axis: axis, start: start, end: end, step: step), [self], value: result)
    }

    /// The slabs at `indices` along `axis` (rows by default); repeated indices add their gradients.
    public func gather(_ indices: [Int], axis: Int = 0) throws -> Variable {
        let result = try value.gather(indices, axis: axis)
        let axis = try normalizedAxis(axis, rank: value.rank, op: "gather")
        return tape.record(.gather(indices: indices, axis: axis), [self], value: result)
    }

    /// The variables joined along `axis`.
    public static func concatenate(_ variables: [Variable], axis: Int = 0) throws -> Variable {
        guard let first = variables.first else {
            throw TensorError(op: "concatenate", message: "no variables to join")
        }
        try sameTape("concatenate", variables)
        let result = try Tensor.concatenate(variables.map(\.value), axis: axis)
        let axis = try normalizedAxis(axis, rank: first.value.rank, op: "concatenate")
        return first.tape.record(.concatenate(axis: axis), variables, value: result)
    }

    /// Same-shaped variables joined along a new `axis`: each reshaped with an extent 1 there, then
    /// concatenated, so the gradient is the upstream gradient split back into the pieces.
    public static func stack(_ variables: [Variable], axis: Int = 0) throws -> Variable {
        guard let first = variables.first else {
            throw TensorError(op: "stack", message: "no variables to join")
        }
        for v in variables where v.shape != first.shape {
            throw TensorError(
                op: "stack", message: "shapes \(first.shape.shapeDescription) and \(v.shape.shapeDescription) differ")
        }
        let axis = try normalizedAxis(axis, rank: first.value.rank + 1, op: "stack")
        var expanded = first.shape
        expanded.insert(1, at: axis)
        return try concatenate(try variables.map { try $0.reshaped(expanded) }, axis: axis)
    }
}
