import AdvSyntax

/// A scope's variables. Blocks share their function's scope (as in Python); each call gets a new
/// environment whose parent is the closure's defining one, which gives lexical scoping. A `for`
/// loop whose body makes functions runs each iteration in a loop scope holding only the loop
/// variable, so each function keeps the value of its own iteration; every other name assigned
/// there goes to the enclosing scope, as without it.
///
/// Variables live in slots found by their interned `Symbol`, not in a dictionary of strings: a
/// call's scope has one slot per local of its function (`FunctionDecl.locals`, found by a short
/// scan of integers), and the global scope maps a symbol's id straight to its slot. A slot holding
/// nil is a variable not assigned yet, so lookups fall through to enclosing scopes exactly as
/// they would if the name were absent.
///
/// NOTE: a call's scope keeps up to `inlineSlots` slots inside the object itself, so a call
/// allocates one object and nothing else; larger scopes and the global scope keep their slots in
/// one manually managed buffer (freed in deinit). Building and freeing a Swift array of optionals
/// per call cost more than the rest of the call. The stored variables also opt out of Swift's
/// run-time exclusivity checks, which otherwise cost more than the lookup itself; that is safe
/// because an interpreter runs on one thread and no access to a scope's storage overlaps another
/// (each is one read or one write of a slot).
final class Environment {
    let parent: Environment?
    /// The symbol of each slot, in slot order.
    @exclusivity(unchecked) private var symbols: [Symbol]
    /// The slots while there are at most `inlineSlots` of them and `buffer` is nil.
    // NOTE: four stored properties rather than an InlineArray, whose elements are destroyed
    // through generic witnesses when the scope is freed (five times slower per call).
    @exclusivity(unchecked) private var inline0: Value?
    @exclusivity(unchecked) private var inline1: Value?
    @exclusivity(unchecked) private var inline2: Value?
    @exclusivity(unchecked) private var inline3: Value?
    /// The slots of a larger scope, `count` of them initialized, room for `capacity`.
    @exclusivity(unchecked) private var buffer: UnsafeMutablePointer<Value?>?
    @exclusivity(unchecked) private var count: Int
    @exclusivity(unchecked) private var capacity: Int
    /// A large call scope only: the slot of each of its function's locals (see `scannedLocals`).
    private let localSlots: [Symbol: Int]?
    /// The global scope only: `position[symbol.id]` is the symbol's slot + 1, or 0 for none.
    @exclusivity(unchecked) private var position: [Int32] = []
    /// A loop scope: names other than its loop variable are defined in the enclosing scope.
    private let isLoopScope: Bool

    private static let inlineSlots = 4
    /// A call scope with at most this many locals finds a slot by scanning its symbols (faster
    /// than hashing); a larger one looks its function's locals up in `localSlots`.
    static let scannedLocals = 32

    /// The global scope.
    init(parent: Environment?) {
        self.parent = parent
        localSlots = nil
        isLoopScope = false
        symbols = []
        count = 0
        capacity = 16
        buffer = .allocate(capacity: capacity)
    }

    /// A call's scope: one empty slot per local of the function; `slots` is the function's
    /// `localPositions`, kept only by a scope too large to scan.
    init(locals: [Symbol], slots: [Symbol: Int], parent: Environment) {
        self.parent = parent
        localSlots = locals.count > Environment.scannedLocals ? slots : nil
        isLoopScope = false
        symbols = locals
        count = locals.count
        if count <= Environment.inlineSlots {
            capacity = Environment.inlineSlots
        } else {
            capacity = count
            let buffer = UnsafeMutablePointer<Value?>.allocate(capacity: capacity)
            buffer.initialize(repeating: nil, count: count)
            self.buffer = buffer
        }
    }

    /// One iteration's scope of a `for` loop: the loop variable bound to `value`.
    init(loopVariable symbol: Symbol, value: Value, parent: Environment) {
        self.parent = parent
        localSlots = nil
        isLoopScope = true
        symbols = [symbol]
        count = 1
        capacity = Environment.inlineSlots
        inline0 = value
    }

    deinit {
        if let buffer {
            buffer.deinitialize(count: count)
            buffer.deallocate()
        }
    }

    /// Slot `i` (< count).
    private subscript(slot i: Int) -> Value? {
        @inline(__always) get {
            if let buffer { return buffer[i] }
            return self[inline: i]
        }
        @inline(__always) set {
            if let buffer { buffer[i] = newValue } else { self[inline: i] = newValue }
        }
    }

