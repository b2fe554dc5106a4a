/// Analyses of how a classifier responds along adversarial directions and to inputs far from the
/// data (Goodfellow et al. 2015, Fig. 4 and the appendix). Lipschitz bounds are in `Lipschitz`.
public enum Analysis {}
