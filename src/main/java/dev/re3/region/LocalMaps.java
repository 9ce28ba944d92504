package dev.re3.region;

import dev.re3.display.Displayable;
import dev.re3.display.HtmlTables;
import dev.re3.display.HtmlText;
import dev.re3.display.Numbers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The exact local affine maps of a batch of inputs: for input {@code n}, {@code f(x') = W_n x' + b_n}
 * on its region, with the region's pattern and id.
 *
 * <p>Shapes: {@code W} and the contributions {@code W[c][i] x[i]} are {@code [size][classes][inputs]},
 * {@code b} and the logits {@code [size][classes]}. {@code W} is stored flat, or in blocks of consecutive
 * inputs ({@code [blockInputs][classes][inputs]} each) together with the contributions when the maps come
 * from the dense fast path. There the contributions of features that are zero in a whole vector of
 * consecutive features are not written and stay at the {@code 0.0} the block was allocated with; the
 * accessors return {@code W[c][i] x[i]} exactly, sign of zero included. Accessors return copies; the flat
 * views are for bulk numeric work.
 */
public final class LocalMaps implements Displayable {
    private final int size;
    private final int classes;
    private final int inputs;
    private final double[] inputsFlat;
    /** {@code W} in blocks of {@link #blockInputs} inputs (one block when stored flat). */
    private final double[][] weight;
    /**
     * The contributions in the same blocks, or null when they are computed on demand; an entry left at
     * {@code 0.0} is read as {@code W[c][i] x[i]}.
     */
    private final double[][] contributions;
    private final int blockInputs;
    private volatile double[] flatWeight;
    private final double[] bias;
    private final double[] logits;
    private final double[] errors;
    private final List<List<String>> patterns;
    private final List<String> regionIds;
    private final List<List<HiddenLayer>> hidden;

    LocalMaps(int size, int classes, int inputs, double[] inputsFlat, double[] weight, double[] bias, double[] logits,
              double[] errors, List<List<String>> patterns, List<String> regionIds, List<List<HiddenLayer>> hidden) {
        this(size, classes, inputs, inputsFlat, new double[][] {weight}, null, Math.max(1, size), bias, logits, errors,
                patterns, regionIds, hidden);
        this.flatWeight = weight;
    }

    /**
     * Maps whose {@code W} (and contributions, when not null) are held in blocks: input {@code n} at
     * {@code weight[n / blockInputs]}, offset {@code (n % blockInputs) * classes * inputs}.
     */
    LocalMaps(int size, int classes, int inputs, double[] inputsFlat, double[][] weight, double[][] contributions,
              int blockInputs, double[] bias, double[] logits, double[] errors, List<List<String>> patterns,
              List<String> regionIds, List<List<HiddenLayer>> hidden) {
        this.size = size;
        this.classes = classes;
        this.inputs = inputs;
        this.inputsFlat = inputsFlat;
        this.weight = weight;
        this.contributions = contributions;
        this.blockInputs = blockInputs;
        this.bias = bias;
        this.logits = logits;
        this.errors = errors;
        this.patterns = patterns;
        this.regionIds = regionIds;
        this.hidden = hidden;
    }

    /** Number of inputs in the batch. */
    public int size() {
        return size;
    }

    public int classes() {
        return classes;
    }

    /** Number of input features {@code d}. */
    public int inputs() {
        return inputs;
    }

    public double[] input(int n) {
        return Arrays.copyOfRange(inputsFlat, n * inputs, (n + 1) * inputs);
    }

    public double[] logits(int n) {
        return Arrays.copyOfRange(logits, n * classes, (n + 1) * classes);
    }

    /** The class with the largest logit (the first on ties). */
    public int predicted(int n) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (logits[n * classes + c] > logits[n * classes + best]) {
                best = c;
            }
        }
        return best;
    }

    /** Where input {@code n}'s class {@code c} row starts in its block. */
    private int offset(int n, int c) {
        return ((n % blockInputs) * classes + c) * inputs;
    }

    /** {@code W_n}, {@code [classes][inputs]}. */
    public double[][] weight(int n) {
        double[] block = weight[n / blockInputs];
        double[][] w = new double[classes][];
        for (int c = 0; c < classes; c++) {
            int off = offset(n, c);
            w[c] = Arrays.copyOfRange(block, off, off + inputs);
        }
        return w;
    }

    /** One entry {@code W_n[c][i]}. */
    public double weight(int n, int c, int i) {
        return weight[n / blockInputs][offset(n, c) + i];
    }

    /** {@code b_n}, {@code [classes]}. */
    public double[] bias(int n) {
        return Arrays.copyOfRange(bias, n * classes, (n + 1) * classes);
    }

    /**
     * The contributions {@code W_n[c][i] x_n[i]} of every feature to every logit, {@code [classes][inputs]};
     * with the bias they sum to the logits.
     */
    public double[][] contributions(int n) {
        double[][] out = new double[classes][inputs];
        for (int c = 0; c < classes; c++) {
            contributionRow(n, c, out[c], 0);
        }
        return out;
    }

    /** One contribution {@code W_n[c][i] x_n[i]}. */
    public double contribution(int n, int c, int i) {
        int at = offset(n, c) + i;
        double stored = contributions != null ? contributions[n / blockInputs][at] : 0.0;
        return stored != 0.0 ? stored : weight[n / blockInputs][at] * inputsFlat[n * inputs + i];
    }

    /** Copies the contributions of input {@code n} to class {@code c} into {@code out[at ...]}. */
    private void contributionRow(int n, int c, double[] out, int at) {
        int off = offset(n, c);
        double[] w = weight[n / blockInputs];
        int xo = n * inputs;
        if (contributions != null) {
            System.arraycopy(contributions[n / blockInputs], off, out, at, inputs);
            for (int i = 0; i < inputs; i++) {
                if (out[at + i] == 0.0) {
                    out[at + i] = w[off + i] * inputsFlat[xo + i];
                }
            }
            return;
        }
        for (int i = 0; i < inputs; i++) {
            out[at + i] = w[off + i] * inputsFlat[xo + i];
        }
    }

    /** All contributions as one flat array {@code [size][classes][inputs]}, a fresh copy. */
    public double[] contributionsFlat() {
        double[] out = new double[size * classes * inputs];
        for (int n = 0; n < size; n++) {
            for (int c = 0; c < classes; c++) {
                contributionRow(n, c, out, (n * classes + c) * inputs);
            }
        }
        return out;
    }

    /** {@code max_c |W_n x_n + b_n - f(x_n)|}, the self-check of the map of input {@code n}. */
    public double reconstructionError(int n) {
        return errors[n];
    }

    /** The largest reconstruction error in the batch. */
    public double maxReconstructionError() {
        double m = 0;
        for (double e : errors) {
            m = Math.max(m, e);
        }
        return m;
    }

    /** One {@code '0'/'1'} string per ReLU site. */
    public List<String> patterns(int n) {
        return patterns.get(n);
    }

    public String regionId(int n) {
        return regionIds.get(n);
    }

    /** Top-level hidden layers of input {@code n}; empty unless the linearizer was asked to keep them. */
    public List<HiddenLayer> hidden(int n) {
        return hidden.isEmpty() ? List.of() : hidden.get(n);
    }

    /**
     * The flat weights {@code [size][classes][inputs]}, not copied: do not modify. Maps held in blocks are
     * assembled into one array on the first call; {@link #weight(int, int, int)} reads them in place.
     */
    public double[] weightFlat() {
        double[] flat = flatWeight;
        if (flat == null) {
            synchronized (this) {
                flat = flatWeight;
                if (flat == null) {
                    flat = new double[size * classes * inputs];
                    int per = classes * inputs;
                    for (int n = 0; n < size; n++) {
                        System.arraycopy(weight[n / blockInputs], (n % blockInputs) * per, flat, n * per, per);
                    }
                    flatWeight = flat;
                }
            }
        }
        return flat;
    }

    /** The flat inputs {@code [size][inputs]}, not copied: do not modify. */
    public double[] inputsFlat() {
        return inputsFlat;
    }

    /** Number of distinct regions among the inputs. */
    private long distinctRegions() {
        return regionIds.stream().distinct().count();
    }

    /** Size, shapes, distinct regions and the largest reconstruction error. */
    @Override
    public String toText() {
        return String.format(Locale.ROOT, "%d local maps (%d classes x %d inputs) in %d distinct regions, "
                + "max reconstruction error %.2e", size, classes, inputs, distinctRegions(), maxReconstructionError());
    }

    /** {@link #toText()} and a table of the first 20 inputs: region id, predicted class, logit, error. */
    @Override
    public String toHtml() {
        StringBuilder s = new StringBuilder("<div class=\"re3-local-maps\" style=\"font-family:sans-serif;font-size:12px;\">\n");
        s.append("<p style=\"font-size:13px;margin:4px 0;\">").append(HtmlText.escape(toText())).append("</p>\n");
        List<List<String>> rows = new ArrayList<>();
        for (int n = 0; n < Math.min(20, size); n++) {
            int p = predicted(n);
            rows.add(List.of(String.valueOf(n), regionIds.get(n), String.valueOf(p), Numbers.format(logits[n * classes + p]),
                    String.format(Locale.ROOT, "%.2e", errors[n])));
        }
        s.append(HtmlTables.of(size > 20 ? "the first 20 of " + size + " inputs" : "inputs",
                List.of("input", "region", "predicted", "logit", "reconstruction error"), rows));
        return s.append("</div>\n").toString();
    }
}
