import AdvLang
import AdvSyntax

/// The `model EXPR` statement's entry: it accepts any domain object whose type is "model". The
/// machinery (Machinery/) registers "load" and "train".
extension BuiltinLibrary {
    func registerField() {
        register(
            "model", "model net",
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
    }
}
