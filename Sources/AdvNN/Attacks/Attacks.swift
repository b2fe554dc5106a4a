/// The attacks of Goodfellow et al. 2015, Szegedy et al. 2014 and Madry et al. 2017, and the noise
/// controls they compare against.
///
/// Every attack runs the model in evaluation mode (through `Classifier`), works on whole sets
/// ([n, inputs] with pixels in [0, 1]) in chunks of `chunkSize` rows, keeps the examples' rows in
/// order (so labels travel with them), and clips the result to the valid pixel range [0, 1] unless
/// called with `clip: false` (Goodfellow et al. do not clip).
public enum Attacks {}

extension Attacks {
    /// The default number of rows per model call: large enough for BLAS to run at speed, small
    /// enough that a chunk's activations stay modest ([1000, 1200] floats for maxout(240)).
    public static let defaultChunkSize = 1000
}
