import AdvData
import AdvLang
import AdvNN
import AdvOptimization
import AdvSyntax

extension BuiltinLibrary {
    /// The field library's errors as diagnostics (`BuiltinLibrary.describeError`): an attack's,
    /// L-BFGS's, a data file's, a model file's and an interrupted training's, each with its
    /// catalog id and its own words.
    static func describeFieldError(_ error: any Error) -> (id: DiagnosticID, message: String)? {
        switch error {
        case let failure as AttackError: return (.attack, failure.description)
        case let failure as BoxLBFGSError: return (.attack, failure.description)
        case let failure as DataError: return (.data, failure.description)
        case let failure as ModelFileError: return (.modelFile, failure.description)
        case let interruption as TrainingInterrupted: return (.interrupted, interruption.description)
        default: return nil
        }
    }

    /// The library every session of adv starts with: the language's own built-ins and the field's
    /// (data, models, training, attacks, metrics, analyses, pictures, plots, tables). `data` keeps
    /// what its `load` reads, for a caller that wants to know (a run record's MNIST checksum).
    public static func standard(data: LoadedData = LoadedData()) -> BuiltinLibrary {
        let library = BuiltinLibrary.core()
        library.registerField()
        library.registerMachinery(data: data)
        library.describeError = describeFieldError
        return library
    }
}
