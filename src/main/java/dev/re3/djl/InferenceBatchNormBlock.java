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
 * Batch normalisation in inference form with a float64 epsilon, over axis 1 (channels):
 * {@code y = gamma (x - mean) / sqrt(var + eps) + beta}, per channel. The running statistics are never
 * updated, also in training: this is the frozen affine map of {@link dev.re3.net.BatchNorm}. (DJL's
 * {@code BatchNorm} keeps a float32 epsilon, which cannot carry every float64 value exactly.)
 *
 * <p>Takes {@code [N, C]} or {@code [N, C, H, W]}; parameters {@code gamma}, {@code beta},
 * {@code runningMean} and {@code runningVar} of shape {@code [C]}.
 */
public final class InferenceBatchNormBlock extends AbstractBlock {
    private static final byte VERSION = 1;
    private final int channels;
    private final double eps;
    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;

    /**
     * @param channels the number of channels {@code C}, at least 1
     * @param eps the epsilon added to the variance, finite and {@code > 0}
     */
    public InferenceBatchNormBlock(int channels, double eps) {
        super(VERSION);
        if (channels < 1) {
            throw new IllegalArgumentException("batchnorm channels: expected at least 1, got " + channels);
        }
        if (!(eps > 0) || !Double.isFinite(eps)) {
            throw new IllegalArgumentException("batchnorm eps: expected a finite number > 0, got " + eps);
        }
        this.channels = channels;
        this.eps = eps;
        this.gamma = param("gamma", Parameter.Type.GAMMA);
        this.beta = param("beta", Parameter.Type.BETA);
        this.runningMean = param("runningMean", Parameter.Type.RUNNING_MEAN);
        this.runningVar = param("runningVar", Parameter.Type.RUNNING_VAR);
    }

    private Parameter param(String name, Parameter.Type type) {
        return addParameter(Parameter.builder().setName(name).setType(type).optShape(new Shape(channels))
                .optRequiresGrad(false).build());
    }

    /** The number of channels. */
    public int getChannels() {
        return channels;
    }

    /** The epsilon added to the variance. */
    public double getEps() {
        return eps;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Device device = x.getDevice();
        long[] b = new long[x.getShape().dimension()];
        java.util.Arrays.fill(b, 1);
        b[1] = channels;
        Shape s = new Shape(b);
        NDArray g = store.getValue(gamma, device, training).reshape(s);
        NDArray t = store.getValue(beta, device, training).reshape(s);
        NDArray m = store.getValue(runningMean, device, training).reshape(s);
        NDArray v = store.getValue(runningVar, device, training).reshape(s);
        return new NDList(x.sub(m).div(v.add(eps).sqrt()).mul(g).add(t));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        if ((in.dimension() != 2 && in.dimension() != 4) || in.get(1) != channels) {
            throw new IllegalArgumentException("batchnorm expects an input of shape [N, " + channels + "] or [N, "
                    + channels + ", H, W], got " + in);
        }
        return inputShapes.clone();
    }

    @Override
    public String toString() {
        return "InferenceBatchNormBlock(" + channels + " channels, eps=" + eps + ")";
    }
}
