import AdvLang
import AdvSyntax

/// The text of `:help` and `:help NAME`.
public enum Help {
    static let statements: [String: String] = [
        "load": "load NAME — loads a data set (e.g. load mnist) and binds it to NAME.",
        "model": "model EXPR — makes EXPR (a model) the current one; `net = model maxout(240)` only names it.",
        "train":
            "train [MODEL] on DATA clause* — trains MODEL (default: the current model); clauses such as epochs 5 lr 0.1 adversarial eps 0.25 alpha 0.5. train PAIR on DATA (PAIR = gan(g, d)) trains a GAN: epochs 5 d_steps 1 nonsaturating (or minimax) simultaneous (or alternating).",
        "expect":
            "expect A ~ B within T — checks |A - B| <= T and prints `expect line N: A ~ B within T: ok` (or FAILED); expect A checks A is true. adv run prints only failures and a summary line, unless --verbose (or ADV_VERBOSE=1).",
        "print": "print a, b, ... — prints values separated by spaces.",
        "fn": "fn name(a, b) { ... } declares a function; fn(x) => x * 2 and fn(x) { x * 2 } are function values.",
        "for": "for x in LIST_OR_TENSOR_OR_RANGE { ... } — e.g. for i in 0..10 { print i }.",
        "if": "if COND { ... } else { ... }",
        "while": "while COND { ... }",
        "break": "break — leaves the innermost for or while loop.",
        "continue": "continue — goes on with the innermost loop's next iteration.",
        "in":
            "x in xs — true when xs (a list) has an element == x, a string has the piece x, a record the field x, a tensor the number x.",
        "=":
            "x = e; x += e (also -=, *=, /=); r.f = e; xs[0] = e; t[0, 2] = 1; t[0:2] = zeros([2, 3]) — only x changes: values are copied on write.",
    ]

    public static func overview(_ library: BuiltinLibrary) -> String {
        """
        Statements: \(statements.keys.sorted().joined(separator: " "))
        Built-ins: \(library.entries.keys.sorted().joined(separator: " "))
        Operators: + - * / % ^ (power) @ (matrix product) == != < <= > >= in and or not .. (range)
        Assignment (:help =): x = e, x += e, -=, *=, /=, r.f = e, xs[i] = e, t[i, j:k] = e
        :help NAME shows one entry; :vars lists variables; :scripts lists the bundled scripts;
        :time on (or off) shows each entry's wall time; :quit or Ctrl-D leaves.
        """
    }

    public static func entry(_ name: String, _ library: BuiltinLibrary) -> String {
        if let builtin = library[name] { return "\(builtin.signature)\n\(builtin.doc)" }
        if let text = statements[name] { return text }
        let known = Array(library.entries.keys) + Array(statements.keys)
        return "no help for '\(name)'" + (nearestName(to: name, among: known).map { "; did you mean '\($0)'?" } ?? "")
    }
}
