/// A scope's variables. Blocks share their function's scope (as in Python); each call gets a new
/// environment whose parent is the closure's defining one, which gives lexical scoping.
///
/// Variables live in slots found by their interned `Symbol`, not in a dictionary of strings: a
/// call's scope has one slot per local of its function (`FunctionDecl.locals`, found by a short
/// scan of integers), and the global scope maps a symbol's id straight to its slot. A slot holding
/// nil is a variable not assigned yet, so lookups fall through to enclosing scopes exactly as
/// they would if the name were absent.
///
/// NOTE: the slots are one manually managed buffer (allocated with the scope, freed in deinit):
/// a call makes a scope, and building and freeing a Swift array of optionals per call cost more
/// than the rest of the call. The stored variables also opt out of Swift's run-time exclusivity
/// checks, which otherwise cost more than the lookup itself; that is safe because an
/// interpreter runs on one thread and no access to a scope's storage overlaps another (each is
/// one read or one write of a slot).
final class Environment {
    let parent: Environment?
    /// The symbol of each slot, in slot order.
    @exclusivity(unchecked) private var symbols: [Symbol]
    /// Each slot's value, `count` of them initialized; nil until the variable is first assigned.
    @exclusivity(unchecked) private var slots: UnsafeMutablePointer<Value?>
    @exclusivity(unchecked) private var count: Int
    @exclusivity(unchecked) private var capacity: Int
    /// The global scope only: `position[symbol.id]` is the symbol's slot + 1, or 0 for none.
    @exclusivity(unchecked) private var position: [Int32] = []

    /// The global scope.
    init(parent: Environment?) {
        self.parent = parent
        symbols = []
        capacity = 16
        count = 0
        slots = .allocate(capacity: capacity)
    }

    /// A call's scope: one empty slot per local of the function.
    init(locals: [Symbol], parent: Environment) {
        self.parent = parent
        symbols = locals
        count = locals.count
        capacity = max(count, 1)
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: nil, count: count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    var isGlobal: Bool { parent == nil }

    /// The slot of `symbol` in this scope, or nil when the scope has none.
    @inline(__always)
    private func slot(of symbol: Symbol) -> Int? {
        if parent == nil {
            guard symbol.id < position.count else { return nil }
            let p = Int(position[symbol.id])
            return p == 0 ? nil : p - 1
        }
        var i = 0
        while i < symbols.count {
            if symbols[i] == symbol { return i }
            i += 1
        }
        return nil
    }

    /// The value of `symbol` in this scope or an enclosing one.
    ///
    /// NOTE: recursion through the `let` parent, not a loop over a variable: the compiler
    /// borrows a `let` property of a live object but retains and releases each scope a loop
    /// variable visits.
    func lookup(_ symbol: Symbol) -> Value? {
        if let i = slot(of: symbol), let v = slots[i] { return v }
        return parent?.lookup(symbol)
    }

    /// `name = value`: updates the nearest enclosing function scope that already has `name`;
    /// otherwise defines it here. Globals are only assigned at the top level, so a function's
    /// `i = 0` never clobbers a script's `i`.
    func assign(_ symbol: Symbol, _ value: Value) {
        if !update(symbol, value) { define(symbol, value) }
    }

    /// Sets `symbol` in the nearest function scope from here outwards that has it assigned;
    /// false when none has (the global scope is never updated this way).
    private func update(_ symbol: Symbol, _ value: Value) -> Bool {
        guard let parent else { return false }
        if let i = slot(of: symbol), slots[i] != nil {
            slots[i] = value
            return true
        }
        return parent.update(symbol, value)
    }

    /// Sets `symbol` in this scope, adding a slot when it has none.
    func define(_ symbol: Symbol, _ value: Value) {
        if let i = slot(of: symbol) {
            slots[i] = value
            return
        }
        if count == capacity {
            let larger = UnsafeMutablePointer<Value?>.allocate(capacity: capacity * 2)
            larger.moveInitialize(from: slots, count: count)
            slots.deallocate()
            slots = larger
            capacity *= 2
        }
        (slots + count).initialize(to: value)
        count += 1
        symbols.append(symbol)
        if parent == nil {
            if symbol.id >= position.count {
                position.append(contentsOf: repeatElement(0, count: symbol.id + 1 - position.count))
            }
            position[symbol.id] = Int32(count)
        }
    }

    /// Whether `symbol` has a value in this scope itself (not an enclosing one).
    func isAssigned(_ symbol: Symbol) -> Bool {
        guard let i = slot(of: symbol) else { return false }
        return slots[i] != nil
    }

    /// This scope's assigned variables by name (for the REPL's `:vars`, tests and messages).
    var values: [String: Value] {
        get {
            var named: [String: Value] = [:]
            for i in 0..<count { if let value = slots[i] { named[symbols[i].name] = value } }
            return named
        }
        set {
            for i in 0..<count { slots[i] = nil }
            for (name, value) in newValue { define(Symbol(name), value) }
        }
    }

    /// Every name visible from here, for suggestions and completion.
    var visibleNames: Set<String> {
        var names = Set(values.keys)
        if let parent { names.formUnion(parent.visibleNames) }
        return names
    }
}
