import AdvLang
import AdvSyntax
import Synchronization

/// Tab completion: keywords, built-ins and the names in scope that start with the typed prefix.
public enum Completion {
    /// The names to complete from, refreshed before each prompt; read by readline's C callback.
    static let available = Mutex<[String]>([])
    static let matches = Mutex<[String]>([])

    /// The sorted, distinct names in `names` that start with `prefix`.
    public static func candidates(_ prefix: String, _ names: [String]) -> [String] {
        Array(Set(names.filter { $0.hasPrefix(prefix) })).sorted()
    }

    /// Everything worth completing in `session`.
    public static func names(in session: Session) -> [String] {
        Array(AdvSyntax.Token.keywords) + session.library.entries.keys + session.library.clauseWords
            + session.globalVariables.map(\.name)
            + [":help", ":vars", ":scripts", ":quit"]
    }
}
