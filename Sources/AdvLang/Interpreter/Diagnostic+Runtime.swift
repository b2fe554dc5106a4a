import AdvSyntax
import AdvTensor
import Foundation

extension Diagnostic {
    /// The one place where an error thrown below the language becomes a diagnostic at `range`:
    /// a built-in's own check (`RuntimeError`), a tensor op's (`TensorError`), else whatever the
    /// library says of it (`BuiltinLibrary.describeError`: attacks, data and model files), else
    /// the system's own words. Each kind gets its catalog id.
    static func runtime(_ error: any Error, at range: SourceRange, library: BuiltinLibrary) -> Diagnostic {
        switch error {
        case let known as Diagnostic: return known
        case let failure as RuntimeError:
            return Diagnostic(.builtin, failure.message, at: range, notes: failure.notes, phase: .runtime)
        case let failure as TensorError:
            return Diagnostic(.shape, failure.description, at: range, phase: .runtime)
        default:
            if let (id, message) = library.describeError(error) {
                return Diagnostic(id, message, at: range, phase: .runtime)
            }
            // An error of the system's (a file that cannot be written, say): its own words.
            return Diagnostic(.system, error.localizedDescription, at: range, phase: .runtime)
        }
    }
}
