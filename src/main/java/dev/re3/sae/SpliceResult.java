package dev.re3.sae;

import dev.re3.plot.Figure;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What splicing an SAE into a network does to its outputs: at one site the activation {@code a} is replaced by
 * the SAE's reconstruction {@code a_hat = decode(encode(a))}, the rest of the network runs unchanged. Over n
 * inputs with labels y, clean logits z, spliced logits z' and zero-ablated logits z0 (the site's output set to 0):
 * <ul>
 *   <li>{@code logitMse = sum (z' - z)^2 / (n classes)}</li>
 *   <li>{@code kl = mean_n sum_c p_c (log p_c - log p'_c)}, p = softmax(z), p' = softmax(z')</li>
 *   <li>{@code lossClean}, {@code lossSpliced}, {@code lossZero}: mean cross-entropy {@code -log softmax(.)_y}</li>
 *   <li>{@code fractionRecovered = (L_zero - L_spliced) / (L_zero - L_clean)} (NaN when L_zero = L_clean)</li>
 *   <li>{@code accuracyClean}, {@code accuracySpliced}: fraction of argmax = y</li>
 *   <li>{@code reconstruction}: the SAE's own {@link SaeMetrics} on the site's activations</li>
 * </ul>
 * Immutable.
 */
public record SpliceResult(String site, int rows, double logitMse, double kl, double lossClean, double lossSpliced,
        double lossZero, double fractionRecovered, double accuracyClean, double accuracySpliced,
        SaeMetrics reconstruction) implements dev.re3.plot.Presentable {

    /** One row per metric: {@code metric}, {@code value}. */
    @Override
    public Table toTable() {
        String[] names = {"rows", "logitMse", "kl", "lossClean", "lossSpliced", "lossZero", "fractionRecovered",
            "accuracyClean", "accuracySpliced", "fvu", "l0"};
        double[] values = {rows, logitMse, kl, lossClean, lossSpliced, lossZero, fractionRecovered, accuracyClean,
            accuracySpliced, reconstruction.fvu(), reconstruction.l0()};
        return Table.create("SAE spliced at " + site, StringColumn.create("metric", names),
                DoubleColumn.create("value", values));
    }

    /** The three cross-entropies as bars: clean, spliced, zero ablation. */
    @Override
    public Figure plot() {
        return Figure.fromJson(String.format(Locale.ROOT, "{\"data\":[{\"type\":\"bar\",\"x\":[\"clean\",\"SAE spliced\","
                + "\"zero ablation\"],\"y\":[%s,%s,%s]}],\"layout\":{\"title\":{\"text\":\"Cross-entropy with the SAE at %s"
                + " (%.1f%% recovered)\"},\"yaxis\":{\"title\":{\"text\":\"mean cross-entropy\"}}}}",
                lossClean, lossSpliced, lossZero, site, 100 * fractionRecovered));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "SAE at %s on %d inputs: %.4f of the loss recovered (CE clean %.4f, spliced %.4f,"
                + " zero %.4f), KL %.4g, logit MSE %.4g, accuracy %.4f -> %.4f, FVU %.4f, L0 %.2f", site, rows,
                fractionRecovered, lossClean, lossSpliced, lossZero, kl, logitMse, accuracyClean, accuracySpliced,
                reconstruction.fvu(), reconstruction.l0());
    }
}
