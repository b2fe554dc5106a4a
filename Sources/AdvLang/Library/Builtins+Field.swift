/// Default entries for the field's statements, until the AdvNN bindings replace them:
/// "model" accepts any domain object whose type is "model"; "load" and "train" explain that the
/// machinery is missing.
extension BuiltinLibrary {
    func registerField() {
        register(
            "model", "model EXPR",
            """
            Checks that EXPR is a model. As a statement (`model maxout(240)`) the model also \
            becomes the session's current model, which train, error and the attacks use by default.
            """
        ) { args, _ in
            try args.check(1...1)
            let v = try args.value(0, "model")
            guard case .object(let o) = v, o.typeName == "model" else {
                throw RuntimeError("model: expected a model, got \(v.typeDescription)")
            }
            return v
        }
        register(
            "load", "load NAME",
            """
            Loads the data set NAME and binds it to the variable NAME: `load mnist` gives mnist.train \
            and mnist.test.
            """
        ) { args, _ in
            try args.check(1...1)
            throw RuntimeError("load: no data sets are registered in this build (asked for '\(try args.string(0, "name"))')")
        }
        register(
            "train", "train [MODEL] on DATA clause*",
            """
            Trains MODEL (default: the current model) on DATA. Clauses: epochs N, lr R, batch N, \
            momentum M, adversarial eps E alpha A, noise sign eps E, validate SET patience N, seed N.
            """
        ) { _, _ in
            throw RuntimeError("train: training is not available in this build (no AdvNN bindings registered)")
        }
    }
}
