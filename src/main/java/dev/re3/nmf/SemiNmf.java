package dev.re3.nmf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.ejml.simple.SimpleMatrix;
import org.ejml.simple.SimpleSVD;

/**
 * Semi-nonnegative matrix factorisation of activations (Ding, Li and Jordan 2010; applied to MLP activations in
 * "Decomposing MLP activations into interpretable features via semi-NMF", 2025): {@code A ~ F G^T} with
 * {@code A = X^T} ({@code [d][n]}, one column per input), features {@code F} ({@code [d][K]}, any sign) and
 * coefficients {@code G >= 0} ({@code [n][K]}). Each iteration:
 * <ol>
 * <li>{@code F = A G (G^T G + 1e-6 I)^-1} (least squares), optionally winner-take-all on each column of
 *     {@code F} (the top fraction of entries by {@code |value|} kept);</li>
 * <li>columns of {@code G} rescaled to unit norm, {@code F} taking the scale;</li>
 * <li>{@code G <- G * sqrt((P+ + G Q-) / (P- + G Q+ + 1e-6))}, {@code P = A^T F}, {@code Q = F^T F},
 *     {@code X+ = (|X| + X)/2}, {@code X- = (|X| - X)/2}.</li>
 * </ol>
 * The loss {@code |A - F G^T|_F^2} is recorded after each iteration; fitting stops when its relative change is
 * below the tolerance. Without winner-take-all each step does not raise the loss (up to the {@code 1e-6} terms).
 * Immutable; every {@code opt} returns a new object.
 *
 * <pre>{@code
 * SemiNmfResult r = SemiNmf.of(50).optSeed(0).fit(activations);
 * }</pre>
 */
public final class SemiNmf {
    /** How {@code F} and {@code G} start. */
    public enum Init {
        /** {@code G ~ U(0,1)} ({@code F} is solved from {@code G} in the first step, as for every init). */
        RANDOM,
        /** {@code G = |V_K| sqrt(S) + 1e-3} from the SVD of {@code A}. */
        SVD,
        /** k-means of the inputs: {@code G} the cluster indicators plus 0.2. */
        KMEANS
    }

    private final int components;
    private final long seed;
    private final Init init;
    private final int iterations;
    private final double tolerance;
    private final double sparsity;

    private SemiNmf(int components, long seed, Init init, int iterations, double tolerance, double sparsity) {
        this.components = components;
        this.seed = seed;
        this.init = init;
        this.iterations = iterations;
        this.tolerance = tolerance;
        this.sparsity = sparsity;
    }

    /** {@code K} components, random init with seed 0, 200 iterations at most, tolerance 1e-4, no sparsity. */
    public static SemiNmf of(int components) {
        if (components < 1) {
            throw new IllegalArgumentException("components: expected 1 or more, got " + components);
        }
        return new SemiNmf(components, 0, Init.RANDOM, 200, 1e-4, 0);
    }

    public SemiNmf optSeed(long seed) {
        return new SemiNmf(components, seed, init, iterations, tolerance, sparsity);
    }

    public SemiNmf optInit(Init init) {
        if (init == null) {
            throw new IllegalArgumentException("init: expected RANDOM, SVD or KMEANS, got null");
        }
        return new SemiNmf(components, seed, init, iterations, tolerance, sparsity);
    }

