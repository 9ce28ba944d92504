package dev.re3.cli;

import dev.re3.DatasetExplanation;
import dev.re3.data.Dataset;
import dev.re3.net.Network;
import dev.re3.region.LocalMaps;
import java.util.Arrays;
import java.util.Locale;
import tech.tablesaw.api.Table;

/** The demo's printed output: one line per test input, then the dataset summary. */
final class DemoTable {
    private DemoTable() {}

    /** Index, true label, prediction, its probability, region, top contributing feature, reconstruction error. */
    static String render(Network net, Dataset test, LocalMaps maps) {
        StringBuilder s = new StringBuilder();
        String row = "%4s  %-11s %-11s %-7s %-17s %-28s %s%n";
        s.append(String.format(Locale.ROOT, row, "#", "true", "predicted", "p", "region", "top feature (contribution)",
                "error"));
        for (int n = 0; n < maps.size(); n++) {
            int pred = maps.predicted(n);
            double[] p = Network.softmax(maps.logits(n));
            double[] c = maps.contributions(n)[pred];
            int top = 0;
            for (int i = 1; i < c.length; i++) {
                if (Math.abs(c[i]) > Math.abs(c[top])) {
                    top = i;
                }
            }
            String mark = pred == test.label(n) ? "" : " *";
            s.append(String.format(Locale.ROOT, row, n + 1, test.className(n), net.classes().get(pred) + mark,
                    String.format(Locale.ROOT, "%.4f", p[pred]), maps.regionId(n),
                    String.format(Locale.ROOT, "%-16s %+.3f", net.features().get(top), c[top]),
                    String.format(Locale.ROOT, "%.1e", maps.reconstructionError(n))));
        }
        s.append("(* misclassified; contributions W[c][i] x[i] to the predicted class's logit, features standardised)\n");
        return s.toString();
    }

    /** Regions, purity, shared regions, accuracy, dead units and the largest reconstruction error. */
    static String summary(Network net, DatasetExplanation all, double testAccuracy) {
        StringBuilder s = new StringBuilder("dataset summary (training and test inputs):\n");
        String row = "  %-34s %s%n";
        s.append(String.format(Locale.ROOT, row, "regions", all.regionCount() + " (training " + all.regionCount("train")
                + ", test " + all.regionCount("test") + ", shared " + all.sharedRegions() + ")"));
        s.append(String.format(Locale.ROOT, row, "mean region purity", String.format(Locale.ROOT, "%.4f", all.meanPurity())));
        s.append(String.format(Locale.ROOT, row, "test inputs in a training region",
                String.format(Locale.ROOT, "%.4f", all.sharedTestShare())));
        s.append(String.format(Locale.ROOT, row, "accuracy", String.format(Locale.ROOT, "%.4f overall, %.4f on test",
                all.accuracy(), testAccuracy)));
        Table layers = all.layers();
        for (int l = 0; l < layers.rowCount(); l++) {
            int[] dead = all.deadUnits(l);
            s.append(String.format(Locale.ROOT, row, "layer " + layers.stringColumn("layer").get(l),
                    String.format(Locale.ROOT, "%d units, %.1f%% active on average, dead units: %s",
                            layers.intColumn("units").get(l), 100 * layers.doubleColumn("meanActiveShare").get(l),
                            dead.length == 0 ? "none" : Arrays.toString(dead))));
        }
        s.append(String.format(Locale.ROOT, row, "max reconstruction error",
                String.format(Locale.ROOT, "%.1e", all.maxReconstructionError())));
        return s.toString();
    }
}
