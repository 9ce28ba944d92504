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

    /** One row per unit: pre-activation, activation and effective downstream weight to each class. */
    public tech.tablesaw.api.Table toTable() {
        tech.tablesaw.api.Table t = tech.tablesaw.api.Table.create("hidden layer " + site.name(),
                tech.tablesaw.api.IntColumn.indexColumn("unit", preActivation.length, 0),
                tech.tablesaw.api.DoubleColumn.create("preActivation", preActivation),
                tech.tablesaw.api.DoubleColumn.create("activation", activation));
        for (int c = 0; c < downstreamWeight.length; c++) {
            t.addColumns(tech.tablesaw.api.DoubleColumn.create("downstreamWeight " + c, downstreamWeight[c]));
        }
        return dev.re3.display.Numbers.readable(t);
    }

    /**
     * The site, how many units are on, and up to 8 activations, e.g.
     * {@code "1.relu: 3 of 8 units on, activation [0, 1.25, 0, ...]"}; {@link #toTable()} lists every unit.
     */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(site.name() + ": " + activeUnits() + " of " + preActivation.length
                + " units on, activation [");
        for (int u = 0; u < Math.min(8, activation.length); u++) {
            s.append(u == 0 ? "" : ", ").append(dev.re3.display.Numbers.format(activation[u]));
        }
        s.append(activation.length > 8 ? ", ...]" : "]");
        return s.append(", ").append(downstreamWeight.length).append(" classes downstream").toString();
    }
}
