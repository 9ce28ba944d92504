package dev.re3.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The leaky rectifier {@code y = x} for {@code x > 0} and {@code y = alpha x} otherwise, elementwise,
 * with a float64 slope that it records (DJL's {@code Activation.leakyReluBlock(float)} keeps a float32
 * slope inside a lambda). Its gradient at {@code x = 0} is {@code alpha}, the "off" side, as in
 * {@link dev.re3.net.LeakyRelu}.
 */
public final class LeakyReluBlock extends AbstractBlock {
    private static final byte VERSION = 1;
    private final double alpha;

    /** @param alpha the slope for {@code x <= 0}, finite */
    public LeakyReluBlock(double alpha) {
        super(VERSION);
        if (!Double.isFinite(alpha)) {
            throw new IllegalArgumentException("leaky relu alpha: expected a finite slope, got " + alpha);
        }
        this.alpha = alpha;
    }

    /** The slope for {@code x <= 0}. */
    public double getAlpha() {
        return alpha;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(NDArrays.where(x.gt(0), x, x.mul(alpha)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes.clone();
    }

    @Override
    public String toString() {
        return "LeakyReluBlock(alpha=" + alpha + ")";
    }
}
