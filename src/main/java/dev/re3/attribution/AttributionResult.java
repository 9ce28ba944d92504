package dev.re3.attribution;

import dev.re3.display.HtmlText;
import dev.re3.plot.Figure;
import dev.re3.plot.Figures;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * One input's attribution: a value per input element (flat row-major, the input's shape), the class it
 * explains and the method that made it, with the method's completeness check where it has one.
 *
 * <p>{@link #completenessDelta()} is {@code |sum_i a_i - (f_t(x) - f_t(x'))|} for integrated gradients
 * (baseline {@code x'}), and {@code |sum_i a_i + b_t - f_t(x)|} for Re3's contributions {@code W x} (local bias
 * {@code b}); {@code NaN} for methods without a completeness property ({@link #hasCompletenessDelta()}).
 *
 * <p>Immutable: arrays are copied in and out.
 *
 * @param method the method's name ({@link Attribution#name()})
 * @param target the class explained
 * @param className the class's name
 * @param inputShape {@code [d]} or {@code [channels, height, width]}
 * @param features one name per input element
 * @param input the input {@code x}
 * @param attribution one value per input element, same layout as {@code input}
 * @param completenessDelta the completeness gap, or {@code NaN}
 */
public record AttributionResult(String method, int target, String className, int[] inputShape, List<String> features,
        double[] input, double[] attribution, double completenessDelta) implements dev.re3.display.Displayable {
    public AttributionResult {
        if (input.length != attribution.length || features.size() != input.length) {
            throw new IllegalArgumentException("attribution: expected " + input.length + " values and names, got "
                    + attribution.length + " values and " + features.size() + " names");
        }
        inputShape = inputShape.clone();
        features = List.copyOf(features);
        input = input.clone();
        attribution = attribution.clone();
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public double[] input() {
        return input.clone();
    }

    @Override
    public double[] attribution() {
        return attribution.clone();
    }

    /** One element of the attribution. */
    public double attribution(int i) {
        return attribution[i];
    }

    /** Whether the method has a completeness check ({@link #completenessDelta()} is a number). */
    public boolean hasCompletenessDelta() {
        return !Double.isNaN(completenessDelta);
    }

    /** {@code sum_i a_i}. */
    public double sum() {
        double s = 0;
        for (double a : attribution) {
            s += a;
        }
        return s;
    }

    /** {@code argmax_i |a_i|}. */
    public int largest() {
        int best = 0;
        for (int i = 1; i < attribution.length; i++) {
            if (Math.abs(attribution[i]) > Math.abs(attribution[best])) {
                best = i;
            }
        }
        return best;
    }

    /** One row per input element: {@code feature}, {@code input}, {@code attribution}. */
    public Table toTable() {
        return Table.create(method + " for " + className,
                StringColumn.create("feature", features),
                DoubleColumn.create("input", input),
                DoubleColumn.create("attribution", attribution));
    }

    /**
     * For an image input, the attribution as a heatmap beside the image ({@link Figures#imageHeatmap}); for
     * a vector, one signed bar per feature, largest first ({@link Figures#groupedBars}).
     */
    public Figure plot() {
        String title = method + " for class " + className + (hasCompletenessDelta()
                ? String.format(Locale.ROOT, " (completeness delta %.2g)", completenessDelta) : "");
        if (inputShape.length == 3) {
            return Figures.imageHeatmap(title, inputShape, input, attribution);
        }
        return Figures.groupedBars(title, features, List.of(method), new double[][] {attribution}, "attribution");
    }

    /** The summary line ({@link #toString()}). */
    @Override
    public String toText() {
        return toString() + "\n";
    }

    /** The summary line and the figure ({@link #plot()}), for a notebook cell. */
    @Override
    public String toHtml() {
        return "<div class=\"re3-attribution\">\n<p style=\"font-family:sans-serif;font-size:13px;margin:4px 0;\">"
                + HtmlText.escape(toString()) + "</p>\n" + plot().toHtml() + "</div>\n";
    }

    @Override
    public String toString() {
        int i = largest();
        List<String> parts = new ArrayList<>();
        parts.add(String.format(Locale.ROOT, "%s attribution for class %s (%d): %d values, sum %.6g, largest |a| %.4g at %s",
                method, className, target, attribution.length, sum(), Math.abs(attribution[i]), features.get(i)));
        if (hasCompletenessDelta()) {
            parts.add(String.format(Locale.ROOT, "completeness delta %.3g", completenessDelta));
        }
        return String.join(", ", parts);
    }

    static AttributionResult of(String method, dev.re3.net.Network net, int target, double[] x, double[] a,
            double delta) {
        return new AttributionResult(method, target, net.classes().get(target), net.inputShape(), net.features(), x, a,
                delta);
    }
}
