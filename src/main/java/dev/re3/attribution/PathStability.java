package dev.re3.attribution;

import dev.re3.net.LeakyRelu;
import dev.re3.net.Network;
import dev.re3.net.Site;
import dev.re3.region.SiteForward;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * How the activation patterns and the pullbacks of a network settle during training: the path-stability
 * hypothesis of Satkiewicz (2025, "Pulling Back the Curtain on ReLU Networks", arXiv 2507.22832), that the
 * binary gates of a fixed set of inputs largely stop changing well before training ends. The paper states the
 * hypothesis without a measurement; this class measures it on checkpoints {@code c = 0 .. E} (initialisation,
 * then during training, as {@code NetworkTrainer.optCheckpoints(perEpoch)} keeps them) and a probe set
 * {@code x_1 .. x_N}. With {@code P_c[n][u] = [z_u(x_n) > 0]} the pattern of unit {@code u} of a rectifier
 * site at checkpoint {@code c}:
 *
 * <pre>
 *   agreement(site, c) = mean_{n,u} [P_c[n][u] = P_E[n][u]]              share of gates already final
 *   change(site, c)    = mean_{n,u} [P_c[n][u] != P_(c-1)[n][u]], c >= 1  normalised Hamming distance per epoch
 *   similarity(c)      = mean_n cos(a_c(x_n, t_n), a_E(x_n, t_n))        t_n = argmax f_E(x_n)
 * </pre>
 *
 * where {@code a_c} is an attribution method on checkpoint {@code c}: the {@link ExcitationPullback} with its
 * defaults unless {@link #optMethod} says otherwise (the {@link Gradient} shows how much of the pullback's
 * stability is the gates'). A cosine with a zero vector counts as 1 if both are zero, else 0. Patterns are read
 * from the rectifiers' outputs through {@link SiteForward}: the unit is on exactly when its output is positive,
 * which holds for ReLU and for leaky slopes {@code alpha >= 0} (a negative slope is refused).
 *
 * <pre>{@code
 * TrainedNetwork t = NetworkTrainer.cnn(new int[] {1, 28, 28}, 10).optEpochs(3).optCheckpoints(4).fit(x, y);
 * PathStabilityResult r = PathStability.of(t.checkpoints()).optEpochs(t.checkpointEpochs()).measure(probe);
 * r.toTable();   // per checkpoint: agreement and change per site, pullback similarity
 * r.plot();      // the same as lines over the epochs
 * }</pre>
 */
public final class PathStability {
    private final List<Network> checkpoints;
    private final Function<Network, Attribution> method;
    private final String methodName;
    private final double[] epochs;

    private PathStability(List<Network> checkpoints, Function<Network, Attribution> method, String methodName,
                          double[] epochs) {
        this.checkpoints = checkpoints;
        this.method = method;
        this.methodName = methodName;
        this.epochs = epochs;
    }

    /**
     * The checkpoints of one training run, in order, the last the final network; all with the same layer
     * types and shapes.
     *
     * @throws IllegalArgumentException for fewer than two checkpoints or checkpoints of different architectures
     */
    public static PathStability of(List<Network> checkpoints) {
        if (checkpoints == null || checkpoints.size() < 2) {
            throw new IllegalArgumentException("checkpoints: expected at least two networks (initial and final), got "
                    + (checkpoints == null ? "null" : checkpoints.size()));
        }
        List<Site> sites = checkpoints.get(checkpoints.size() - 1).reluSites();
        for (int c = 0; c < checkpoints.size(); c++) {
            Network n = checkpoints.get(c);
            if (n == null) {
                throw new IllegalArgumentException("checkpoints: expected a network at index " + c + ", got null");
            }
            if (!n.reluSites().equals(sites)) {
                throw new IllegalArgumentException("checkpoints: expected the rectifier sites of the final network "
                        + names(sites) + ", got " + names(n.reluSites()) + " at index " + c);
            }
        }
        for (Site s : sites) {
            if (s.layer() instanceof LeakyRelu l && l.alpha() < 0) {
                throw new IllegalArgumentException("site " + s.name() + ": expected a slope alpha >= 0 so that the "
                        + "pattern can be read from the output, got " + l.alpha());
            }
        }
        return new PathStability(List.copyOf(checkpoints), ExcitationPullback::of, "excitation-pullback", null);
    }

    private static List<String> names(List<Site> sites) {
        return sites.stream().map(Site::name).toList();
    }

    /**
     * The attribution method compared across checkpoints, made for each checkpoint's network; default
     * {@code ExcitationPullback::of}.
     *
     * @param name how tables and figures call it, e.g. {@code "gradient"}
     */
    public PathStability optMethod(String name, Function<Network, Attribution> method) {
        if (method == null || name == null || name.isBlank()) {
            throw new IllegalArgumentException("method: expected a name and a function from a network to an "
                    + "attribution method, got " + name + " and " + method);
        }
        return new PathStability(checkpoints, method, name, epochs);
    }

    /**
     * The epoch of each checkpoint, for tables and figures ({@code TrainedNetwork.checkpointEpochs()}); by default
     * checkpoints are numbered {@code 0 .. E}.
     */
    public PathStability optEpochs(List<Double> epochs) {
        if (epochs == null || epochs.size() != checkpoints.size()) {
            throw new IllegalArgumentException("epochs: expected one per checkpoint (" + checkpoints.size() + "), got "
                    + (epochs == null ? "null" : epochs.size()));
        }
        double[] e = new double[epochs.size()];
        for (int c = 0; c < e.length; c++) {
            e[c] = epochs.get(c);
            if (!Double.isFinite(e[c]) || c > 0 && e[c] <= e[c - 1]) {
                throw new IllegalArgumentException("epochs: expected finite, increasing values, got " + epochs);
            }
        }
        return new PathStability(checkpoints, method, methodName, e);
    }

    /**
     * Measures agreement, change and attribution similarity on the probe inputs.
     *
     * @param probe {@code [N][inputSize]}, at least one finite input
     */
    public PathStabilityResult measure(double[][] probe) {
        Network last = checkpoints.get(checkpoints.size() - 1);
        last.checkBatch(probe);
        List<Site> sites = last.reluSites();
        int e = checkpoints.size();
        boolean[][][] finalPattern = patterns(last, probe, sites);
        double[][] agreement = new double[sites.size()][e];
        double[][] change = new double[sites.size()][e];
        boolean[][][] previous = null;
        for (int c = 0; c < e; c++) {
            boolean[][][] p = c == e - 1 ? finalPattern : patterns(checkpoints.get(c), probe, sites);
            for (int s = 0; s < sites.size(); s++) {
                agreement[s][c] = share(p[s], finalPattern[s], true);
                change[s][c] = previous == null ? Double.NaN : share(p[s], previous[s], false);
            }
            previous = p;
        }
        int[] targets = Attribution.predicted(last, probe);
        List<double[]> reference = attributions(last, probe, targets);
        double[] similarity = new double[e];
        for (int c = 0; c < e; c++) {
            List<double[]> a = c == e - 1 ? reference : attributions(checkpoints.get(c), probe, targets);
            double sum = 0;
            for (int n = 0; n < probe.length; n++) {
                sum += cosine(a.get(n), reference.get(n));
            }
            similarity[c] = sum / probe.length;
        }
        return new PathStabilityResult(names(sites), methodName, probe.length, epochs, agreement, change, similarity);
    }

    /** {@code [site][input][unit]}: unit on when its output is positive. */
    private static boolean[][][] patterns(Network net, double[][] probe, List<Site> sites) {
        SiteForward f = SiteForward.of(net);
        boolean[][][] out = new boolean[sites.size()][][];
        for (int s = 0; s < sites.size(); s++) {
            double[][] a = f.activations(probe, sites.get(s).name());
            out[s] = new boolean[a.length][];
            for (int n = 0; n < a.length; n++) {
                out[s][n] = new boolean[a[n].length];
                for (int u = 0; u < a[n].length; u++) {
                    out[s][n][u] = a[n][u] > 0;
                }
            }
        }
        return out;
    }

    /** The share of (input, unit) pairs whose gates are equal ({@code same}) or differ. */
    private static double share(boolean[][] p, boolean[][] q, boolean same) {
        long count = 0;
        long total = 0;
        for (int n = 0; n < p.length; n++) {
            for (int u = 0; u < p[n].length; u++) {
                count += (p[n][u] == q[n][u]) == same ? 1 : 0;
            }
            total += p[n].length;
        }
        return total == 0 ? (same ? 1 : 0) : count / (double) total;
    }

    private List<double[]> attributions(Network net, double[][] probe, int[] targets) {
        List<double[]> out = new ArrayList<>();
        for (AttributionResult r : method.apply(net).attribute(probe, targets)) {
            out.add(r.attribution());
        }
        return out;
    }

    static double cosine(double[] a, double[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        if (aa == 0 || bb == 0) {
            return aa == bb ? 1 : 0;
        }
        return ab / Math.sqrt(aa * bb);
    }
}
