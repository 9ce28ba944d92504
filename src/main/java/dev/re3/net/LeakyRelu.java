package dev.re3.net;

/**
 * The leaky rectifier {@code y = z} for {@code z > 0} and {@code y = alpha z} otherwise; keeps the shape.
 *
 * <p>Its pattern follows the same convention as {@link Relu}: {@code '1'} for {@code z > 0}.
 *
 * @param alpha the slope for {@code z <= 0}, finite
 */
public record LeakyRelu(double alpha) implements Layer {
    public LeakyRelu {
        if (!Double.isFinite(alpha)) {
            throw new IllegalArgumentException("leaky_relu alpha: expected a finite slope, got " + alpha);
        }
    }

    @Override
    public String type() {
        return "leaky_relu";
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return inputShape.clone();
    }

    @Override
    public double[] forward(double[] input, int[] inputShape) {
        double[] y = new double[input.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = input[i] > 0 ? input[i] : alpha * input[i];
        }
        return y;
    }

    @Override
    public boolean isRelu() {
        return true;
    }
}
