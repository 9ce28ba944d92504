package dev.re3.region;

import dev.re3.net.Conv2d;
import dev.re3.net.Dense;
import dev.re3.net.Layer;
import dev.re3.net.MaxPool2d;
import dev.re3.net.Network;
import dev.re3.net.Residual;
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
            return new SoftRules.Sigmoid(temperature);
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
            return new SoftRules.Softmax(temperature);
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
    /** The backward step of each layer type under these rules. */
    private final LayerBack step;
    /** Each dense and conv layer's weights (row-major) and bias, copied once rather than once per input. */
    private final Map<Layer, double[][]> affine;

    private Pullback(Network network, RectifierRule rule, PoolRule pool, boolean guided) {
        this.network = network;
        this.rule = rule;
        this.pool = pool;
        this.guided = guided;
        this.step = new LayerBack(rule, pool, guided);
        this.affine = new java.util.IdentityHashMap<>();
        collect(network.layers(), affine);
    }

    private static void collect(List<Layer> layers, Map<Layer, double[][]> affine) {
        for (Layer layer : layers) {
            if (layer instanceof Dense d) {
                affine.put(layer, new double[][] {d.weightRowMajor(), d.bias()});
            } else if (layer instanceof Conv2d c) {
                affine.put(layer, new double[][] {c.weightFlat(), c.bias(), LayerBack.termWeights(c)});
            } else if (layer instanceof Residual r) {
                for (List<Layer> branch : r.branches()) {
                    collect(branch, affine);
                }
            }
        }
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
                B = step.back(layer, affine.get(layer), lv.vals[j], lv.shapes[j], lv.choices[j], B, beta);
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

    @Override
    public String toString() {
        return "Pullback of a network " + network.inputSize() + " -> " + network.outputSize()
                + (rule == RectifierRule.HARD ? " (hard gates" : " (custom rectifier rule")
                + (pool == PoolRule.HARD ? ", max-pool argmax" : ", custom max-pool rule")
                + (guided ? ", guided)" : ")");
    }
}
