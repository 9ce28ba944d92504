package dev.re3.region;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The scratch state of one input of a {@link DensePass} block, and the per-input steps.
 *
 * <p>Forward: the values {@code v} (the next values go to {@code y}), the nonzero entries of a dense
 * step's input, and per gate {@code q} the pre-activations, on-set and slopes. Backward:
 * {@code G} ({@code [classes, width]}, row-major), nonzero at most in the listed columns
 * {@code act[:m]} (exact zeros elsewhere), and the bias {@code b} of the map accumulated so far.
 */
final class DenseLane {
    private final int classes;

    double[] v;
    double[] y;
    final int[] nonzero;
    int nonzeros;

    final double[][] pre;
    final boolean[][] on;
    final double[][] slope;
    final int[][] onList;
    final int[] onCount;

    double[] g;
    double[] spare;
    int width;
    int[] act;
    int m;
    private final int[] listA;
    private final int[] listB;
    final double[] bias;
    final double[] packed;
    final double[] logits;
    /** {@code W x}, summed while the map is written. */
    final double[] fit;
    List<HiddenLayer> hidden;

    DenseLane(DensePlan plan) {
        classes = plan.classes;
        int w = plan.widest;
        v = new double[w];
        y = new double[w];
        nonzero = new int[w];
        pre = new double[plan.gates][];
        on = new boolean[plan.gates][];
        slope = new double[plan.gates][];
        onList = new int[plan.gates][];
        onCount = new int[plan.gates];
        int q = 0;
        for (DensePlan.Step step : plan.steps) {
            if (step instanceof DensePlan.Gate gate) {
                int units = gate.site().units();
                pre[q] = new double[units];
                on[q] = new boolean[units];
                slope[q] = new double[units];
                onList[q++] = new int[units];
            }
        }
        g = new double[classes * plan.widestG];
        spare = new double[classes * plan.widestG];
        listA = new int[plan.widestG];
        listB = new int[plan.widestG];
        bias = new double[classes];
        packed = new double[SimdKernel.packedLength(classes, plan.widestG)];
        logits = new double[classes];
        fit = new double[classes];
    }

    /** Lists the indices {@code i < n} with {@code v[i] != 0} in increasing order. */
    void findNonzeros(int n) {
        int count = 0;
        for (int i = 0; i < n; i++) {
            nonzero[count] = i;
            count += v[i] != 0 ? 1 : 0;
        }
        nonzeros = count;
    }

    /** {@code y = s * v + t}. */
    void scale(DensePlan.Scale step) {
        double[] s = step.s();
        double[] t = step.t();
        for (int i = 0; i < s.length; i++) {
            y[i] = v[i] * s[i] + t[i];
        }
    }

    /** {@code y = v > 0 ? v : alpha v}, recording gate {@code q}. */
    void gate(DensePlan.Gate gate, int q) {
        double alpha = gate.alpha();
        double[] keep = pre[q];
        boolean[] open = on[q];
        double[] k = slope[q];
        int[] list = onList[q];
        int count = 0;
        System.arraycopy(v, 0, keep, 0, keep.length);
        for (int u = 0; u < keep.length; u++) {
            boolean positive = v[u] > 0;
            open[u] = positive;
            k[u] = positive ? 1.0 : alpha;
            y[u] = positive ? v[u] : alpha == 0 ? 0.0 : alpha * v[u];
            list[count] = u;
            count += positive ? 1 : 0;
        }
        onCount[q] = count;
    }

    /** Makes the next values the current ones. */
    void advance() {
        double[] t = v;
        v = y;
        y = t;
    }

    /** One {@code '0'/'1'} string per gate: {@code '1'} where {@code z > 0}. */
    List<String> patterns() {
        String[] patterns = new String[on.length];
        for (int q = 0; q < patterns.length; q++) {
            byte[] bits = new byte[on[q].length];
            for (int u = 0; u < bits.length; u++) {
                bits[u] = on[q][u] ? (byte) '1' : (byte) '0';
            }
            patterns[q] = new String(bits, StandardCharsets.ISO_8859_1);
        }
        return List.of(patterns);
    }

    /** {@code G = I}, {@code b = 0}, every column listed. */
    void startBackward(int[] all, boolean keepHidden) {
        Arrays.fill(g, 0, classes * classes, 0.0);
        for (int c = 0; c < classes; c++) {
            g[c * classes + c] = 1.0;
        }
        Arrays.fill(bias, 0.0);
        Arrays.fill(fit, 0.0);
        width = classes;
        act = all;
        m = classes;
        hidden = keepHidden ? new ArrayList<>() : null;
    }

    /** {@code b[c] += sum_j G[c][j] t[j]} over the listed columns. */
    void addBias(double[] t) {
        for (int c = 0; c < classes; c++) {
            int row = c * width;
            double sum = 0;
            for (int jj = 0; jj < m; jj++) {
                int j = act[jj];
                sum += g[row + j] * t[j];
            }
            bias[c] += sum;
        }
    }

    /** After {@code G W} was written to {@link #spare}: it becomes {@code G}, {@code [classes, cols]}, all columns listed. */
    void took(int cols, int[] all) {
        double[] t = g;
        g = spare;
        spare = t;
        width = cols;
        act = all;
        m = cols;
    }

    /** {@code b += G t; G <- G diag(s)}. */
    void unscale(DensePlan.Scale step) {
        addBias(step.t());
        double[] s = step.s();
        for (int c = 0; c < classes; c++) {
            int row = c * width;
            for (int jj = 0; jj < m; jj++) {
                int j = act[jj];
                g[row + j] *= s[j];
            }
        }
    }

    /**
     * Passes gate {@code q} backward, {@code G <- G diag(slope)}; for ReLU ({@code alpha = 0}) the off
     * columns also leave the list. When hidden layers are kept, first records this gate's.
     */
    void ungate(DensePlan.Gate gate, int q, int[] all) {
        if (hidden != null) {
            hidden.add(0, hiddenLayer(gate, q));
        }
        double[] k = slope[q];
        for (int c = 0; c < classes; c++) {
            int row = c * width;
            for (int u = 0; u < width; u++) {
                g[row + u] *= k[u];
            }
        }
        if (gate.alpha() != 0) {
            return;
        }
        int[] into = act == listA ? listB : listA;
        int count = 0;
        if (act == all) {
            System.arraycopy(onList[q], 0, into, 0, onCount[q]);
            count = onCount[q];
        } else {
            boolean[] open = on[q];
            for (int jj = 0; jj < m; jj++) {
                into[count] = act[jj];
                count += open[act[jj]] ? 1 : 0;
            }
        }
        act = into;
        m = count;
    }

    /** Gate {@code q} seen from the output: {@code z}, {@code h}, {@code V = G} and {@code beta = b}. */
    private HiddenLayer hiddenLayer(DensePlan.Gate gate, int q) {
        double alpha = gate.alpha();
        double[] z = pre[q].clone();
        double[] h = new double[z.length];
        for (int u = 0; u < z.length; u++) {
            h[u] = z[u] > 0 ? z[u] : alpha == 0 ? 0.0 : alpha * z[u];
        }
        double[][] vt = new double[classes][];
        for (int c = 0; c < classes; c++) {
            vt[c] = Arrays.copyOfRange(g, c * width, (c + 1) * width);
        }
        return new HiddenLayer(gate.site(), z, h, vt, bias.clone());
    }
}
