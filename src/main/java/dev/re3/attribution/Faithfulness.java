package dev.re3.attribution;

import dev.re3.net.Network;
import dev.re3.region.SiteForward;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Faithfulness metrics of an attribution {@code a} of logit {@code t} at {@code x}, seeded and batched (every
 * perturbed input of one metric goes through {@link SiteForward#logits} in one call). Settings follow Quantus
 * 0.6 and Captum, as the excitation-pullback evaluation uses them:
 *
 * <ul>
 *   <li>{@link #faithfulnessCorrelation} (Bhatt et al. 2020): {@code S} random subsets {@code s_k} of {@code m}
 *       elements set to the baseline value; Pearson correlation over {@code k} of {@code sum_(i in s_k) a_i} with
 *       the drop {@code f_t(x) - f_t(x with s_k at the baseline)}. Higher is better; {@code NaN} if either
 *       side is constant.</li>
 *   <li>{@link #infidelity} (Yeh et al. 2019) with the optimal scaling: perturbations {@code I_k ~ N(0,
 *       sigma^2 I)}, {@code u_k = <a, I_k>}, {@code v_k = f_t(x) - f_t(x - I_k)},
 *       {@code beta = mean(u v) / mean(u^2)}, score {@code mean((beta u - v)^2)}. Lower is better.</li>
 *   <li>{@link #maxSensitivity} (Yeh et al. 2019): {@code max_k |A(x + d_k) - A(x)|_2 / |A(x)|_2} over
 *       {@code S'} perturbations {@code d_k} uniform in {@code [-r, r]^d}, re-running the method. Lower is
 *       better.</li>
 *   <li>{@link #deletion} and {@link #insertion} (Petsiuk et al. 2018): elements ranked by {@code a}, largest
 *       first; after removing (setting to the baseline) or inserting (into the all-baseline input) the top
 *       {@code ceil(q d)} for {@code q = 0, 1/N, .., 1}, the logit {@code f_t}; the area under the curve by the
 *       trapezoid rule over {@code q}. Deletion: lower is better; insertion: higher.</li>
 *   <li>{@link #randomLogit} (Sixt et al. 2020): Pearson correlation of {@code A(x, t)} with {@code A(x, t')} for a
 *       random other class {@code t'}. Lower is better.</li>
 * </ul>
 *
 * Randomness: subset {@code k} is the first {@code m} of a Fisher-Yates shuffle drawn from
 * {@code new Random(seed)}, subset after subset; {@code I_k[i]} is {@code sigma} times the {@code (k d + i)}-th
 * {@link Random#nextGaussian()} of {@code new Random(seed)}; {@code d_k[i] = r (2 u - 1)} with {@code u} the
 * {@code (k d + i)}-th {@link Random#nextDouble()}; {@code t'} the first draw of {@code nextInt(classes - 1)}
 * (skipping {@code t}). The same for every input, so methods are compared on the same perturbations.
 */
public final class Faithfulness {
    /** The result of a deletion or insertion run: {@code fractions[j]} of the elements changed, {@code logits[j]}. */
    public record Curve(double[] fractions, double[] logits, double area) {
        public Curve {
            fractions = fractions.clone();
            logits = logits.clone();
        }

        @Override
        public double[] fractions() {
            return fractions.clone();
        }

        @Override
        public double[] logits() {
            return logits.clone();
        }
    }

    private final Network network;
    private final SiteForward forward;
    private final long seed;
    private final int subsets;
    private final int subsetSize;
    private final double baseline;
    private final int samples;
    private final int sensitivitySamples;
    private final double sigma;
    private final double radius;
    private final int curveSteps;

    private Faithfulness(Network network, long seed, int subsets, int subsetSize, double baseline, int samples,
            int sensitivitySamples, double sigma, double radius, int curveSteps) {
        this.network = network;
        this.forward = SiteForward.of(network);
        this.seed = seed;
        this.subsets = subsets;
        this.subsetSize = subsetSize;
        this.baseline = baseline;
        this.samples = samples;
        this.sensitivitySamples = sensitivitySamples;
        this.sigma = sigma;
        this.radius = radius;
        this.curveSteps = curveSteps;
    }

    /**
     * Seed 0; 100 subsets of {@code max(1, round(d / 10))} elements, baseline value 0; 10 samples; infidelity
     * {@code sigma = 0.1}; max-sensitivity radius 0.02; 20 curve steps.
     */
    public static Faithfulness of(Network network) {
        Checks.network(network);
        return new Faithfulness(network, 0, 100, Math.max(1, (int) Math.round(network.inputSize() / 10.0)), 0, 10, 10,
                0.1, 0.02, 20);
    }

    public Faithfulness optSeed(long seed) {
        return new Faithfulness(network, seed, subsets, subsetSize, baseline, samples, sensitivitySamples, sigma,
                radius, curveSteps);
    }

    /** The number {@code S} of random subsets of faithfulness correlation (at least 2). */
    public Faithfulness optSubsets(int n) {
        if (n < 2) {
            throw new IllegalArgumentException("subsets: expected at least 2 (a correlation needs two points), got " + n);
        }
        return new Faithfulness(network, seed, n, subsetSize, baseline, samples, sensitivitySamples, sigma,
                radius, curveSteps);
    }

    /** The size {@code m} of each subset, {@code 1 .. d}. */
    public Faithfulness optSubsetSize(int m) {
        if (m < 1 || m > network.inputSize()) {
            throw new IllegalArgumentException("subset size: expected 1.." + network.inputSize() + ", got " + m);
        }
        return new Faithfulness(network, seed, subsets, m, baseline, samples, sensitivitySamples, sigma,
                radius, curveSteps);
    }

    /** The value removed elements are set to (faithfulness correlation, deletion, insertion). */
    public Faithfulness optBaseline(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("baseline: expected a finite number, got " + value);
        }
        return new Faithfulness(network, seed, subsets, subsetSize, value, samples, sensitivitySamples, sigma, radius,
                curveSteps);
    }

    /** The number of perturbations of both infidelity and max-sensitivity; default 10 each. */
    public Faithfulness optSamples(int n) {
        Checks.atLeastOne("samples", n);
        return new Faithfulness(network, seed, subsets, subsetSize, baseline, n, n, sigma, radius, curveSteps);
    }

    /** The number of infidelity's perturbations alone (the excitation-pullback paper uses 5); default 10. */
    public Faithfulness optInfidelitySamples(int n) {
        return new Faithfulness(network, seed, subsets, subsetSize, baseline, Checks.atLeastOne("infidelity samples", n),
                sensitivitySamples, sigma, radius, curveSteps);
    }

    /** The number of max-sensitivity's perturbations alone (the excitation-pullback paper uses 10); default 10. */
    public Faithfulness optSensitivitySamples(int n) {
        return new Faithfulness(network, seed, subsets, subsetSize, baseline, samples,
                Checks.atLeastOne("sensitivity samples", n), sigma, radius, curveSteps);
    }

    /** The standard deviation of infidelity's Gaussian perturbations. */
    public Faithfulness optSigma(double s) {
        return new Faithfulness(network, seed, subsets, subsetSize, baseline, samples, sensitivitySamples,
                Checks.nonNegative("sigma", s),
                radius, curveSteps);
    }

    /** The radius {@code r} of max-sensitivity's uniform noise. */
    public Faithfulness optRadius(double r) {
        return new Faithfulness(network, seed, subsets, subsetSize, baseline, samples, sensitivitySamples, sigma,
                Checks.nonNegative("radius", r), curveSteps);
    }

    /** The number {@code N} of steps of the deletion and insertion curves. */
    public Faithfulness optCurveSteps(int n) {
        return new Faithfulness(network, seed, subsets, subsetSize, baseline, samples, sensitivitySamples, sigma, radius,
                Checks.atLeastOne("curve steps", n));
    }

    public Network network() {
        return network;
    }

    private void check(double[] x, int target, double[] a) {
        network.checkInput(x);
        Checks.target(network, target);
        if (a == null || a.length != x.length) {
            throw new IllegalArgumentException("attribution: expected " + x.length + " values, got "
                    + (a == null ? "null" : a.length));
        }
    }

    /** Pearson correlation of attribution sums over random subsets with the logit drops when they are removed. */
    public double faithfulnessCorrelation(double[] x, int target, double[] a) {
        check(x, target, a);
        int d = x.length;
        Random r = new Random(seed);
        int[] order = new int[d];
        double[][] perturbed = new double[subsets + 1][];
        perturbed[subsets] = x;
        double[] sums = new double[subsets];
        for (int k = 0; k < subsets; k++) {
            for (int i = 0; i < d; i++) {
                order[i] = i;
            }
            for (int i = 0; i < subsetSize; i++) {
                int j = i + r.nextInt(d - i);
                int tmp = order[i];
                order[i] = order[j];
                order[j] = tmp;
            }
            double[] p = x.clone();
            for (int i = 0; i < subsetSize; i++) {
                p[order[i]] = baseline;
                sums[k] += a[order[i]];
            }
            perturbed[k] = p;
        }
        double[][] f = forward.logits(perturbed);
        double[] drops = new double[subsets];
        for (int k = 0; k < subsets; k++) {
            drops[k] = f[subsets][target] - f[k][target];
        }
        return pearson(sums, drops);
    }

    /** Infidelity with the optimal scaling {@code beta} of the attribution. */
    public double infidelity(double[] x, int target, double[] a) {
        check(x, target, a);
        int d = x.length;
        Random r = new Random(seed);
        double[][] perturbed = new double[samples + 1][];
        perturbed[samples] = x;
        double[] u = new double[samples];
        for (int k = 0; k < samples; k++) {
            double[] p = x.clone();
            for (int i = 0; i < d; i++) {
                double noise = sigma * r.nextGaussian();
                p[i] -= noise;
                u[k] += a[i] * noise;
            }
            perturbed[k] = p;
        }
        double[][] f = forward.logits(perturbed);
        double uv = 0;
        double uu = 0;
        double[] v = new double[samples];
        for (int k = 0; k < samples; k++) {
            v[k] = f[samples][target] - f[k][target];
            uv += u[k] * v[k];
            uu += u[k] * u[k];
        }
        double beta = uu == 0 ? 0 : uv / uu;
        double score = 0;
        for (int k = 0; k < samples; k++) {
            double e = beta * u[k] - v[k];
            score += e * e;
        }
        return score / samples;
    }

    /** The largest relative change of the method's attribution under uniform noise of radius {@code r}. */
    public double maxSensitivity(Attribution method, double[] x, int target) {
        network.checkInput(x);
        Checks.target(network, target);
        int d = x.length;
        Random r = new Random(seed);
        double[][] points = new double[sensitivitySamples + 1][];
        points[0] = x;
        for (int k = 1; k <= sensitivitySamples; k++) {
            double[] p = x.clone();
            for (int i = 0; i < d; i++) {
                p[i] += radius * (2 * r.nextDouble() - 1);
            }
            points[k] = p;
        }
        int[] targets = new int[points.length];
        Arrays.fill(targets, target);
        List<AttributionResult> as = method.attribute(points, targets);
        double[] a0 = as.get(0).attribution();
        double n0 = Gradients.norm(a0);
        double worst = 0;
        for (int k = 1; k <= sensitivitySamples; k++) {
            double[] ak = as.get(k).attribution();
            double s = 0;
            for (int i = 0; i < d; i++) {
                s += (ak[i] - a0[i]) * (ak[i] - a0[i]);
            }
            worst = Math.max(worst, Math.sqrt(s));
        }
        return worst == 0 ? 0 : worst / n0;
    }

    /** The target logit as the most attributed elements are set to the baseline, with its area. */
    public Curve deletion(double[] x, int target, double[] a) {
        return curve(x, target, a, true);
    }

    /** The target logit as the most attributed elements are put into the all-baseline input, with its area. */
    public Curve insertion(double[] x, int target, double[] a) {
        return curve(x, target, a, false);
    }

    private Curve curve(double[] x, int target, double[] a, boolean delete) {
        check(x, target, a);
        int d = x.length;
        Integer[] rank = new Integer[d];
        for (int i = 0; i < d; i++) {
            rank[i] = i;
        }
        Arrays.sort(rank, (i, j) -> Double.compare(a[j], a[i]));
        double[] q = new double[curveSteps + 1];
        double[][] points = new double[curveSteps + 1][];
        for (int j = 0; j <= curveSteps; j++) {
            q[j] = j / (double) curveSteps;
            int changed = (int) Math.ceil(q[j] * d - 1e-9);
            double[] p = new double[d];
            for (int i = 0; i < d; i++) {
                p[i] = delete ? x[i] : baseline;
            }
            for (int i = 0; i < changed; i++) {
                p[rank[i]] = delete ? baseline : x[rank[i]];
            }
            points[j] = p;
        }
        double[][] f = forward.logits(points);
        double[] logits = new double[curveSteps + 1];
        double area = 0;
        for (int j = 0; j <= curveSteps; j++) {
            logits[j] = f[j][target];
            if (j > 0) {
                area += (q[j] - q[j - 1]) * (logits[j] + logits[j - 1]) / 2;
            }
        }
        return new Curve(q, logits, area);
    }

    /** Pearson correlation of the method's attribution of {@code t} with that of a random other class. */
    public double randomLogit(Attribution method, double[] x, int target) {
        network.checkInput(x);
        Checks.target(network, target);
        if (network.outputSize() < 2) {
            throw new IllegalArgumentException("random logit: expected a network with at least 2 classes, got 1");
        }
        int other = new Random(seed).nextInt(network.outputSize() - 1);
        if (other >= target) {
            other++;
        }
        List<AttributionResult> as = method.attribute(new double[][] {x, x}, new int[] {target, other});
        return pearson(as.get(0).attribution(), as.get(1).attribution());
    }

    /**
     * Every metric for every method on every input (its class {@code targets[n]}), summarised as the mean with
     * a bootstrap 95% interval ({@code 1000} resamples of the inputs, percentile method, seeded).
     */
    public MetricComparison compare(List<? extends Attribution> methods, double[][] xs, int[] targets) {
        if (methods == null || methods.isEmpty()) {
            throw new IllegalArgumentException("methods: expected at least one attribution method, got none");
        }
        network.checkBatch(xs);
        List<String> names = new ArrayList<>();
        double[][][] values = new double[methods.size()][MetricComparison.METRICS.size()][xs.length];
        for (int m = 0; m < methods.size(); m++) {
            Attribution method = methods.get(m);
            if (method.network() != network && !method.network().equals(network)) {
                throw new IllegalArgumentException("methods: expected methods of this metric's network, got "
                        + method.name() + " of another");
            }
            names.add(method.name());
            List<AttributionResult> as = method.attribute(xs, targets);
            double[][] v = values[m];
            java.util.stream.IntStream.range(0, xs.length).parallel().forEach(n -> {
                double[] a = as.get(n).attribution();
                int t = targets[n];
                v[0][n] = faithfulnessCorrelation(xs[n], t, a);
                v[1][n] = infidelity(xs[n], t, a);
                v[2][n] = maxSensitivity(method, xs[n], t);
                v[3][n] = deletion(xs[n], t, a).area();
                v[4][n] = insertion(xs[n], t, a).area();
                v[5][n] = network.outputSize() < 2 ? Double.NaN : randomLogit(method, xs[n], t);
            });
        }
        return MetricComparison.of(names, values, seed);
    }

    /** Pearson correlation; {@code NaN} if either side is constant. */
    static double pearson(double[] a, double[] b) {
        int n = a.length;
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= n;
        mb /= n;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < n; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa == 0 || sbb == 0 ? Double.NaN : sab / Math.sqrt(saa * sbb);
    }

    @Override
    public String toString() {
        return "Faithfulness metrics (seed " + seed + ", " + subsets + " subsets of " + subsetSize + ", baseline "
                + baseline + ", " + samples + " infidelity and " + sensitivitySamples + " sensitivity samples, sigma "
                + sigma + ", radius " + radius + ", " + curveSteps
                + " curve steps)";
    }
}
