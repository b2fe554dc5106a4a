import AdvTensor

extension Model {
    /// The maxout network of the pylearn2 recipe (mnist_pi.yaml, Goodfellow 2015's 0.94% baseline):
    /// `layers` maxout layers of `units` units x `pieces` pieces, then a softmax layer.
    ///
    /// Weights start uniform in +-0.005, biases 0; every layer's incoming weight vectors are
    /// clipped to `maxNorm`. With `dropout`, training keeps the input with p .8 NOT rescaled and each
    /// later layer's input with p .5 scaled x2. In evaluation the input is multiplied by .8 (the
    /// training mask's mean), so the first layer sees its training-mode expected input; pylearn2
    /// applied no factor there. The hidden masks' mean is 1, so evaluation leaves those inputs alone.
    public static func maxout(
        inputs: Int = 784, units: Int = 240, pieces: Int = 5, layers depth: Int = 2, classes: Int = 10,
        dropout: Bool = true, maxNorm: Float = 1.9365, seed: UInt64 = 0
    ) -> Model {
        var layers: [Layer] = []
        var width = inputs
        for k in 0..<depth {
            if dropout { layers.append(Layer(k == 0 ? .dropout(keep: 0.8, scale: 1) : .dropout(keep: 0.5, scale: 2))) }
            layers.append(Layer(.maxout(inputs: width, units: units, pieces: pieces), maxNorm: maxNorm))
            width = units
        }
        if dropout { layers.append(Layer(depth == 0 ? .dropout(keep: 0.8, scale: 1) : .dropout(keep: 0.5, scale: 2))) }
        layers.append(Layer(.linear(inputs: width, outputs: classes), maxNorm: maxNorm))
        return Model(name: "maxout(\(units))", inputs: inputs, classes: classes, layers: layers, seed: seed) {
            _, _, shape, generator in
            shape.count == 2 ? uniform(shape, low: -0.005, high: 0.005, using: &generator) : Tensor.zeros(shape)
        }
    }
}
