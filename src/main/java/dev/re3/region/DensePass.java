package dev.re3.region;

import java.util.List;

/**
 * The local maps of a block of inputs through a {@link DensePlan}, with scratch space reused from block
 * to block; one instance per thread. The block goes through the network one step at a time, so that a
 * weight matrix stays in cache while every input of the block uses it.
 *
 * <p>Forward, per input in float64: a dense step computes {@code bias + sum_i x[i] W[:, i]} over the
 * nonzero {@code x[i]} in increasing {@code i}; a gate records its pre-activations {@code z}, its on-set
 * {@code {u : z[u] > 0}} and its slopes ({@code 1} on, {@code alpha} off).
 *
 * <p>Backward, per input from {@code G = I} ({@code [classes, classes]}) at the logits down to the input,
 * with the bias of the map {@code b} starting at {@code 0}:
 * <ul>
 *   <li>dense {@code (W, bias)}: {@code b += G bias}, then {@code G <- G W} over the rows of {@code W} whose
 *       column of {@code G} can be nonzero ({@link SimdKernel#multiply});</li>
 *   <li>elementwise {@code (s, t)}: {@code b += G t}, then {@code G <- G diag(s)};</li>
 *   <li>ReLU: the columns of off units become zero and are skipped from then on; leaky ReLU: they are
 *       multiplied by {@code alpha}.</li>
 * </ul>
 * At the input {@code G = W} ({@code [classes, inputs]}) and {@code W x' + b = f(x')} on the region. At a
 * gate's output, {@code G} is the downstream weight {@code V} and {@code b} the downstream bias of
 * {@link HiddenLayer}. The last product writes {@code W} straight into the batch, panel by panel of
 * columns, and sums {@code W x} for the reconstruction error as it goes.
 */
final class DensePass {
    /** Inputs per block. */
    static final int BLOCK = 16;

    private final DensePlan plan;
    private final int classes;
    private final int inputs;
    private final boolean denseFirst;
    private final int[] all;
    private final DenseLane[] lanes = new DenseLane[BLOCK];

    DensePass(DensePlan plan) {
        this.plan = plan;
        this.classes = plan.classes;
        this.inputs = plan.inputs;
        this.denseFirst = plan.steps.get(0) instanceof DensePlan.Affine;
        all = new int[plan.widest];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        for (int b = 0; b < BLOCK; b++) {
            lanes[b] = new DenseLane(plan);
        }
    }

    /** Computes the maps of inputs {@code from <= n < to} (at most {@link #BLOCK}) into the batch's arrays. */
    void explain(double[][] xs, int from, int to, DenseFastPath.Batch out) {
        int size = to - from;
        for (int b = 0; b < size; b++) {
            System.arraycopy(xs[from + b], 0, lanes[b].v, 0, inputs);
            System.arraycopy(xs[from + b], 0, out.inputs, (from + b) * inputs, inputs);
        }
        forward(size);
        for (int b = 0; b < size; b++) {
            DenseLane lane = lanes[b];
            System.arraycopy(lane.v, 0, lane.logits, 0, classes);
            List<String> patterns = lane.patterns();
            out.patterns[from + b] = patterns;
            out.ids[from + b] = RegionCode.id(patterns, List.of());
        }
        backward(size, from, out);
        for (int b = 0; b < size; b++) {
            finish(from + b, lanes[b], out);
        }
    }

    /** Runs every step on every lane; the logits end in {@code lane.v}. */
    private void forward(int size) {
        int q = 0;
        for (DensePlan.Step step : plan.steps) {
            if (step instanceof DensePlan.Affine a) {
                for (int b = 0; b < size; b++) {
                    lanes[b].findNonzeros(a.in());
                }
                int chunk = SimdKernel.forwardChunk();
                for (int o = 0; o < a.out(); o += chunk) {
                    int end = Math.min(a.out(), o + chunk);
                    for (int b = 0; b < size; b++) {
                        DenseLane lane = lanes[b];
                        SimdKernel.forward(a.wt(), a.out(), lane.v, lane.nonzero, lane.nonzeros, a.b(), lane.y, o, end);
                    }
                }
            } else if (step instanceof DensePlan.Scale s) {
                for (int b = 0; b < size; b++) {
                    lanes[b].scale(s);
                }
            } else {
                for (int b = 0; b < size; b++) {
                    lanes[b].gate((DensePlan.Gate) step, q);
                }
                q++;
            }
            for (int b = 0; b < size; b++) {
                lanes[b].advance();
            }
        }
    }

