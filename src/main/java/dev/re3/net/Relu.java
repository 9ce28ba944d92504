package dev.re3.net;

/**
 * The rectifier {@code y = max(0, z)}, applied elementwise; keeps the shape.
 *
 * <p>Convention on the boundary: a unit is on (pattern {@code '1'}) when {@code z > 0} and off
 * ({@code '0'}) otherwise, so {@code z = 0} counts as off, as in PyTorch's gradient of ReLU.
 */
public record Relu() implements Layer {
    @Override
    public String type() {
        return "relu";
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return inputShape.clone();
    }

    @Override
    public double[] forward(double[] input, int[] inputShape) {
        double[] y = new double[input.length];
        for (int i = 0; i < y.length; i++) {
            // branch-free (vectorised), and NaN stays NaN so a non-finite value is seen downstream
            y[i] = Math.max(input[i], 0.0);
        }
        return y;
    }

    @Override
    public boolean isRelu() {
        return true;
    }
}
