package dev.re3.interaction;

import dev.re3.net.Network;
import dev.re3.region.Pullback;
import dev.re3.region.SiteForward;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The local interaction basis (LIB; Bushnaq et al., "Local interaction basis", Apollo Research 2024) of a dense
 * network over a dataset. For each node layer (the inputs of the dense layers, then the logits), built from the
 * output backwards, with activations {@code f} ({@code [N][d]}) and the constant 1 appended:
 * <ol>
 * <li>{@code mu = E[f]}; Gram {@code G = E[(f - mu)^T (f - mu)]} of the augmented centred activations (the
 *     constant slot unshifted, so the constant direction is an eigenvector with eigenvalue 1, put first);
 *     {@code G = U D U^T}, directions with {@code D <= threshold} dropped.</li>
 * <li>{@code Y} = identity with last row {@code -mu} ({@code [f,1] Y = [f - mu, 1]}); {@code R = Y U D^(-1/2)},
 *     {@code R_pinv = D^(1/2) U^T Y^(-1)}.</li>
 * <li>{@code M' = E[sum_i J_i^T J_i]} with {@code J = d f_hat_next / d [f, 1]} at each data point, the exact
 *     local map from {@link Pullback#pull}; {@code M = R_pinv M' R_pinv^T = V Lambda V^T} (the constant direction
 *     kept unrotated; its {@code Lambda} is {@code M_00}, or 1 when that is not above the threshold).</li>
 * <li>Directions with {@code Lambda <= threshold} dropped; {@code C = Y U D^(-1/2) V Lambda^(1/2)},
 *     {@code C_pinv = Lambda^(-1/2) V^T D^(1/2) U^T Y^(-1)}, so {@code C_pinv C = I}.</li>
 * </ol>
 * The logits are kept raw ({@code C = I}) or, with {@link #optRotateOutput}, put in their PCA basis
 * {@code C = Y U}. The {@code PCA} basis ({@link #optPca}) uses {@code C = Y U} for every layer: the baseline the
 * paper compares against. Float64 throughout (EJML). Immutable; every {@code opt} returns a new object.
 *
 * <pre>{@code
 * LibResult lib = InteractionBasis.of(net).fit(xs);
 * InteractionGraph g = lib.graph(xs);
 * }</pre>
 */
public final class InteractionBasis {
    private final Network network;
    private final double threshold;
    private final boolean rotateOutput;
    private final boolean pca;

    private InteractionBasis(Network network, double threshold, boolean rotateOutput, boolean pca) {
        this.network = network;
        this.threshold = threshold;
        this.rotateOutput = rotateOutput;
        this.pca = pca;
    }

    /** The jacobian LIB with truncation threshold {@code 1e-15} and raw logits. */
    public static InteractionBasis of(Network network) {
        if (network == null) {
            throw new IllegalArgumentException("network: expected a Network, got null");
        }
        new Sections(network);
        return new InteractionBasis(network, 1e-15, false, false);
    }

    /** Eigenvalues of the Gram matrix and of {@code M} at or below {@code threshold} are dropped. */
    public InteractionBasis optThreshold(double threshold) {
        if (!(threshold >= 0) || !Double.isFinite(threshold)) {
            throw new IllegalArgumentException("threshold: expected a finite number of 0 or more, got " + threshold);
        }
        return new InteractionBasis(network, threshold, rotateOutput, pca);
    }

    /** Whether the logits are put in their PCA basis (with the constant) rather than kept raw. */
    public InteractionBasis optRotateOutput(boolean rotate) {
        return new InteractionBasis(network, threshold, rotate, pca);
    }

    /** Whether every layer gets its PCA basis {@code C = Y U} instead of the interaction basis. */
    public InteractionBasis optPca(boolean pca) {
        return new InteractionBasis(network, threshold, rotateOutput, pca);
    }

    /** The bases of every node layer over the rows {@code xs} ({@code [N][inputs]}). */
    public LibResult fit(double[][] xs) {
        Sections sections = new Sections(network);
        network.checkBatch(xs);
        if (xs.length < 1) {
            throw new IllegalArgumentException("data: expected at least one row, got none");
        }
        int L = sections.count();
        SiteForward forward = SiteForward.of(network);
        List<double[][]> acts = new ArrayList<>();
        for (int l = 0; l < L; l++) {
            String name = sections.names.get(l);
            acts.add(l == 0 ? xs : l == L - 1 ? forward.logits(xs) : forward.activations(xs, name));
        }
        LayerBasis[] bases = new LayerBasis[L];
        bases[L - 1] = rotateOutput ? gramBasis(sections.names.get(L - 1), acts.get(L - 1), true)
                : identity(sections.names.get(L - 1), sections.units[L - 1]);
        for (int l = L - 2; l >= 0; l--) {
            bases[l] = pca ? gramBasis(sections.names.get(l), acts.get(l), true)
                    : interaction(sections, l, xs, acts.get(l), bases[l + 1]);
        }
        return new LibResult(network, List.of(bases), pca ? "pca" : "jacobian", threshold);
    }

    private static LayerBasis identity(String name, int d) {
        double[][] eye = new double[d][d];
        for (int i = 0; i < d; i++) {
            eye[i][i] = 1;
        }
        double[] ones = new double[d];
        Arrays.fill(ones, 1);
        return new LayerBasis(name, d, false, new double[d], eye, eye, ones, d);
    }

    /** The pieces of step 1-2: mean, kept {@code U} ({@code [d+1][k]}) and {@code D}. */
    private record Gram(double[] mean, double[][] u, double[] d) {}

    private Gram gram(String name, double[][] f) {
        int n = f.length;
        int d = f[0].length;
        double[] mu = new double[d];
        for (double[] row : f) {
            for (int j = 0; j < d; j++) {
                mu[j] += row[j] / n;
            }
        }
        double[][] cov = new double[d][d];
        for (double[] row : f) {
            for (int i = 0; i < d; i++) {
                double ri = row[i] - mu[i];
                for (int j = i; j < d; j++) {
                    cov[i][j] += ri * (row[j] - mu[j]) / n;
                }
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                cov[i][j] = cov[j][i];
            }
        }
        Linalg.Eigen e = Linalg.symmetricEigen(cov);
        List<Integer> keep = new ArrayList<>();
        for (int k = 0; k < d; k++) {
            if (Math.abs(e.values()[k]) > threshold) {
                keep.add(k);
            }
        }
        double[][] u = new double[d + 1][keep.size() + 1];
        double[] dv = new double[keep.size() + 1];
        u[d][0] = 1;
        dv[0] = 1;
        for (int c = 0; c < keep.size(); c++) {
            int k = keep.get(c);
            dv[c + 1] = Math.abs(e.values()[k]);
            for (int i = 0; i < d; i++) {
                u[i][c + 1] = e.vectors()[i][k];
            }
        }
        return new Gram(mu, u, dv);
    }

    /** {@code [f,1] Y = [f - mu, 1]}, {@code [d+1][d+1]}; inverse with {@code +mu}. */
    private static double[][] shift(double[] mu, double sign) {
        int d = mu.length;
        double[][] y = new double[d + 1][d + 1];
        for (int i = 0; i <= d; i++) {
            y[i][i] = 1;
        }
        for (int j = 0; j < d; j++) {
            y[d][j] = sign * mu[j];
        }
        return y;
    }

    private LayerBasis gramBasis(String name, double[][] f, boolean constant) {
        Gram g = gram(name, f);
        double[][] c = Linalg.multiply(shift(g.mean, -1), g.u);
        double[][] cPinv = Linalg.multiply(Linalg.transpose(g.u), shift(g.mean, 1));
        return new LayerBasis(name, f[0].length, constant, g.mean, c, cPinv, g.d, g.d.length);
    }

    private LayerBasis interaction(Sections sections, int l, double[][] xs, double[][] f, LayerBasis next) {
        String name = sections.names.get(l);
        int d = f[0].length;
        Gram g = gram(name, f);
        int k = g.d.length;
        // R = Y U D^(-1/2), R_pinv = D^(1/2) U^T Y^(-1)
        double[][] r = Linalg.multiply(shift(g.mean, -1), g.u);
        double[][] ut = Linalg.transpose(g.u);
        double[][] rPinv = Linalg.multiply(ut, shift(g.mean, 1));
        for (int j = 0; j < k; j++) {
            double s = Math.sqrt(g.d[j]);
            for (int i = 0; i <= d; i++) {
                r[i][j] /= s;
                rPinv[j][i] *= s;
            }
        }
        double[][] mDash = mDash(sections, l, xs, next, d);
        double[][] m = Linalg.multiply(Linalg.multiply(rPinv, mDash), Linalg.transpose(rPinv));
        double[][] inner = new double[k - 1][k - 1];
        for (int i = 1; i < k; i++) {
            for (int j = 1; j < k; j++) {
                inner[i - 1][j - 1] = m[i][j];
            }
        }
        Linalg.Eigen e = Linalg.symmetricEigen(inner);
        List<Integer> keep = new ArrayList<>();
        for (int j = 0; j < k - 1; j++) {
            if (Math.abs(e.values()[j]) > threshold) {
                keep.add(j);
            }
        }
        int kk = keep.size() + 1;
        double[][] v = new double[k][kk];
        double[] lambda = new double[kk];
        v[0][0] = 1;
        lambda[0] = m[0][0] > threshold ? m[0][0] : 1;
        for (int c = 0; c < keep.size(); c++) {
            int j = keep.get(c);
            lambda[c + 1] = Math.abs(e.values()[j]);
            for (int i = 1; i < k; i++) {
                v[i][c + 1] = e.vectors()[i - 1][j];
            }
        }
        double[][] c = Linalg.multiply(r, v);
        double[][] cPinv = Linalg.multiply(Linalg.transpose(v), rPinv);
        for (int j = 0; j < kk; j++) {
            double s = Math.sqrt(lambda[j]);
            for (int i = 0; i <= d; i++) {
                c[i][j] *= s;
                cPinv[j][i] /= s;
            }
        }
        return new LayerBasis(name, d, true, g.mean, c, cPinv, lambda, k);
    }

    /** {@code M' = (1/N) sum_x J^T J}, {@code J = d ([f_next (,1)] C_next) / d [f, 1]} from the engine's pullback. */
    private double[][] mDash(Sections sections, int l, double[][] xs, LayerBasis next, int d) {
        double[][] cn = next.c();
        int dn = next.units();
        int kn = next.size();
        double[][] g = new double[kn][dn];
        double[] gConst = new double[kn];
        for (int i = 0; i < kn; i++) {
            for (int m = 0; m < dn; m++) {
                g[i][m] = cn[m][i];
            }
            gConst[i] = next.constant() ? cn[dn][i] : 0;
        }
        Pullback pull = Pullback.of(network);
        String from = sections.names.get(l + 1);
        String to = sections.names.get(l);
        double[][] mDash = new double[d + 1][d + 1];
        int n = xs.length;
        for (int start = 0; start < n; start += 256) {
            int s0 = start;
            double[][][] parts = new double[Math.min(256, n - start)][][];
            java.util.stream.IntStream.range(0, parts.length).parallel().forEach(x -> {
                parts[x] = Sections.withConstant(pull.pull(xs[s0 + x], g, from, to), 1.0, gConst);
            });
            for (double[][] j : parts) {
                for (double[] row : j) {
                    for (int a = 0; a <= d; a++) {
                        double ra = row[a] / n;
                        if (ra != 0) {
                            for (int b = 0; b <= d; b++) {
                                mDash[a][b] += ra * row[b];
                            }
                        }
                    }
                }
            }
        }
        return mDash;
    }

    @Override
    public String toString() {
        return "InteractionBasis (" + (pca ? "pca" : "jacobian") + ", threshold " + threshold
                + (rotateOutput ? ", logits in their PCA basis)" : ", raw logits)");
    }
}
