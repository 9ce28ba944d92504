package dev.re3.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Per-feature standardisation {@code y = (x - mean) / scale} over the flat features of each input: the
 * {@link dev.re3.net.Standardize} layer as a DJL block, frozen (its parameters are never trained).
 *
 * <p>Takes {@code [N, *shape]} with {@code size} elements per input; parameters {@code mean} and {@code scale}
 * of shape {@code [size]}.
 */
public final class StandardizeBlock extends AbstractBlock {
    private static final byte VERSION = 1;
    private final int size;
    private final Parameter mean;
    private final Parameter scale;

    /** @param size the number of features, at least 1 */
    public StandardizeBlock(int size) {
        super(VERSION);
        if (size < 1) {
            throw new IllegalArgumentException("standardize size: expected at least 1 feature, got " + size);
        }
        this.size = size;
        this.mean = addParameter(Parameter.builder().setName("mean").setType(Parameter.Type.RUNNING_MEAN)
                .optShape(new Shape(size)).optRequiresGrad(false).build());
        this.scale = addParameter(Parameter.builder().setName("scale").setType(Parameter.Type.RUNNING_VAR)
                .optShape(new Shape(size)).optRequiresGrad(false).build());
    }

    /** The number of features. */
    public int getSize() {
        return size;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Device device = x.getDevice();
        Shape shape = x.getShape();
        NDArray flat = x.reshape(shape.get(0), size);
        NDArray m = store.getValue(mean, device, training).reshape(1, size);
        NDArray s = store.getValue(scale, device, training).reshape(1, size);
        return new NDList(flat.sub(m).div(s).reshape(shape));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        if (in.dimension() < 2 || in.size() / in.get(0) != size) {
            throw new IllegalArgumentException("standardize expects an input of shape [N, ...] with " + size
                    + " elements per input, got " + in);
        }
        return inputShapes.clone();
    }

    @Override
    public String toString() {
        return "StandardizeBlock(" + size + " features)";
    }
}
