package dev.re3.net;

/**
 * Dropout, which is the identity at inference; kept so that imported models keep their layer numbering.
 *
 * @param rate the training-time drop probability, in {@code [0, 1)}; recorded only
 */
public record Dropout(double rate) implements Layer {
    public Dropout {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout rate: expected a number in [0, 1), got " + rate);
        }
    }

    @Override
    public String type() {
        return "dropout";
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return inputShape.clone();
    }

    @Override
    public double[] forward(double[] input, int[] inputShape) {
        return input.clone();
    }
}
