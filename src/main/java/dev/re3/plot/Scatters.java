package dev.re3.plot;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.re3.display.HtmlText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Dataset-level scatter figures in the manner of SHAP's summary plots (Lundberg and Lee, NeurIPS 2017): the
 * beeswarm, one row of dots per feature, and the dependence plot of one feature.
 *
 * <p>Feature values are coloured with plotly's Viridis scale (perceptually uniform, colour-blind safe), low dark
 * to high yellow, rescaled per feature to its own range, so that the colour never reads as the sign of a
 * contribution (red and blue are kept for that in every other figure).
 */
final class Scatters {
    /** Rows of a beeswarm: at most this many features, the largest by mean |contribution|. */
    static final int BEESWARM_ROWS = 20;
    /** Bins across the contribution axis in which dots of one row are stacked apart. */
    private static final int BINS = 100;

    private Scatters() {}

    /**
     * @param contributions {@code [n][d]}
     * @param values {@code [n][d]}, the feature values that colour the dots
     */
    static Figure beeswarm(String title, String subtitle, List<String> features, double[][] contributions,
            double[][] values, String valueName) {
        String fig = "beeswarm";
        int n = check(fig, "contributions", contributions, -1);
        int d = contributions[0].length;
        check(fig, "values", values, d);
        if (values.length != n) {
            throw new IllegalArgumentException(fig + ": expected one row of values per row of contributions (" + n
                    + "), got " + values.length);
        }
        if (features == null || features.size() != d) {
            throw new IllegalArgumentException(fig + ": expected " + d + " feature names, got "
                    + (features == null ? "null" : features.size()));
        }
        double[] meanAbs = new double[d];
        for (double[] row : contributions) {
            for (int i = 0; i < d; i++) {
                meanAbs[i] += Math.abs(row[i]) / n;
            }
        }
        Integer[] order = new Integer[d];
        for (int i = 0; i < d; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -meanAbs[i]).thenComparingInt(i -> i));
        int rows = Math.min(d, BEESWARM_ROWS);
        ArrayNode data = Json.array();
        List<String> labels = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            int i = order[r];
            int y = rows - 1 - r;          // the largest on top
            labels.add(0, features.get(i));
            double[] x = new double[n];
            double[] v = new double[n];
            for (int k = 0; k < n; k++) {
                x[k] = contributions[k][i];
                v[k] = values[k][i];
            }
            double[] yy = swarm(x, y);
            ObjectNode t = Json.object();
            t.put("type", "scatter");
            t.put("mode", "markers");
            t.put("name", features.get(i));
            t.set("x", Json.numbers(x));
            t.set("y", Json.numbers(yy));
            t.set("customdata", Json.numbers(v));
            t.put("hovertemplate", HtmlText.escape(features.get(i)) + " = %{customdata:.4g}<br>contribution %{x:.4g}"
                    + "<extra></extra>");
            ObjectNode marker = t.putObject("marker");
            marker.put("size", 5);
            marker.set("color", Json.numbers(unit(v)));
            marker.put("colorscale", "Viridis");
            marker.put("cmin", 0);
            marker.put("cmax", 1);
            marker.put("opacity", 0.8);
            if (r == 0) {
                ObjectNode bar = marker.putObject("colorbar");
                bar.set("title", Json.title(HtmlText.escape(valueName)));
                bar.set("tickvals", Json.numbers(new double[] {0, 1}));
                bar.set("ticktext", Json.strings(List.of("low", "high")));
                bar.put("thickness", 12);
                marker.put("showscale", true);
            }
            t.put("showlegend", false);
            data.add(t);
        }
        ObjectNode layout = Layouts.base(Text.title(title, subtitle), Math.max(300, 80 + 28 * rows));
        ObjectNode xaxis = Layouts.axis("contribution to the logit");
        xaxis.put("zeroline", true);
        xaxis.put("zerolinecolor", "#999999");
        layout.set("xaxis", xaxis);
        ObjectNode yaxis = Layouts.axis(null);
        double[] ticks = new double[rows];
        for (int r = 0; r < rows; r++) {
            ticks[r] = r;
        }
        yaxis.set("tickvals", Json.numbers(ticks));
        yaxis.set("ticktext", Json.strings(labels));
        yaxis.put("showgrid", false);
        yaxis.set("range", Json.numbers(new double[] {-0.6, rows - 0.4}));
        layout.set("yaxis", yaxis);
        return Figure.of(data, layout);
    }

    /**
     * @param values {@code [n]} the feature's values (x)
     * @param contributions {@code [n]} its contributions (y)
     */
    static Figure dependence(String title, String subtitle, String feature, double[] values, double[] contributions) {
        String fig = "dependence plot";
        if (values == null || contributions == null || values.length == 0 || values.length != contributions.length) {
            throw new IllegalArgumentException(fig + ": expected as many values as contributions, at least one, got "
                    + (values == null ? "null" : values.length) + " and "
                    + (contributions == null ? "null" : contributions.length));
        }
        ArrayNode data = Json.array();
        ObjectNode t = Json.object();
        t.put("type", "scatter");
        t.put("mode", "markers");
        t.put("name", feature);
        t.set("x", Json.numbers(values));
        t.set("y", Json.numbers(contributions));
        ObjectNode marker = t.putObject("marker");
        marker.put("size", 6);
        marker.put("color", Palette.MAGNITUDE);
        marker.put("opacity", 0.7);
        data.add(t);
        ObjectNode layout = Layouts.base(Text.title(title, subtitle), 400);
        layout.set("xaxis", Layouts.axis(HtmlText.escape(feature)));
        ObjectNode yaxis = Layouts.axis("contribution of " + HtmlText.escape(feature));
        yaxis.put("zeroline", true);
        yaxis.put("zerolinecolor", "#999999");
        layout.set("yaxis", yaxis);
        return Figure.of(data, layout);
    }

    /**
     * The y of every dot of row {@code y}: dots in one of {@link #BINS} bins across the row's range are stacked
     * alternately above and below the row, {@code 0.4 / max bin size} apart, so that the row's density shows.
     */
    static double[] swarm(double[] x, double y) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        double width = hi > lo ? (hi - lo) / BINS : 1;
        int[] bin = new int[x.length];
        int[] count = new int[BINS + 1];
        int most = 1;
        for (int k = 0; k < x.length; k++) {
            bin[k] = Double.isFinite(x[k]) ? (int) Math.min(BINS, Math.floor((x[k] - lo) / width)) : 0;
            most = Math.max(most, ++count[bin[k]]);
        }
        double step = 0.8 / most;
        int[] seen = new int[BINS + 1];
        double[] out = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            int j = seen[bin[k]]++;
            double offset = ((j + 1) / 2) * step * (j % 2 == 0 ? 1 : -1);
            out[k] = y + offset;
        }
        return out;
    }

    /** Each value rescaled to {@code [0, 1]} over the range of all of them; 0.5 when they are all equal. */
    private static double[] unit(double[] v) {
        double lo = Arrays.stream(v).min().orElse(0);
        double hi = Arrays.stream(v).max().orElse(0);
        double[] out = new double[v.length];
        for (int k = 0; k < v.length; k++) {
            out[k] = hi > lo ? (v[k] - lo) / (hi - lo) : 0.5;
        }
        return out;
    }

    private static int check(String fig, String what, double[][] m, int columns) {
        if (m == null || m.length == 0 || m[0] == null || m[0].length == 0) {
            throw new IllegalArgumentException(fig + ": expected " + what + " [inputs][features] with at least one of"
                    + " each, got " + (m == null ? "null" : m.length + " rows"));
        }
        int d = columns < 0 ? m[0].length : columns;
        for (int k = 0; k < m.length; k++) {
            if (m[k] == null || m[k].length != d) {
                throw new IllegalArgumentException(fig + ": expected " + d + " " + what + " per input, got "
                        + (m[k] == null ? "null" : m[k].length) + " in row " + k);
            }
        }
        return m.length;
    }
}
