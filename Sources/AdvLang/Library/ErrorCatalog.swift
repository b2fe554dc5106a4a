import AdvData
import AdvNN
import AdvTensor
import Foundation

extension Diagnostic {
    /// The one place where an error thrown below the language (a built-in's argument check, a
    /// tensor op, an attack, a data file, a model file, L-BFGS) becomes a diagnostic at `range`:
    /// each kind of error gets its catalog id, and its own words as the message.
    ///
    /// NOTE: this is the field library's knowledge (it names AdvNN's and AdvData's errors); when
    /// AdvLang splits into syntax, interpreter and library modules it moves with the library.
    static func runtime(_ error: any Error, at range: SourceRange) -> Diagnostic {
        func diagnostic(_ id: DiagnosticID, _ message: String, notes: [String] = []) -> Diagnostic {
            Diagnostic(id, message, at: range, notes: notes, phase: .runtime)
        }
        switch error {
        case let known as Diagnostic: return known
        case let failure as RuntimeError: return diagnostic(.builtin, failure.message, notes: failure.notes)
        case let failure as TensorError: return diagnostic(.shape, failure.description)
        case let failure as AttackError: return diagnostic(.attack, failure.description)
        case let failure as BoxLBFGSError: return diagnostic(.attack, failure.description)
        case let failure as DataError: return diagnostic(.data, failure.description)
        case let failure as ModelFileError: return diagnostic(.modelFile, failure.description)
        default:
            // An error of the system's (a file that cannot be written, say): its own words.
            return diagnostic(.system, error.localizedDescription)
        }
    }
}
