package dev.re3.region;

/**
 * The forward pass of a block of inputs ({@link DenseLane}s) through a {@link DensePlan}, one step at a
 * time so that a step's weights stay in cache while every input of the block uses them, in float64. A
 * dense step {@code (W, bias)} computes, per input,
 *
 * <pre>{@code
 * y[o] = bias[o] + sum_i v[i] W[o][i]      over the nonzero v[i], in increasing i, with fused multiply-adds
 * }</pre>
 *
 * <p>reading the rows of the transposed weight {@code Wt} ({@code [in, out]}) of the nonzero inputs only
 * ({@link SimdKernel#forward}); after a ReLU the nonzero inputs are its on units. A gate records its
 * pre-activations, on-set and slopes.
 */
final class DenseForward {
    private final DensePlan plan;

    DenseForward(DensePlan plan) {
        this.plan = plan;
    }

    /** Runs every step on {@code lanes[:size]}; the outputs end in {@code lane.v}. */
    void run(DenseLane[] lanes, int size) {
        int q = 0;
        boolean listed = false;
        for (DensePlan.Step step : plan.steps) {
            if (step instanceof DensePlan.Affine a) {
                for (int b = 0; b < size; b++) {
                    DenseLane lane = lanes[b];
                    if (!listed) {
                        lane.findNonzeros(a.in());
                    }
                    SimdKernel.forward(a.wt(), a.wtf(), a.out(), lane.v, lane.nonzero, lane.nonzeros, a.b(), lane.y, 0, a.out());
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
            listed = step instanceof DensePlan.Gate gate && gate.alpha() == 0;
            for (int b = 0; b < size; b++) {
                lanes[b].advance();
            }
        }
    }
}
