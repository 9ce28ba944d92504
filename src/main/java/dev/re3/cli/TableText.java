package dev.re3.cli;

import dev.re3.net.Network;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The readable format of {@code re3 explain --format table}: per input a heading (prediction, probability,
 * region) and one row per feature, largest contribution first: value, contribution to the target class's
 * logit, and first-order contribution to its probability; then the bias and the logit they add up to.
 */
final class TableText {
    static final int MAX_ROWS = 20;

    private TableText() {}

    /**
     * @param raw the input as given before standardisation ({@code --raw}), shown as an extra column, or null
     */
    static String input(Network net, InputResult r, double[] raw, int total) {
        List<String> features = net.features();
        List<String> classes = net.classes();
        int t = r.target();
        double[] c = r.contributions()[t];
        double[] pc = r.targetProbabilityContributions();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < c.length; i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble((Integer i) -> -Math.abs(c[i])).thenComparingInt(i -> i));
        int shown = c.length <= MAX_ROWS ? c.length : MAX_ROWS - 1;
        int width = 18;
        for (int i : order.subList(0, shown)) {
            width = Math.max(width, Math.min(32, features.get(i).length()));
        }
        String row = "  %-" + width + "s" + (raw == null ? "%s" : " %12s") + " %13s %14s %13s%n";
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "input %d of %d: predicted %s (p = %.4f), region %s", r.index() + 1,
                total, classes.get(r.predicted()), r.probabilities()[r.predicted()], r.regionId()));
        if (r.distanceToBoundary() != null) {
            s.append(String.format(Locale.ROOT, ", distance to boundary %.4f", r.distanceToBoundary()));
        }
        s.append('\n');
        s.append("contributions to class ").append(classes.get(t)).append(" (logit ").append(num(r.logits()[t]))
                .append(", probability ").append(String.format(Locale.ROOT, "%.4f", r.probabilities()[t]))
                .append("):\n");
        s.append(String.format(Locale.ROOT, row, "feature", raw == null ? "" : "raw value", raw == null ? "value"
                : "standardised", "contribution", "probability"));
        double sum = 0;
        for (double v : c) {
            sum += v;
        }
        for (int i : order.subList(0, shown)) {
            s.append(String.format(Locale.ROOT, row, clip(features.get(i), width), raw == null ? "" : num(raw[i]),
                    num(r.input()[i]), signed(c[i]), signed(pc[i])));
        }
        if (shown < c.length) {
            double rest = 0;
            double restP = 0;
            for (int i : order.subList(shown, c.length)) {
                rest += c[i];
                restP += pc[i];
            }
            s.append(String.format(Locale.ROOT, row, "(" + (c.length - shown) + " others)", "", "", signed(rest),
                    signed(restP)));
        }
        double b = r.bias()[t];
        s.append(String.format(Locale.ROOT, row, "(bias)", "", "", signed(b), signed(r.targetProbabilityBias())));
        s.append(String.format(Locale.ROOT, "  sum + bias = %s = logit %s (reconstruction error %.1e)%n%n",
                num(sum + b), num(r.logits()[t]), r.reconstructionError()));
        return s.toString();
    }

    /** Accumulates the closing line: inputs, regions, predictions per class, largest reconstruction error. */
    static final class Summary {
        private final Network net;
        private final int[] counts;
        private final java.util.Set<String> regions = new java.util.HashSet<>();
        private int inputs;
        private double worst;

        Summary(Network net) {
            this.net = net;
            this.counts = new int[net.outputSize()];
        }

        void add(InputResult r) {
            inputs++;
            counts[r.predicted()]++;
            worst = Math.max(worst, r.reconstructionError());
            regions.add(r.regionId());
        }

        int inputs() {
            return inputs;
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder();
            s.append("explained ").append(inputs).append(inputs == 1 ? " input" : " inputs").append(" in ")
                    .append(regions.size()).append(regions.size() == 1 ? " region" : " regions").append("; predicted");
            String sep = " ";
            for (int k = 0; k < counts.length; k++) {
                if (counts[k] > 0) {
                    s.append(sep).append(net.classes().get(k)).append(' ').append(counts[k]);
                    sep = ", ";
                }
            }
            return s.append(String.format(Locale.ROOT, "; max reconstruction error %.1e", worst)).toString();
        }
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    static String signed(double v) {
        return String.format(Locale.ROOT, "%+.4f", v);
    }

    static String clip(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "~";
    }
}
