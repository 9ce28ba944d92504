package dev.re3.region;

import dev.re3.net.Network;
import java.util.Arrays;
import java.util.List;

/**
 * The linear region of one input: its pattern and id, the exact local map {@code f(x') = W x' + b}
 * that holds for every {@code x'} in the region, and the region as inequalities on the input.
 *
 * <pre>{@code
 * Region r = Region.of(network, x);
 * r.patterns();            // ["01101100", "1010"]: one string per ReLU layer
 * r.apply(x2);             // W x2 + b, equal to network.forward(x2) while r.contains(x2)
 * r.distanceToBoundary();  // how far x can move before some unit flips
 * }</pre>
 */
public final class Region {
    private final Network network;
    private final double[] x;
    private final List<String> patterns;
    private final String id;
    private final double[][] weight;
    private final double[] bias;
    private final double[] logits;
    private final double reconstructionError;
    private volatile HalfSpaces halfSpaces;

    Region(Network network, LocalMaps maps, int n) {
        this.network = network;
        this.x = maps.input(n);
        this.patterns = maps.patterns(n);
        this.id = maps.regionId(n);
        this.weight = maps.weight(n);
        this.bias = maps.bias(n);
        this.logits = maps.logits(n);
        this.reconstructionError = maps.reconstructionError(n);
    }

    /** The region of input {@code x}. */
    public static Region of(Network network, double[] x) {
        return new Region(network, Linearizer.of(network).linearize(new double[][] {x}), 0);
    }

    /** The region of input {@code n} of a batch linearised by {@link Linearizer}. */
    public static Region of(Network network, LocalMaps maps, int n) {
        return new Region(network, maps, n);
    }

    public Network network() {
        return network;
    }

    /** The input this region was found from. */
    public double[] input() {
        return x.clone();
    }

    /** One {@code '0'/'1'} string per ReLU site, {@code '1'} where the pre-activation is {@code > 0}. */
    public List<String> patterns() {
        return patterns;
    }

    /** A stable 16-hex-digit id of the pattern ({@link RegionCode}). */
    public String id() {
        return id;
    }

    /** {@code W}, {@code [classes][inputs]}: row {@code c} is the gradient of logit {@code c}. */
    public double[][] weight() {
        return Arrays.stream(weight).map(double[]::clone).toArray(double[][]::new);
    }

    /** {@code b}, {@code [classes]}. */
    public double[] bias() {
        return bias.clone();
    }

    /** The logits {@code f(x)} at the input. */
    public double[] logits() {
        return logits.clone();
    }

    /** {@code max_c |W x + b - f(x)|}: how far the map falls short of reproducing the network here. */
    public double reconstructionError() {
        return reconstructionError;
    }

    /** {@code W x' + b}: the network's logits at any {@code x'} in the region. */
    public double[] apply(double[] xPrime) {
        network.checkInput(xPrime);
        double[] y = bias.clone();
        for (int c = 0; c < y.length; c++) {
            for (int i = 0; i < xPrime.length; i++) {
                y[c] += weight[c][i] * xPrime[i];
            }
        }
        return y;
    }

    /** The region as inequalities {@code a_k . x + c_k >= 0} (computed on first use). */
    public HalfSpaces halfSpaces() {
        HalfSpaces h = halfSpaces;
        if (h == null) {
            h = AffineTracer.trace(network, x).halfSpaces();
            halfSpaces = h;
        }
        return h;
    }

    /** Whether {@code x'} lies in the closed region (to a tolerance of {@code 1e-12} per inequality). */
    public boolean contains(double[] xPrime) {
        return halfSpaces().contains(network.checkInput(xPrime), 1e-12);
    }

    /** The Euclidean distance from the input to the nearest boundary of its region. */
    public double distanceToBoundary() {
        return halfSpaces().distance(x);
    }

    /** The unit whose flip bounds the region nearest to the input, e.g. {@code "1.relu/17"}. */
    public String nearestBoundary() {
        HalfSpaces h = halfSpaces();
        int k = h.nearest(x);
        return k < 0 ? "none" : h.labels().get(k);
    }

    @Override
    public String toString() {
        return "Region " + id + " " + patterns;
    }
}
