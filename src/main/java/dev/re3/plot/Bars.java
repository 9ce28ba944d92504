package dev.re3.plot;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.re3.display.HtmlText;
import dev.re3.display.Numbers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/** The bar figures of {@link Figures}: contributions, waterfalls, importance, layer activity, regions. */
final class Bars {
    private Bars() {}

    /** Indices sorted by decreasing {@code |v|}, ties by index. */
    static int[] byMagnitude(double[] v) {
        return IntStream.range(0, v.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -Math.abs(v[i])).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
    }

    /** The largest {@code top} items by magnitude and, if any are left, their sum as one more item. */
    private record Shown(List<String> labels, double[] values, int rest) {
        static Shown of(List<String> names, double[] v, int top, String restWord) {
            int[] order = byMagnitude(v);
            int shown = Math.min(top, v.length);
            List<String> labels = new ArrayList<>();
            double[] values = new double[shown + (v.length > shown ? 1 : 0)];
            for (int k = 0; k < shown; k++) {
                labels.add(HtmlText.escape(names.get(order[k])));
                values[k] = v[order[k]];
            }
            int rest = v.length - shown;
            if (rest > 0) {
                double sum = 0;
                for (int k = shown; k < v.length; k++) {
                    sum += v[order[k]];
                }
                values[shown] = sum;
                labels.add("(" + rest + " other " + restWord + (rest == 1 ? "" : "s") + ", summed)");
            }
            return new Shown(labels, values, rest);
        }
    }

    static int defaultTop(int n) {
        return n <= 30 ? n : 20;
    }

    static Figure contributions(String title, List<String> features, double[] c, double bias, double total,
            String totalName, int top) {
        String fig = "contributions figure";
        Check.names(fig, "feature names", features, "feature");
        Check.values(fig, "contributions", c, features.size(), "one per feature");
        Check.finite(fig, "bias", bias);
        Check.finite(fig, totalName, total);
        Check.top(fig, top);
        Shown s = Shown.of(features, c, top, "feature");
        int n = s.values().length;
        int shown = n - (s.rest() > 0 ? 1 : 0);
        ArrayNode data = Json.array();
        String hover = "%{y}<br>contribution %{x:+.4g}<extra></extra>";
        for (boolean positive : new boolean[] {true, false}) {
            List<String> y = new ArrayList<>();
            List<Double> x = new ArrayList<>();
            for (int k = 0; k < shown; k++) {
                if ((s.values()[k] > 0) == positive) {
                    y.add(s.labels().get(k));
                    x.add(s.values()[k]);
                }
            }
            ObjectNode t = bar(positive ? "raises the " + totalName : "lowers the " + totalName, y, unbox(x),
                    positive ? Palette.POSITIVE : Palette.NEGATIVE, "h");
            t.put("hovertemplate", hover);
            data.add(t);
        }
        if (s.rest() > 0) {
            ObjectNode t = bar("other features, summed", List.of(s.labels().get(shown)), new double[] {s.values()[shown]},
                    Palette.NEUTRAL, "h");
            t.put("hovertemplate", hover);
            data.add(t);
        }
        double sum = 0;
        for (double v : c) {
            sum += v;
        }
        String subtitle = totalName + " " + Numbers.format(total) + " = bias " + Numbers.format(bias) + " + sum of contributions "
                + Numbers.format(sum) + (s.rest() > 0 ? "; the " + shown + " largest of " + c.length + " features shown" : "");
        ObjectNode layout = Layouts.base(Text.title(title, subtitle), Math.max(320, 140 + 26 * n));
        ObjectNode xaxis = Layouts.axis("contribution to the " + HtmlText.escape(totalName));
        xaxis.put("zeroline", true);
        xaxis.put("zerolinecolor", "#444444");
        xaxis.set("range", Json.numbers(paddedRange(s.values(), 0.18)));
        layout.set("xaxis", xaxis);
        ObjectNode yaxis = Layouts.categoryAxis(null, s.labels());
        yaxis.put("autorange", "reversed");
        yaxis.put("ticks", "");
        layout.set("yaxis", yaxis);
        layout.put("barmode", "relative");
        layout.put("bargap", 0.25);
        layout.set("legend", Layouts.topLegend());
        return Figure.of(data, layout);
    }

