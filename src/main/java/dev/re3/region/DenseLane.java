package dev.re3.region;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The state of one input of a {@link DensePass} block, and its forward steps.
 *
 * <p>Forward: the values {@code v} (the input itself at first, read in place; the next values go to
 * {@code y}, one of two buffers as wide as the widest step output), the inputs of the next dense step
 * that can be nonzero ({@code nonzero[:nonzeros]}, increasing), and per gate {@code q} the pre-activations,
 * on-set and slopes. Backward results: the bias {@code b} of the map, and for the last product (with the
 * first layer) the listed columns of {@code G} ({@code rows[:m]}, the on units) packed by
 * {@link SimdKernel#pack}; the map {@code W} itself goes straight to the batch. {@code fit} holds
 * {@code W x} as per-class vectors of partial sums, {@code [classes][L]}.
 */
final class DenseLane {
    private final int classes;

    double[] v;
    double[] y;
    private final double[] bufferA;
    private final double[] bufferB;
    int[] nonzero;
    int nonzeros;
    private final int[] found;

    final double[][] pre;
    final boolean[][] on;
    final double[][] slope;
    final int[][] onList;
    final int[] onCount;

    final double[] logits;
    final double[] bias;
    final double[] fit;
    final double[] packed;
    final int[] rows;
    int m;
    List<HiddenLayer> hidden;

    DenseLane(DensePlan plan) {
        classes = plan.classes;
        int w = plan.widest;
        int widestOut = 0;
        int width = plan.inputs;
        for (DensePlan.Step step : plan.steps) {
            width = step instanceof DensePlan.Affine a ? a.out() : width;
            widestOut = Math.max(widestOut, width);
        }
        bufferA = new double[widestOut];
        bufferB = new double[widestOut];
        found = new int[w];
        nonzero = found;
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
        logits = new double[classes];
        bias = new double[classes];
        fit = new double[classes * SimdKernel.lanes()];
        int first = plan.steps.get(0) instanceof DensePlan.Affine a ? a.out() : 0;
        packed = new double[SimdKernel.packedLength(classes, first)];
        rows = new int[first];
    }

    /** Starts the forward pass at input {@code x}, which is read, not written. */
    void start(double[] x) {
        v = x;
        y = bufferA;
    }

    /** Lists the indices {@code i < n} with {@code v[i] != 0} in increasing order. */
    void findNonzeros(int n) {
        nonzero = found;
        nonzeros = SimdKernel.nonzeros(v, n, found);
    }

    /** {@code y = s * v + t}. */
    void scale(DensePlan.Scale step) {
        double[] s = step.s();
        double[] t = step.t();
        for (int i = 0; i < s.length; i++) {
            y[i] = v[i] * s[i] + t[i];
        }
    }

    /**
     * {@code y = v > 0 ? v : alpha v}, recording gate {@code q}. After a ReLU the nonzero outputs are exactly
     * the on units, which become the nonzero list of the next dense step.
     */
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
        if (alpha == 0) {
            nonzero = list;
            nonzeros = count;
        } else {
            nonzero = null;
        }
    }

    /** Makes the next values the current ones. */
    void advance() {
        v = y;
        y = v == bufferA ? bufferB : bufferA;
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

    /** {@code max_c |W x + b - logits|} from the partial sums of {@code W x}. */
    double error() {
        double err = 0;
        for (int c = 0; c < classes; c++) {
            err = Math.max(err, Math.abs(SimdKernel.sumFit(fit, c) + bias[c] - logits[c]));
        }
        return err;
    }
}
