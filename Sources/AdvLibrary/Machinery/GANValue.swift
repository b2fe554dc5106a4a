import AdvLang
import AdvNN
import AdvSyntax

/// A generative adversarial pair as a language value (type name "gan"), what `gan(g, d)` returns
/// and `train PAIR on SET` trains: the generator and discriminator are the model values the script
/// holds, updated in place.
///
/// Members: `.generator`, `.discriminator`, `.noise` ("gaussian" or "uniform") and `.training`
/// (the record of the last `train` run, or none).
public final class GANValue: DomainValue {
    public let gan: GAN
    public let generator: ModelValue
    public let discriminator: ModelValue
    /// What the last `train` on this pair returned.
    public var lastTraining: Value = .none

    public init(_ gan: GAN, generator: ModelValue, discriminator: ModelValue) {
        self.gan = gan
        self.generator = generator
        self.discriminator = discriminator
    }

    public var typeName: String { "gan" }
    public var memberNames: [String] { ["generator", "discriminator", "noise", "training"] }

    public func member(_ name: String) throws -> Value? {
        switch name {
        case "generator": return .object(generator)
        case "discriminator": return .object(discriminator)
        case "noise": return .string(gan.noise.rawValue)
        case "training": return lastTraining
        default: return nil
        }
    }

    public var description: String {
        "gan: \(gan.generator.name) against \(gan.discriminator.name), \(gan.noise.rawValue) noise of \(gan.generator.inputs)"
    }
}
