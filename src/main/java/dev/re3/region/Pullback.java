package dev.re3.region;

import dev.re3.net.AvgPool2d;
import dev.re3.net.BatchNorm;
import dev.re3.net.Conv2d;
import dev.re3.net.Dense;
import dev.re3.net.Dropout;
import dev.re3.net.Flatten;
import dev.re3.net.Layer;
import dev.re3.net.LeakyRelu;
import dev.re3.net.MaxPool2d;
import dev.re3.net.Network;
import dev.re3.net.Relu;
import dev.re3.net.Residual;
import dev.re3.net.Standardize;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The open pullback, in plain float64 Java: any cotangents {@code G} ({@code [k][units]}) given at the logits or
 * at the output of any site of {@link Network#sites()}, carried back to the input or to the output of an earlier
 * site that feeds it; sites inside residual branches (nested ones too) included.
 *
 * <p>Through an affine layer {@code y = A x + t} it maps {@code G <- G A} and adds {@code G t} to the carried
 * bias {@code beta}; through a max pool it routes each cotangent to the unit its window selected; through a
 * rectifier it multiplies by the {@link RectifierRule}'s slope ({@link RectifierRule#HARD}, the forward gate, by
 * default); a {@link PoolRule} other than {@link PoolRule#HARD} shares it over the window instead. With the hard gate and {@code G} the identity at the logits, {@code G} at the input is the local map
 * {@code W} and {@code beta} its bias: {@code W x + beta = f(x)} on the region. Residual layers are pulled back
 * branch by branch and summed.
 *
 * <p><b>Sites inside residual branches.</b> Let the pullback start at {@code S} with value {@code s} (the logits,
 * or a site's output) and end at {@code T} with activation {@code a}; on the region {@code s} is affine in the
 * input, and the result satisfies {@code sum_u G[r][u] a[u] + beta[r] = (g s)[r]} exactly. {@code G} is always
 * the true gradient {@code d(g s)/da}. When {@code T} lies in branch {@code b} of a residual
 * {@code y = sum_j branch_j(x_in)} that {@code S} is not inside, {@code s} depends on {@code a} only through
 * {@code branch_b}; it also depends on {@code x_in}, which lies before {@code T}, through the skip and the other
 * branches. That part is constant for the identity and goes into the offset:
 * {@code beta = beta_after + G_y . sum_{j != b} branch_j(x_in) + beta_b}, with {@code G_y} the cotangents at
 * {@code y}, {@code beta_after} the offsets {@code G t} of the affine layers after the residual and {@code beta_b}
 * those of the layers of branch {@code b} after {@code T} (applied at every residual entered, for nested ones).
 * When {@code S} lies inside a branch, its output depends on the residual's input only through that branch (the
 * skip joins after it), so the pullback leaves the branch at its input with no skip term. {@code T} must feed
 * {@code S}: a site of another branch of a residual that holds {@code S}, or the residual itself, is refused.
 *
 * <p>Immutable and safe to share between threads.
 */
public final class Pullback {
    /** The logits, as the start of a pullback. */
    public static final String OUTPUT = "output";
    /** Whether the Vector API module is in the boot layer, so that {@link SimdConvBack} can be loaded. */
    private static final boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    /** The network input, as the end of a pullback. */
    public static final String INPUT = "input";

    /** The backward factor of a rectifier unit: {@code dL/dz = slope(z, alpha) * dL/dy}. */
    @FunctionalInterface
    public interface RectifierRule {
        /** The forward gate: {@code 1} where {@code z > 0}, else {@code alpha} ({@code 0} for a ReLU). */
        RectifierRule HARD = (z, alpha) -> z > 0 ? 1.0 : alpha;

        /**
         * A soft gate, {@code alpha + (1 - alpha) sigmoid(z / temperature)} with {@code sigmoid(u) = 1 / (1 + e^-u)},
         * which the pullback evaluates a layer at a time with vector {@code exp} (to within an ulp of
         * {@link Math#exp}).
         */
        static RectifierRule sigmoid(double temperature) {
            if (!(temperature > 0) || !Double.isFinite(temperature)) {
                throw new IllegalArgumentException("temperature: expected a positive finite number, got " + temperature);
            }
            return new Sigmoid(temperature);
        }

        double slope(double z, double alpha);

        /** {@code out[j] = slope(z[j], alpha)} for {@code j < n}; a rule may override it to work a layer at a time. */
        default void slopes(double[] z, int n, double alpha, double[] out) {
            for (int j = 0; j < n; j++) {
                out[j] = slope(z[j], alpha);
            }
        }
    }

    /**
     * The backward weights of one max-pool window: how the cotangent of the pooled unit is shared among the
     * window's inputs {@code values} (padding left out), {@code dL/dx_j = w_j * dL/dy}.
     */
    @FunctionalInterface
    public interface PoolRule {
        /** The forward choice: all of it to the first largest value. */
        PoolRule HARD = values -> {
            int best = 0;
            for (int j = 1; j < values.length; j++) {
                if (values[j] > values[best]) {
                    best = j;
                }
            }
            double[] w = new double[values.length];
            w[best] = 1;
            return w;
        };

        /** A soft choice: {@code w = softmax(values / temperature)}. */
        static PoolRule softmax(double temperature) {
            if (!(temperature > 0) || !Double.isFinite(temperature)) {
                throw new IllegalArgumentException("temperature: expected a positive finite number, got " + temperature);
            }
            return new Softmax(temperature);
        }

        double[] weights(double[] values);

        /**
         * The weights of {@code windows} full windows of {@code area} values each, window {@code o} at
         * {@code values[o * area, (o + 1) * area)}, into {@code out} in the same layout; by default
         * {@link #weights(double[])} window by window. A rule may override it to work a layer at a time.
         */
        default void weights(double[] values, int windows, int area, double[] out) {
            for (int o = 0; o < windows; o++) {
                double[] w = weights(Arrays.copyOfRange(values, o * area, (o + 1) * area));
                if (w == null || w.length != area) {
                    throw new IllegalArgumentException("max-pool rule: expected " + area + " weights, got "
                            + (w == null ? "null" : w.length));
                }
                System.arraycopy(w, 0, out, o * area, area);
            }
        }
    }

    /** {@link RectifierRule#sigmoid}. */
    private record Sigmoid(double temperature) implements RectifierRule {
        @Override
        public double slope(double z, double alpha) {
            return alpha + (1 - alpha) / (1 + Math.exp(-z / temperature));
        }

        @Override
        public void slopes(double[] z, int n, double alpha, double[] out) {
            for (int j = 0; j < n; j++) {
                out[j] = -z[j] / temperature;
            }
            exp(out, n);
            for (int j = 0; j < n; j++) {
                out[j] = alpha + (1 - alpha) / (1 + out[j]);
            }
        }
    }

    /** {@code a[j] = exp(a[j])} for {@code j < n}, a vector at a time when the Vector API is present. */
    static void exp(double[] a, int n) {
        if (VECTOR_API) {
            SimdExp.inPlace(a, n);
        } else {
            for (int j = 0; j < n; j++) {
                a[j] = Math.exp(a[j]);
            }
        }
    }

    /** {@link PoolRule#softmax}, which the pullback also applies in place, window by window, without allocating. */
    private record Softmax(double temperature) implements PoolRule {
        @Override
        public double[] weights(double[] values) {
            double[] w = new double[values.length];
            weights(values, values.length, w);
            return w;
        }

        /** Every window's softmax, the exponentials of the whole layer taken at once. */
        @Override
        public void weights(double[] values, int windows, int area, double[] out) {
            for (int o = 0; o < windows; o++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = o * area; j < (o + 1) * area; j++) {
                    max = Math.max(max, values[j]);
                }
                for (int j = o * area; j < (o + 1) * area; j++) {
                    out[j] = (values[j] - max) / temperature;
                }
            }
            exp(out, windows * area);
            for (int o = 0; o < windows; o++) {
                double sum = 0;
                for (int j = o * area; j < (o + 1) * area; j++) {
                    sum += out[j];
                }
                for (int j = o * area; j < (o + 1) * area; j++) {
                    out[j] /= sum;
                }
            }
        }

        /** {@code w[0..n) = softmax(values[0..n) / temperature)}. */
        void weights(double[] values, int n, double[] w) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                max = Math.max(max, values[j]);
            }
            double sum = 0;
            for (int j = 0; j < n; j++) {
                w[j] = Math.exp((values[j] - max) / temperature);
                sum += w[j];
            }
            for (int j = 0; j < n; j++) {
                w[j] /= sum;
            }
        }
    }

    /**
     * The result for one input.
     *
     * @param cotangents {@code [k][units]} at the end site (or the input)
     * @param beta {@code [k]}: {@code G t} summed over the affine layers passed
     * @param activation the end site's output (or the input itself)
     */
    public record Result(double[][] cotangents, double[] beta, double[] activation) {
        public Result {
            cotangents = Arrays.stream(cotangents).map(double[]::clone).toArray(double[][]::new);
            beta = beta.clone();
            activation = activation.clone();
        }

        @Override
        public double[][] cotangents() {
            return Arrays.stream(cotangents).map(double[]::clone).toArray(double[][]::new);
        }

        @Override
        public double[] beta() {
            return beta.clone();
        }

        @Override
        public double[] activation() {
            return activation.clone();
        }

        /** {@code sum_u G[r][u] a[u] + beta[r]}: the start value that row {@code r} accounts for on the region. */
        public double reconstruct(int r) {
            double s = beta[r];
            for (int u = 0; u < activation.length; u++) {
                s += cotangents[r][u] * activation[u];
            }
            return s;
        }
    }

    private final Network network;
    private final RectifierRule rule;
    private final PoolRule pool;
    private final boolean guided;
    /** Each dense and conv layer's weights (row-major) and bias, copied once rather than once per input. */
    private final Map<Layer, double[][]> affine;

    private Pullback(Network network, RectifierRule rule, PoolRule pool, boolean guided) {
        this.network = network;
        this.rule = rule;
        this.pool = pool;
        this.guided = guided;
        this.affine = new java.util.IdentityHashMap<>();
        collect(network.layers(), affine);
    }

    private static void collect(List<Layer> layers, Map<Layer, double[][]> affine) {
        for (Layer layer : layers) {
            if (layer instanceof Dense d) {
                affine.put(layer, new double[][] {d.weightRowMajor(), d.bias()});
            } else if (layer instanceof Conv2d c) {
                affine.put(layer, new double[][] {c.weightFlat(), c.bias(), termWeights(c)});
            } else if (layer instanceof Residual r) {
                for (List<Layer> branch : r.branches()) {
                    collect(branch, affine);
                }
            }
        }
}

    /**
     * A convolution's weights in the order {@link SimdConvBack#transposeOne} adds its terms: per input channel,
     * {@code oc} ascending, then {@code u} and {@code v} descending ({@code [in][out][kh * kw]}).
     */
    private static double[] termWeights(Conv2d c) {
        int in = c.inChannels();
        int out = c.outChannels();
        int kh = c.kernel()[0];
        int kw = c.kernel()[1];
        int taps = kh * kw;
        double[] weight = c.weightFlat();
        double[] wt = new double[in * out * taps];
        for (int ic = 0; ic < in; ic++) {
            for (int oc = 0; oc < out; oc++) {
                for (int t = 0; t < taps; t++) {
                    int u = kh - 1 - t / kw;
                    int v = kw - 1 - t % kw;
                    wt[(ic * out + oc) * taps + t] = weight[((oc * in + ic) * kh + u) * kw + v];
                }
            }
        }
        return wt;
    }

    public static Pullback of(Network network) {
        if (network == null) {
            throw new IllegalArgumentException("network: expected a Network, got null");
        }
        return new Pullback(network, RectifierRule.HARD, PoolRule.HARD, false);
    }

    /** A copy with another backward rule for every rectifier. */
    public Pullback optRectifier(RectifierRule rule) {
        if (rule == null) {
            throw new IllegalArgumentException("rectifier rule: expected a rule, got null");
        }
        return new Pullback(network, rule, pool, guided);
    }

    /** A copy with another backward rule for every max pool. */
    public Pullback optMaxPool(PoolRule rule) {
        if (rule == null) {
            throw new IllegalArgumentException("max-pool rule: expected a rule, got null");
        }
        return new Pullback(network, this.rule, rule, guided);
    }

    /**
     * A copy that also keeps only the positive part of the cotangent at every rectifier, after its rule:
     * {@code dL/dz = slope(z) * max(dL/dy, 0)} (guided backpropagation, Springenberg et al. 2015,
     * "Striving for simplicity").
     */
    public Pullback optGuided(boolean guided) {
        return new Pullback(network, rule, pool, guided);
    }

    /** The identity at the logits pulled back to the input: the local map's rows and bias. */
    public Result map(double[] x) {
        int c = network.outputSize();
        double[][] eye = new double[c][c];
        for (int i = 0; i < c; i++) {
            eye[i][i] = 1;
        }
        return pull(x, eye, OUTPUT, INPUT);
    }

    /**
     * Pulls {@code g} ({@code [k][units of from]}) back from the output of {@code from} to the output of
     * {@code to}.
     *
     * The result's cotangents are {@code d(g s)/da} at the output {@code a} of {@code to}, and its {@code beta}
     * makes {@code sum_u G[r][u] a[u] + beta[r] = (g s)[r]} exact on the region, {@code s} the output of
     * {@code from}; for sites inside residual branches see the class comment for what {@code beta} holds.
     *
     * @param from {@link #OUTPUT} or a site name of {@link Network#sites()}, inside a residual branch or not
     * @param to {@link #INPUT} or a site whose output feeds {@code from}: before it in forward order, and not in
     *     another branch of a residual that holds {@code from}, nor that residual itself
     * @throws IllegalArgumentException for an unknown site (the message lists them) or a {@code to} that does not
     *     feed {@code from}
     */
    public Result pull(double[] x, double[][] g, String from, String to) {
        network.checkInput(x);
        int[] s = from == null || from.equals(OUTPUT) ? null : SitePath.of(network, from);
        int[] t = to == null || to.equals(INPUT) ? null : SitePath.of(network, to);
        return run(x, v -> g, s, t, SitePath.common(s, t, from, to), from, null);
    }

    /**
     * The network's output and the state at several sites, from one forward and one backward pass.
     *
     * @param output {@code f(x)}, the network's output for the input
     * @param sites per site, in the order asked, what {@link #pull(double[], double[][], String, String)
     *     pull(x, g, OUTPUT, site)} gives with {@code g = rowsOf(f(x))}: the cotangents at the site's output,
     *     the offset {@code beta} of the layers after it, and its activation
     */
    public record SiteStates(double[] output, Map<String, Result> sites) {
        public SiteStates {
            output = output.clone();
            sites = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sites));
        }

        @Override
        public double[] output() {
            return output.clone();
        }
    }

    /**
     * Pulls cotangents chosen from the network's output ({@code rowsOf(f(x))}, {@code [k][outputs]}, for example
     * the predicted class's one-hot row) back from the logits through the whole network once, keeping the state
     * at the output of each given site on the way, inside residual branches too. One forward and one backward
     * pass for all sites, where {@link #pull} per site would take one of each per site.
     *
     * @param sites site names of {@link Network#sites()} (see {@link #pull}), at least one, no repeats
     * @throws IllegalArgumentException for an unknown or repeated site, or rows of the wrong size
     */
    public SiteStates pullToSites(double[] x, Function<double[], double[][]> rowsOf, List<String> sites) {
        Map<String, Result> at = new java.util.HashMap<>();
        double[] output = pullToSites(x, rowsOf, sites, (site, cotangents, beta, activation) ->
                at.put(site, new Result(cotangents, beta, activation)));
        Map<String, Result> ordered = new LinkedHashMap<>();
        for (String name : sites) {
            ordered.put(network.site(name).name(), at.get(network.site(name).name()));
        }
        return new SiteStates(output, ordered);
    }

    /** Takes the state at one site from {@link #pullToSites(double[], Function, List, SiteReceiver)}. */
    @FunctionalInterface
    public interface SiteReceiver {
        /**
         * The state at {@code site} ({@link dev.re3.net.Site#name()}): the arrays are the pullback's own, valid
         * during the call only; read them, copy what is to be kept, and do not change them.
         *
         * @param cotangents {@code [k][units]} at the site's output
         * @param beta {@code [k]}, the offset of each row there
         * @param activation the site's output
         */
        void at(String site, double[][] cotangents, double[] beta, double[] activation);
    }

    /**
     * {@link #pullToSites(double[], Function, List)} without copies, for a dataset's worth of calls: each site's
     * state is handed to {@code receiver} as the pullback passes it (deepest site first), and the network's
     * output is returned.
     */
    public double[] pullToSites(double[] x, Function<double[], double[][]> rowsOf, List<String> sites,
                                SiteReceiver receiver) {
        network.checkInput(x);
        if (rowsOf == null || sites == null || sites.isEmpty() || receiver == null) {
            throw new IllegalArgumentException("pullToSites: expected a function from the output to cotangent rows,"
                    + " at least one site and a receiver, got " + rowsOf + ", " + sites + " and " + receiver);
        }
        Map<Integer, String> wanted = new java.util.HashMap<>();
        java.util.Set<String> inside = new java.util.HashSet<>();
        for (String name : sites) {
            int[] p = SitePath.of(network, name);
            boolean repeated = p.length == 1 ? wanted.put(p[0], network.site(name).name()) != null : !inside.add(name);
            if (repeated) {
                throw new IllegalArgumentException("pullToSites: expected each site once, got '" + name + "' twice");
            }
        }
        double[][] out = new double[1][];
        // with every site at the top level, the pullback stops at the earliest one, whose state is its result
        int earliest = inside.isEmpty() ? java.util.Collections.min(wanted.keySet()) : -1;
        Result last = run(x, rowsOf, null, earliest < 0 ? null : new int[] {earliest}, 0, OUTPUT, new Tracer() {
            @Override
            public void forward(int i, Layer layer, double[] input, int[] shape, int[] choice) {}

            @Override
            public void end(double[] value) {
                out[0] = value;
            }

            @Override
            public boolean wants(int i) {
                return wanted.containsKey(i);
            }

            @Override
            public void at(int i, double[][] cotangents, double[] beta, double[] input, double[] output) {
                receiver.at(wanted.get(i), cotangents, beta, output);
            }

            @Override
            public boolean wantsInside() {
                return !inside.isEmpty();
            }

            @Override
            public boolean wants(String site) {
                return inside.contains(site);
            }

            @Override
            public void at(String site, double[][] cotangents, double[] beta, double[] input, double[] output) {
                receiver.at(site, cotangents, beta, output);
            }
        });
        if (earliest >= 0) {
            receiver.at(wanted.get(earliest), last.cotangents, last.beta, last.activation);
        }
        return out[0];
    }

    /** What a traced pullback hands out on its way: the logits, then the state at chosen sites. */
    interface Tracer {
        /**
         * Top-level layer {@code i}'s input on the forward pass, in forward order; for a max pool {@code choice}
         * holds each window's selected input ({@link MaxPool2d#argmax}), else it is null.
         */
        void forward(int i, Layer layer, double[] input, int[] shape, int[] choice);

        /** The forward pass's last value (the logits when the pullback starts at the output). */
        void end(double[] value);

        /** Whether to report the state at the output of top-level layer {@code i}. */
        boolean wants(int i);

        /**
         * The state at the output of top-level layer {@code i}, before the pullback passes it.
         *
         * @param cotangents {@code [k][units]}
         * @param beta {@code [k]}, the offsets of the layers after {@code i}
         * @param input the layer's input; {@code output} its output
         */
        void at(int i, double[][] cotangents, double[] beta, double[] input, double[] output);

        /** Whether any site inside a residual branch is to be reported; if not, the residuals skip the offsets. */
        default boolean wantsInside() {
            return false;
        }

        /** Whether to report the state at the output of the site {@code site} inside a residual branch. */
        default boolean wants(String site) {
            return false;
        }

        /**
         * The state at the output of the site {@code site} inside a residual branch, before the pullback passes it:
         * {@code beta} includes the skip and other branches of every residual it is inside (see {@link Pullback}),
         * so that {@code G a + beta} is the start value.
         */
        default void at(String site, double[][] cotangents, double[] beta, double[] input, double[] output) {}
    }

    /** The local map of {@code x} (identity at the logits, back to the input), reporting to {@code tracer}. */
    Result map(double[] x, Tracer tracer) {
        int c = network.outputSize();
        double[][] eye = new double[c][c];
        for (int i = 0; i < c; i++) {
            eye[i][i] = 1;
        }
        return run(x, v -> eye, null, null, 0, OUTPUT, tracer);
    }

    /**
     * The forward pass to the start site {@code from} (a {@link SitePath} path, or null for the logits), then
     * {@code gOf(value there)} pulled back to the end site {@code to} (a path, or null for the input). The two
     * paths agree on their first {@code c} residuals entered ({@link SitePath#common}): the pullback leaves the
     * branches of {@code from} below that level at their inputs, walks back along the list of layers at level
     * {@code c}, then enters the residuals that hold {@code to}, adding the skip and other branches to beta.
     */
    private Result run(double[] x, Function<double[], double[][]> gOf, int[] from, int[] to, int c, String fromName,
                       Tracer tracer) {
        List<Layer> layers = network.layers();
        // the lists of layers from the top level down to the start site, each run forward up to it
        List<BranchLevel> down = new ArrayList<>();
        down.add(BranchLevel.forward(layers, "", true, x, network.inputShape(), SitePath.upTo(from, 0, layers.size()),
                tracer));
        for (int d = 1; from != null && 2 * d < from.length; d++) {
            BranchLevel up = down.get(d - 1);
            int i = from[2 * d - 2];
            List<Layer> branch = ((Residual) up.layers.get(i)).branches().get(from[2 * d - 1]);
            down.add(BranchLevel.forward(branch, up.branchPrefix(i, from[2 * d - 1]), false, up.vals[i], up.shapes[i],
                    SitePath.upTo(from, d, branch.size()), null));
        }
        BranchLevel last = down.get(down.size() - 1);
        double[] v = last.vals[last.vals.length - 1];
        int units = v.length;
        double[][] g = gOf.apply(v.clone());
        if (g == null || g.length == 0) {
            throw new IllegalArgumentException("cotangents: expected at least one row of " + units + " numbers, got "
                    + (g == null ? "null" : "none"));
        }
        int k = g.length;
        // cotangents as one block, rows innermost: G[u * k + r]. Every rule that depends on the unit only
        // (gates, pool routes, weights) is then applied once per unit to a contiguous run of k numbers.
        double[] G = new double[units * k];
        for (int r = 0; r < k; r++) {
            if (g[r] == null || g[r].length != units) {
                throw new IllegalArgumentException("cotangents: expected rows of " + units + " numbers (the output of "
                        + (from == null ? "the network" : fromName) + "), got "
                        + (g[r] == null ? "null" : g[r].length) + " in row " + r);
            }
            for (int u = 0; u < units; u++) {
                G[u * k + r] = g[r][u];
            }
        }
        double[] beta = new double[k];
        if (tracer != null) {
            tracer.end(v);
        }
        CotangentBlock B = CotangentBlock.dense(G, k);
        // out of the start site's branches to their inputs, then along level c to the output of to's layer there
        for (int d = down.size() - 1; d >= c; d--) {
            BranchLevel lv = down.get(d);
            int lo = d > c || to == null ? 0 : to[2 * c] + 1;
            B = walk(lv, lv.vals.length - 1, lo, B, beta, null, tracer);
        }
        BranchLevel up = down.get(c);
        if (to == null || to.length == 2 * c + 1) {
            return new Result(B.rows(), beta, up.vals[to == null ? 0 : to[2 * c] + 1]);
        }
        // into the residuals that hold the end site: the branch taken by the pullback, the rest into beta
        for (int d = c; ; d++) {
            int i = to[2 * d];
            int b = to[2 * d + 1];
            List<List<Layer>> branches = ((Residual) up.layers.get(i)).branches();
            double[] Gy = B.toDense();
            for (int j = 0; j < branches.size(); j++) {
                if (j != b) {
                    addDot(beta, Gy, BranchLevel.output(branches.get(j), up.vals[i], up.shapes[i]), k);
                }
            }
            List<Layer> branch = branches.get(b);
            int lo = to[2 * d + 2] + 1;
            BranchLevel lv = BranchLevel.forward(branch, up.branchPrefix(i, b), false, up.vals[i], up.shapes[i],
                    branch.size(), null);
            B = walk(lv, branch.size(), lo, CotangentBlock.dense(Gy, k), beta, null, null);
            if (to.length == 2 * d + 3) {
                return new Result(B.rows(), beta, lv.vals[lo]);
            }
            up = lv;
        }
    }

    /**
     * Pulls {@code B} back through the layers {@code hi-1 .. lo} of a level, reporting the state at each wanted
     * site's output to the tracer on the way; {@code base + beta} is the offset reported inside a branch.
     */
    private CotangentBlock walk(BranchLevel lv, int hi, int lo, CotangentBlock B, double[] beta, double[] base,
                                Tracer tracer) {
        for (int j = hi - 1; j >= lo; j--) {
            Layer layer = lv.layers.get(j);
            if (tracer != null) {
                if (lv.top && tracer.wants(j)) {
                    tracer.at(j, B.rows(), beta.clone(), lv.vals[j], lv.vals[j + 1]);
                } else if (!lv.top && lv.prefix != null && tracer.wantsInside()
                        && tracer.wants(lv.prefix + j + "." + layer.type())) {
                    tracer.at(lv.prefix + j + "." + layer.type(), B.rows(), plus(base, beta), lv.vals[j],
                            lv.vals[j + 1]);
                }
            }
            if (layer instanceof Residual res) {
                String name = lv.prefix == null ? null : lv.prefix + j + "." + layer.type();
                B = residualBack(res, name, lv.vals[j], lv.shapes[j], B, beta, base, tracer);
            } else {
                B = back(layer, affine.get(layer), lv.vals[j], lv.shapes[j], lv.choices[j], B, beta);
            }
        }
        return B;
    }

    /**
     * A residual {@code y = sum_j branch_j(x)}: {@code G_y} pulled back through each branch and summed, the
     * offsets of every branch added to {@code beta}. When the tracer wants sites inside, the sites of branch
     * {@code b} are reported with {@code base + beta + G_y . sum_{j != b} branch_j(x) + beta_b}, where
     * {@code base + beta} is the offset at {@code y} and {@code beta_b} the branch's own offsets so far.
     */
    private CotangentBlock residualBack(Residual res, String name, double[] x, int[] s, CotangentBlock B,
                                        double[] beta, double[] base, Tracer tracer) {
        int k = B.k;
        double[] G = B.toDense();
        List<List<Layer>> branches = res.branches();
        boolean inside = tracer != null && name != null && tracer.wantsInside();
        BranchLevel[] runs = new BranchLevel[branches.size()];
        double[][] dots = inside ? new double[branches.size()][k] : null;
        for (int b = 0; b < runs.length; b++) {
            List<Layer> branch = branches.get(b);
            String prefix = inside ? name + "." + b + "." : null;
            runs[b] = BranchLevel.forward(branch, prefix, false, x, s, branch.size(), null);
            if (inside) {
                addDot(dots[b], G, runs[b].vals[branch.size()], k);
            }
        }
        // the offset at y, before any branch adds its own
        double[] atY = inside ? plus(base, beta) : null;
        double[] sum = new double[x.length * k];
        for (int b = 0; b < runs.length; b++) {
            double[] own = beta;
            double[] at = null;
            if (inside) {
                own = new double[k];
                at = atY.clone();
                for (int j = 0; j < runs.length; j++) {
                    if (j != b) {
                        for (int r = 0; r < k; r++) {
                            at[r] += dots[j][r];
                        }
                    }
                }
            }
            int n = branches.get(b).size();
            double[] g = walk(runs[b], n, 0, CotangentBlock.dense(G.clone(), k), own, at, inside ? tracer : null)
                    .toDense();
            if (inside) {
                for (int r = 0; r < k; r++) {
                    beta[r] += own[r];
                }
            }
            for (int i = 0; i < sum.length; i++) {
                sum[i] += g[i];
            }
        }
        return CotangentBlock.dense(sum, k);
    }

    /** {@code base + beta} as a new array ({@code base} null for zero). */
    private static double[] plus(double[] base, double[] beta) {
        double[] out = beta.clone();
        if (base != null) {
            for (int r = 0; r < out.length; r++) {
                out[r] += base[r];
            }
        }
        return out;
    }

    /** {@code acc[r] += sum_u G[u * k + r] y[u]}. */
    private static void addDot(double[] acc, double[] G, double[] y, int k) {
        for (int u = 0; u < y.length; u++) {
            if (y[u] != 0) {
                for (int r = 0; r < k; r++) {
                    acc[r] += G[u * k + r] * y[u];
                }
            }
        }
    }

    /**
     * The cotangents {@code B} ({@code [out][k]}, rows innermost) at a layer's output (with its weights and bias
     * if it is dense or a convolution) to {@code [in][k]} at its
     * input, adding {@code G t} to beta for an affine layer {@code y = A x + t}. Rectifiers, flattens and dropouts
     * keep a sparse block sparse; a max pool with disjoint windows under the hard rule makes one; every other
     * layer gives a dense block.
     */
    private CotangentBlock back(Layer layer, double[][] weightAndBias, double[] x, int[] s, int[] choice,
                                CotangentBlock B, double[] beta) {
        int k = B.k;
        if (layer instanceof Relu || layer instanceof LeakyRelu) {
            double alpha = layer instanceof LeakyRelu l ? l.alpha() : 0.0;
            double[] G = B.v;
            int n = B.count();
            double[] slopes = null;
            if (rule != RectifierRule.HARD) {
                // soft rules a layer at a time
                slopes = new double[n];
                for (int j = 0; j < n; j++) {
                    slopes[j] = x[B.unit(j)];
                }
                rule.slopes(slopes, n, alpha, slopes);
            }
            for (int j = 0; j < n; j++) {
                double slope = slopes != null ? slopes[j] : rule.slope(x[B.unit(j)], alpha);
                if (guided) {
                    for (int r = j * k, e = r + k; r < e; r++) {
                        G[r] = Math.max(G[r], 0.0) * slope;
                    }
                } else if (slope != 1) {
                    for (int r = j * k, e = r + k; r < e; r++) {
                        G[r] *= slope;
                    }
                }
            }
            return B;
        }
        if (layer instanceof Flatten || layer instanceof Dropout) {
            return B;
        }
        if (layer instanceof MaxPool2d max && pool == PoolRule.HARD && disjoint(max)) {
            // each window's cotangent goes to the one unit it chose; disjoint windows choose distinct units, so the
            // entries stay where they are and only their units change
            int[] arg = choice != null ? choice : max.argmax(x, s);
            int n = B.count();
            int[] units = new int[n];
            for (int j = 0; j < n; j++) {
                units[j] = arg[B.unit(j)];
            }
            return CotangentBlock.sparse(x.length, units, B.v, k);
        }
        if (layer instanceof Dense d) {
            double[] out = new double[x.length * k];
            double[] w = weightAndBias[0];
            double[] bias = weightAndBias[1];
            int in = d.in();
            double[] G = B.v;
            int n = B.count();
            for (int j = 0; j < n; j++) {
                int o = B.unit(j);
                addBias(beta, G, j * k, bias[o], k);
                if (allZero(G, j * k, k)) {
                    continue;
                }
                // rows in groups of four held in locals, as in convBack
                int r0 = 0;
                for (; r0 + 4 <= k; r0 += 4) {
                    double g0 = G[j * k + r0];
                    double g1 = G[j * k + r0 + 1];
                    double g2 = G[j * k + r0 + 2];
                    double g3 = G[j * k + r0 + 3];
                    for (int i = 0, wo = o * in; i < in; i++) {
                        double a = w[wo + i];
                        int q = i * k + r0;
                        out[q] += a * g0;
                        out[q + 1] += a * g1;
                        out[q + 2] += a * g2;
                        out[q + 3] += a * g3;
                    }
                }
                for (; r0 < k; r0++) {
                    double g = G[j * k + r0];
                    for (int i = 0, wo = o * in; i < in; i++) {
                        out[i * k + r0] += w[wo + i] * g;
                    }
                }
            }
            return CotangentBlock.dense(out, k);
        }
        if (layer instanceof Conv2d c) {
            if (VECTOR_API && k == 1 && c.stride()[0] == 1 && c.stride()[1] == 1) {
                // one dense row (soft rules leave no zeros to skip): the whole transpose as a vector correlation,
                // then the offsets entry by entry
                double[] out = SimdConvBack.transposeOne(B.toDense(), c.inChannels(), s[1], s[2], c.outChannels(),
                        c.kernel()[0], c.kernel()[1], c.padding()[0], c.padding()[1], weightAndBias[2]);
                double[] bias = weightAndBias[1];
                int plane = B.size / c.outChannels();
                for (int j = 0, n = B.count(); j < n; j++) {
                    if (B.v[j] != 0) {
                        addBias(beta, B.v, j, bias[B.unit(j) / plane], 1);
                    }
                }
                return CotangentBlock.dense(out, k);
            }
            double[] out = new double[x.length * k];
            convBack(c, weightAndBias, s, B, out, beta);
            return CotangentBlock.dense(out, k);
        }
        return CotangentBlock.dense(backDense(layer, x, s, choice, B.toDense(), k, beta), k);
    }

    /** Whether no two windows of a max pool share an input (stride at least the kernel in both directions). */
    private static boolean disjoint(MaxPool2d max) {
        int[] kernel = max.kernel();
        int[] stride = max.stride();
        return stride[0] >= kernel[0] && stride[1] >= kernel[1];
    }

    /** {@link #back} for the layers that take and give dense blocks {@code G} ({@code [units][k]}). */
    private double[] backDense(Layer layer, double[] x, int[] s, int[] choice, double[] G, int k, double[] beta) {
        if (layer instanceof Residual res) {
            return residualBack(res, null, x, s, CotangentBlock.dense(G, k), beta, null, null).toDense();
        }
        double[] out = new double[x.length * k];
        if (layer instanceof MaxPool2d max) {
            if (pool == PoolRule.HARD) {
                int[] arg = choice != null ? choice : max.argmax(x, s);
                for (int o = 0; o < arg.length; o++) {
                    addScaled(out, arg[o] * k, G, o * k, 1.0, k);
                }
                return out;
            }
            int units = G.length / k;
            int area = max.kernel()[0] * max.kernel()[1];
            if (max.padding()[0] == 0 && max.padding()[1] == 0) {
                // every window lies inside: the rule takes the whole layer's windows at once
                int[] idx = new int[units * area];
                double[] values = new double[units * area];
                for (int o = 0; o < units; o++) {
                    max.window(s, o, idx, o * area);
                }
                for (int j = 0; j < values.length; j++) {
                    values[j] = x[idx[j]];
                }
                double[] w = new double[values.length];
                pool.weights(values, units, area, w);
                for (int j = 0; j < values.length; j++) {
                    addScaled(out, idx[j] * k, G, j / area * k, w[j], k);
                }
                return out;
            }
            int[] window = new int[area];
            double[] values = new double[area];
            double[] soft = new double[area];
            for (int o = 0; o < units; o++) {
                int n = max.window(s, o, window, 0);
                for (int j = 0; j < n; j++) {
                    values[j] = x[window[j]];
                }
                double[] w;
                if (pool instanceof Softmax sm) {
                    sm.weights(values, n, soft);
                    w = soft;
                } else {
                    w = pool.weights(Arrays.copyOf(values, n));
                    if (w == null || w.length != n) {
                        throw new IllegalArgumentException("max-pool rule: expected " + n + " weights, got "
                                + (w == null ? "null" : w.length));
                    }
                }
                for (int j = 0; j < n; j++) {
                    addScaled(out, window[j] * k, G, o * k, w[j], k);
                }
            }
            return out;
        }
        if (layer instanceof BatchNorm b) {
            double[] t = layer.forward(new double[x.length], s);
            double[] scale = b.scale();
            int plane = x.length / scale.length;
            for (int u = 0; u < x.length; u++) {
                addBias(beta, G, u * k, t[u], k);
                addScaled(out, u * k, G, u * k, scale[u / plane], k);
            }
        } else if (layer instanceof Standardize st) {
            for (int u = 0; u < x.length; u++) {
                addBias(beta, G, u * k, -st.mean(u) / st.scale(u), k);
                addScaled(out, u * k, G, u * k, 1 / st.scale(u), k);
            }
        } else if (layer instanceof AvgPool2d avg) {
            double[] t = layer.forward(new double[x.length], s);
            for (int o = 0; o < t.length; o++) {
                addBias(beta, G, o * k, t[o], k);
                double weight = 1 / avg.divisor(s, o);
                for (int i : avg.window(s, o)) {
                    if (i >= 0) {
                        addScaled(out, i * k, G, o * k, weight, k);
                    }
                }
            }
        } else {
            throw new IllegalArgumentException("pullback: no rule for layer type " + layer.type());
        }
        return out;
    }

    /** {@code dst[d .. d+k) += a * src[s .. s+k)}. */
    private static void addScaled(double[] dst, int d, double[] src, int s, double a, int k) {
        if (a == 0) {
            return;
        }
        for (int r = 0; r < k; r++) {
            dst[d + r] += a * src[s + r];
        }
    }

    /** {@code beta[r] += t * G[s + r]}, the offset term of one output unit. */
    private static void addBias(double[] beta, double[] G, int s, double t, int k) {
        if (t == 0) {
            return;
        }
        for (int r = 0; r < k; r++) {
            beta[r] += G[s + r] * t;
        }
    }

    private static boolean allZero(double[] G, int s, int k) {
        for (int r = 0; r < k; r++) {
            if (G[s + r] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The transpose of the convolution, {@code out[ic, rr, cc][r] += G[oc, row, col][r] * w[oc, ic, u, v]}, and
     * its offset {@code beta[r] += G[oc, row, col][r] * bias[oc]}. Output units whose cotangents are all zero
     * (closed gates, pool windows not chosen) are skipped.
     */
    private static void convBack(Conv2d conv, double[][] weightAndBias, int[] s, CotangentBlock B, double[] out,
                                 double[] beta) {
        int k = B.k;
        double[] G = B.v;
        int[] o = conv.outputShape(s);
        int kh = conv.kernel()[0];
        int kw = conv.kernel()[1];
        int[] stride = conv.stride();
        int[] pad = conv.padding();
        double[] w = weightAndBias[0];
        double[] bias = weightAndBias[1];
        int in = conv.inChannels();
        int h = s[1];
        int wd = s[2];
        int plane = o[1] * o[2];
        int n = B.count();
        for (int j = 0; j < n; j++) {
            int go = j * k;
            if (allZero(G, go, k)) {
                continue;
            }
            int unit = B.unit(j);
            int oc = unit / plane;
            int row = unit % plane / o[2];
            int col = unit % o[2];
            addBias(beta, G, go, bias[oc], k);
            int u0 = Math.max(0, pad[0] - row * stride[0]);
            int u1 = Math.min(kh, h + pad[0] - row * stride[0]);
            int v0 = Math.max(0, pad[1] - col * stride[1]);
            int v1 = Math.min(kw, wd + pad[1] - col * stride[1]);
            // rows a vector at a time (SimdConvBack), in groups of four, then two, held in locals, then one: each entry of
            // out still receives its terms in the order of the output units, as one row at a time would give them
            int r0 = VECTOR_API && k >= 4 ? SimdConvBack.convEntry(G, go, k, w, oc * in * kh * kw, in, kh, kw, u0, u1, v0, v1,
                    (row * stride[0] - pad[0]) * wd + col * stride[1] - pad[1], h * wd, wd, out) : 0;
            for (; r0 + 4 <= k; r0 += 4) {
                double g0 = G[go + r0];
                double g1 = G[go + r0 + 1];
                double g2 = G[go + r0 + 2];
                double g3 = G[go + r0 + 3];
                for (int ic = 0; ic < in; ic++) {
                    for (int u = u0; u < u1; u++) {
                        int wo = ((oc * in + ic) * kh + u) * kw;
                        int xo = (ic * h + row * stride[0] + u - pad[0]) * wd + col * stride[1] - pad[1];
                        for (int v = v0; v < v1; v++) {
                            double a = w[wo + v];
                            int d = (xo + v) * k + r0;
                            out[d] += a * g0;
                            out[d + 1] += a * g1;
                            out[d + 2] += a * g2;
                            out[d + 3] += a * g3;
                        }
                    }
                }
            }
            for (; r0 + 2 <= k; r0 += 2) {
                double g0 = G[go + r0];
                double g1 = G[go + r0 + 1];
                for (int ic = 0; ic < in; ic++) {
                    for (int u = u0; u < u1; u++) {
                        int wo = ((oc * in + ic) * kh + u) * kw;
                        int xo = (ic * h + row * stride[0] + u - pad[0]) * wd + col * stride[1] - pad[1];
                        for (int v = v0; v < v1; v++) {
                            double a = w[wo + v];
                            int d = (xo + v) * k + r0;
                            out[d] += a * g0;
                            out[d + 1] += a * g1;
                        }
                    }
                }
            }
            if (r0 < k) {
                double g = G[go + r0];
                for (int ic = 0; ic < in; ic++) {
                    for (int u = u0; u < u1; u++) {
                        int wo = ((oc * in + ic) * kh + u) * kw;
                        int xo = (ic * h + row * stride[0] + u - pad[0]) * wd + col * stride[1] - pad[1];
                        for (int v = v0; v < v1; v++) {
                            out[(xo + v) * k + r0] += w[wo + v] * g;
                        }
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        return "Pullback of a network " + network.inputSize() + " -> " + network.outputSize()
                + (rule == RectifierRule.HARD ? " (hard gates" : " (custom rectifier rule")
                + (pool == PoolRule.HARD ? ", max-pool argmax" : ", custom max-pool rule")
                + (guided ? ", guided)" : ")");
    }
}
