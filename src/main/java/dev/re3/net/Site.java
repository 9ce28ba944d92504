package dev.re3.net;

import java.util.Arrays;

/**
 * A named place in a network: one layer with the shapes it takes and gives.
 *
 * <p>Names are stable paths: {@code "<index>.<type>"} for a top-level layer ({@code "1.relu"}) and
 * {@code "<index>.residual.<branch>.<index>.<type>"} inside residual branches. A unit of a site is a
 * flat row-major index into its output.
 *
 * @param name the site name
 * @param layer the layer
 * @param inputShape the shape the layer takes
 * @param outputShape the shape the layer gives
 */
public record Site(String name, Layer layer, int[] inputShape, int[] outputShape) {
    public Site {
        inputShape = inputShape.clone();
        outputShape = outputShape.clone();
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public int[] outputShape() {
        return outputShape.clone();
    }

    /** Number of units in the output. */
    public int units() {
        return Checks.size(outputShape);
    }

    /** The name of one unit, e.g. {@code "1.relu/17"}. */
    public String unitName(int unit) {
        return name + "/" + unit;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Site s && s.name.equals(name) && s.layer.equals(layer)
                && Arrays.equals(s.inputShape, inputShape) && Arrays.equals(s.outputShape, outputShape);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name + " " + Arrays.toString(inputShape) + " -> " + Arrays.toString(outputShape);
    }
}
