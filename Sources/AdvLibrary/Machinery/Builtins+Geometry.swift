import AdvData
import AdvLang
import AdvNN
import AdvSyntax
import AdvTensor

/// The geometry of adversarial examples in Goodfellow's lecture: maps of adversarial and random
/// cross-sections (Warde-Farley & Goodfellow 2016), the class a model gives each point of a 2-D
/// slice through a test input; and the dimension of the adversarial subspace (Tramer et al. 2017).
extension BuiltinLibrary {
    func registerGeometry() {
        register(
            "cross_sections",
            "cross_sections(set, extent: 0.5, resolution: 21, eps: 0.25, seed: n)\ncross_sections(net, set, extent: 0.5, resolution: 21, eps: 0.25, seed: n)",
            """
            For each example: the classes over the plane through it spanned by its FGSM direction \
            (horizontal) and a random direction orthogonal to it (vertical), and over a plane of \
            two random directions; both directions as long as a sign vector, so a step a along \
            either is as long as FGSM's at eps a; a resolution x resolution grid from -extent to \
            +extent, not clipped. A record {adversarial, random: tensors [n, r, r] of classes (row \
            0 at the top, +extent), labels, and the fractions of examples whose class changes within \
            eps of the centre: along_fgsm, along_orthogonal (the adversarial maps' random axis), \
            along_random (either axis of the random maps)}. Draw them with show_maps and save_maps.
            """
        ) { args, session in
            let (model, k) = try args.leadingNetwork(
                session, then: ["set"], labels: ["extent", "resolution", "eps", "seed"])
            let set = try args.examples(k, "set")
            let extent = try args.namedNonNegative("extent") ?? 0.5
            let resolution = try args.namedInt("resolution") ?? 21
            let eps = try args.namedNonNegative("eps") ?? 0.25
            var generator = SeededGenerator(seed: try args.seed(session))
            func sections(_ kind: Analysis.CrossSectionKind) throws -> [CrossSection] {
                try Analysis.crossSections(
                    model, set.images, labels: set.labels, kind: kind, extent: extent, resolution: resolution,
                    using: &generator, shouldStop: { session.isInterrupted })
            }
            let adversarial = try sections(.adversarial)
            let random = try sections(.random)
            // The grid steps within eps of the centre (the step is 2 extent / (resolution - 1)).
            let steps = Int((eps * Float(resolution - 1) / (2 * extent)).rounded(.down) + 1e-3)
            func share(_ sections: [CrossSection], _ changes: (CrossSection) -> Bool) -> Double {
                sections.isEmpty ? 0 : Double(sections.filter(changes).count) / Double(sections.count)
            }
            let alongRandom =
                (share(random) { $0.changesAlongFirst(within: steps) }
                    + share(random) { $0.changesAlongSecond(within: steps) }) / 2
            return .record(
                Record([
                    ("adversarial", .tensor(try BuiltinLibrary.mapsTensor(adversarial, resolution))),
                    ("random", .tensor(try BuiltinLibrary.mapsTensor(random, resolution))),
                    ("labels", .tensor(Tensor(set.labels.map(Float.init)))),
                    ("along_fgsm", .number(share(adversarial) { $0.changesAlongFirst(within: steps) })),
                    ("along_orthogonal", .number(share(adversarial) { $0.changesAlongSecond(within: steps) })),
                    ("along_random", .number(alongRandom)),
                ]))
        }
        register(
            "subspace",
            "subspace(set, eps: 5, ks: [1, 10, 50], transfer_to: none)\nsubspace(net, set, eps: 5, ks: [1, 10, 50], transfer_to: other)",
            """
            The dimension of the adversarial region around each example the model gets right \
            (Tramer et al. 2017's gradient-aligned subspace): for each k in ks, k orthogonal \
            directions of L2 length eps, each as aligned with the loss gradient as k orthogonal \
            directions can be (r . g = eps |g| / sqrt k); the most of them that move x to a wrong \
            class, over the ks, is the example's count (not clipped). A record {directions, \
            transferred: tensors [m] over the m examples used; mean_directions; mean_transferred: \
            how many of those directions also fool transfer_to, a second model}.
            """
        ) { args, session in
            let (model, k) = try args.leadingDifferentiable(
                session, then: ["set"], labels: ["eps", "ks", "transfer_to"])
            let set = try args.examples(k, "set")
            let eps = try args.namedNonNegative("eps") ?? 5
            let ks: [Int]
            if let given = args.namedValue("ks") {
                ks = try Arguments(callee: args.callee, positional: [given]).integers(
                    0, "ks", like: "a list of k like [1, 10, 50]")
            } else {
                ks = [1, 10, 50]
            }
            var target: (any Classifier)?
            if let other = args.namedValue("transfer_to"), !other.isNone {
                guard let value = other.asModel else {
                    throw RuntimeError("subspace: transfer_to must be a model, got \(other.typeDescription)")
                }
                target = value.classifier
            }
            let estimate = try Analysis.adversarialSubspace(
                model, target: target, set.images, labels: set.labels, eps: eps, ks: ks,
                shouldStop: { session.isInterrupted })
            func mean(_ counts: [Int]) -> Double {
                counts.isEmpty ? 0 : Double(counts.reduce(0, +)) / Double(counts.count)
            }
            return .record(
                Record([
                    ("directions", .tensor(Tensor(estimate.directions.map(Float.init)))),
                    ("transferred", .tensor(Tensor(estimate.transferred.map(Float.init)))),
                    ("mean_directions", .number(mean(estimate.directions))),
                    ("mean_transferred", .number(mean(estimate.transferred))),
                ]))
        }
        register(
            "show_maps", "show_maps(maps, labels, columns: 5)",
            """
            Class maps [n, r, r] (cross_sections' adversarial or random) as text, each point its \
            class's digit and the true class (labels, [n]) a dot; in a notebook, the picture \
            save_maps writes.
            """
        ) { args, session in
            try args.check(2...2, labels: ["columns"])
            let maps = try args.classMaps()
            let columns = try args.size("columns", 5)
            try args.naming {
                try session.show(
                    try ClassMaps.inline(maps, columns: columns, scale: 6), orPrint: maps.text(columns: columns))
            }
            return .none
        }
        register(
            "save_maps", "save_maps(maps, labels, \"file.png\", scale: 6, columns: 5)",
            """
            Class maps [n, r, r] as a colour PNG: one colour per class, the true class (labels) \
            white, each point scale x scale pixels, the maps columns to a row.
            """
        ) { args, session in
            try args.check(3...3, labels: ["scale", "columns"])
            let maps = try args.classMaps()
            let file = try args.outputPath(2, "file", session)
            let scale = try args.size("scale", 6)
            let columns = try args.size("columns", 5)
            try args.naming { try maps.write(to: file, columns: columns, scale: min(scale, 64)) }
            if let sink = session.display {
                sink(try args.naming { try ClassMaps.inline(maps, columns: columns, scale: min(scale, 64)) })
            }
            return .none
        }
    }

