package dev.re3.plot;

import java.util.List;

/**
 * Figures of plain data: arrays and names in, a {@link Figure} out. The results of {@code dev.re3} call
 * these from their {@code plot()} methods; notebooks can call them with any numbers.
 *
 * <p>Conventions: red ({@code #b2182b}) raises an output and blue ({@code #2166ac}) lowers it, from
 * ColorBrewer's colour-blind-safe RdBu; heatmaps of signed values use RdBu on a range symmetric about zero
 * with white at zero ({@code zmid = 0}); images are drawn row 0 at the top with square pixels. Every
 * factory checks its arguments and throws {@link IllegalArgumentException} saying what it expected and
 * what it got, including when there is nothing to draw.
 *
 * <pre>{@code
 * Figures.contributions("Why setosa?", List.of("sepal length", "sepal width", "petal length", "petal width"),
 *         new double[] {0.12, -0.05, 2.31, 1.10}, 0.52, 4.00);
 * Figures.imageHeatmap("Digit 7", new int[] {1, 28, 28}, pixels, contributions);
 * }</pre>
 */
public final class Figures {
    private Figures() {}

    /**
     * Signed horizontal bars, one per feature, largest {@code |contribution|} at the top: red bars raise
     * the logit, blue bars lower it; each bar is labelled with its value. Up to 30 features are all shown;
     * beyond that the 20 largest, and the rest summed into one grey bar. The subtitle states
     * {@code logit = bias + sum of contributions}.
     *
     * @param features one name per feature, {@code [d]}
     * @param contributions {@code C[i]}, e.g. {@code W[c][i] x[i]}, {@code [d]}
     * @param bias the bias term {@code b_c}
     * @param logit the logit {@code z_c}
     */
    public static Figure contributions(String title, List<String> features, double[] contributions, double bias,
            double logit) {
        int d = contributions == null ? 0 : contributions.length;
        return Bars.contributions(title, features, contributions, bias, logit, "logit", Bars.defaultTop(d));
    }

    /**
     * {@link #contributions(String, List, double[], double, double)} with the name of the total (e.g.
     * {@code "log-odds"}) and the number of largest contributions shown; the rest are summed into one bar.
     */
    public static Figure contributions(String title, List<String> features, double[] contributions, double bias,
            double total, String totalName, int top) {
        return Bars.contributions(title, features, contributions, bias, total, name(totalName), top);
    }

    /**
     * A waterfall from the bias to the logit: one step per feature, largest {@code |contribution|} first,
     * red steps up and blue steps down, grey totals. Up to 30 features are all shown; beyond that the 20
     * largest, then one step for the rest summed.
     *
     * @throws IllegalArgumentException also if {@code bias + sum(contributions)} differs from the logit by
     *     more than {@code 1e-6} relative: such parts do not make a waterfall
     */
    public static Figure waterfall(String title, List<String> features, double[] contributions, double bias,
            double logit) {
        int d = contributions == null ? 0 : contributions.length;
        return Bars.waterfall(title, features, contributions, bias, logit, "logit", Bars.defaultTop(d));
    }

    /** {@link #waterfall(String, List, double[], double, double)} with the total's name and the steps shown. */
    public static Figure waterfall(String title, List<String> features, double[] contributions, double bias,
            double total, String totalName, int top) {
        return Bars.waterfall(title, features, contributions, bias, total, name(totalName), top);
    }

    /**
     * Contributions over an image, side by side with the image: on the left the input in greys (largest
     * value black), on the right the contributions on RdBu centred on zero ({@code zmid = 0},
     * {@code zmin = -zmax}) with the input's outline drawn over them. Channels are averaged for the input
     * and summed for the contributions (which keeps their total).
     *
     * @param shape {@code [channels, height, width]}
     * @param image the input, row-major, {@code channels * height * width} values
     * @param contributions one per input element, same layout
     */
    public static Figure imageHeatmap(String title, int[] shape, double[] image, double[] contributions) {
        return Heatmaps.imageHeatmap(title, shape, image, contributions);
    }

