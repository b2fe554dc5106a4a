import AdvAutograd
import AdvLang
import AdvNN
import AdvTensor

extension Arguments {
    /// Argument `i` when traced by grad, as rows [n, d] for `model` (a row [d] becomes [1, d]);
    /// nil when it is not traced.
    func tracedRows(_ i: Int, _ model: any Classifier) throws -> Variable? {
        guard case .variable(let x) = try value(i, "x") else { return nil }
        guard x.value.rank == 1 || x.value.rank == 2 else {
            throw RuntimeError(
                "\(callee): argument \(i + 1) (x) must be a tensor [n, d], got tensor \(x.shape.shapeDescription)")
        }
        let rows = x.value.rank == 1 ? try x.reshaped([1, x.value.count]) : x
        guard rows.shape[1] == model.inputs else {
            throw RuntimeError(
                "\(callee): rows \(rows.shape.shapeDescription) do not fit model \(model.name) with \(model.inputs) inputs"
            )
        }
        return rows
    }
}
