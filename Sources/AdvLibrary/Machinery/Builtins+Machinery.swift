import AdvLang
import AdvSyntax

/// The papers' machinery as built-ins: data, models, training, attacks, metrics, analyses,
/// results tables and pictures. Each group lives in `Machinery/Builtins+Group.swift`. `train` and
/// `load` replace the placeholders of `registerField`; its `model` (any domain value whose type is
/// "model") already fits `ModelValue`.
extension BuiltinLibrary {
    func registerMachinery(data: LoadedData) {
        registerData(data)
        registerModels()
        registerClassifiers(data)
        registerDefences()
        registerTraining(data)
        registerGAN()
        registerAttacks()
        registerCrafting()
        registerMetrics()
        registerAnalyses()
        registerGeometry()
        registerTables()
        registerPictures()
        registerPlots()
    }
}