    /**
     * One value per image element as a heatmap, e.g. mean {@code |contribution|} per pixel: white to dark
     * blue for non-negative values, RdBu centred on zero when some are negative; channels summed.
     *
     * @param shape {@code [channels, height, width]}
     * @param values row-major, {@code channels * height * width} values
     * @param valueName what the values are, for the colour bar and hover text
     */
    public static Figure imageMap(String title, int[] shape, double[] values, String valueName) {
        return Heatmaps.imageMap(title, shape, values, name(valueName));
    }

    /**
     * One map over the input per row of {@code values} ({@code [rows][features]}), such as attributions to each
     * class or maps side by side: for an image input one panel per row (five to a row, one shared colour scale
     * centred on zero); for a vector input one rows x features heatmap with the values written in the cells when
     * they fit. The subtitle says only that red is above zero and blue below: for the local weights, whose sign
     * says what raises a logit, use {@link #weightsPerClass}.
     *
     * @param inputShape {@code [d]} or {@code [channels, height, width]}
     * @param classes one name per row of {@code values}: classes, or any names of the maps
     * @param features one name per input element
     * @param values {@code [rows][features]}
     * @param valueName what the values are, e.g. {@code "attribution"}
     */
    public static Figure mapPerClass(String title, int[] inputShape, List<String> classes, List<String> features,
            double[][] values, String valueName) {
        return Heatmaps.mapPerClass(title, inputShape, classes, features, values, name(valueName), false);
    }

    /**
     * {@link #mapPerClass} of a local map {@code W} ({@code [classes][features]}, {@code logits = W x + b} on a
     * region), one row per class: the subtitle reads red as raising the class's logit and blue as lowering it.
     */
    public static Figure weightsPerClass(String title, int[] inputShape, List<String> classes, List<String> features,
            double[][] weights) {
        return Heatmaps.mapPerClass(title, inputShape, classes, features, weights, "local weight W", true);
    }

    /**
     * A layer x unit heatmap, first layer at the top: activations of one input, or the share of inputs on
     * which each unit is active. Layers of different widths are padded on the right with grey cells that
     * hold no unit (and say so in the subtitle). Non-negative values go from white (zero: the unit is off)
     * to dark blue; negative values (leaky ReLU) switch to RdBu centred on zero.
     *
     * @param layers one name per layer
     * @param values {@code [layers][units of that layer]}, ragged allowed
     * @param valueName what the values are, e.g. {@code "activation"}
     */
    public static Figure activationPattern(String title, List<String> layers, double[][] values, String valueName) {
        return Heatmaps.activationPattern(title, layers, values, name(valueName));
    }

    /**
     * Bars of the mean share of active units per hidden layer, each labelled with its percentage and
     * number of dead units (never active).
     *
     * @param layers one name per hidden layer
     * @param activeShare in {@code [0, 1]}, one per layer
     * @param units the number of units, one per layer
     * @param deadUnits the number of dead units, one per layer
     */
    public static Figure activeShare(String title, List<String> layers, double[] activeShare, int[] units,
            int[] deadUnits) {
        return Bars.activeShare(title, layers, activeShare, units, deadUnits);
    }

    /**
     * Horizontal bars of a non-negative importance per feature (e.g. mean {@code |contribution|}), largest at
     * the top; beyond 30 features the 20 largest and the rest summed.
     */
    public static Figure importance(String title, List<String> features, double[] importance, String valueName) {
        int d = importance == null ? 0 : importance.length;
        return Bars.importance(title, features, importance, name(valueName), Bars.defaultTop(d));
    }

    /**
     * Several signed series side by side, one group of horizontal bars per feature, sorted by the magnitude
     * of the first series (beyond 30 features the 20 largest): e.g. the gradient {@code W[c][i]} beside the
     * contribution {@code W[c][i] x[i]}.
     *
     * @param features one name per feature, {@code [d]}
     * @param series one name per series, {@code [k]}
     * @param values {@code [k][d]}
     * @param valueName the value axis title
     */
    public static Figure groupedBars(String title, List<String> features, List<String> series, double[][] values,
            String valueName) {
        return Bars.groupedBars(title, features, series, values, name(valueName));
    }

