package dev.re3.region;

import dev.re3.display.Displayable;
import dev.re3.display.HtmlTables;
import dev.re3.display.HtmlText;
import dev.re3.display.Numbers;
import dev.re3.net.Network;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

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
public final class Region implements Displayable {
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

    /**
     * The id and patterns, the logits and the map's reconstruction error, and (up to 64 inputs) the local
     * map {@code W} and {@code b}, one line per class. The inequalities are not computed for this.
     */
    @Override
    public String toText() {
        StringBuilder s = new StringBuilder();
        s.append("Region ").append(id).append(", patterns ").append(abbreviate(patterns.toString(), 200)).append('\n');
        s.append(String.format(Locale.ROOT, "local map f(x') = W x' + b: %d classes x %d inputs, reconstruction error %.2e",
                logits.length, x.length, reconstructionError));
        if (x.length <= 64) {
            List<String> classes = network.classes();
            int width = Math.max(5, classes.stream().mapToInt(String::length).max().orElse(0));
            for (int c = 0; c < logits.length; c++) {
                s.append(String.format(Locale.ROOT, "%n  %-" + width + "s logit %+.4f  b %+.4f  W", classes.get(c), logits[c],
                        bias[c]));
                for (double w : weight[c]) {
                    s.append(String.format(Locale.ROOT, " %+.4f", w));
                }
            }
        }
        return s.toString();
    }

    /** A summary line and a table of the logits, {@code b} and (up to 64 inputs) {@code W}, one row per class. */
    @Override
    public String toHtml() {
        StringBuilder s = new StringBuilder("<div class=\"re3-region\" style=\"font-family:sans-serif;font-size:12px;\">\n");
        s.append(String.format(Locale.ROOT, "<p style=\"font-size:13px;margin:4px 0;\"><b>Region <code>%s</code></b>, "
                + "reconstruction error %.2e, patterns <code>%s</code></p>%n", HtmlText.escape(id), reconstructionError,
                HtmlText.escape(abbreviate(patterns.toString(), 400))));
        List<String> header = new java.util.ArrayList<>(List.of("class", "logit", "b"));
        boolean withW = x.length <= 64;
        if (withW) {
            network.features().forEach(f -> header.add("W[" + f + "]"));
        }
        List<List<String>> rows = new java.util.ArrayList<>();
        for (int c = 0; c < logits.length; c++) {
            List<String> row = new java.util.ArrayList<>(List.of(network.classes().get(c), Numbers.format(logits[c]), Numbers.format(bias[c])));
            if (withW) {
                for (double w : weight[c]) {
                    row.add(Numbers.format(w));
                }
            }
            rows.add(row);
        }
        s.append(HtmlTables.of(withW ? "local map W x' + b" : "logits and bias (W has " + x.length + " inputs: weight())", header,
                rows));
        return s.append("</div>\n").toString();
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    @Override
    public String toString() {
        return "Region " + id + " " + patterns;
    }
}
