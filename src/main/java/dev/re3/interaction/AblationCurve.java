package dev.re3.interaction;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * Accuracy and mean cross-entropy of the network with only the first {@code kept[i]} directions of one node
 * layer kept ({@link LibResult#nodeAblation}). Immutable.
 */
public record AblationCurve(String layer, String basis, int[] kept, double[] accuracy, double[] loss) implements dev.re3.plot.Presentable {
    public AblationCurve {
        kept = kept.clone();
        accuracy = accuracy.clone();
        loss = loss.clone();
    }

    @Override
    public int[] kept() {
        return kept.clone();
    }

    @Override
    public double[] accuracy() {
        return accuracy.clone();
    }

    @Override
    public double[] loss() {
        return loss.clone();
    }

    /** Columns kept, accuracy, loss. */
    public Table toTable() {
        return Table.create("node ablation of " + layer + " (" + basis + ")", IntColumn.create("kept", kept),
                DoubleColumn.create("accuracy", accuracy), DoubleColumn.create("loss", loss));
    }

    /** Accuracy against the directions kept (log axis). */
    public dev.re3.plot.Figure plot() {
        return compare(this);
    }

    /** Several curves (e.g. LIB and PCA at one layer) on one figure, each on its own counts: accuracy, log x. */
    public static dev.re3.plot.Figure compare(AblationCurve... curves) {
        if (curves == null || curves.length == 0) {
            throw new IllegalArgumentException("curves: expected at least one ablation curve, got none");
        }
        StringBuilder data = new StringBuilder();
        java.util.LinkedHashSet<String> layers = new java.util.LinkedHashSet<>();
        for (int c = 0; c < curves.length; c++) {
            AblationCurve a = curves[c];
            layers.add(a.layer);
            StringBuilder x = new StringBuilder();
            StringBuilder y = new StringBuilder();
            for (int i = 0; i < a.kept.length; i++) {
                x.append(i == 0 ? "" : ",").append(a.kept[i]);
                y.append(i == 0 ? "" : ",").append(LibResult.num(a.accuracy[i]));
            }
            data.append(c == 0 ? "" : ",").append("{\"type\":\"scatter\",\"mode\":\"lines+markers\",\"name\":\"")
                    .append(a.basis).append(curves.length > 1 && layers.size() > 1 ? " " + a.layer : "").append("\",\"x\":[")
                    .append(x).append("],\"y\":[").append(y).append("]}");
        }
        return dev.re3.plot.Figure.fromJson("{\"data\":[" + data + "],\"layout\":{\"title\":{\"text\":\"Node ablation of "
                + String.join(", ", layers) + "\"},\"xaxis\":{\"type\":\"log\",\"title\":{\"text\":\"directions kept\"}},"
                + "\"yaxis\":{\"title\":{\"text\":\"accuracy\"}}}}");
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Node ablation of " + layer + " (" + basis + "):");
        for (int i = 0; i < kept.length; i++) {
            s.append(String.format(java.util.Locale.ROOT, "%n  %5d kept: accuracy %.4f, loss %.4f", kept[i], accuracy[i], loss[i]));
        }
        return s.toString();
    }
}
