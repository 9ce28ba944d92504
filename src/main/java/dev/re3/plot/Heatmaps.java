package dev.re3.plot;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.re3.display.HtmlText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The heatmap figures of {@link Figures}: images, local maps per class, activation patterns. */
final class Heatmaps {
    private Heatmaps() {}

    /** {@code [h][w]}: the channels of a {@code [c, h, w]} row-major array, summed or averaged. */
    static double[][] plane(int[] shape, double[] values, boolean average) {
        int c = shape[0];
        int h = shape[1];
        int w = shape[2];
        double[][] out = new double[h][w];
        for (int ch = 0; ch < c; ch++) {
            for (int r = 0; r < h; r++) {
                for (int col = 0; col < w; col++) {
                    out[r][col] += values[(ch * h + r) * w + col];
                }
            }
        }
        if (average && c > 1) {
            for (double[] row : out) {
                for (int col = 0; col < w; col++) {
                    row[col] /= c;
                }
            }
        }
        return out;
    }

    static double maxAbs(double[][] m) {
        double a = 0;
        for (double[] row : m) {
            for (double v : row) {
                if (Double.isFinite(v)) {
                    a = Math.max(a, Math.abs(v));
                }
            }
        }
        return a == 0 ? 1 : a;
    }

    static Figure imageHeatmap(String title, int[] shape, double[] image, double[] contributions) {
        String fig = "image heatmap";
        int size = Check.imageShape(fig, shape);
        String per = "one per element of " + Arrays.toString(shape);
        Check.values(fig, "pixel values", image, size, per);
        Check.values(fig, "contributions", contributions, size, per);
        double[][] pixels = plane(shape, image, true);
        double[][] contrib = plane(shape, contributions, false);
        double m = maxAbs(contrib);
        double positive = 0;
        double negative = 0;
        for (double v : contributions) {
            if (v > 0) {
                positive += v;
            } else {
                negative += v;
            }
        }
        ArrayNode data = Json.array();
        ObjectNode input = heatmap(pixels, "x", "y", Palette.greys());
        input.put("name", "input");
        input.put("showscale", false);
        input.put("hovertemplate", "row %{y}, column %{x}<br>input %{z:.4g}<extra></extra>");
        data.add(input);
        ObjectNode c = heatmap(contrib, "x2", "y2", Palette.diverging());
        c.put("name", "contribution");
        c.put("zmid", 0);
        c.put("zmin", -m);
        c.put("zmax", m);
        ObjectNode bar = c.putObject("colorbar");
        bar.set("title", Json.title("contribution"));
        bar.put("thickness", 14);
        bar.put("len", 0.9);
        c.put("hovertemplate", "row %{y}, column %{x}<br>contribution %{z:+.4g}<extra></extra>");
        data.add(c);
        // the input's outline over the contributions, to see where the ink is
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] row : pixels) {
            for (double v : row) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (hi > lo) {
            ObjectNode outline = Json.object();
            outline.put("type", "contour");
            outline.put("name", "input outline");
            outline.set("z", Json.matrix(pixels));
            outline.put("xaxis", "x2");
            outline.put("yaxis", "y2");
            outline.put("showscale", false);
            outline.put("hoverinfo", "skip");
            ObjectNode contours = outline.putObject("contours");
            contours.put("coloring", "none");
            double mid = (lo + hi) / 2;
            contours.put("start", mid);
            contours.put("end", mid);
            contours.put("size", 1);
            ObjectNode line = outline.putObject("line");
            line.put("color", "#555555");
            line.put("width", 1);
            data.add(outline);
        }
        String subtitle = "contributions " + (shape[0] > 1 ? "summed over " + shape[0] + " channels, " : "")
                + "raising " + Text.signed(positive) + ", lowering " + Text.signed(negative)
                + "; red raises, blue lowers";
        ObjectNode layout = Layouts.base(Text.title(title, subtitle), 460);
        layout.set("xaxis", Layouts.imageAxis(new double[] {0, 0.42}, "y", null, false));
        layout.set("yaxis", Layouts.imageAxis(new double[] {0, 0.92}, "x", "x", true));
        layout.set("xaxis2", Layouts.imageAxis(new double[] {0.5, 0.92}, "y2", null, false));
        layout.set("yaxis2", Layouts.imageAxis(new double[] {0, 0.92}, "x2", "x2", true));
        ArrayNode labels = Json.array();
        labels.add(Layouts.label("input", 0.21, 0.93, "center", "bottom", 13));
        labels.add(Layouts.label("contribution", 0.71, 0.93, "center", "bottom", 13));
        layout.set("annotations", labels);
        layout.put("showlegend", false);
        return Figure.of(data, layout);
    }

    /** {@code weights}: the rows are a local map's, one per class, and the colours say what raises a logit. */
    static Figure mapPerClass(String title, int[] inputShape, List<String> classes, List<String> features,
            double[][] values, String valueName, boolean weights) {
        String fig = "map-per-class figure";
        int size = Check.inputShape(fig, inputShape);
        Check.names(fig, "class names", classes, "class");
        Check.names(fig, "feature names", features, "feature");
        if (features.size() != size) {
            throw new IllegalArgumentException(fig + ": expected " + size + " feature names for input shape "
                    + Arrays.toString(inputShape) + ", got " + features.size());
        }
        if (values == null || values.length != classes.size()) {
            throw new IllegalArgumentException(fig + ": expected " + classes.size() + " rows of values (one per class), got "
                    + (values == null ? "null" : values.length));
        }
        for (int c = 0; c < values.length; c++) {
            Check.values(fig, "values for class " + classes.get(c), values[c], size, "one per feature");
        }
        String colours = weights ? "red raises the class's logit, blue lowers it"
                : "red: " + valueName + " above zero, blue: below zero";
        return inputShape.length == 3 ? classImages(title, inputShape, classes, values, valueName,
                (weights ? "one panel per class" : "one panel each"), colours)
                : classTable(title, classes, features, values, valueName, colours);
    }

    private static Figure classTable(String title, List<String> classes, List<String> features, double[][] values,
            String valueName, String colours) {
        double m = maxAbs(values);
        List<String> x = features.stream().map(HtmlText::escape).toList();
        List<String> y = classes.stream().map(HtmlText::escape).toList();
        ObjectNode t = heatmap(values, "x", "y", Palette.diverging());
        t.set("x", Json.strings(x));
        t.set("y", Json.strings(y));
        t.put("name", HtmlText.escape(valueName));
        t.put("zmid", 0);
        t.put("zmin", -m);
        t.put("zmax", m);
        t.put("xgap", 1);
        t.put("ygap", 1);
        t.putObject("colorbar").set("title", Json.title(HtmlText.escape(valueName)));
        t.put("hovertemplate", "class %{y}<br>%{x}<br>" + HtmlText.escape(valueName) + " %{z:+.4g}<extra></extra>");
        if (values.length * features.size() <= 240) {
            t.put("texttemplate", "%{z:.2f}");
            t.putObject("textfont").put("size", 10);
        }
        ArrayNode data = Json.array();
        data.add(t);
        int height = Math.max(300, 170 + 42 * classes.size() + (features.stream().mapToInt(String::length).max()
                .orElse(0) > 6 ? 60 : 0));
        ObjectNode layout = Layouts.base(Text.title(title, colours), height);
        ObjectNode xaxis = Layouts.categoryAxis("feature", x);
        xaxis.put("tickangle", features.size() > 6 ? -45 : 0);
        xaxis.put("ticks", "");
        layout.set("xaxis", xaxis);
        ObjectNode yaxis = Layouts.categoryAxis("class", y);
        yaxis.put("autorange", "reversed");
        yaxis.put("ticks", "");
        layout.set("yaxis", yaxis);
        return Figure.of(data, layout);
    }

    private static Figure classImages(String title, int[] shape, List<String> classes, double[][] values,
            String valueName, String panels, String colours) {
        int k = classes.size();
        int cols = Math.min(5, k);
        int rows = (k + cols - 1) / cols;
        double[][][] planes = new double[k][][];
        double m = 0;
        for (int c = 0; c < k; c++) {
            planes[c] = plane(shape, values[c], false);
            m = Math.max(m, maxAbs(planes[c]));
        }
        ArrayNode data = Json.array();
        ObjectNode layout = Layouts.base(Text.title(title, panels + (shape[0] > 1 ? ", summed over " + shape[0]
                + " channels" : "") + "; one colour scale for all, " + colours), 110 + 200 * rows);
        ArrayNode labels = Json.array();
        double gapX = 0.03;
        double gapY = 0.12 / rows;
        double plotWidth = 0.9;
        double w = (plotWidth - gapX * (cols - 1)) / cols;
        double h = (1 - gapY * rows) / rows;
        for (int c = 0; c < k; c++) {
            int row = c / cols;
            int col = c % cols;
            String suffix = c == 0 ? "" : String.valueOf(c + 1);
            double x0 = col * (w + gapX);
            double y1 = 1 - row * (h + gapY) - gapY;
            ObjectNode t = heatmap(planes[c], "x" + suffix, "y" + suffix, null);
            t.put("name", HtmlText.escape(classes.get(c)));
            t.put("coloraxis", "coloraxis");
            t.put("hovertemplate", "class " + HtmlText.escape(classes.get(c)) + "<br>row %{y}, column %{x}<br>"
                    + HtmlText.escape(valueName) + " %{z:+.4g}<extra></extra>");
            data.add(t);
            layout.set("xaxis" + suffix, Layouts.imageAxis(new double[] {x0, x0 + w}, "y" + suffix, null, false));
            layout.set("yaxis" + suffix, Layouts.imageAxis(new double[] {y1 - h, y1}, "x" + suffix, "x" + suffix, true));
            labels.add(Layouts.label(HtmlText.escape(classes.get(c)), x0 + w / 2, y1, "center", "bottom", 13));
        }
        layout.set("annotations", labels);
        ObjectNode axis = layout.putObject("coloraxis");
        axis.set("colorscale", Palette.diverging());
        axis.put("cmin", -m);
        axis.put("cmax", m);
        axis.put("cmid", 0);
        ObjectNode bar = axis.putObject("colorbar");
        bar.set("title", Json.title(HtmlText.escape(valueName)));
        bar.put("thickness", 14);
        bar.put("x", 0.93);
        layout.put("showlegend", false);
        return Figure.of(data, layout);
    }

    static Figure activationPattern(String title, List<String> layers, double[][] values, String valueName) {
        String fig = "activation-pattern figure";
        Check.names(fig, "layer names", layers, "hidden layer");
        if (values == null || values.length != layers.size()) {
            throw new IllegalArgumentException(fig + ": expected " + layers.size() + " rows of values (one per layer), got "
                    + (values == null ? "null" : values.length));
        }
        int width = 0;
        boolean ragged = false;
        double lo = 0;
        for (int l = 0; l < values.length; l++) {
            if (values[l] == null || values[l].length == 0) {
                throw new IllegalArgumentException(fig + ": expected at least one unit in layer " + layers.get(l) + ", got "
                        + (values[l] == null ? "null" : "none"));
            }
            Check.finite(fig, "values of layer " + layers.get(l), values[l]);
            ragged |= l > 0 && values[l].length != values[0].length;
            width = Math.max(width, values[l].length);
            for (double v : values[l]) {
                lo = Math.min(lo, v);
            }
        }
        double[][] z = new double[values.length][width];
        List<String> y = new ArrayList<>();
        for (int l = 0; l < values.length; l++) {
            Arrays.fill(z[l], Double.NaN);
            System.arraycopy(values[l], 0, z[l], 0, values[l].length);
            y.add(HtmlText.escape(layers.get(l)) + " (" + values[l].length + ")");
        }
        ObjectNode t = heatmap(z, "x", "y", lo < 0 ? Palette.diverging() : Palette.sequential());
        t.set("y", Json.strings(y));
        t.put("name", HtmlText.escape(valueName));
        t.put("hoverongaps", false);
        if (lo < 0) {
            double m = maxAbs(z);
            t.put("zmid", 0);
            t.put("zmin", -m);
            t.put("zmax", m);
        } else {
            t.put("zmin", 0);
        }
        t.put("ygap", 2);
        t.putObject("colorbar").set("title", Json.title(HtmlText.escape(valueName)));
        t.put("hovertemplate", "%{y}, unit %{x}<br>" + HtmlText.escape(valueName) + " %{z:.4g}<extra></extra>");
        ArrayNode data = Json.array();
        data.add(t);
        String subtitle = (lo < 0 ? "blue below zero, red above" : "white is zero (unit off)")
                + (ragged ? "; grey cells: no such unit (the layer is narrower)" : "");
        ObjectNode layout = Layouts.base(Text.title(title, subtitle), Math.max(280, 150 + 46 * layers.size()));
        if (ragged) {
            layout.put("plot_bgcolor", Palette.PADDING);
        }
        ObjectNode xaxis = Layouts.axis("unit");
        xaxis.put("showgrid", false);
        xaxis.set("range", Json.numbers(new double[] {-0.5, width - 0.5}));
        layout.set("xaxis", xaxis);
        ObjectNode yaxis = Layouts.categoryAxis("layer (units)", y);
        yaxis.put("autorange", "reversed");
        yaxis.put("ticks", "");
        layout.set("yaxis", yaxis);
        return Figure.of(data, layout);
    }

    static Figure imageMap(String title, int[] shape, double[] values, String valueName) {
        String fig = "image map";
        int size = Check.imageShape(fig, shape);
        Check.values(fig, valueName, values, size, "one per element of " + Arrays.toString(shape));
        double[][] z = plane(shape, values, false);
        double lo = Arrays.stream(values).min().orElse(0);
        ObjectNode t = heatmap(z, "x", "y", lo < 0 ? Palette.diverging() : Palette.sequential());
        t.put("name", HtmlText.escape(valueName));
        if (lo < 0) {
            double m = maxAbs(z);
            t.put("zmid", 0);
            t.put("zmin", -m);
            t.put("zmax", m);
        } else {
            t.put("zmin", 0);
        }
        ObjectNode bar = t.putObject("colorbar");
        ObjectNode barTitle = Json.title(HtmlText.escape(valueName));
        barTitle.put("side", "right");
        bar.set("title", barTitle);
        bar.put("thickness", 14);
        t.put("hovertemplate", "row %{y}, column %{x}<br>" + HtmlText.escape(valueName) + " %{z:.4g}<extra></extra>");
        ArrayNode data = Json.array();
        data.add(t);
        ObjectNode layout = Layouts.base(Text.title(title, shape[0] > 1 ? "summed over " + shape[0] + " channels" : null),
                460);
        layout.put("width", 600);
        layout.set("xaxis", Layouts.imageAxis(new double[] {0, 0.85}, "y", null, false));
        layout.set("yaxis", Layouts.imageAxis(new double[] {0, 1}, "x", "x", true));
        return Figure.of(data, layout);
    }

    private static ObjectNode heatmap(double[][] z, String xaxis, String yaxis, ArrayNode colours) {
        ObjectNode t = Json.object();
        t.put("type", "heatmap");
        t.set("z", Json.matrix(z));
        t.put("xaxis", xaxis);
        t.put("yaxis", yaxis);
        if (colours != null) {
            t.set("colorscale", colours);
        }
        return t;
    }
}
