package dev.re3.region;

import dev.re3.net.Site;

/**
 * One hidden ReLU layer of one input, seen from the output: its pre-activations {@code z}, activations
 * {@code h}, and the affine map from {@code h} to the logits on the region,
 * {@code logits = V h + beta}. {@code V[c][u]} is unit {@code u}'s effective downstream weight for class
 * {@code c}, and {@code beta} collects the bias terms of the later layers.
 *
 * <p>Exact for top-level ReLU layers, which every path from input to output crosses; ReLUs inside
 * residual branches are bypassed by the skip path and are not reported here.
 *
 * @param site the ReLU site
 * @param preActivation {@code z}, {@code [units]}
 * @param activation {@code h}, {@code [units]}
 * @param downstreamWeight {@code V}, {@code [classes][units]}
 * @param downstreamBias {@code beta}, {@code [classes]}
 */
public record HiddenLayer(Site site, double[] preActivation, double[] activation, double[][] downstreamWeight,
                          double[] downstreamBias) {

    /** Units that are on ({@code z > 0}). */
    public int activeUnits() {
        int n = 0;
        for (double z : preActivation) {
            if (z > 0) {
                n++;
            }
        }
        return n;
    }

    /** Share of units that are on, in {@code [0, 1]}. */
    public double sparsity() {
        return activeUnits() / (double) preActivation.length;
    }

    /** Unit contributions to class {@code c}: {@code h[u] V[c][u]}; with {@link #downstreamBias()} they sum to the logit. */
    public double[] contributions(int c) {
        double[] out = new double[activation.length];
        for (int u = 0; u < out.length; u++) {
            out[u] = activation[u] * downstreamWeight[c][u];
        }
        return out;
    }
}
