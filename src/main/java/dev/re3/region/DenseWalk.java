package dev.re3.region;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The backward pass of one input through every step but the first layer, with scratch space shared by
 * the inputs of a {@link DensePass}. {@code G} ({@code [classes, width]}, row-major) starts as the identity
 * at the logits; only its listed columns {@code act[:m]} are read, the others belonging to off units of a
 * ReLU, whose columns are zero. The bias of the map accumulates in the lane. After the top dense step
 * {@code G} is that step's {@code W}, used in place until a step scales it.
 *
 * <p>A dense step {@code (W, bias)} with {@code W} of shape {@code [out, in]} does {@code b += G bias}, then
 * {@code G <- G W} in the cheaper of the two forms of {@link SimdKernel}: the row form reads the {@code m}
 * listed rows of {@code W} for all {@code in} columns ({@code classes * m * in} multiply-adds); the column
 * form computes only the {@code k} columns that the next step keeps (the on units of a ReLU below, unless
 * hidden layers are kept) over the {@code m} listed rows, with the classes padded to two vectors
 * ({@code 2L * m * k}), and lists only those.
 */
final class DenseWalk {
    private final DensePlan plan;
    private final int classes;
    private final int[] all;
    /** The current {@code G}: one of two owned buffers, or a dense step's weights when {@code borrowed}. */
    private double[] g;
    /** The owned buffer the next product is written to. */
    private double[] spare;
    /** The other owned buffer while {@code G} is borrowed. */
    private double[] idle;
    private boolean borrowed;
    private final double[] packed;
    private final double[] columns;
    private int width;
    private int[] act;
    private int m;
    private boolean identity;
    private final int[] listA;
    private final int[] listB;

    DenseWalk(DensePlan plan) {
        this.plan = plan;
        this.classes = plan.classes;
        all = new int[plan.widest];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        g = new double[classes * plan.widestG];
        spare = new double[classes * plan.widestG];
        packed = new double[Math.max(SimdKernel.packedLength(classes, plan.widestG),
                SimdColumns.stride() * plan.widestG)];
        columns = new double[SimdColumns.stride() * plan.widestG];
        listA = new int[plan.widestG];
        listB = new int[plan.widestG];
    }

    /**
     * Walks the lane from the logits down to the output of the first step; then, when the first step is
     * dense, adds its bias and packs the listed columns of {@code G} into the lane for the last product,
     * and otherwise passes it too and copies {@code G} (the map) into {@code map[off ...]}.
     */
    void walk(DenseLane lane, boolean keepHidden, double[] map, int off) {
        Arrays.fill(lane.bias, 0.0);
        Arrays.fill(lane.fit, 0.0);
        lane.hidden = keepHidden ? new ArrayList<>() : null;
        if (borrowed) {
            g = idle;
            borrowed = false;
        }
        width = classes;
        act = all;
        m = classes;
        identity = true;
        List<DensePlan.Step> steps = plan.steps;
        boolean denseFirst = steps.get(0) instanceof DensePlan.Affine;
        int q = plan.gates;
        for (int s = steps.size() - 1; s >= (denseFirst ? 1 : 0); s--) {
            DensePlan.Step step = steps.get(s);
            if (step instanceof DensePlan.Affine a) {
                dense(a, lane, s > 0 ? steps.get(s - 1) : null, q - 1, keepHidden);
            } else if (step instanceof DensePlan.Scale sc) {
                unscale(sc, lane);
            } else {
                q--;
                ungate((DensePlan.Gate) step, q, lane);
            }
        }
        unidentity();
        if (denseFirst) {
            addBias(((DensePlan.Affine) steps.get(0)).b(), lane.bias);
            SimdKernel.pack(g, width, classes, act, m, lane.packed, 0);
            System.arraycopy(act, 0, lane.rows, 0, m);
            lane.m = m;
        } else {
            Arrays.fill(map, off, off + classes * width, 0.0);
            for (int c = 0; c < classes; c++) {
                for (int jj = 0; jj < m; jj++) {
                    map[off + c * width + act[jj]] = g[c * width + act[jj]];
                }
            }
        }
    }