    /**
     * A beeswarm of a dataset's contributions (as SHAP's summary plot): one row per feature, the 20 largest by
     * mean {@code |contribution|} on top, every input a dot at its contribution, coloured by the feature's value
     * (Viridis, low to high over the feature's range); dots that would overlap are stacked apart.
     *
     * @param features one name per feature, {@code [d]}
     * @param contributions {@code [n][d]}
     * @param values the feature values, {@code [n][d]}
     * @param valueName the colour bar's title, e.g. {@code "feature value"}
     */
    public static Figure beeswarm(String title, String subtitle, List<String> features, double[][] contributions,
            double[][] values, String valueName) {
        return Scatters.beeswarm(title, subtitle, features, contributions, values, name(valueName));
    }

    /**
     * A dependence plot of one feature: every input a dot at (its value of the feature, the feature's
     * contribution).
     *
     * @param values {@code [n]}
     * @param contributions {@code [n]}
     */
    public static Figure dependence(String title, String subtitle, String feature, double[] values,
            double[] contributions) {
        return Scatters.dependence(title, subtitle, feature, values, contributions);
    }

    /**
     * The distribution of region sizes: for every size, how many regions hold that many inputs.
     *
     * @param sizes the number of inputs in each region, each at least 1
     */
    public static Figure regionSizes(String title, int[] sizes) {
        return Bars.regionSizes(title, sizes);
    }

    /**
     * Region purity: one stacked bar per region (the 40 largest, by size), coloured by the region's majority
     * label for the inputs that carry it and grey for the rest. The subtitle gives the input-weighted mean
     * purity.
     *
     * @param regions region ids (shown shortened to the shortest distinct prefix of at least 6 characters)
     * @param sizes inputs per region
     * @param purity share of the region's inputs carrying its majority label, in {@code [0, 1]}
     * @param majorityLabels the majority label of each region
     */
    public static Figure purity(String title, List<String> regions, int[] sizes, double[] purity,
            List<String> majorityLabels) {
        return Bars.purity(title, regions, sizes, purity, majorityLabels, 40);
    }

    /**
     * Lines over a shared {@code x}, one per series, with optional vertical dotted marks (for example the
     * region boundaries along a path).
     *
     * @param x {@code [m]}, at least two values
     * @param ys {@code [series][m]}, one name per series
     * @param marks x positions to mark; may be null
     */
    public static Figure lines(String title, String subtitle, String xName, String yName, List<String> names,
            double[] x, double[][] ys, double[] marks) {
        return Lines.lines(title, subtitle, xName, yName, names, x, ys, marks);
    }

    /**
     * The partition of a plane into convex polygons (linear regions of a network): one filled trace per
     * predicted class, all of its polygons in one trace separated by nulls, with thin grey edges; or, with
     * {@code colourByNorm}, each polygon coloured by the norm of its local map, binned into eight shades of
     * a sequential scale with a colour bar. The decision boundary is drawn as one black line, the marked
     * inputs as labelled markers; both axes have the same scale.
     *
     * @param domain the rectangle {@code u0, u1, v0, v1}
     * @param polygons per polygon its vertices, {@code [k][2]} as {@code (u, v)}, at least 3
     * @param classes per polygon its predicted class, an index into {@code classNames}
     * @param classNames one name per class
     * @param mapNorms per polygon the norm of its local map; may be null unless {@code colourByNorm}
     * @param colourByNorm colour by map norm instead of by class
     * @param boundary the decision boundary as segments {@code [2][2]}; may be null or empty
     * @param marked inputs to mark, {@code [m][2]}; may be null
     * @param markedNames one label per marked input; may be null when there are none
     */
    public static Figure partition(String title, double[] domain, List<double[][]> polygons, int[] classes,
            List<String> classNames, double[] mapNorms, boolean colourByNorm, List<double[][]> boundary,
            double[][] marked, List<String> markedNames) {
        return Partitions.partition(title, domain, polygons, classes, classNames, mapNorms, colourByNorm, boundary,
                marked, markedNames);
    }

    private static String name(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("figure: expected a non-blank name for the values, got "
                    + (name == null ? "null" : "'" + name + "'"));
        }
        return name;
    }
}
