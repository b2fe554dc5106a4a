// swift-tools-version:6.0
// adv: a small language for adversarial-examples research. See README.md.
import PackageDescription

/// AdvVectorKernels is compiled for the vector unit every x86-64 CPU since 2013 has (AVX2, FMA);
/// AdvTensor calls it only after checking the CPU (`CPU.hasVectorKernels`), so adv still runs,
/// on GEMMs alone, where that unit is missing.
#if arch(x86_64)
    let vectorUnit: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "haswell"])]
#else
    let vectorUnit: [SwiftSetting] = []
#endif

let package = Package(
    name: "adv",
    products: [
        .executable(name: "adv", targets: ["adv"]),
        .executable(name: "adv-bench", targets: ["adv-bench"]),
    ],
    targets: [
        // C libraries from Debian (-dev packages), one shim each.
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS"),
        .systemLibrary(name: "CReadline", path: "Sources/CReadline"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),

        // The numeric stack: it never knows the language exists.
        .target(name: "AdvVectorKernels", swiftSettings: vectorUnit),
        .target(name: "AdvTensor", dependencies: ["CBLAS", "AdvVectorKernels"]),
        .target(name: "AdvAutograd", dependencies: ["AdvTensor"]),
        .target(name: "AdvData", dependencies: ["AdvTensor", "CZlib"]),
        .target(name: "AdvOptimization", dependencies: ["AdvTensor"]),
        .target(name: "AdvNN", dependencies: ["AdvTensor", "AdvAutograd", "AdvData", "AdvOptimization"]),

        // The language, the REPL, and the executables. Every target lists each module it imports.
        .target(name: "AdvSyntax"),
        .target(name: "AdvLang", dependencies: ["AdvSyntax", "AdvTensor", "AdvAutograd"]),
        .target(
            name: "AdvLibrary",
            dependencies: ["AdvSyntax", "AdvLang", "AdvTensor", "AdvAutograd", "AdvData", "AdvOptimization", "AdvNN"]),
        .target(name: "AdvREPL", dependencies: ["AdvSyntax", "AdvLang", "AdvData", "CReadline"]),
        .executableTarget(name: "adv", dependencies: ["AdvData", "AdvSyntax", "AdvLang", "AdvLibrary", "AdvREPL"]),
        .executableTarget(
            name: "adv-bench", dependencies: ["AdvTensor", "AdvData", "AdvNN", "AdvSyntax", "AdvLang", "AdvLibrary"]),

        // Comparisons that tests share; built only for the tests.
        .target(name: "AdvTestSupport", dependencies: ["AdvTensor"], path: "Tests/AdvTestSupport"),
        .testTarget(
            name: "AdvTensorTests", dependencies: ["AdvTensor", "AdvTestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "AdvAutogradTests", dependencies: ["AdvTensor", "AdvAutograd"]),
        .testTarget(name: "AdvDataTests", dependencies: ["AdvTensor", "AdvData"], resources: [.copy("Fixtures")]),
        .testTarget(name: "AdvOptimizationTests", dependencies: ["AdvOptimization"]),
        .testTarget(
            name: "AdvNNTests",
            dependencies: ["AdvTensor", "AdvAutograd", "AdvData", "AdvNN", "AdvTestSupport"]),
        .testTarget(
            name: "AdvLangTests",
            dependencies: ["AdvTensor", "AdvData", "AdvNN", "AdvSyntax", "AdvLang", "AdvLibrary", "AdvREPL"],
            resources: [.copy("Golden")]),
    ]
)