    /** {@code b += G bias; G <- G W}; {@code below} is the next step down, gate {@code q} the next gate down. */
    private void dense(DensePlan.Affine a, DenseLane lane, DensePlan.Step below, int q, boolean keepHidden) {
        int in = a.in();
        int out = a.out();
        if (identity) {
            double[] b = a.b();
            for (int c = 0; c < classes; c++) {
                lane.bias[c] += b[c];
            }
            identity = false;
            idle = g;
            g = a.w();
            borrowed = true;
            width = in;
            act = all;
            m = in;
            return;
        }
        addBias(a.b(), lane.bias);
        int[] cols = all;
        int count = in;
        if (!keepHidden && below instanceof DensePlan.Gate gate && gate.alpha() == 0) {
            cols = lane.onList[q];
            count = lane.onCount[q];
        }
        int stride = SimdColumns.stride();
        if (SimdColumns.fits(classes) && (long) stride * count < (long) classes * in) {
            SimdColumns.pack(g, width, classes, act, m, packed);
            SimdColumns.multiply(packed, act, m, a.wt(), out, cols, count, columns);
            for (int jj = 0; jj < count; jj++) {
                int j = cols[jj];
                for (int c = 0; c < classes; c++) {
                    spare[c * in + j] = columns[jj * stride + c];
                }
            }
        } else {
            SimdKernel.pack(g, width, classes, act, m, packed, 0);
            SimdKernel.multiply(packed, 0, classes, act, m, a.w(), a.wf(), in, 0, in, spare, 0, in);
        }
        double[] t = borrowed ? idle : g;
        g = spare;
        spare = t;
        borrowed = false;
        width = in;
        act = all;
        m = in;
        if (count < in) {
            int[] into = listA;
            System.arraycopy(cols, 0, into, 0, count);
            act = into;
            m = count;
        }
    }

    /** Makes {@code G = I} explicit, for a walk that meets no dense step. */
    private void unidentity() {
        if (identity) {
            Arrays.fill(g, 0, classes * classes, 0.0);
            for (int c = 0; c < classes; c++) {
                g[c * classes + c] = 1.0;
            }
            identity = false;
        }
    }

    /** Copies a borrowed {@code G} into an owned buffer before it is scaled in place. */
    private void own() {
        unidentity();
        if (borrowed) {
            System.arraycopy(g, 0, idle, 0, classes * width);
            g = idle;
            borrowed = false;
        }
    }

    /** {@code b[c] += sum_j G[c][j] t[j]} over the listed columns. */
    private void addBias(double[] t, double[] bias) {
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

    /** {@code b += G t; G <- G diag(s)}. */
    private void unscale(DensePlan.Scale step, DenseLane lane) {
        own();
        addBias(step.t(), lane.bias);
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
     * Passes gate {@code q} backward, {@code G <- G diag(slope)}: for ReLU the off columns leave the list
     * (the on columns keep slope 1); for leaky ReLU they are multiplied by {@code alpha}. When hidden layers
     * are kept, first records this gate's.
     */
    private void ungate(DensePlan.Gate gate, int q, DenseLane lane) {
        unidentity();
        if (lane.hidden != null) {
            lane.hidden.add(0, hiddenLayer(gate, q, lane));
        }
        if (gate.alpha() != 0) {
            own();
            double[] k = lane.slope[q];
            for (int c = 0; c < classes; c++) {
                int row = c * width;
                for (int jj = 0; jj < m; jj++) {
                    int u = act[jj];
                    g[row + u] *= k[u];
                }
            }
            return;
        }
        int[] into = act == listA ? listB : listA;
        int count = 0;
        if (act == all) {
            System.arraycopy(lane.onList[q], 0, into, 0, lane.onCount[q]);
            count = lane.onCount[q];
        } else {
            boolean[] open = lane.on[q];
            for (int jj = 0; jj < m; jj++) {
                into[count] = act[jj];
                count += open[act[jj]] ? 1 : 0;
            }
        }
        act = into;
        m = count;
    }

    /**
     * Gate {@code q} seen from the output: {@code z}, {@code h}, {@code V = G} (zero in the unlisted columns)
     * and {@code beta = b}.
     */
    private HiddenLayer hiddenLayer(DensePlan.Gate gate, int q, DenseLane lane) {
        double alpha = gate.alpha();
        double[] z = lane.pre[q].clone();
        double[] h = new double[z.length];
        for (int u = 0; u < z.length; u++) {
            h[u] = z[u] > 0 ? z[u] : alpha == 0 ? 0.0 : alpha * z[u];
        }
        double[][] vt = new double[classes][width];
        for (int c = 0; c < classes; c++) {
            for (int jj = 0; jj < m; jj++) {
                vt[c][act[jj]] = g[c * width + act[jj]];
            }
        }
        return new HiddenLayer(gate.site(), z, h, vt, lane.bias.clone());
    }
}
