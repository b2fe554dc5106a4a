/// A scope's variables. Blocks share their function's scope (as in Python); each call gets a new
/// environment whose parent is the closure's defining one, which gives lexical scoping.
final class Environment {
    var values: [String: Value] = [:]
    let parent: Environment?

    init(parent: Environment?) { self.parent = parent }

    var isGlobal: Bool { parent == nil }

    /// The value of `name` in this scope or an enclosing one.
    func lookup(_ name: String) -> Value? {
        var scope: Environment? = self
        while let s = scope {
            if let v = s.values[name] { return v }
            scope = s.parent
        }
        return nil
    }

    /// `name = value`: updates the nearest enclosing function scope that already has `name`;
    /// otherwise defines it here. Globals are only assigned at the top level, so a function's
    /// `i = 0` never clobbers a script's `i`.
    func assign(_ name: String, _ value: Value) {
        var scope: Environment? = self
        while let s = scope, !s.isGlobal {
            if s.values[name] != nil {
                s.values[name] = value
                return
            }
            scope = s.parent
        }
        values[name] = value
    }

    /// Every name visible from here, for suggestions and completion.
    var visibleNames: Set<String> {
        var names = Set(values.keys)
        if let parent { names.formUnion(parent.visibleNames) }
        return names
    }
}