    static Figure waterfall(String title, List<String> features, double[] c, double bias, double total,
            String totalName, int top) {
        String fig = "waterfall figure";
        Check.names(fig, "feature names", features, "feature");
        Check.values(fig, "contributions", c, features.size(), "one per feature");
        Check.finite(fig, "bias", bias);
        Check.finite(fig, totalName, total);
        Check.top(fig, top);
        double sum = bias;
        double scale = Math.max(1, Math.abs(bias));
        for (double v : c) {
            sum += v;
            scale = Math.max(scale, Math.abs(v));
        }
        if (Math.abs(sum - total) > 1e-6 * Math.max(scale, Math.abs(total))) {
            throw new IllegalArgumentException(fig + ": expected bias + sum of contributions to equal the " + totalName
                    + ", got " + sum + " and " + total + ": the parts do not add up to a waterfall");
        }
        Shown s = Shown.of(features, c, top, "feature");
        List<String> y = new ArrayList<>();
        List<String> measure = new ArrayList<>();
        List<String> text = new ArrayList<>();
        List<String> hover = new ArrayList<>();
        double[] x = new double[s.values().length + 2];
        y.add("bias");
        measure.add("absolute");
        x[0] = bias;
        text.add(Numbers.format(bias));
        hover.add("bias " + Numbers.format(bias));
        double running = bias;
        for (int k = 0; k < s.values().length; k++) {
            double v = s.values()[k];
            running += v;
            y.add(s.labels().get(k));
            measure.add("relative");
            x[k + 1] = v;
            text.add(Text.signed(v));
            hover.add(Text.signed(v) + ", running total " + Numbers.format(running));
        }
        y.add(HtmlText.escape(totalName));
        measure.add("total");
        x[x.length - 1] = total;
        text.add(Numbers.format(total));
        hover.add(HtmlText.escape(totalName) + " " + Numbers.format(total));
        ObjectNode t = Json.object();
        t.put("type", "waterfall");
        t.put("orientation", "h");
        t.put("name", totalName);
        t.set("y", Json.strings(y));
        t.set("x", Json.numbers(x));
        t.set("measure", Json.strings(measure));
        t.set("text", Json.strings(text));
        t.put("textposition", "outside");
        t.put("cliponaxis", false);
        t.set("customdata", Json.strings(hover));
        t.put("hovertemplate", "%{y}<br>%{customdata}<extra></extra>");
        ObjectNode connector = t.putObject("connector").putObject("line");
        connector.put("color", "#9e9e9e");
        connector.put("width", 1);
        connector.put("dash", "dot");
        t.putObject("increasing").putObject("marker").put("color", Palette.POSITIVE);
        t.putObject("decreasing").putObject("marker").put("color", Palette.NEGATIVE);
        t.putObject("totals").putObject("marker").put("color", Palette.NEUTRAL);
        ArrayNode data = Json.array();
        data.add(t);
        // range over every running total, so that the outside labels fit
        double[] ends = new double[x.length + 1];
        double r = 0;
        ends[0] = 0;
        for (int k = 0; k < x.length - 1; k++) {
            r = measure.get(k).equals("absolute") ? x[k] : r + x[k];
            ends[k + 1] = r;
        }
        ends[x.length] = total;
        String subtitle = "from the bias " + Numbers.format(bias) + " to the " + totalName + " " + Numbers.format(total)
                + (s.rest() > 0 ? "; the " + (s.values().length - 1) + " largest of " + c.length + " features shown" : "");
        ObjectNode layout = Layouts.base(Text.title(title, subtitle), Math.max(320, 150 + 26 * y.size()));
        ObjectNode xaxis = Layouts.axis(HtmlText.escape(totalName));
        xaxis.set("range", Json.numbers(paddedRange(ends, 0.15)));
        layout.set("xaxis", xaxis);
        ObjectNode yaxis = Layouts.categoryAxis(null, y);
        yaxis.put("autorange", "reversed");
        yaxis.put("ticks", "");
        layout.set("yaxis", yaxis);
        layout.put("showlegend", false);
        return Figure.of(data, layout);
    }