    /// Cross-sections' classes as a tensor [n, r, r].
    private static func mapsTensor(_ sections: [CrossSection], _ resolution: Int) throws -> Tensor {
        try Tensor(
            shape: [sections.count, resolution, resolution], scalars: sections.flatMap { $0.classes.map(Float.init) })
    }
}

extension ClassMaps {
    /// The maps as the colour PNG save_maps writes, for a front end that shows pictures inline.
    fileprivate static func inline(_ maps: ClassMaps, columns: Int, scale: Int) throws -> Display {
        let picture = try maps.rgb(columns: columns, scale: scale)
        let png = try PNG.png(rgb: picture.bytes, width: picture.width, height: picture.height)
        return .png(png, width: picture.width, height: picture.height)
    }
}

extension Arguments {
    /// Arguments 0 and 1 as class maps: a tensor [n, r, r] of classes and the n true classes.
    fileprivate func classMaps() throws -> ClassMaps {
        let maps = try tensor(0, "maps")
        guard maps.rank == 3, maps.shape[1] == maps.shape[2] else {
            throw RuntimeError(
                "\(callee): argument 1 (maps) must be a tensor [n, r, r] of classes, got shape \(maps.shape.shapeDescription)"
            )
        }
        let labels = try integers(1, "labels", like: "a list or tensor of n classes")
        let (n, r) = (maps.shape[0], maps.shape[1])
        let classes = try maps.scalars.map { try Arguments.integer(Double($0), "\(callee): argument 1 (maps)") }
        return try naming {
            try ClassMaps(
                maps: (0..<n).map { Array(classes[$0 * r * r..<($0 + 1) * r * r]) }, trueClasses: labels, resolution: r)
        }
    }
}