    /// Inline slot `i` (< inlineSlots).
    private subscript(inline i: Int) -> Value? {
        @inline(__always) get {
            switch i {
            case 0: return inline0
            case 1: return inline1
            case 2: return inline2
            default: return inline3
            }
        }
        @inline(__always) set {
            switch i {
            case 0: inline0 = newValue
            case 1: inline1 = newValue
            case 2: inline2 = newValue
            default: inline3 = newValue
            }
        }
    }

    /// Adds a slot holding `value` after the last one.
    private func appendSlot(_ value: Value) {
        guard count == capacity else {
            if let buffer { (buffer + count).initialize(to: value) } else { self[inline: count] = value }
            count += 1
            return
        }
        let larger = UnsafeMutablePointer<Value?>.allocate(capacity: capacity * 2)
        if let buffer {
            larger.moveInitialize(from: buffer, count: count)
            buffer.deallocate()
        } else {
            for i in 0..<count {
                (larger + i).initialize(to: self[inline: i])
                self[inline: i] = nil
            }
        }
        (larger + count).initialize(to: value)
        buffer = larger
        capacity *= 2
        count += 1
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
        if let localSlots {
            if let slot = localSlots[symbol] { return slot }
            i = localSlots.count
        }
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
        if let i = slot(of: symbol), let v = self[slot: i] { return v }
        return parent?.lookup(symbol)
    }

    /// `name = value`: updates the nearest enclosing function scope that already has `name`;
    /// otherwise defines it here. Globals are only assigned at the top level, so a function's
    /// `i = 0` never clobbers a script's `i`.
    func assign(_ symbol: Symbol, _ value: Value) {
        if !update(symbol, value) { definingScope.define(symbol, value) }
    }

    /// Where a new name assigned here is defined: here, except in a loop scope.
    private var definingScope: Environment {
        if isLoopScope, let parent { return parent.definingScope }
        return self
    }

    /// Runs `body` on the variable `symbol` where `assign` would write it, changing it in place:
    /// the value is moved out of its slot meanwhile, so a tensor or list held only there changes
    /// without a copy of its storage (`t[i] = v` in a loop stays linear). A variable that only an
    /// outer function or the global scope holds is copied, changed, and assigned, as `assign` does.
    func modify(_ symbol: Symbol, _ body: (inout Value?) throws(Diagnostic) -> Void) throws(Diagnostic) {
        if let (scope, i) = writableSlot(of: symbol) {
            var value = scope[slot: i]
            scope[slot: i] = nil
            defer { scope[slot: i] = value }
            try body(&value)
            return
        }
        var value = lookup(symbol)
        try body(&value)
        if let value { assign(symbol, value) }
    }

    /// The assigned slot `assign(symbol, _)` would write: the nearest function or loop scope from
    /// here outwards that has it assigned (as `update` finds it), else the defining scope's own.
    private func writableSlot(of symbol: Symbol) -> (Environment, Int)? {
        var scope = self
        while let parent = scope.parent {
            if let i = scope.slot(of: symbol), scope[slot: i] != nil { return (scope, i) }
            scope = parent
        }
        let home = definingScope
        if let i = home.slot(of: symbol), home[slot: i] != nil { return (home, i) }
        return nil
    }

    /// Sets `symbol` in the nearest function scope from here outwards that has it assigned;
    /// false when none has (the global scope is never updated this way).
    private func update(_ symbol: Symbol, _ value: Value) -> Bool {
        guard let parent else { return false }
        if let i = slot(of: symbol), self[slot: i] != nil {
            self[slot: i] = value
            return true
        }
        return parent.update(symbol, value)
    }

    /// Sets `symbol` in this scope, adding a slot when it has none.
    func define(_ symbol: Symbol, _ value: Value) {
        if let i = slot(of: symbol) {
            self[slot: i] = value
            return
        }
        appendSlot(value)
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
        return self[slot: i] != nil
    }

    /// This scope's assigned variables by name (for the REPL's `:vars`, tests and messages).
    var values: [String: Value] {
        get {
            var named: [String: Value] = [:]
            for i in 0..<count { if let value = self[slot: i] { named[symbols[i].name] = value } }
            return named
        }
        set {
            for i in 0..<count { self[slot: i] = nil }
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