    public SemiNmf optIterations(int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations: expected 1 or more, got " + iterations);
        }
        return new SemiNmf(components, seed, init, iterations, tolerance, sparsity);
    }

    /** Relative change of the loss below which fitting stops; 0 runs every iteration. */
    public SemiNmf optTolerance(double tolerance) {
        if (!(tolerance >= 0) || !Double.isFinite(tolerance)) {
            throw new IllegalArgumentException("tolerance: expected a finite number of 0 or more, got " + tolerance);
        }
        return new SemiNmf(components, seed, init, iterations, tolerance, sparsity);
    }

    /** Winner-take-all: keep this fraction of each column of {@code F} by {@code |value|} (0 for none; 0.01 in the paper). */
    public SemiNmf optSparsity(double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("sparsity: expected a fraction in [0, 1], got " + fraction);
        }
        return new SemiNmf(components, seed, init, iterations, tolerance, fraction);
    }

    /** Factorises the activations {@code x} ({@code [n][d]}, one row per input). */
    public SemiNmfResult fit(double[][] x) {
        if (x == null || x.length == 0) {
            throw new IllegalArgumentException("activations: expected at least one row, got none");
        }
        int n = x.length;
        int d = x[0].length;
        if (components > n) {
            throw new IllegalArgumentException("components: expected at most the number of rows (" + n + "), got " + components);
        }
        for (int i = 0; i < n; i++) {
            if (x[i] == null || x[i].length != d) {
                throw new IllegalArgumentException("activations: expected rows of " + d + " values, got "
                        + (x[i] == null ? "null" : x[i].length) + " in row " + i);
            }
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(x[i][j])) {
                    throw new IllegalArgumentException("activations: expected finite values, got " + x[i][j] + " at row " + i
                            + ", column " + j);
                }
            }
        }
        SimpleMatrix a = new SimpleMatrix(x).transpose();
        SimpleMatrix[] fg = start(a);
        SimpleMatrix f = fg[0];
        SimpleMatrix g = fg[1];
        SimpleMatrix eye = SimpleMatrix.identity(components).scale(1e-6);
        List<Double> losses = new ArrayList<>();
        double previous = Double.POSITIVE_INFINITY;
        for (int it = 0; it < iterations; it++) {
            f = a.mult(g).mult(g.transpose().mult(g).plus(eye).invert());
            if (sparsity > 0) {
                winnerTakeAll(f);
            }
            for (int k = 0; k < components; k++) {
                double norm = g.extractVector(false, k).normF();
                if (norm > 0) {
                    for (int i = 0; i < n; i++) {
                        g.set(i, k, g.get(i, k) / norm);
                    }
                    for (int i = 0; i < d; i++) {
                        f.set(i, k, f.get(i, k) * norm);
                    }
                }
            }
            SimpleMatrix p = a.transpose().mult(f);
            SimpleMatrix q = f.transpose().mult(f);
            SimpleMatrix gqPlus = g.mult(plus(q));
            SimpleMatrix gqMinus = g.mult(minus(q));
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < components; k++) {
                    double pv = p.get(i, k);
                    double num = (Math.abs(pv) + pv) / 2 + gqMinus.get(i, k);
                    double den = (Math.abs(pv) - pv) / 2 + gqPlus.get(i, k) + 1e-6;
                    g.set(i, k, g.get(i, k) * Math.sqrt(num / den));
                }
            }
            double loss = a.minus(f.mult(g.transpose())).normF();
            loss *= loss;
            if (!Double.isFinite(loss)) {
                throw new IllegalStateException("semi-NMF: the loss became " + loss + " at iteration " + it);
            }
            losses.add(loss);
            if (Math.abs(previous - loss) <= tolerance * Math.max(previous == Double.POSITIVE_INFINITY ? loss : previous, 1e-300)) {
                break;
            }
            previous = loss;
        }
        double total = a.normF() * a.normF();
        return new SemiNmfResult(toArray(f), toArray(g), losses.stream().mapToDouble(Double::doubleValue).toArray(), total,
                seed, init.name(), sparsity);
    }

    private SimpleMatrix[] start(SimpleMatrix a) {
        int d = a.numRows();
        int n = a.numCols();
        int k = components;
        Random r = new Random(seed);
        SimpleMatrix f = new SimpleMatrix(d, k);
        SimpleMatrix g = new SimpleMatrix(n, k);
        switch (init) {
            case RANDOM -> {
                for (int i = 0; i < d; i++) {
                    for (int c = 0; c < k; c++) {
                        f.set(i, c, r.nextGaussian());
                    }
                }
                for (int i = 0; i < n; i++) {
                    for (int c = 0; c < k; c++) {
                        g.set(i, c, r.nextDouble());
                    }
                }
            }
            case SVD -> {
                SimpleSVD<SimpleMatrix> svd = a.svd(true);
                int rank = Math.min(k, Math.min(d, n));
                for (int c = 0; c < k; c++) {
                    double s = c < rank ? Math.sqrt(svd.getSingleValue(c)) : 0;
                    for (int i = 0; i < d; i++) {
                        f.set(i, c, c < rank ? svd.getU().get(i, c) * s : r.nextGaussian());
                    }
                    for (int i = 0; i < n; i++) {
                        g.set(i, c, c < rank ? Math.abs(svd.getV().get(i, c)) * s + 1e-3 : r.nextDouble());
                    }
                }
            }
            case KMEANS -> {
                int[] label = Kmeans.cluster(a, k, r);
                for (int i = 0; i < n; i++) {
                    for (int c = 0; c < k; c++) {
                        g.set(i, c, (label[i] == c ? 1 : 0) + 0.2);
                    }
                }
            }
            default -> throw new IllegalStateException();
        }
        return new SimpleMatrix[] {f, g};
    }

    private void winnerTakeAll(SimpleMatrix f) {
        int d = f.numRows();
        int keep = Math.max(1, (int) Math.ceil(sparsity * d));
        for (int c = 0; c < f.numCols(); c++) {
            double[] mag = new double[d];
            for (int i = 0; i < d; i++) {
                mag[i] = Math.abs(f.get(i, c));
            }
            double[] sorted = mag.clone();
            Arrays.sort(sorted);
            double cut = sorted[d - keep];
            int kept = 0;
            for (int i = 0; i < d; i++) {
                if (mag[i] >= cut && kept < keep) {
                    kept++;
                } else {
                    f.set(i, c, 0);
                }
            }
        }
    }

    private static SimpleMatrix plus(SimpleMatrix q) {
        SimpleMatrix out = q.copy();
        for (int i = 0; i < q.getNumElements(); i++) {
            out.set(i, (Math.abs(q.get(i)) + q.get(i)) / 2);
        }
        return out;
    }

    private static SimpleMatrix minus(SimpleMatrix q) {
        SimpleMatrix out = q.copy();
        for (int i = 0; i < q.getNumElements(); i++) {
            out.set(i, (Math.abs(q.get(i)) - q.get(i)) / 2);
        }
        return out;
    }

    static double[][] toArray(SimpleMatrix m) {
        double[][] out = new double[m.numRows()][m.numCols()];
        for (int i = 0; i < m.numRows(); i++) {
            for (int j = 0; j < m.numCols(); j++) {
                out[i][j] = m.get(i, j);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "SemiNmf " + components + " components, init " + init + ", seed " + seed + ", " + iterations
                + " iterations at most, tolerance " + tolerance + (sparsity > 0 ? ", winner-take-all " + sparsity : "");
    }
}
