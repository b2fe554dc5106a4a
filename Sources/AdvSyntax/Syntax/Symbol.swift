import Synchronization

/// A variable name interned to a small integer, so scopes find variables by comparing integers
/// (or indexing an array) instead of hashing strings on every use.
///
/// The table is process-wide: the same name has the same symbol in every session and file, so a
/// REPL session's globals keep their symbols across inputs. Interning happens once per syntax
/// node, when the parser builds it; evaluation only reads the integers.
public struct Symbol: Hashable, Sendable {
    public let id: Int

    private static let table = Mutex<(ids: [String: Int], names: [String])>(([:], []))

    /// The symbol of `name`, interning it on first use.
    public init(_ name: String) {
        id = Symbol.table.withLock { table in
            if let id = table.ids[name] { return id }
            let id = table.names.count
            table.ids[name] = id
            table.names.append(name)
            return id
        }
    }

    /// The symbol `name` already has, or nil when no syntax has used it yet.
    public static func existing(_ name: String) -> Symbol? {
        table.withLock { $0.ids[name] }.map { Symbol(id: $0) }
    }

    private init(id: Int) { self.id = id }

    /// The name this symbol stands for.
    public var name: String { Symbol.table.withLock { $0.names[id] } }
}
