package dev.re3.region;

import java.util.List;

/**
 * The local maps of a block of inputs through a {@link DensePlan}, with scratch space reused from block
 * to block; one instance per thread. The block runs in three phases, each of which keeps its own weights
 * in cache while every input of the block uses them: the forward pass one step at a time, the backward
 * pass down to the first layer one input at a time ({@link DenseWalk}), and the product with the first
 * layer's weights one input at a time.
 *
 * <p>Forward, per input in float64: a dense step computes {@code bias + sum_i x[i] W[:, i]} over the
 * nonzero {@code x[i]} in increasing {@code i} (after a ReLU, its on units); a gate records its
 * pre-activations {@code z}, its on-set {@code {u : z[u] > 0}} and its slopes ({@code 1} on, {@code alpha} off).
 *
 * <p>Backward, from {@code G = I} ({@code [classes, classes]}) at the logits down to the input, with the
 * bias of the map {@code b} starting at {@code 0}:
 * <ul>
 *   <li>dense {@code (W, bias)}: {@code b += G bias}, then {@code G <- G W};</li>
 *   <li>elementwise {@code (s, t)}: {@code b += G t}, then {@code G <- G diag(s)};</li>
 *   <li>ReLU: the columns of off units become zero and are skipped from then on; leaky ReLU: they are
 *       multiplied by {@code alpha}.</li>
 * </ul>
 * At the input {@code G = W} ({@code [classes, inputs]}) and {@code W x' + b = f(x')} on the region. At a
 * gate's output, {@code G} is the downstream weight {@code V} and {@code b} the downstream bias of
 * {@link HiddenLayer}. The last product, {@code W = G W1} over the on units' rows of {@code W1}, writes
 * {@code W} and the contributions {@code W[c][i] x[i]} straight into the batch's storage blocks (allocated
 * when their first input gets there, {@link DenseFastPath.Batch#allocate}), block of columns by block of
 * columns, and sums the contributions for the reconstruction error {@code max_c |W x + b - logits|}.
 */
final class DensePass {
    /** Inputs per block. */
    static final int BLOCK = 64;

    private final DensePlan plan;
    private final int classes;
    private final int inputs;
    private final DenseLane[] lanes = new DenseLane[BLOCK];
    private final DenseForward forward;
    private final DenseWalk walk;

    DensePass(DensePlan plan) {
        this.plan = plan;
        this.classes = plan.classes;
        this.inputs = plan.inputs;
        for (int b = 0; b < BLOCK; b++) {
            lanes[b] = new DenseLane(plan);
        }
        forward = new DenseForward(plan);
        walk = new DenseWalk(plan);
    }

    /** Computes the maps of inputs {@code from <= n < to} (at most {@link #BLOCK}) into the batch. */
    void explain(double[][] xs, int from, int to, DenseFastPath.Batch out) {
        int size = to - from;
        for (int b = 0; b < size; b++) {
            lanes[b].start(xs[from + b]);
            System.arraycopy(xs[from + b], 0, out.inputs, (from + b) * inputs, inputs);
        }
        forward.run(lanes, size);
        boolean denseFirst = plan.steps.get(0) instanceof DensePlan.Affine;
        for (int b = 0; b < size; b++) {
            int n = from + b;
            DenseLane lane = lanes[b];
            System.arraycopy(lane.v, 0, lane.logits, 0, classes);
            List<String> patterns = lane.patterns();
            out.patterns[n] = patterns;
            out.ids[n] = RegionCode.id(patterns, List.of());
            if (denseFirst) {
                walk.walk(lane, out.hidden != null, null, 0);
            } else {
                out.allocate(n);
                walk.walk(lane, out.hidden != null, out.weightBlock(n), out.offset(n));
                contribute(lane, xs[n], out.weightBlock(n), out.contributionBlock(n), out.offset(n));
            }
            if (lane.hidden != null) {
                out.hidden[n] = List.copyOf(lane.hidden);
            }
        }
        if (denseFirst) {
            DensePlan.Affine first = (DensePlan.Affine) plan.steps.get(0);
            for (int b = 0; b < size; b++) {
                int n = from + b;
                DenseLane lane = lanes[b];
                int off = out.offset(n);
                out.allocate(n);
                SimdKernel.multiply(lane.packed, 0, classes, lane.rows, lane.m, first.w(), first.wf(), inputs, 0, inputs,
                        out.weightBlock(n), off, inputs, xs[n], 0, out.contributionBlock(n), off, lane.fit);
            }
        }
        for (int b = 0; b < size; b++) {
            int n = from + b;
            DenseLane lane = lanes[b];
            out.errors[n] = lane.error();
            System.arraycopy(lane.logits, 0, out.logits, n * classes, classes);
            System.arraycopy(lane.bias, 0, out.bias, n * classes, classes);
        }
    }

    /** {@code con = map * x} row by row, summed into the lane's partial sums of {@code W x} (a map copied, not multiplied). */
    private void contribute(DenseLane lane, double[] x, double[] map, double[] con, int off) {
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < inputs; i++) {
                double p = map[off + c * inputs + i] * x[i];
                con[off + c * inputs + i] = p;
                lane.fit[c * SimdKernel.lanes()] += p;
            }
        }
    }
}
