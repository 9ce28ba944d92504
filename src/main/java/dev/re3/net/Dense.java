package dev.re3.net;

/**
 * A fully connected layer {@code y = W x + b} with {@code W} of shape {@code [out, in]}.
 *
 * <p>Takes a vector {@code [in]} and gives a vector {@code [out]}.
 */
public final class Dense implements Layer {
    private final double[][] weight;
    private final double[] bias;

    /**
     * @param weight {@code [out][in]}, finite
     * @param bias {@code [out]}, finite
     */
    public Dense(double[][] weight, double[] bias) {
        this.weight = Checks.finiteMatrixCopy("dense weight", weight);
        this.bias = Checks.finiteCopy("dense bias", bias);
        if (this.bias.length != this.weight.length) {
            throw new IllegalArgumentException("dense bias: expected " + this.weight.length
                    + " values (one per output), got " + this.bias.length);
        }
    }

    /** Number of outputs. */
    public int out() {
        return weight.length;
    }

    /** Number of inputs. */
    public int in() {
        return weight[0].length;
    }

    /** One weight, {@code W[o][i]}. */
    public double weight(int o, int i) {
        return weight[o][i];
    }

    /** One bias, {@code b[o]}. */
    public double bias(int o) {
        return bias[o];
    }

    /** A copy of the weight matrix {@code [out][in]}. */
    public double[][] weight() {
        double[][] copy = new double[weight.length][];
        for (int r = 0; r < weight.length; r++) {
            copy[r] = weight[r].clone();
        }
        return copy;
    }

    /** A copy of the weight matrix flattened row-major, {@code [out * in]}. */
    public double[] weightRowMajor() {
        double[] flat = new double[out() * in()];
        for (int r = 0; r < weight.length; r++) {
            System.arraycopy(weight[r], 0, flat, r * in(), in());
        }
        return flat;
    }

    /** A copy of the bias {@code [out]}. */
    public double[] bias() {
        return bias.clone();
    }

    @Override
    public String type() {
        return "dense";
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        Checks.rank("dense", inputShape, 1, "[" + in() + "] (add a flatten layer before it)");
        if (inputShape[0] != in()) {
            throw new IllegalArgumentException("dense expects an input of size " + in() + ", got " + inputShape[0]);
        }
        return new int[] {out()};
    }

    @Override
    public double[] forward(double[] input, int[] inputShape) {
        outputShape(inputShape);
        double[] y = new double[out()];
        int n = input.length;
        int o = 0;
        // four rows at a time: four independent sums, each in the order of the inputs as one row alone would take
        for (; o + 4 <= y.length; o += 4) {
            double[] r0 = weight[o];
            double[] r1 = weight[o + 1];
            double[] r2 = weight[o + 2];
            double[] r3 = weight[o + 3];
            double s0 = bias[o];
            double s1 = bias[o + 1];
            double s2 = bias[o + 2];
            double s3 = bias[o + 3];
            for (int i = 0; i < n; i++) {
                double v = input[i];
                s0 += r0[i] * v;
                s1 += r1[i] * v;
                s2 += r2[i] * v;
                s3 += r3[i] * v;
            }
            y[o] = s0;
            y[o + 1] = s1;
            y[o + 2] = s2;
            y[o + 3] = s3;
        }
        for (; o < y.length; o++) {
            double s = bias[o];
            double[] row = weight[o];
            for (int i = 0; i < n; i++) {
                s += row[i] * input[i];
            }
            y[o] = s;
        }
        return y;
    }

    @Override
    public String toString() {
        return "Dense(" + in() + " -> " + out() + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dense d && java.util.Arrays.deepEquals(d.weight, weight) && java.util.Arrays.equals(d.bias, bias);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.deepHashCode(weight) + java.util.Arrays.hashCode(bias);
    }
}
