package dev.re3.codec;

import java.util.Arrays;
import java.util.Locale;

/**
 * What the contributions explain: a scalar {@code T(z) = r . z} of the logits {@code z}, with the row {@code r}
 * chosen per input from its logits at {@code x} and then held fixed (along an integration path too). It is the
 * cotangent row handed to {@link dev.re3.region.Pullback#pull} at {@link dev.re3.region.Pullback#OUTPUT}.
 *
 * <ul>
 *   <li>{@link #predicted()}: the logit of the predicted class (the default);</li>
 *   <li>{@link #logit(int)}: the logit of one class;</li>
 *   <li>{@link #topK(int)}: the sum of the {@code k} largest logits;</li>
 *   <li>{@link #topTwoDifference()}: the top-1 logit minus the top-2 logit;</li>
 *   <li>{@link #difference(int, int)}: {@code z_a - z_b}.</li>
 * </ul>
 * These are CODEC's {@code compute_target} options that are linear in the logits. Immutable.
 */
public final class Target {
    private enum Kind { PREDICTED, CLASS, TOP_K, TOP_TWO, DIFFERENCE }

    private final Kind kind;
    private final int a;
    private final int b;

    private Target(Kind kind, int a, int b) {
        this.kind = kind;
        this.a = a;
        this.b = b;
    }

    /** The logit of the class the network predicts for the input. */
    public static Target predicted() {
        return new Target(Kind.PREDICTED, -1, -1);
    }

    /** The logit of class {@code c}. */
    public static Target logit(int c) {
        if (c < 0) {
            throw new IllegalArgumentException("target class: expected an index of 0 or more, got " + c);
        }
        return new Target(Kind.CLASS, c, -1);
    }

    /** The sum of the {@code k} largest logits. */
    public static Target topK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("top-k target: expected k of 1 or more, got " + k);
        }
        return new Target(Kind.TOP_K, k, -1);
    }

    /** The largest logit minus the second largest. */
    public static Target topTwoDifference() {
        return new Target(Kind.TOP_TWO, -1, -1);
    }

    /** The logit of class {@code a} minus that of class {@code b}. */
    public static Target difference(int a, int b) {
        if (a < 0 || b < 0 || a == b) {
            throw new IllegalArgumentException("logit difference: expected two different class indices of 0 or more, got "
                    + a + " and " + b);
        }
        return new Target(Kind.DIFFERENCE, a, b);
    }

    /**
     * Checks that the target fits a network with {@code classes} outputs.
     *
     * @throws IllegalArgumentException if a class index is out of range or k exceeds the classes
     */
    Target check(int classes) {
        switch (kind) {
            case CLASS, DIFFERENCE -> {
                int worst = Math.max(a, b);
                if (worst >= classes) {
                    throw new IllegalArgumentException("target class: expected an index in 0.." + (classes - 1)
                            + " (the network has " + classes + " classes), got " + worst);
                }
            }
            case TOP_K -> {
                if (a > classes) {
                    throw new IllegalArgumentException("top-k target: expected k in 1.." + classes + ", got " + a);
                }
            }
            case TOP_TWO -> {
                if (classes < 2) {
                    throw new IllegalArgumentException("top-1 minus top-2: expected a network with 2 or more classes, got "
                            + classes);
                }
            }
            default -> { }
        }
        return this;
    }

    /** The row {@code r} with {@code T = r . z}, chosen from the logits {@code z} at the input. */
    double[] row(double[] z) {
        double[] r = new double[z.length];
        switch (kind) {
            case PREDICTED -> r[argmax(z)] = 1;
            case CLASS -> r[a] = 1;
            case TOP_K -> {
                for (int c : order(z, a)) {
                    r[c] = 1;
                }
            }
            case TOP_TWO -> {
                int[] top = order(z, 2);
                r[top[0]] = 1;
                r[top[1]] = -1;
            }
            case DIFFERENCE -> {
                r[a] = 1;
                r[b] = -1;
            }
            default -> throw new AssertionError(kind);
        }
        return r;
    }

    /** The class whose logit the target raises first (the top class of the row), for labelling. */
    static int lead(double[] row) {
        return argmax(row);
    }

    static int argmax(double[] z) {
        int best = 0;
        for (int c = 1; c < z.length; c++) {
            if (z[c] > z[best]) {
                best = c;
            }
        }
        return best;
    }

    /** The indices of the {@code k} largest values, largest first (ties by lower index). */
    private static int[] order(double[] z, int k) {
        Integer[] idx = new Integer[z.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (i, j) -> z[i] != z[j] ? Double.compare(z[j], z[i]) : Integer.compare(i, j));
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = idx[i];
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Target t && t.kind == kind && t.a == a && t.b == b;
    }

    @Override
    public int hashCode() {
        return (kind.hashCode() * 31 + a) * 31 + b;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case PREDICTED -> "predicted logit";
            case CLASS -> String.format(Locale.ROOT, "logit %d", a);
            case TOP_K -> "sum of top-" + a + " logits";
            case TOP_TWO -> "top-1 minus top-2 logit";
            case DIFFERENCE -> "logit " + a + " minus logit " + b;
        };
    }
}