    /** Carries every lane's {@code G} from the logits to the input; {@code W} lands in the batch. */
    private void backward(int size, int from, DenseFastPath.Batch out) {
        for (int b = 0; b < size; b++) {
            lanes[b].startBackward(all, out.hidden != null);
        }
        int q = plan.gates;
        for (int s = plan.steps.size() - 1; s >= 0; s--) {
            DensePlan.Step step = plan.steps.get(s);
            if (step instanceof DensePlan.Affine a) {
                product(a, s == 0, size, from, out);
            } else if (step instanceof DensePlan.Scale sc) {
                for (int b = 0; b < size; b++) {
                    lanes[b].unscale(sc);
                }
            } else {
                q--;
                for (int b = 0; b < size; b++) {
                    lanes[b].ungate((DensePlan.Gate) step, q, all);
                }
            }
        }
        for (int b = 0; b < size; b++) {
            DenseLane lane = lanes[b];
            if (!denseFirst) {
                System.arraycopy(lane.g, 0, out.weight, (from + b) * classes * inputs, classes * inputs);
                for (int c = 0; c < classes; c++) {
                    lane.fit[c] = SimdKernel.dot(lane.g, c * inputs, out.inputs, (from + b) * inputs, inputs);
                }
            }
            if (lane.hidden != null) {
                out.hidden[from + b] = List.copyOf(lane.hidden);
            }
        }
    }

    /**
     * {@code b += G bias; G <- G W} for every lane, one column panel of {@code W} at a time. The product
     * with the first layer ({@code first}), the last of the backward pass, writes the map {@code W} into
     * the batch and sums {@code W x} panel by panel.
     */
    private void product(DensePlan.Affine a, boolean first, int size, int from, DenseFastPath.Batch out) {
        for (int b = 0; b < size; b++) {
            DenseLane lane = lanes[b];
            lane.addBias(a.b());
            SimdKernel.pack(lane.g, lane.width, classes, lane.act, lane.m, lane.packed, 0);
        }
        int cols = a.in();
        int panel = SimdKernel.panelWidth(a.out());
        for (int k = 0; k < cols; k += panel) {
            int end = Math.min(cols, k + panel);
            for (int b = 0; b < size; b++) {
                DenseLane lane = lanes[b];
                double[] target = first ? out.weight : lane.spare;
                int offset = first ? (from + b) * classes * inputs : 0;
                SimdKernel.multiply(lane.packed, 0, classes, lane.act, lane.m, a.w(), cols, k, end, target, offset, cols);
                if (first) {
                    for (int c = 0; c < classes; c++) {
                        lane.fit[c] += SimdKernel.dot(target, offset + c * cols + k, out.inputs, (from + b) * cols + k,
                                end - k);
                    }
                }
            }
        }
        if (!first) {
            for (int b = 0; b < size; b++) {
                lanes[b].took(cols, all);
            }
        }
    }

    /** Stores logits, bias and the reconstruction error {@code max_c |W x + b - logits|} of input {@code n}. */
    private void finish(int n, DenseLane lane, DenseFastPath.Batch out) {
        double err = 0;
        for (int c = 0; c < classes; c++) {
            err = Math.max(err, Math.abs(lane.fit[c] + lane.bias[c] - lane.logits[c]));
        }
        out.errors[n] = err;
        System.arraycopy(lane.logits, 0, out.logits, n * classes, classes);
        System.arraycopy(lane.bias, 0, out.bias, n * classes, classes);
    }
}
