package dev.re3;

import dev.re3.display.Displayable;
import dev.re3.display.HtmlText;
import dev.re3.display.Numbers;
import dev.re3.plot.Figure;
import dev.re3.plot.Figures;
import dev.re3.display.HtmlTables;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Contributions against a chosen baseline input {@code x0}, as SHAP and Captum state them: on the region of
 * {@code x}, {@code C[c][i] = W[c][i] (x_i - x0_i)}, so {@code sum_i C[c][i] = (W x + b) - (W x0 + b)}. When
 * {@code x0} lies in the same region that is exactly {@code f(x) - f(x0)}; otherwise the network bends between
 * them and {@link #completenessDelta()} says by how much the sum falls short. With a standardizer's training mean as
 * {@code x0} ({@link Explanation#relativeToTrainingMean()}) the contributions are those of the standardised
 * network against its input {@code 0}.
 *
 * <pre>{@code
 * Baseline d = e.relativeTo(x0);
 * d.contributions(d.target());      // W[target] (x - x0), [features]
 * d.baselineLogits();               // f(x0), computed by the network itself
 * d.completenessDelta();            // 0 up to rounding when d.sameRegion()
 * }</pre>
 *
 * @param features feature names, {@code [features]}
 * @param classes class names, {@code [classes]}
 * @param target the class reported first (the explanation's target)
 * @param input {@code x}, in the units of the explanation's input
 * @param baseline {@code x0}, in the same units
 * @param contributions {@code W[c][i] (x_i - x0_i)}, {@code [classes][features]}
 * @param logits {@code f(x)}, {@code [classes]}
 * @param baselineLogits {@code f(x0)}, {@code [classes]}
 * @param sameRegion whether {@code x0} lies in the region of {@code x} (same activation pattern)
 */
public record Baseline(List<String> features, List<String> classes, int target, double[] input, double[] baseline,
                       double[][] contributions, double[] logits, double[] baselineLogits, boolean sameRegion)
        implements Displayable {
    public Baseline {
        features = List.copyOf(features);
        classes = List.copyOf(classes);
        input = input.clone();
        baseline = baseline.clone();
        contributions = Arrays.stream(contributions).map(double[]::clone).toArray(double[][]::new);
        logits = logits.clone();
        baselineLogits = baselineLogits.clone();
    }

    @Override
    public double[] input() {
        return input.clone();
    }

    @Override
    public double[] baseline() {
        return baseline.clone();
    }

    @Override
    public double[][] contributions() {
        return Arrays.stream(contributions).map(double[]::clone).toArray(double[][]::new);
    }

    /** Contributions to class {@code c}, {@code [features]}. */
    public double[] contributions(int c) {
        return contributions[c].clone();
    }

    @Override
    public double[] logits() {
        return logits.clone();
    }

    @Override
    public double[] baselineLogits() {
        return baselineLogits.clone();
    }

    /**
     * {@code max_c |sum_i C[c][i] - (f(x)_c - f(x0)_c)|}: zero up to rounding when {@link #sameRegion()}; else the
     * part of {@code f(x) - f(x0)} that the region's map does not account for.
     */
    public double completenessDelta() {
        double worst = 0;
        for (int c = 0; c < logits.length; c++) {
            double s = 0;
            for (double v : contributions[c]) {
                s += v;
            }
            worst = Math.max(worst, Math.abs(s - (logits[c] - baselineLogits[c])));
        }
        return worst;
    }

    /** One row per feature: value, baseline value, contribution to the target's logit difference. */
    public Table toTable() {
        return Numbers.readable(Table.create("contributions to " + classes.get(target) + " against the baseline",
                StringColumn.create("feature", features), DoubleColumn.create("value", input),
                DoubleColumn.create("baseline", baseline), DoubleColumn.create("contribution", contributions[target])));
    }

    /** Signed bars of the target's contributions, from {@code f(x0)} to {@code f(x)}. */
    public Figure plot() {
        return Figures.contributions("Contributions to " + classes.get(target) + " against the baseline", features,
                contributions[target], baselineLogits[target], logits[target], "logit", features.size() <= 30
                        ? features.size() : 20);
    }

    private String summary() {
        return String.format(Locale.ROOT, "%s: f(x) = %s, f(baseline) = %s, sum of contributions = %s (%s, delta %.1e)",
                classes.get(target), Numbers.format(logits[target]), Numbers.format(baselineLogits[target]),
                Numbers.format(Arrays.stream(contributions[target]).sum()),
                sameRegion ? "baseline in the same region" : "baseline in another region: the sum is the region's"
                        + " linear part only", completenessDelta());
    }

    @Override
    public String toText() {
        return summary() + "\n" + toTable().printAll();
    }

    @Override
    public String toHtml() {
        return "<div class=\"re3-baseline\"><p style=\"font-family:sans-serif;font-size:13px;margin:4px 0;\">"
                + HtmlText.escape(summary()) + "</p>\n" + HtmlTables.of(toTable(), 64) + plot().toHtml() + "</div>\n";
    }

    @Override
    public String toString() {
        return toText();
    }
}
