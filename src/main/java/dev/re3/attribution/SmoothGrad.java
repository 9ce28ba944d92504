package dev.re3.attribution;

import dev.re3.net.Network;
import dev.re3.region.Pullback;
import java.util.Random;

/**
 * SmoothGrad (Smilkov et al. 2017, "SmoothGrad: removing noise by adding noise"; Captum's {@code NoiseTunnel}
 * with {@code smoothgrad}): the mean gradient over {@code n} noisy copies of the input,
 *
 * <pre>
 *   a = (1 / n) sum_k d f_t / d x (x + sigma eps_k),   eps_k ~ N(0, I)
 * </pre>
 *
 * with an absolute {@code sigma} (default {@code 0.15}, as the excitation-pullback evaluation runs it; inputs
 * in {@code [-1, 1]}) and {@code n = 50} samples. The noise is reproducible: {@code eps_k[i]} is the
 * {@code (k d + i)}-th {@link Random#nextGaussian()} of {@code new Random(seed)}, the same for every input.
 * No completeness check.
 */
public final class SmoothGrad implements Attribution {
    public static final int DEFAULT_SAMPLES = 50;
    public static final double DEFAULT_SIGMA = 0.15;

    private final Network network;
    private final Pullback pullback;
    private final int samples;
    private final double sigma;
    private final long seed;
    /** The standard normal draws, {@code [samples][d]}, the same for every input: drawn once, on first use. */
    private volatile double[][] draws;

    private SmoothGrad(Network network, int samples, double sigma, long seed) {
        this.network = network;
        this.pullback = Pullback.of(network);
        this.samples = samples;
        this.sigma = sigma;
        this.seed = seed;
    }

    /** 50 samples, sigma 0.15, seed 0. */
    public static SmoothGrad of(Network network) {
        return new SmoothGrad(Checks.network(network), DEFAULT_SAMPLES, DEFAULT_SIGMA, 0);
    }

    public SmoothGrad optSamples(int n) {
        return new SmoothGrad(network, Checks.atLeastOne("samples", n), sigma, seed);
    }

    /** The absolute standard deviation of the noise, {@code >= 0}. */
    public SmoothGrad optSigma(double sigma) {
        return new SmoothGrad(network, samples, Checks.nonNegative("sigma", sigma), seed);
    }

    public SmoothGrad optSeed(long seed) {
        return new SmoothGrad(network, samples, sigma, seed);
    }

    public int samples() {
        return samples;
    }

    public double sigma() {
        return sigma;
    }

    public long seed() {
        return seed;
    }

    @Override
    public String name() {
        return "smoothgrad";
    }

    @Override
    public Network network() {
        return network;
    }

    /** The noisy copies of {@code x} the mean is taken over, {@code [samples][d]}. */
    public double[][] points(double[] x) {
        network.checkInput(x);
        double[][] n = draws();
        double[][] p = new double[samples][x.length];
        for (int k = 0; k < samples; k++) {
            for (int i = 0; i < x.length; i++) {
                p[k][i] = x[i] + sigma * n[k][i];
            }
        }
        return p;
    }

    private double[][] draws() {
        double[][] n = draws;
        if (n == null) {
            Random r = new Random(seed);
            n = new double[samples][network.inputSize()];
            for (double[] row : n) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = r.nextGaussian();
                }
            }
            // a race draws the same numbers twice; either copy serves
            draws = n;
        }
        return n;
    }

    @Override
    public AttributionResult attribute(double[] x, int target) {
        Checks.target(network, target);
        double[][] g = Gradients.at(pullback, network, points(x), target);
        double[] a = new double[x.length];
        for (double[] row : g) {
            for (int i = 0; i < a.length; i++) {
                a[i] += row[i];
            }
        }
        for (int i = 0; i < a.length; i++) {
            a[i] /= samples;
        }
        return AttributionResult.of(name(), network, target, x, a, Double.NaN);
    }

    @Override
    public String toString() {
        return "SmoothGrad (" + samples + " samples, sigma " + sigma + ", seed " + seed + ") of a network "
                + network.inputSize() + " -> " + network.outputSize();
    }
}