    static Figure importance(String title, List<String> features, double[] importance, String valueName, int top) {
        String fig = "importance figure";
        Check.names(fig, "feature names", features, "feature");
        Check.values(fig, "importances", importance, features.size(), "one per feature");
        Check.top(fig, top);
        Shown s = Shown.of(features, importance, top, "feature");
        int shown = s.values().length - (s.rest() > 0 ? 1 : 0);
        ObjectNode t = bar(valueName, s.labels(), s.values(), Palette.MAGNITUDE, "h");
        ArrayNode colours = Json.array();
        for (int k = 0; k < s.values().length; k++) {
            colours.add(k < shown ? Palette.MAGNITUDE : Palette.NEUTRAL);
        }
        ((ObjectNode) t.get("marker")).set("color", colours);
        List<String> text = new ArrayList<>();
        for (double v : s.values()) {
            text.add(Numbers.format(v));
        }
        t.set("text", Json.strings(text));
        t.put("hovertemplate", "%{y}<br>" + HtmlText.escape(valueName) + " %{x:.4g}<extra></extra>");
        ArrayNode data = Json.array();
        data.add(t);
        String subtitle = s.rest() > 0 ? "the " + shown + " largest of " + importance.length + " features" : null;
        ObjectNode layout = Layouts.base(Text.title(title, subtitle), Math.max(320, 140 + 26 * s.values().length));
        ObjectNode xaxis = Layouts.axis(HtmlText.escape(valueName));
        xaxis.set("range", Json.numbers(paddedRange(s.values(), 0.15)));
        layout.set("xaxis", xaxis);
        ObjectNode yaxis = Layouts.categoryAxis(null, s.labels());
        yaxis.put("autorange", "reversed");
        yaxis.put("ticks", "");
        layout.set("yaxis", yaxis);
        layout.put("showlegend", false);
        return Figure.of(data, layout);
    }

