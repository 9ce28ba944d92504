package dev.re3;

import dev.re3.display.Displayable;
import dev.re3.display.HtmlText;
import dev.re3.display.Numbers;
import dev.re3.plot.Figure;
import dev.re3.plot.Figures;
import dev.re3.display.HtmlTables;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Exact log-odds contributions between two classes: on the region of {@code x},
 * {@code log(p_a / p_b) = z_a - z_b = sum_i (W[a][i] - W[b][i]) x_i + (b_a - b_b)}.
 *
 * @param classA the class in the numerator
 * @param classB the class in the denominator
 * @param features feature names, {@code [inputs]}
 * @param contributions {@code (W[a][i] - W[b][i]) x_i}, {@code [inputs]}
 * @param bias {@code b_a - b_b}
 * @param value {@code z_a - z_b}, the log-odds computed from the network's logits
 *
 * <p>Figures: {@link #plot()} (signed bars) and {@link #plotWaterfall()}.
 */
public record LogOdds(String classA, String classB, List<String> features, double[] contributions, double bias,
                      double value) implements Displayable {
    public LogOdds {
        features = List.copyOf(features);
        contributions = contributions.clone();
    }

    @Override
    public double[] contributions() {
        return contributions.clone();
    }

    /** {@code |sum_i contributions + bias - value|}: zero up to rounding. */
    public double completenessDelta() {
        double s = bias;
        for (double c : contributions) {
            s += c;
        }
        return Math.abs(s - value);
    }

    /** Signed bars of the feature terms, largest first (beyond 30 features the 20 largest, the rest summed). */
    public Figure plot() {
        return Figures.contributions("Log-odds " + classA + " vs " + classB, features, contributions, bias, value,
                "log-odds", top(features.size()));
    }

    /** A waterfall from the bias {@code b_a - b_b} to the log-odds. */
    public Figure plotWaterfall() {
        return Figures.waterfall("Log-odds " + classA + " vs " + classB + ": from bias to log-odds", features,
                contributions, bias, value, "log-odds", top(features.size()));
    }

    private static int top(int d) {
        return d <= 30 ? d : 20;
    }

    /** One line per feature with its term, then the bias, the log-odds and the check {@link #completenessDelta()}. */
    @Override
    public String toText() {
        int width = Math.max(6, features.stream().mapToInt(String::length).max().orElse(0));
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "log-odds %s vs %s = %s (delta %.1e)%n",
                classA, classB, signed(value), completenessDelta()));
        for (int i = 0; i < features.size(); i++) {
            s.append(String.format(Locale.ROOT, "  %-" + width + "s %s%n", features.get(i),
                    signed(contributions[i])));
        }
        s.append(String.format(Locale.ROOT, "  %-" + width + "s %s", "(bias)", signed(bias)));
        return s.toString();
    }

    /** A summary line, the terms as a table (up to 64 features) and {@link #plot()}. */
    @Override
    public String toHtml() {
        StringBuilder s = new StringBuilder("<div class=\"re3-log-odds\">\n");
        s.append(String.format(Locale.ROOT, "<p style=\"font-family:sans-serif;font-size:13px;margin:4px 0;\"><b>log-odds "
                + "%s vs %s = %s</b> = bias %s + sum of feature terms (delta %.1e)</p>%n", HtmlText.escape(classA),
                HtmlText.escape(classB), Numbers.format(value), Numbers.format(bias), completenessDelta()));
        if (features.size() <= 64) {
            Table t = Table.create("log-odds terms", StringColumn.create("feature", features),
                    DoubleColumn.create("term", contributions));
            s.append(HtmlTables.of(t, 64));
        }
        s.append(plot().toHtml());
        return s.append("</div>\n").toString();
    }

    private static String signed(double v) {
        return (v > 0 ? "+" : "") + Numbers.format(v);
    }

    /** {@link #toText()}. */
    @Override
    public String toString() {
        return toText();
    }

    /** One row per feature with its term ({@link #contributions()}), largest first, the bias as the last row. */
    public Table toTable() {
        Integer[] order = new Integer[contributions.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingDouble((Integer i) -> -Math.abs(contributions[i])));
        StringColumn f = StringColumn.create("feature");
        DoubleColumn term = DoubleColumn.create("term");
        for (int i : order) {
            f.append(features.get(i));
            term.append(contributions[i]);
        }
        f.append("(bias)");
        term.append(bias);
        return Numbers.readable(Table.create("log-odds " + classA + " vs " + classB, f, term));
    }
}
