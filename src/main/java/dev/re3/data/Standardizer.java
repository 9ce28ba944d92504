package dev.re3.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * Per-feature standardization {@code z[j] = (x[j] - mean[j]) / std[j]}, fitted on a training set and
 * applied unchanged to any other data.
 *
 * <p>The standard deviation is the population one (divided by {@code n}). A constant feature gets
 * {@code std = 1}, so it maps to 0. Meant for tabular data: the image data sets of {@link Datasets}
 * are already scaled to {@code [0, 1]} when loaded, which is the usual input range for image networks.
 * Immutable.
 */
public final class Standardizer {
    private final double[] means;
    private final double[] stds;

    private Standardizer(double[] means, double[] stds) {
        this.means = means;
        this.stds = stds;
    }

    /**
     * Fits the means and standard deviations of every feature of a data set.
     *
     * @param train the data to fit on, with at least one row
     * @return the standardizer, with vectors of shape {@code [train.numFeatures()]}
     * @throws IllegalArgumentException if the data set is empty
     */
    public static Standardizer fit(Dataset train) {
        Objects.requireNonNull(train, "train");
        int n = train.size();
        int d = train.numFeatures();
        if (n == 0) {
            throw new IllegalArgumentException("standardizer of " + train.name()
                    + ": expected at least 1 row to fit on, got 0");
        }
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += train.value(i, j);
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        double[] std = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double dev = train.value(i, j) - mean[j];
                std[j] += dev * dev;
            }
        }
        for (int j = 0; j < d; j++) {
            std[j] = Math.sqrt(std[j] / n);
            if (!(std[j] > 0)) {
                std[j] = 1;
            }
        }
        return new Standardizer(mean, std);
    }

    /**
     * A standardizer with given parameters, e.g. ones saved with a model.
     *
     * @param means finite means {@code [d]}
     * @param stds finite, strictly positive standard deviations {@code [d]}
     * @return the standardizer
     * @throws IllegalArgumentException if the lengths differ or a value is not as described
     */
    public static Standardizer of(double[] means, double[] stds) {
        if (means == null || stds == null || means.length != stds.length || means.length == 0) {
            throw new IllegalArgumentException("standardizer: expected means and stds of the same length >= 1, got "
                    + (means == null ? "null" : means.length) + " and " + (stds == null ? "null" : stds.length));
        }
        for (int j = 0; j < means.length; j++) {
            if (!Double.isFinite(means[j]) || !(stds[j] > 0) || !Double.isFinite(stds[j])) {
                throw new IllegalArgumentException("standardizer feature " + j
                        + ": expected a finite mean and a finite std > 0, got mean " + means[j] + " and std " + stds[j]);
            }
        }
        return new Standardizer(means.clone(), stds.clone());
    }

    /** The provenance key under which models record their standardizer: {@code {"means": [d], "stds": [d]}}. */
    public static final String PROVENANCE_KEY = "standardizer";

    /**
     * The standardizer recorded in a model's provenance ({@code dev.re3.io.ModelJson#readProvenance}) under
     * {@link #PROVENANCE_KEY}, as {@code re3 train} writes it; empty when there is none.
     *
     * @throws IllegalArgumentException if the entry is not {@code {"means": [numbers], "stds": [numbers]}}
     */
    public static java.util.Optional<Standardizer> fromProvenance(java.util.Map<String, ?> provenance) {
        Object s = provenance == null ? null : provenance.get(PROVENANCE_KEY);
        if (s == null) {
            return java.util.Optional.empty();
        }
        if (!(s instanceof java.util.Map<?, ?> m) || !(m.get("means") instanceof java.util.List<?> means)
                || !(m.get("stds") instanceof java.util.List<?> stds)) {
            throw new IllegalArgumentException("provenance." + PROVENANCE_KEY
                    + ": expected an object {\"means\": [numbers], \"stds\": [numbers]}, got " + s);
        }
        return java.util.Optional.of(of(numbers(means), numbers(stds)));
    }

    private static double[] numbers(java.util.List<?> list) {
        double[] out = new double[list.size()];
        for (int k = 0; k < out.length; k++) {
            if (!(list.get(k) instanceof Number n)) {
                throw new IllegalArgumentException("provenance." + PROVENANCE_KEY + ": expected numbers, got "
                        + list.get(k) + " at index " + k);
            }
            out[k] = n.doubleValue();
        }
        return out;
    }

    /** The number of features {@code d}. */
    public int numFeatures() {
        return means.length;
    }

    /** A copy of the means {@code [d]}. */
    public double[] means() {
        return means.clone();
    }

    /** A copy of the standard deviations {@code [d]}, all strictly positive. */
    public double[] stds() {
        return stds.clone();
    }

    /**
     * Standardizes every row of a data set.
     *
     * @param data a data set with {@link #numFeatures()} features
     * @return a new data set with the same name, features, classes and labels
     * @throws IllegalArgumentException if the feature count differs
     */
    public Dataset apply(Dataset data) {
        Objects.requireNonNull(data, "data");
        checkLength("data set " + data.name(), data.numFeatures());
        return data.mapRows(this::transform);
    }

    /**
     * Standardizes one input.
     *
     * @param x the features {@code [d]}
     * @return {@code z[j] = (x[j] - mean[j]) / std[j]}, a new array {@code [d]}
     * @throws IllegalArgumentException if the length differs
     */
    public double[] apply(double[] x) {
        Objects.requireNonNull(x, "x");
        checkLength("input", x.length);
        return transform(x);
    }

    /**
     * Standardizes several inputs.
     *
     * @param x the inputs {@code [n][d]}
     * @return new standardized rows {@code [n][d]}
     * @throws IllegalArgumentException if a row length differs
     */
    public double[][] apply(double[][] x) {
        Objects.requireNonNull(x, "x");
        double[][] z = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            z[i] = apply(x[i]);
        }
        return z;
    }

    /**
     * Undoes the standardization: {@code x[j] = z[j] * std[j] + mean[j]}.
     *
     * @param z standardized features {@code [d]}
     * @return the original-scale features, a new array {@code [d]}
     * @throws IllegalArgumentException if the length differs
     */
    public double[] invert(double[] z) {
        Objects.requireNonNull(z, "z");
        checkLength("input", z.length);
        double[] x = new double[z.length];
        for (int j = 0; j < z.length; j++) {
            x[j] = z[j] * stds[j] + means[j];
        }
        return x;
    }

    private double[] transform(double[] x) {
        double[] z = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            z[j] = (x[j] - means[j]) / stds[j];
        }
        return z;
    }

    private void checkLength(String what, int given) {
        if (given != means.length) {
            throw new IllegalArgumentException("standardizer: expected " + what + " with " + means.length
                    + " features, got " + given);
        }
    }

    /** A summary with the means and standard deviations. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Standardizer of " + means.length + " features: (x - mean) / std, mean [");
        for (int j = 0; j < means.length; j++) {
            b.append(j == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT, "%.4g", means[j]));
        }
        b.append("], std [");
        for (int j = 0; j < stds.length; j++) {
            b.append(j == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT, "%.4g", stds[j]));
        }
        return b.append("]").toString();
    }
}