    static Figure activeShare(String title, List<String> layers, double[] share, int[] units, int[] dead) {
        String fig = "active-share figure";
        Check.names(fig, "layer names", layers, "hidden layer");
        Check.values(fig, "active shares", share, layers.size(), "one per layer");
        if (units == null || units.length != layers.size() || dead == null || dead.length != layers.size()) {
            throw new IllegalArgumentException(fig + ": expected " + layers.size() + " unit counts and dead-unit counts "
                    + "(one per layer), got " + (units == null ? "null" : units.length) + " and "
                    + (dead == null ? "null" : dead.length));
        }
        List<String> labels = new ArrayList<>();
        List<String> text = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            if (share[l] < 0 || share[l] > 1) {
                throw new IllegalArgumentException(fig + ": expected shares in [0, 1], got " + share[l] + " for layer "
                        + layers.get(l));
            }
            labels.add(HtmlText.escape(layers.get(l)) + "<br>(" + units[l] + " units)");
            text.add(Text.percent(share[l]) + (dead[l] > 0 ? ", " + dead[l] + " dead" : ""));
        }
        ObjectNode t = bar("mean share of active units", labels, share, Palette.MAGNITUDE, "v");
        t.set("text", Json.strings(text));
        t.put("textposition", "outside");
        t.put("cliponaxis", false);
        t.put("hovertemplate", "%{x}<br>active on average: %{y:.1%}<br>%{text}<extra></extra>");
        ArrayNode data = Json.array();
        data.add(t);
        ObjectNode layout = Layouts.base(Text.title(title, "share of a layer's units that are on (z > 0), "
                + "averaged over the inputs; dead units are never on"), 380);
        layout.set("xaxis", Layouts.categoryAxis("hidden layer", labels));
        ObjectNode yaxis = Layouts.axis("mean share of active units");
        yaxis.set("range", Json.numbers(new double[] {0, 1.1}));
        yaxis.put("tickformat", ".0%");
        layout.set("yaxis", yaxis);
        layout.put("showlegend", false);
        return Figure.of(data, layout);
    }

    static Figure regionSizes(String title, int[] sizes) {
        String fig = "region-sizes figure";
        if (sizes == null || sizes.length == 0) {
            throw new IllegalArgumentException(fig + ": nothing to draw: expected at least one region, got "
                    + (sizes == null ? "null" : "none"));
        }
        TreeMap<Integer, Integer> counts = new TreeMap<>();
        long inputs = 0;
        for (int size : sizes) {
            if (size < 1) {
                throw new IllegalArgumentException(fig + ": expected region sizes of at least 1 input, got " + size);
            }
            counts.merge(size, 1, Integer::sum);
            inputs += size;
        }
        double[] x = counts.keySet().stream().mapToDouble(Integer::doubleValue).toArray();
        double[] y = counts.values().stream().mapToDouble(Integer::doubleValue).toArray();
        List<String> hover = new ArrayList<>();
        counts.forEach((size, n) -> hover.add(n + (n == 1 ? " region holds " : " regions hold ") + size
                + (size == 1 ? " input" : " inputs") + (n > 1 ? " each" : "")));
        ObjectNode t = Json.object();
        t.put("type", "bar");
        t.put("name", "regions");
        t.set("x", Json.numbers(x));
        t.set("y", Json.numbers(y));
        t.putObject("marker").put("color", Palette.MAGNITUDE);
        t.set("customdata", Json.strings(hover));
        t.put("hovertemplate", "%{customdata}<extra></extra>");
        ArrayNode data = Json.array();
        data.add(t);
        String subtitle = inputs + " inputs in " + sizes.length + (sizes.length == 1 ? " region" : " regions")
                + "; the largest holds " + counts.lastKey() + ", " + singles(counts.getOrDefault(1, 0));
        ObjectNode layout = Layouts.base(Text.title(title, subtitle), 380);
        ObjectNode xaxis = Layouts.axis("inputs in the region");
        xaxis.set("range", Json.numbers(new double[] {0.4, counts.lastKey() + 0.6}));
        if (counts.lastKey() <= 20) {
            xaxis.put("dtick", 1);
        }
        layout.set("xaxis", xaxis);
        ObjectNode yaxis = Layouts.axis("number of regions");
        yaxis.put("rangemode", "tozero");
        layout.set("yaxis", yaxis);
        layout.put("bargap", 0.1);
        layout.put("showlegend", false);
        return Figure.of(data, layout);
    }

    private static String singles(int n) {
        return n == 0 ? "none holds a single input" : n == 1 ? "1 holds a single input" : n + " hold a single input";
    }

    static Figure purity(String title, List<String> regions, int[] sizes, double[] purity, List<String> majority, int top) {
        String fig = "purity figure";
        Check.names(fig, "region ids", regions, "region");
        int n = regions.size();
        if (sizes == null || sizes.length != n) {
            throw new IllegalArgumentException(fig + ": expected " + n + " region sizes (one per region), got "
                    + (sizes == null ? "null" : sizes.length));
        }
        Check.values(fig, "purities", purity, n, "one per region");
        if (majority == null || majority.size() != n) {
            throw new IllegalArgumentException(fig + ": expected " + n + " majority labels (one per region), got "
                    + (majority == null ? "null" : majority.size()));
        }
        Check.top(fig, top);
        long inputs = 0;
        double weighted = 0;
        for (int k = 0; k < n; k++) {
            if (sizes[k] < 1 || purity[k] < 0 || purity[k] > 1) {
                throw new IllegalArgumentException(fig + ": expected sizes >= 1 and purities in [0, 1], got size "
                        + sizes[k] + " and purity " + purity[k] + " for region " + regions.get(k));
            }
            inputs += sizes[k];
            weighted += sizes[k] * purity[k];
        }
        int[] order = IntStream.range(0, n).boxed()
                .sorted(Comparator.comparingInt((Integer k) -> -sizes[k]).thenComparingInt(k -> k))
                .mapToInt(Integer::intValue).limit(top).toArray();
        List<String> labels = shortIds(regions, order);
        Map<String, List<Integer>> byClass = new LinkedHashMap<>();
        for (int k = 0; k < order.length; k++) {
            byClass.computeIfAbsent(majority.get(order[k]), key -> new ArrayList<>()).add(k);
        }
        List<String> classOrder = new ArrayList<>(new java.util.TreeSet<>(byClass.keySet()));
        List<String> allClasses = new ArrayList<>(new java.util.TreeSet<>(majority));
        ArrayNode data = Json.array();
        for (String cls : classOrder) {
            List<String> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            ArrayNode custom = Json.array();
            for (int k : byClass.get(cls)) {
                int r = order[k];
                long agree = Math.round(sizes[r] * purity[r]);
                x.add(labels.get(k));
                y.add((double) agree);
                custom.add("region " + regions.get(r) + "<br>" + agree + " of " + sizes[r] + " inputs labelled "
                        + HtmlText.escape(cls) + "<br>purity " + Numbers.format(purity[r]));
            }
            ObjectNode t = bar("majority label " + cls, x, unbox(y), Palette.category(allClasses.indexOf(cls)), "v");
            t.set("customdata", custom);
            t.put("hovertemplate", "%{customdata}<extra></extra>");
            data.add(t);
        }
        List<String> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        ArrayNode custom = Json.array();
        for (int k = 0; k < order.length; k++) {
            int r = order[k];
            long other = sizes[r] - Math.round(sizes[r] * purity[r]);
            if (other > 0) {
                x.add(labels.get(k));
                y.add((double) other);
                custom.add("region " + regions.get(r) + "<br>" + other + " of " + sizes[r]
                        + " inputs with another label");
            }
        }
        ObjectNode rest = bar("other labels", x, unbox(y), Palette.OTHER, "v");
        rest.set("customdata", custom);
        rest.put("hovertemplate", "%{customdata}<extra></extra>");
        data.add(rest);
        String subtitle = "input-weighted mean purity " + Numbers.format(weighted / inputs) + " over " + n
                + (n == 1 ? " region" : " regions") + " (" + inputs + " inputs)"
                + (order.length < n ? "; the " + order.length + " largest regions shown" : "");
        ObjectNode layout = Layouts.base(Text.title(title, subtitle), 420);
        ObjectNode xaxis = Layouts.categoryAxis("region (by size)", labels);
        xaxis.put("tickangle", -45);
        xaxis.putObject("tickfont").put("size", 10);
        layout.set("xaxis", xaxis);
        ObjectNode yaxis = Layouts.axis("inputs in the region");
        yaxis.put("rangemode", "tozero");
        layout.set("yaxis", yaxis);
        layout.put("barmode", "stack");
        layout.put("bargap", 0.15);
        ObjectNode legend = Json.object();
        legend.put("x", 1.01);
        legend.put("xanchor", "left");
        legend.put("y", 1);
        legend.put("traceorder", "normal");
        layout.set("legend", legend);
        return Figure.of(data, layout);
    }

    /** The shortest prefixes (at least 6 characters) that keep the shown region ids apart. */
    private static List<String> shortIds(List<String> ids, int[] order) {
        for (int len = 6; ; len++) {
            List<String> out = new ArrayList<>();
            java.util.Set<String> seen = new java.util.HashSet<>();
            boolean distinct = true;
            for (int r : order) {
                String id = ids.get(r);
                String s = HtmlText.escape(id.length() <= len ? id : id.substring(0, len));
                distinct &= seen.add(s);
                out.add(s);
            }
            final int l = len;
            if (distinct || order.length == 0 || java.util.Arrays.stream(order).allMatch(r -> ids.get(r).length() <= l)) {
                return out;
            }
        }
    }

    static ObjectNode bar(String name, List<String> categories, double[] values, String colour, String orientation) {
        ObjectNode t = Json.object();
        t.put("type", "bar");
        t.put("name", HtmlText.escape(name));
        t.put("orientation", orientation);
        if (orientation.equals("h")) {
            t.set("x", Json.numbers(values));
            t.set("y", Json.strings(categories));
        } else {
            t.set("x", Json.strings(categories));
            t.set("y", Json.numbers(values));
        }
        t.putObject("marker").put("color", colour);
        if (orientation.equals("h")) {
            List<String> text = new ArrayList<>();
            for (double v : values) {
                text.add(Text.signed(v));
            }
            t.set("text", Json.strings(text));
            t.put("textposition", "outside");
            t.put("cliponaxis", false);
        }
        return t;
    }

    private static final String[] SERIES = {"#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00"};

    static Figure groupedBars(String title, List<String> features, List<String> series, double[][] values,
            String valueName) {
        String fig = "grouped-bars figure";
        Check.names(fig, "feature names", features, "feature");
        Check.names(fig, "series names", series, "series");
        if (values == null || values.length != series.size()) {
            throw new IllegalArgumentException(fig + ": expected " + series.size() + " rows of values (one per series), got "
                    + (values == null ? "null" : values.length));
        }
        for (int k = 0; k < values.length; k++) {
            Check.values(fig, "values of series " + series.get(k), values[k], features.size(), "one per feature");
        }
        int d = features.size();
        int top = defaultTop(d);
        int[] order = byMagnitude(values[0]);
        List<String> labels = new ArrayList<>();
        for (int k = 0; k < Math.min(top, d); k++) {
            labels.add(HtmlText.escape(features.get(order[k])));
        }
        ArrayNode data = Json.array();
        double[] all = new double[values.length * labels.size()];
        for (int k = 0; k < values.length; k++) {
            double[] v = new double[labels.size()];
            for (int j = 0; j < v.length; j++) {
                v[j] = values[k][order[j]];
                all[k * v.length + j] = v[j];
            }
            ObjectNode t = bar(series.get(k), labels, v, SERIES[k % SERIES.length], "h");
            t.put("hovertemplate", "%{y}<br>" + HtmlText.escape(series.get(k)) + " %{x:+.4g}<extra></extra>");
            data.add(t);
        }
        String subtitle = "sorted by |" + series.get(0) + "|" + (d > top ? "; the " + top + " largest of " + d
                + " features shown" : "");
        ObjectNode layout = Layouts.base(Text.title(title, subtitle),
                Math.max(340, 150 + (10 + 12 * values.length) * labels.size()));
        ObjectNode xaxis = Layouts.axis(HtmlText.escape(valueName));
        xaxis.put("zeroline", true);
        xaxis.put("zerolinecolor", "#444444");
        xaxis.set("range", Json.numbers(paddedRange(all, 0.2)));
        layout.set("xaxis", xaxis);
        ObjectNode yaxis = Layouts.categoryAxis(null, labels);
        yaxis.put("autorange", "reversed");
        yaxis.put("ticks", "");
        layout.set("yaxis", yaxis);
        layout.put("barmode", "group");
        layout.put("bargap", 0.2);
        layout.put("bargroupgap", 0.05);
        layout.set("legend", Layouts.topLegend());
        return Figure.of(data, layout);
    }

    /** {@code [min, max]} of the values and zero, widened on each side by {@code pad} of the span. */
    static double[] paddedRange(double[] values, double pad) {
        double lo = 0;
        double hi = 0;
        for (double v : values) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        double span = hi - lo;
        if (span == 0) {
            return new double[] {-1, 1};
        }
        return new double[] {lo < 0 ? lo - pad * span : 0, hi > 0 ? hi + pad * span : 0};
    }

    private static double[] unbox(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
