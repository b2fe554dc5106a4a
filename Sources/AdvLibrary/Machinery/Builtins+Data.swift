import AdvData
import AdvLang
import AdvSyntax
import AdvTensor

/// Data in the language: `load mnist`, example sets from tensors, digit subsets, binary problems
/// and seeded splits.
extension BuiltinLibrary {
    func registerData(_ data: LoadedData) {
        register(
            "load", "load mnist",
            """
            `load mnist` binds `mnist`: .train (60,000 examples) and .test (10,000), images [n, 784] \
            with pixels in [0, 1] and labels 0-9, read from the cache ($ADV_DATA or ~/.cache/adv/mnist; \
            `adv fetch` downloads it) and checked as it is read: each file's MD5 against the published one \
            the first time, a hash of its bytes against the one recorded then on every later load, so a \
            changed byte is an error. .checksum names the data loaded.
            """
        ) { args, _ in
            try args.check(1...1)
            let name = try args.string(0, "name")
            guard name == "mnist" else {
                throw RuntimeError("load: unknown data set '\(name)'; the one known is 'mnist'")
            }
            return .object(try data.mnist(args))
        }
        register(
            "mnist_checksum", "mnist_checksum()",
            """
            The MNIST data's fingerprint for results tables: the first 12 hex digits of the MD5 of the \
            test images loaded ("2646ac647ad5"), the same as mnist.checksum; loads MNIST if `load mnist` \
            has not.
            """
        ) { args, _ in
            try args.check(0...0)
            return .string(try data.mnist(args).checksum)
        }
        register(
            "machine", "machine()",
            """
            The machine a run's numbers come from, for its record: .cpu, .cores, .threads (adv's), \
            .vector (the vector extensions that choose the kernels), .blas (OpenBLAS's kernel family) \
            and .summary, all of it on one line. Results are the same at any thread count; another CPU \
            generation or kernel family may change their last bits.
            """
        ) { args, _ in
            try args.check(0...0)
            let summary =
                "\(CPU.model) (\(CPU.vectorExtensions)), \(BLAS.threads) thread\(BLAS.threads == 1 ? "" : "s") on \(CPU.cores) cores, OpenBLAS \(BLAS.coreName)"
            return .record(
                Record([
                    ("cpu", .string(CPU.model)), ("cores", .number(Double(CPU.cores))),
                    ("threads", .number(Double(BLAS.threads))), ("vector", .string(CPU.vectorExtensions)),
                    ("blas", .string(BLAS.coreName)), ("summary", .string(summary)),
                ]))
        }
        register(
            "examples", "examples(images, labels, name: \"examples\")",
            """
            A labeled example set from images [n, d] and n integer labels (a tensor [n] or a list), \
            e.g. examples(rand([20, 784], seed: 1), [0, 1, 2, ...]) for a tiny synthetic problem.
            """
        ) { args, _ in
            try args.check(2...2, labels: ["name"])
            let images = try args.tensor(0, "images")
            guard images.rank == 2 else {
                throw RuntimeError(
                    "examples: argument 1 (images) must be a tensor [n, d], got tensor \(images.shape.shapeDescription)"
                )
            }
            let labels = try args.tensor(1, "labels")
            guard labels.rank <= 1, labels.count == images.shape[0] else {
                throw RuntimeError(
                    "examples: \(labels.count) labels for \(images.shape[0]) images (images \(images.shape.shapeDescription), labels \(labels.shape.shapeDescription))"
                )
            }
            let classes = try labels.scalars.map { n throws in
                guard n >= 0, n == n.rounded(), n < 1e9 else {
                    throw RuntimeError("examples: labels must be non-negative integers, got \(formatNumber(Double(n)))")
                }
                return Int(n)
            }
            let name: String
            if let v = args.namedValue("name") {
                guard case .string(let s) = v else {
                    throw RuntimeError("examples: name must be a string, got \(v.typeDescription)")
                }
                name = s
            } else {
                name = "examples"
            }
            return .examples(try ExampleSet(images: images, labels: classes, name: name))
        }
        register(
            "digits", "digits(set, [3, 7])",
            """
            The examples of set whose label is one of the given digits, in order, labels unchanged.
            """
        ) { args, _ in
            try args.check(2...2)
            let set = try args.examples(0, "set")
            let digits = try args.integers(1, "digits", like: "a list of labels like [3, 7]")
            return .examples(try args.naming { try set.filter(digits: digits) })
        }
        register(
            "pick", "pick(set, indices)",
            """
            The examples of set at the given positions, in that order (repeats allowed): \
            pick(mnist.test, argsort(scores, descending: true)[0:8]) are the 8 highest-scoring.
            """
        ) { args, _ in
            try args.check(2...2)
            let set = try args.examples(0, "set")
            let indices = try args.integers(1, "indices", like: "a list or tensor of positions like [0, 5, 9]")
            return .examples(try args.naming { try set.subset(indices, name: "pick(\(set.name))") })
        }
        register(
            "augment", "augment(set, shift: 2, degrees: 15, seed: n)",
            """
            A copy of set with every image rotated by a random angle of up to `degrees` either way \
            about its centre and shifted by up to `shift` whole pixels along each axis (uniform \
            draws, one per example; bilinear, black outside); labels unchanged. Data augmentation, \
            as augmentation.adv trains with.
            """
        ) { args, session in
            try args.check(1...1, labels: ["shift", "degrees", "seed"])
            let set = try args.examples(0, "set")
            let shift = try args.namedInt("shift") ?? 2
            let degrees = try args.namedNonNegative("degrees") ?? 15
            var generator = SeededGenerator(seed: try args.seed(session))
            return .examples(
                try args.naming { try set.augmented(maxShift: shift, maxDegrees: degrees, using: &generator) })
        }
        register(
            "binary", "binary(set, positive, negative)",
            """
            A two-class problem (Goodfellow's 3 versus 7 logistic regression): positive examples get \
            label 1, negative ones label 0, all others are dropped. binary(mnist.train, 7, 3).
            """
        ) { args, _ in
            try args.check(3...3)
            let set = try args.examples(0, "set")
            let (positive, negative) = (try args.int(1, "positive"), try args.int(2, "negative"))
            return .examples(try args.naming { try set.binary(positive: positive, negative: negative) })
        }
        register(
            "shuffle", "shuffle(set, seed: n)",
            """
            The examples of set in a seeded random order, labels with their images: a loop of \
            step(t, batch) over shuffle(set, seed: epoch) visits new minibatches every epoch, as \
            train does (a fixed order costs a sigmoid net about half a point of test error).
            """
        ) { args, session in
            try args.check(1...1, labels: ["seed"])
            let set = try args.examples(0, "set")
            var generator = SeededGenerator(seed: try args.seed(session))
            let order = generator.permutation(set.count)
            return .examples(try args.naming { try set.subset(order, name: "shuffle(\(set.name))") })
        }
        register(
            "split", "split(set, seed: n)",
            """
            Two disjoint halves [p1, p2] by a seeded permutation (Szegedy's P1 and P2); the first \
            gets the extra example when the count is odd.
            """
        ) { args, session in
            try args.check(1...1, labels: ["seed"])
            let set = try args.examples(0, "set")
            let seed = try args.seed(session)
            let (first, second) = try args.naming { try set.split(seed: seed) }
            return .list([.examples(first), .examples(second)])
        }
    }
}

/// What `load` read, kept for the library's life so a second `load mnist` (in the REPL, or
/// in a script that loads twice) costs nothing. Example sets are values, so sharing is safe.
/// `BuiltinLibrary.standard(data:)` takes one, so its caller can see what a session loaded.
public final class LoadedData {
    /// The MNIST data `load mnist` read, or nil before the first load.
    public private(set) var mnist: MNISTValue?

    public init() {}

    /// The loaded MNIST, loading it on first use (errors named for `args`' call).
    func mnist(_ args: Arguments) throws -> MNISTValue {
        if let mnist { return mnist }
        let loaded = MNISTValue(try args.naming { try MNIST.load() })
        mnist = loaded
        return loaded
    }
}
