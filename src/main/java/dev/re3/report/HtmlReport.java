package dev.re3.report;

import dev.re3.DatasetExplanation;
import dev.re3.Explanation;
import dev.re3.display.HtmlText;
import dev.re3.io.AtomicFiles;
import dev.re3.net.Network;
import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tech.tablesaw.api.Table;

/**
 * A self-contained HTML report of a network's Re3 explanations: one file with inline CSS and inline SVG
 * charts, no scripts and no external resources, so it opens anywhere and can be mailed or archived.
 *
 * <p>Sections: the model (shapes, layers, parameters); with a {@link DatasetExplanation}, the dataset
 * summary, per-layer activity and dead units, global feature importance (chart and table) and the
 * largest regions with their purity; then the example explanations, each with signed contribution bars
 * sorted by size and the logit equation {@code sum of contributions + bias = logit} for every class;
 * and a footer with the provenance. All text is escaped.
 *
 * <pre>{@code
 * HtmlReport.builder(network)
 *     .title("Iris")
 *     .data(re3.explainAll(train, test))
 *     .example("test input 0 (true setosa)", re3.explain(x0))
 *     .provenance(Map.of("seed", 7))
 *     .build()
 *     .write(Path.of("report.html"));
 * }</pre>
 */
public final class HtmlReport {
    private static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2em auto;max-width:60em;\
            padding:0 1em;color:#222;line-height:1.4}
            h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
            table{border-collapse:collapse;margin:.8em 0;font-size:.9em}
            caption{text-align:left;font-weight:600;padding:.3em 0;white-space:nowrap}
            th,td{border:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top}
            thead th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}
            tr.target td{background:#eef5fb}code{font-size:.95em}
            .note,.legend{color:#555;font-size:.9em}.equation{font-family:ui-monospace,monospace;background:#f7f7f7;\
            padding:.4em .6em}
            svg.bars text{font-size:12px;fill:#222}svg.bars text.tick{font-size:11px;fill:#555}
            svg.bars text.axis{font-size:12px;font-style:italic}
            .swatch{display:inline-block;width:.9em;height:.9em;vertical-align:middle;margin:0 .3em}
            footer{margin-top:3em;border-top:1px solid #ccc;font-size:.85em;color:#555}
            footer table{font-size:1em}
            """;

    private final String html;

    private HtmlReport(String html) {
        this.html = html;
    }

    /** A report builder for one network. */
    public static Builder builder(Network network) {
        return new Builder(network);
    }

    /** The complete HTML document. */
    public String html() {
        return html;
    }

    /**
     * Writes the report whole or not at all ({@link AtomicFiles}), creating parent directories.
     *
     * @throws IOException if the file cannot be written; an existing file is then unchanged
     */
    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, html);
    }

    @Override
    public String toString() {
        return "HtmlReport (" + html.length() + " characters)";
    }

    /** Collects the parts of a report; only the network is required. */
    public static final class Builder {
        private final Network network;
        private String title = "Re3 report";
        private String description = "";
        private DatasetExplanation data;
        private final List<String> captions = new ArrayList<>();
        private final List<Explanation> examples = new ArrayList<>();
        private final Map<String, Object> provenance = new LinkedHashMap<>();
        private String generated;
        private int topRegions = 15;
        private int topFeatures = 15;
        private int barsPerExample = 12;

        private Builder(Network network) {
            this.network = Objects.requireNonNull(network, "network");
        }

        /** The page title and heading. */
        public Builder title(String title) {
            this.title = Objects.requireNonNull(title, "title");
            return this;
        }

        /** A paragraph under the heading. */
        public Builder description(String description) {
            this.description = Objects.requireNonNull(description, "description");
            return this;
        }

        /** The dataset-level explanation: summary, layers, feature importance and regions. */
        public Builder data(DatasetExplanation data) {
            this.data = Objects.requireNonNull(data, "data");
            return this;
        }

        /** One example explanation with a caption such as {@code "test input 3 (true: setosa)"}. */
        public Builder example(String caption, Explanation explanation) {
            if (explanation.network().inputSize() != network.inputSize()
                    || explanation.network().outputSize() != network.outputSize()) {
                throw new IllegalArgumentException("example \"" + caption
                        + "\": expected an explanation of a network with " + network.inputSize() + " inputs and "
                        + network.outputSize() + " outputs, got " + explanation.network().inputSize() + " and "
                        + explanation.network().outputSize());
            }
            captions.add(Objects.requireNonNull(caption, "caption"));
            examples.add(explanation);
            return this;
        }

        /** Provenance entries (seed, dataset, versions, settings) shown in the footer, in the order given. */
        public Builder provenance(Map<String, ?> entries) {
            provenance.putAll(entries);
            return this;
        }

        /** The generation time shown in the footer; the current UTC time by default. */
        public Builder generated(String timestamp) {
            this.generated = Objects.requireNonNull(timestamp, "timestamp");
            return this;
        }

        /** How many regions the region table lists (15 by default), largest first. */
        public Builder topRegions(int n) {
            this.topRegions = positive("topRegions", n);
            return this;
        }

        /** How many features the importance chart shows (15 by default). */
        public Builder topFeatures(int n) {
            this.topFeatures = positive("topFeatures", n);
            return this;
        }

        /** How many bars an example chart shows at most (12 by default); the rest are summed into one bar. */
        public Builder barsPerExample(int n) {
            if (n < 2) {
                throw new IllegalArgumentException("barsPerExample: expected at least 2, got " + n);
            }
            this.barsPerExample = n;
            return this;
        }

        public HtmlReport build() {
            StringBuilder out = new StringBuilder(1 << 16);
            out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                    .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
                    .append(HtmlText.escape(title)).append("</title>\n<style>\n").append(CSS)
                    .append("</style>\n</head>\n<body>\n");
            out.append("<h1>").append(HtmlText.escape(title)).append("</h1>\n");
            if (!description.isEmpty()) {
                out.append("<p>").append(HtmlText.escape(description)).append("</p>\n");
            }
            out.append("<p class=\"legend\">On each input's linear region the network is exactly "
                    + "<code>z = W x + b</code>; feature <i>i</i> contributes <code>W[c][i] \u00b7 x[i]</code> to the "
                    + "logit of class <i>c</i>, and the contributions plus the bias add up to the logit. Bars: "
                    + "<span class=\"swatch\" style=\"background:" + SvgBars.POSITIVE + "\"></span>positive "
                    + "<span class=\"swatch\" style=\"background:" + SvgBars.NEGATIVE + "\"></span>negative.</p>\n");
            out.append("<h2>Model</h2>\n");
            ModelSection.write(out, network);
            if (data != null) {
                dataSections(out);
            }
            if (!examples.isEmpty()) {
                out.append("<h2>Example explanations</h2>\n");
                for (int k = 0; k < examples.size(); k++) {
                    ExampleSection.write(out, captions.get(k), examples.get(k), barsPerExample);
                }
            }
            footer(out);
            out.append("</body>\n</html>\n");
            return new HtmlReport(out.toString());
        }

        private void dataSections(StringBuilder out) {
            out.append("<h2>Dataset summary</h2>\n");
            Html.table(out, data.summary(), Integer.MAX_VALUE);
            out.append("<h2>Hidden layers</h2>\n");
            Html.table(out, data.layers(), Integer.MAX_VALUE);
            List<String[]> dead = new ArrayList<>();
            for (int l = 0; l < network.reluSites().size(); l++) {
                int[] units = data.deadUnits(l);
                dead.add(new String[] {network.reluSites().get(l).name(),
                    units.length == 0 ? "none" : units.length + ": " + list(units)});
            }
            if (!dead.isEmpty()) {
                Html.keyValues(out, "Dead units (never active on these inputs)", dead);
            }
            out.append("<h2>Global feature importance</h2>\n");
            Table importance = data.featureImportance();
            List<SvgBars.Bar> bars = new ArrayList<>();
            int n = Math.min(topFeatures, importance.rowCount());
            for (int r = 0; r < n; r++) {
                bars.add(new SvgBars.Bar(importance.stringColumn("feature").get(r),
                        importance.doubleColumn("meanAbsContribution").get(r)));
            }
            out.append(SvgBars.chart(bars, "mean |W[c][i] \u00b7 x[i]| for the predicted class c"));
            Html.table(out, importance, topFeatures);
            out.append("<h2>Regions</h2>\n<p class=\"note\">Largest regions first; purity is the share of a "
                    + "region's inputs that carry its majority label.</p>\n");
            Html.table(out, data.regions(), topRegions);
        }

        private void footer(StringBuilder out) {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"generated", generated != null ? generated
                    : OffsetDateTime.now(ZoneOffset.UTC).withNano(0).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)});
            rows.add(new String[] {"java", System.getProperty("java.version", "unknown")});
            flatten("", provenance, rows);
            out.append("<footer>\n<h2>Provenance</h2>\n");
            Html.keyValues(out, "How this report and its model were made", rows);
            out.append("</footer>\n");
        }

        private static void flatten(String prefix, Map<?, ?> map, List<String[]> rows) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = prefix + e.getKey();
                if (e.getValue() instanceof Map<?, ?> inner && !inner.isEmpty()) {
                    flatten(key + ".", inner, rows);
                } else {
                    rows.add(new String[] {key, value(e.getValue())});
                }
            }
        }

        private static String value(Object v) {
            if (v instanceof List<?> list && list.size() > 8) {
                return "[" + list.size() + " values: " + list.get(0) + ", " + list.get(1) + ", " + list.get(2)
                        + ", \u2026]";
            }
            String s = String.valueOf(v);
            return s.length() > 300 ? s.substring(0, 299) + "\u2026" : s;
        }

        private static String list(int[] units) {
            StringBuilder s = new StringBuilder();
            for (int k = 0; k < units.length && k < 40; k++) {
                s.append(k == 0 ? "" : ", ").append(units[k]);
            }
            return units.length > 40 ? s + ", \u2026" : s.toString();
        }

        private static int positive(String what, int n) {
            if (n < 1) {
                throw new IllegalArgumentException(what + ": expected at least 1, got " + n);
            }
            return n;
        }
    }
}
