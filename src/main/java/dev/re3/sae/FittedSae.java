package dev.re3.sae;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import tech.tablesaw.api.Table;

/**
 * A trained SAE with its held-out metrics, its training history and the settings it was trained with
 * (seed included). Immutable and thread-safe.
 */
public final class FittedSae {
    private final SparseAutoencoder sae;
    private final SaeMetrics metrics;
    private final TrainingHistory history;
    private final Map<String, Object> settings;
    private final int trainingRows;
    private final int evaluationRows;
    private final boolean evaluatedOnTraining;

    FittedSae(SparseAutoencoder sae, SaeMetrics metrics, TrainingHistory history, Map<String, Object> settings,
            int trainingRows, int evaluationRows, boolean evaluatedOnTraining) {
        this.sae = sae;
        this.metrics = metrics;
        this.history = history;
        this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        this.trainingRows = trainingRows;
        this.evaluationRows = evaluationRows;
        this.evaluatedOnTraining = evaluatedOnTraining;
    }

    /** The trained SAE. */
    public SparseAutoencoder sae() {
        return sae;
    }

    /** Metrics on the held-out rows (on the training rows when nothing was held out). */
    public SaeMetrics metrics() {
        return metrics;
    }

    /** The training history. */
    public TrainingHistory history() {
        return history;
    }

    /** The settings, read-only. */
    public Map<String, Object> settings() {
        return settings;
    }

    /** Rows trained on. */
    public int trainingRows() {
        return trainingRows;
    }

    /** Rows the metrics were measured on, and whether those were the training rows. */
    public int evaluationRows() {
        return evaluationRows;
    }

    public boolean evaluatedOnTraining() {
        return evaluatedOnTraining;
    }

    /** The held-out metrics as a table. */
    public Table toTable() {
        return metrics.toTable();
    }

    /** The training history figure. */
    public dev.re3.plot.Figure plot() {
        return history.plot();
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%s SAE, %d latents: FVU %.4f, L0 %.2f, dead %.3f on %d %s rows",
                sae.kind().key(), sae.latents(), metrics.fvu(), metrics.l0(), metrics.deadFraction(), evaluationRows,
                evaluatedOnTraining ? "training" : "held-out");
    }
}
