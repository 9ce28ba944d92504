package dev.re3.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How the per-unit contributions {@code c} of a site are given. For a site of shape {@code [C, H, W]}:
 * <ul>
 *   <li>{@link #NONE}: per channel and position, {@code C*H*W} values, row-major;</li>
 *   <li>{@link #SPATIAL_SUM}: {@code s_k = sum_p c[k, p]}, {@code C} values;</li>
 *   <li>{@link #SIGN_SPLIT}: CODEC's {@code ei_split}, {@code neg_k = sum_p min(c[k, p], 0)} then
 *       {@code pos_k = sum_p max(c[k, p], 0)}, {@code 2C} values (negative parts first).</li>
 * </ul>
 * A vector site ({@code [n]}) counts as {@code n} channels of one position: {@link #SIGN_SPLIT} gives
 * {@code 2n} values, {@link #SPATIAL_SUM} is an error. Every reduction keeps the total: the reduced values sum
 * to {@code sum_u c_u}.
 */
public enum Reduction {
    NONE, SPATIAL_SUM, SIGN_SPLIT;

    /** The option's name on the command line: {@code none}, {@code spatial-sum}, {@code sign-split}. */
    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The reduction named {@code none}, {@code spatial-sum} or {@code sign-split}. */
    public static Reduction parse(String name) {
        for (Reduction r : values()) {
            if (r.cliName().equals(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("reduction: expected none, spatial-sum or sign-split, got '" + name + "'");
    }

    /**
     * Checks that the reduction fits a site of output shape {@code shape}.
     *
     * @throws IllegalArgumentException for {@link #SPATIAL_SUM} on a vector site
     */
    Reduction check(String site, int[] shape) {
        if (this == SPATIAL_SUM && shape.length != 3) {
            throw new IllegalArgumentException("reduction spatial-sum: expected an image site [channels, h, w], got site "
                    + site + " of shape " + Arrays.toString(shape) + " (use none or sign-split on a vector site)");
        }
        return this;
    }

    /** The number of values per input at a site of shape {@code shape}. */
    int width(int[] shape) {
        int units = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        int channels = shape.length == 3 ? shape[0] : units;
        return switch (this) {
            case NONE -> units;
            case SPATIAL_SUM -> channels;
            case SIGN_SPLIT -> 2 * channels;
        };
    }

    /**
     * The reduced values of one input's per-unit contributions {@code c} ({@code [units]}); {@code c} itself for
     * {@link #NONE}, so the caller copies what it keeps.
     */
    double[] apply(double[] c, int[] shape) {
        if (this == NONE) {
            return c;
        }
        int channels = shape.length == 3 ? shape[0] : c.length;
        int plane = c.length / channels;
        double[] out = new double[this == SIGN_SPLIT ? 2 * channels : channels];
        for (int k = 0; k < channels; k++) {
            for (int p = k * plane; p < (k + 1) * plane; p++) {
                if (this == SPATIAL_SUM) {
                    out[k] += c[p];
                } else if (c[p] < 0) {
                    out[k] += c[p];
                } else {
                    out[channels + k] += c[p];
                }
            }
        }
        return out;
    }

    /**
     * The activations reduced for comparison: spatial sums at an image site unless {@link #NONE}; {@code a} itself
     * when kept per unit, so the caller copies what it keeps.
     */
    double[] activations(double[] a, int[] shape) {
        return this == NONE || shape.length != 3 ? a : SPATIAL_SUM.apply(a, shape);
    }

    /** One label per reduced value, e.g. {@code 3.relu/17}, {@code 3.relu/channel 2}, {@code 3.relu/neg 2}. */
    List<String> labels(String site, int[] shape) {
        List<String> out = new ArrayList<>();
        int units = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        int channels = shape.length == 3 ? shape[0] : units;
        switch (this) {
            case NONE -> {
                for (int u = 0; u < units; u++) {
                    out.add(site + "/" + u);
                }
            }
            case SPATIAL_SUM -> {
                for (int k = 0; k < channels; k++) {
                    out.add(site + "/channel " + k);
                }
            }
            case SIGN_SPLIT -> {
                for (int k = 0; k < channels; k++) {
                    out.add(site + "/neg " + k);
                }
                for (int k = 0; k < channels; k++) {
                    out.add(site + "/pos " + k);
                }
            }
            default -> throw new AssertionError(this);
        }
        return out;
    }

    /**
     * The channels (or units, at a vector site) that reduced value {@code i} belongs to: for {@link #NONE}
     * at an image site this is a unit; for {@link #SIGN_SPLIT} value {@code i} and {@code i + C} share one.
     */
    int owner(int i, int[] shape) {
        int units = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        int channels = shape.length == 3 ? shape[0] : units;
        return this == SIGN_SPLIT ? i % channels : i;
    }

    /** Whether interventions on the owners of reduced values address whole channels. */
    boolean ownsChannels(int[] shape) {
        return shape.length == 3 && this != NONE;
    }
}
