import AdvAutograd
import AdvTensor
import Foundation

extension Model {
    /// The generator of Goodfellow et al. 2014's MNIST model (goodfeli/adversarial, mnist.yaml):
    /// noise [n, `noise`] -> ReLU layers of `hidden` widths -> sigmoid [n, `outputs`], images in
    /// [0, 1]. Weights start uniform in +-0.05 (the yaml's `irange`), hidden biases 0; the output
    /// biases are `outputBias` when given (the yaml sets them to the training pixels' log-odds, see
    /// `marginalLogOdds`), else 0.
    public static func generator(
        noise: Int = 100, hidden: [Int] = [1200, 1200], outputs: Int = 784, outputBias: [Float]? = nil,
        seed: UInt64 = 0
    ) -> Model {
        var layers: [Layer] = []
        var width = noise
        for units in hidden {
            layers += [Layer(.linear(inputs: width, outputs: units)), Layer(.relu)]
            width = units
        }
        let outputLayer = Layer.Kind.linear(inputs: width, outputs: outputs)
        layers += [Layer(outputLayer), Layer(.sigmoid)]
        let name = "generator(\(([noise] + hidden + [outputs]).map(String.init).joined(separator: "-")))"
        return Model(name: name, inputs: noise, classes: outputs, layers: layers, seed: seed) {
            layer, _, shape, generator in
            if shape.count == 2 { return uniform(shape, low: -0.05, high: 0.05, using: &generator) }
            if let outputBias, outputBias.count == shape[0], layer.kind == outputLayer {
                return (try? Tensor(shape: shape, scalars: outputBias)) ?? Tensor.zeros(shape)
            }
            return Tensor.zeros(shape)
        }
    }

    /// The discriminator of the paper's MNIST model (mnist.yaml): `depth` maxout layers of `units` x
    /// `pieces`, then one linear unit whose output is the logit of D(x) (the yaml's sigmoid unit; the
    /// GAN losses take the logit so that log D and log(1 - D) stay finite). Weights uniform in
    /// +-0.005, biases 0, no max-norm. With `dropout`, AdversaryCost2's settings: the input kept with
    /// p .8 and scaled by 1.25, every later layer's input kept with p .5 and scaled by 2.
    public static func discriminator(
        inputs: Int = 784, units: Int = 240, pieces: Int = 5, layers depth: Int = 2, dropout: Bool = true,
        seed: UInt64 = 0
    ) -> Model {
        var layers: [Layer] = []
        var width = inputs
        for k in 0...depth {
            if dropout {
                layers.append(Layer(k == 0 ? .dropout(keep: 0.8, scale: 1.25) : .dropout(keep: 0.5, scale: 2)))
            }
            layers.append(
                k < depth
                    ? Layer(.maxout(inputs: width, units: units, pieces: pieces))
                    : Layer(.linear(inputs: width, outputs: 1)))
            width = units
        }
        return Model(name: "discriminator(\(units)x\(pieces))", inputs: inputs, classes: 1, layers: layers, seed: seed)
        {
            _, _, shape, generator in
            shape.count == 2 ? uniform(shape, low: -0.005, high: 0.005, using: &generator) : Tensor.zeros(shape)
        }
    }

    /// pylearn2's `init_sigmoid_bias_from_marginals`: each pixel's mean over `images` [n, d], clipped
    /// to [1e-7, 1 - 1e-7] as pylearn2 clips, as log-odds: a sigmoid layer with these biases and zero
    /// input outputs the mean image. A pixel no training digit lights starts at -16.1, where the
    /// sigmoid passes almost no gradient, so the generator cannot light it either.
    public static func marginalLogOdds(_ images: Tensor) throws -> [Float] {
        guard images.rank == 2, images.shape[0] > 0 else {
            throw TensorError(op: "generator", message: "images \(images.shape.shapeDescription): want [n, d], n > 0")
        }
        let (n, d) = (images.shape[0], images.shape[1])
        var sums = [Double](repeating: 0, count: d)
        images.scalars.withUnsafeBufferPointer { x in
            for r in 0..<n {
                for j in 0..<d { sums[j] += Double(x[r * d + j]) }
            }
        }
        return sums.map { sum in
            let p = Swift.min(Swift.max(sum / Double(n), 1e-7), 1 - 1e-7)
            return Float(Foundation.log(p / (1 - p)))
        }
    }

    /// The autoencoder's decoder applied to codes [n, hidden] (evaluation mode): what it makes of
    /// codes no encoder produced, e.g. random ones, to set beside a GAN generator's samples.
    public func decode(_ codes: Tensor) throws -> Tensor {
        guard !decoder.isEmpty else {
            throw TensorError(op: "decode", message: "model \(name) has no decoder (only autoencoders decode)")
        }
        let width = layers.prefix(encoderDepth).reduce(inputs) { $1.outputWidth(forInput: $0) }
        guard codes.rank == 2, codes.shape[1] == width else {
            throw TensorError(
                op: "decode", message: "codes \(codes.shape.shapeDescription) for model \(name): want [n, \(width)]")
        }
        let tape = Tape()
        let parameters = parameters.map(tape.constant)
        var unused = SeededGenerator(seed: seed)
        var y = tape.constant(codes)
        for layer in decoder {
            y = try layer.forward(y, parameters: parameters, mode: .evaluation, generator: &unused)
        }
        return y.value
    }
}
