package dev.re3.sae;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/**
 * What training recorded every few steps, on the training batch in the scaled space: the loss, the
 * reconstruction term (mean squared-error sum per row), the batch FVU (that term over the training rows'
 * total variance), L0, and the fraction of latents dead (no firing for the dead-step window). Immutable.
 */
public final class TrainingHistory {
    /** One record. */
    public record Entry(long step, int epoch, double learningRate, double loss, double reconstruction, double fvu,
            double l0, double deadFraction) {}

    private final List<Entry> entries;
    private final double seconds;

    private TrainingHistory(List<Entry> entries, double seconds) {
        this.entries = List.copyOf(entries);
        this.seconds = seconds;
    }

    /**
     * Wall-clock seconds of the optimisation steps alone (from the first step to the end of the last; not the
     * set-up, the engine's start or the evaluation), the time a samples-per-second figure divides by.
     */
    public double seconds() {
        return seconds;
    }

    /** The records, in step order. */
    public List<Entry> entries() {
        return entries;
    }

    /** The last record. */
    public Entry last() {
        return entries.get(entries.size() - 1);
    }

    /** Columns step, epoch, learningRate, loss, reconstruction, fvu, l0, deadFraction. */
    public Table toTable() {
        LongColumn step = LongColumn.create("step");
        IntColumn epoch = IntColumn.create("epoch");
        DoubleColumn lr = DoubleColumn.create("learningRate");
        DoubleColumn loss = DoubleColumn.create("loss");
        DoubleColumn rec = DoubleColumn.create("reconstruction");
        DoubleColumn fvu = DoubleColumn.create("fvu");
        DoubleColumn l0 = DoubleColumn.create("l0");
        DoubleColumn dead = DoubleColumn.create("deadFraction");
        for (Entry e : entries) {
            step.append(e.step());
            epoch.append(e.epoch());
            lr.append(e.learningRate());
            loss.append(e.loss());
            rec.append(e.reconstruction());
            fvu.append(e.fvu());
            l0.append(e.l0());
            dead.append(e.deadFraction());
        }
        return Table.create("SAE training history", step, epoch, lr, loss, rec, fvu, l0, dead);
    }

    /** Loss and batch FVU against the step (left axis, log scale), L0 on the right axis. */
    public dev.re3.plot.Figure plot() {
        StringBuilder x = new StringBuilder();
        StringBuilder loss = new StringBuilder();
        StringBuilder fvu = new StringBuilder();
        StringBuilder l0 = new StringBuilder();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            String sep = i == 0 ? "" : ",";
            x.append(sep).append(e.step());
            loss.append(sep).append(num(e.loss()));
            fvu.append(sep).append(num(e.fvu()));
            l0.append(sep).append(num(e.l0()));
        }
        return dev.re3.plot.Figure.fromJson("{\"data\":["
                + "{\"type\":\"scatter\",\"mode\":\"lines\",\"name\":\"loss\",\"x\":[" + x + "],\"y\":[" + loss + "]},"
                + "{\"type\":\"scatter\",\"mode\":\"lines\",\"name\":\"FVU\",\"x\":[" + x + "],\"y\":[" + fvu + "]},"
                + "{\"type\":\"scatter\",\"mode\":\"lines\",\"name\":\"L0\",\"yaxis\":\"y2\",\"x\":[" + x + "],\"y\":[" + l0 + "]}],"
                + "\"layout\":{\"title\":{\"text\":\"SAE training\"},\"xaxis\":{\"title\":{\"text\":\"step\"}},"
                + "\"yaxis\":{\"type\":\"log\",\"title\":{\"text\":\"loss, FVU\"}},"
                + "\"yaxis2\":{\"overlaying\":\"y\",\"side\":\"right\",\"title\":{\"text\":\"L0\"}}}}");
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "null";
    }

    static final class Builder {
        private final List<Entry> entries = new ArrayList<>();
        private double seconds;

        void seconds(double s) {
            this.seconds = s;
        }

        void add(long step, int epoch, double lr, double loss, double rec, double fvu, double l0, double dead) {
            entries.add(new Entry(step, epoch, lr, loss, rec, fvu, l0, dead));
        }

        TrainingHistory build() {
            return new TrainingHistory(entries, seconds);
        }
    }
}
