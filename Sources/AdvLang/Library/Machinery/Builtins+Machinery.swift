/// The papers' machinery as built-ins: data, models, training, attacks, metrics, analyses,
/// results tables and pictures. Each group lives in `Machinery/Builtins+Group.swift`; they replace
/// the placeholder `model` and `train` entries of `registerField`.
extension BuiltinLibrary {
    func registerMachinery() {
        registerData()
        registerModels()
        registerTraining()
        registerAttacks()
        registerMetrics()
        registerAnalyses()
        registerTables()
        registerPictures()
        registerPlots()
    }
}
