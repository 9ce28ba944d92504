package dev.re3.interaction;

import java.util.Arrays;

/**
 * The basis of one node layer: LIB coordinates {@code f_hat = [f, 1] C} ({@code [k]}) of an activation {@code f}
 * ({@code [units]}) with its constant appended, and back {@code [f, 1] ~ f_hat C_pinv}. For the logits without
 * rotation {@code C} is the identity and no constant is appended.
 *
 * @param name the node layer: {@code "input"}, a site name, or {@code "output"}
 * @param units the activation size {@code d}
 * @param constant whether the constant {@code 1} is appended ({@code C} has {@code d + 1} rows)
 * @param mean {@code mu}, the dataset mean of {@code f} ({@code [d]})
 * @param c {@code C}, {@code [d (+1)][k]}; column 0 is the constant direction when centred
 * @param cPinv {@code C_pinv}, {@code [k][d (+1)]}
 * @param lambda the eigenvalue behind each column ({@code Lambda} of {@code M}, or the Gram's {@code D} in the
 *     PCA basis), {@code [k]}
 * @param gramKept how many Gram directions passed the first truncation
 */
public record LayerBasis(String name, int units, boolean constant, double[] mean, double[][] c, double[][] cPinv,
        double[] lambda, int gramKept) {
    public LayerBasis {
        mean = mean.clone();
        c = Linalg.copy(c);
        cPinv = Linalg.copy(cPinv);
        lambda = lambda.clone();
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[][] c() {
        return Linalg.copy(c);
    }

    @Override
    public double[][] cPinv() {
        return Linalg.copy(cPinv);
    }

    @Override
    public double[] lambda() {
        return lambda.clone();
    }

    /** Number of kept directions {@code k}. */
    public int size() {
        return lambda.length;
    }

    /** {@code [f, 1] C}. */
    public double[] toBasis(double[] f) {
        if (f.length != units) {
            throw new IllegalArgumentException(name + ": expected an activation of " + units + " values, got " + f.length);
        }
        return Linalg.rowTimes(augment(f), c);
    }

    /** {@code f_hat C_pinv}, the activation with the constant slot last when {@link #constant()}. */
    public double[] fromBasis(double[] fHat) {
        if (fHat.length != size()) {
            throw new IllegalArgumentException(name + ": expected " + size() + " coordinates, got " + fHat.length);
        }
        return Linalg.rowTimes(fHat, cPinv);
    }

    /** {@code [f, 1] C_keep C_pinv} with all but the first {@code n} columns of {@code C} zeroed, without the constant. */
    public double[] keepTop(double[] f, int n) {
        double[] h = toBasis(f);
        for (int j = n; j < h.length; j++) {
            h[j] = 0;
        }
        return Arrays.copyOf(fromBasis(h), units);
    }

    /** {@code [f, c] C}: the basis coordinates with the constant slot at {@code c} (biases folded in scale with it). */
    double[] toBasis(double[] f, double c) {
        double[] a = augment(f);
        if (constant) {
            a[units] = c;
        }
        return Linalg.rowTimes(a, this.c);
    }

    double[] augment(double[] f) {
        if (!constant) {
            return f;
        }
        double[] a = Arrays.copyOf(f, units + 1);
        a[units] = 1;
        return a;
    }

    @Override
    public String toString() {
        return "LayerBasis " + name + ": " + units + " units -> " + size() + " directions (" + gramKept
                + " after the Gram truncation" + (constant ? ", constant first)" : ")");
    }
}
