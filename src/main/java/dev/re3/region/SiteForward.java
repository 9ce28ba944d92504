package dev.re3.region;

import dev.re3.net.Layer;
import dev.re3.net.Network;
import dev.re3.net.Residual;
import dev.re3.net.Site;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.IntStream;

/**
 * Batched forward passes in float64 with hooks at sites: the logits of a batch, the activations at any site
 * (the site's output, for a whole dataset, chunk by chunk), and the logits with an {@link Intervention} at a
 * site. Each layer is applied by its own {@link Layer#forward}; a residual layer's branches are run one by one
 * so that sites inside them can be reached, {@code y = sum_b branch_b(x)}.
 *
 * <p>Immutable and safe to share between threads; rows of a batch are computed in parallel.
 *
 * <pre>{@code
 * SiteForward f = SiteForward.of(net);
 * double[][] logits = f.logits(xs);                                  // [n][classes]
 * double[][] hidden = f.activations(xs, "1.relu");                   // [n][units of 1.relu]
 * double[][] ablated = f.logits(xs, "1.relu", Intervention.zero(3)); // unit 3 of 1.relu set to 0
 * }</pre>
 */
public final class SiteForward {
    private final Network network;

    private SiteForward(Network network) {
        this.network = network;
    }

    public static SiteForward of(Network network) {
        if (network == null) {
            throw new IllegalArgumentException("network: expected a Network, got null");
        }
        return new SiteForward(network);
    }

    /** The logits {@code f(x)} of every row, {@code [n][classes]}. */
    public double[][] logits(double[][] xs) {
        return run(xs, null, null, false);
    }

    /** The logits with {@code change} applied to the output of {@code site}, {@code [n][classes]}. */
    public double[][] logits(double[][] xs, String site, Intervention change) {
        if (change == null) {
            throw new IllegalArgumentException("intervention: expected an Intervention, got null");
        }
        return run(xs, network.site(site), change, false);
    }

    /** The output of {@code site} for every row, {@code [n][units]}. */
    public double[][] activations(double[][] xs, String site) {
        return run(xs, network.site(site), null, true);
    }

    /**
     * The activations at {@code site} chunk by chunk ({@code chunk} rows at most), handed to {@code consumer}
     * with the index of the chunk's first row, so that a large dataset never holds them all at once.
     */
    public void forEachChunk(double[][] xs, String site, int chunk, BiConsumer<Integer, double[][]> consumer) {
        Site s = network.site(site);
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk: expected a positive number of rows, got " + chunk);
        }
        network.checkBatch(xs);
        for (int start = 0; start < xs.length; start += chunk) {
            int end = Math.min(xs.length, start + chunk);
            consumer.accept(start, run(Arrays.copyOfRange(xs, start, end), s, null, true));
        }
    }

    private double[][] run(double[][] xs, Site site, Intervention change, boolean stopAtSite) {
        network.checkBatch(xs);
        double[][] out = new double[xs.length][];
        IntStream.range(0, xs.length).parallel().forEach(n -> {
            try {
                Pass pass = new Pass(site, change, stopAtSite);
                double[] y = pass.layers(network.layers(), "", xs[n].clone(), network.inputShape());
                out[n] = stopAtSite ? pass.captured : y;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("input " + n + ": " + e.getMessage(), e);
            }
        });
        return out;
    }

    /** One row's pass; {@code captured} holds the site's output when asked for. */
    private static final class Pass {
        private final Site site;
        private final Intervention change;
        private final boolean capture;
        private double[] captured;

        Pass(Site site, Intervention change, boolean capture) {
            this.site = site;
            this.change = change;
            this.capture = capture;
        }

        double[] layers(List<Layer> layers, String prefix, double[] v, int[] shape) {
            for (int i = 0; i < layers.size(); i++) {
                Layer layer = layers.get(i);
                String name = prefix + i + "." + layer.type();
                int[] out = layer.outputShape(shape);
                if (layer instanceof Residual r) {
                    double[] sum = new double[Arrays.stream(out).reduce(1, (a, b) -> a * b)];
                    for (int b = 0; b < r.branches().size(); b++) {
                        double[] yb = layers(r.branches().get(b), name + "." + b + ".", v, shape);
                        for (int u = 0; u < sum.length; u++) {
                            sum[u] += yb[u];
                        }
                    }
                    v = sum;
                } else {
                    v = layer.forward(v, shape);
                }
                Network.checkFinite(name, v);
                if (site != null && site.name().equals(name)) {
                    if (change != null) {
                        v = change.apply(v.clone(), out, name);
                    }
                    if (capture) {
                        captured = v.clone();
                    }
                }
                shape = out;
            }
            return v;
        }
    }


    @Override
    public String toString() {
        return "SiteForward of " + network.sites().size() + " sites, " + network.inputSize() + " -> " + network.outputSize();
    }
}
