package dev.re3.net;

/**
 * One layer of a piecewise-linear network. Implementations are immutable values.
 *
 * <p>Tensors are flat {@code double[]} arrays in row-major order of their shape: {@code [d]} for
 * vectors, {@code [channels, height, width]} for images.
 */
public sealed interface Layer
        permits Standardize, Dense, Conv2d, BatchNorm, Relu, LeakyRelu, MaxPool2d, AvgPool2d, Flatten, Dropout, Residual {

    /** The layer's type name as used in the JSON model format and in site names, e.g. {@code "dense"}. */
    String type();

    /**
     * The shape of this layer's output for an input of the given shape.
     *
     * @throws IllegalArgumentException if the layer cannot take an input of that shape
     */
    int[] outputShape(int[] inputShape);

    /**
     * Applies the layer to one input in float64: the plain reference computation.
     *
     * @param input flat input of shape {@code inputShape}
     * @param inputShape the input's shape
     * @return flat output of shape {@link #outputShape(int[])}
     */
    double[] forward(double[] input, int[] inputShape);

    /** Whether this layer is a ReLU or leaky ReLU, whose on/off pattern defines the regions. */
    default boolean isRelu() {
        return false;
    }
}
