package dev.re3.net;

/** Reshapes any input to a vector of the same size, in row-major order. */
public record Flatten() implements Layer {
    @Override
    public String type() {
        return "flatten";
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return new int[] {Checks.size(inputShape)};
    }

    @Override
    public double[] forward(double[] input, int[] inputShape) {
        return input.clone();
    }
}
