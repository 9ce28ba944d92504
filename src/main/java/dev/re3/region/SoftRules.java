package dev.re3.region;

/**
 * The soft backward rules {@link Pullback} offers ({@link Pullback.RectifierRule#sigmoid},
 * {@link Pullback.PoolRule#softmax}): besides the unit-by-unit form of their interfaces, each takes a whole layer
 * at once, with its exponentials in one vector pass ({@link SimdExp}) when the Vector API is present.
 */
final class SoftRules {
    private SoftRules() {}

    /** {@link Pullback.RectifierRule#sigmoid}. */
    record Sigmoid(double temperature) implements Pullback.RectifierRule {
        @Override
        public double slope(double z, double alpha) {
            return alpha + (1 - alpha) / (1 + Math.exp(-z / temperature));
        }

        @Override
        public void slopes(double[] z, int n, double alpha, double[] out) {
            for (int j = 0; j < n; j++) {
                out[j] = -z[j] / temperature;
            }
            exp(out, n);
            for (int j = 0; j < n; j++) {
                out[j] = alpha + (1 - alpha) / (1 + out[j]);
            }
        }
    }

    /** {@code a[j] = exp(a[j])} for {@code j < n}, a vector at a time when the Vector API is present. */
    static void exp(double[] a, int n) {
        if (LayerBack.VECTOR_API) {
            SimdExp.inPlace(a, n);
        } else {
            for (int j = 0; j < n; j++) {
                a[j] = Math.exp(a[j]);
            }
        }
    }

    /** {@link Pullback.PoolRule#softmax}, which the pullback applies a layer at a time where windows are full. */
    record Softmax(double temperature) implements Pullback.PoolRule {
        /** One window's softmax, {@code w = softmax(values / temperature)}. */
        @Override
        public double[] weights(double[] values) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : values) {
                max = Math.max(max, v);
            }
            double[] w = new double[values.length];
            double sum = 0;
            for (int j = 0; j < w.length; j++) {
                w[j] = Math.exp((values[j] - max) / temperature);
                sum += w[j];
            }
            for (int j = 0; j < w.length; j++) {
                w[j] /= sum;
            }
            return w;
        }

        /** Every window's softmax, the exponentials of the whole layer taken at once. */
        @Override
        public void weights(double[] values, int windows, int area, double[] out) {
            for (int o = 0; o < windows; o++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = o * area; j < (o + 1) * area; j++) {
                    max = Math.max(max, values[j]);
                }
                for (int j = o * area; j < (o + 1) * area; j++) {
                    out[j] = (values[j] - max) / temperature;
                }
            }
            exp(out, windows * area);
            for (int o = 0; o < windows; o++) {
                double sum = 0;
                for (int j = o * area; j < (o + 1) * area; j++) {
                    sum += out[j];
                }
                for (int j = o * area; j < (o + 1) * area; j++) {
                    out[j] /= sum;
                }
            }
        }
    }
}
