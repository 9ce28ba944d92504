package dev.re3.djl;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Dropout that records its rate in float64: the identity at inference ({@code training = false}); in
 * training it drops with DJL's {@link Dropout#dropout(ai.djl.ndarray.NDArray, float, boolean)}.
 */
public final class DropoutBlock extends AbstractBlock {
    private static final byte VERSION = 1;
    private final double rate;

    /** @param rate the drop probability in training, in {@code [0, 1)} */
    public DropoutBlock(double rate) {
        super(VERSION);
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout rate: expected a number in [0, 1), got " + rate);
        }
        this.rate = rate;
    }

    /** The drop probability in training. */
    public double getRate() {
        return rate;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return training ? Dropout.dropout(inputs.singletonOrThrow(), (float) rate, true) : inputs;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes.clone();
    }

    @Override
    public String toString() {
        return "DropoutBlock(rate=" + rate + ")";
    }
}
