package dev.re3.djl;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.re3.net.Layer;
import dev.re3.net.Network;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads a trained DJL block into a {@link Network}, parameters as float64 (float32 values widen
 * exactly).
 *
 * <p>Read directly: nested {@code SequentialBlock}s; {@code Linear} (weight {@code [out, in]}, bias or
 * zeros); {@code Conv2d} (weight {@code [out, in, kh, kw]}, bias, stride, padding; dilation and groups
 * must be 1); {@code BatchNorm} in inference form {@code gamma (x - mean) / sqrt(var + eps) + beta} over
 * axis 1, reading the gamma and beta arrays that DJL's forward applies (with {@code optScale(false)} or
 * {@code optCenter(false)} DJL keeps them at their initial 1 and 0); {@code Dropout} (the identity);
 * and this package's blocks, whose settings are recorded.
 *
 * <p>Found by probing, because DJL keeps only a function and a name. Probes run a block in inference mode
 * on chosen inputs of the real shape, from a fixed seed, in an NDManager closed before return:
 * <ul>
 *   <li>{@code LambdaBlock}s: names of functions that are not piecewise linear (sigmoid, Tanh, GELU, ...)
 *       are rejected; otherwise the output on values spanning {@code +-1e-3 .. +-1e3} is matched exactly
 *       against identity, ReLU, leaky ReLU (slope = minus the output at {@code -1}), flatten and softmax.
 *       A named block ("ReLU", "LeakyReLU", "batchFlatten", "identity", "softmax") must behave as named;
 *       an unnamed one may be any of these.</li>
 *   <li>Pools ("maxPool2d", "avgPool2d", "globalMaxPool2d", "globalAvgPool2d", or an unnamed lambda that
 *       keeps the channels and shrinks the plane): ones on one input row at a time show which rows each
 *       output window covers, likewise columns; the kernel, stride and padding that give those windows are
 *       checked against the block's output on a random input. Ceil rounding is rejected.</li>
 *   <li>{@code ParallelBlock} joins: the block's output is compared with the sum of its branches' outputs
 *       (and with the ReLU of that sum, which becomes a residual followed by a ReLU).</li>
 * </ul>
 * A softmax is allowed only as the last block and becomes {@link Network#softmax()}.
 *
 * <pre>{@code
 * Network net = DjlImport.fromBlock(model.getBlock(), 1, 28, 28);
 * }</pre>
 */
public final class DjlImport {
    private DjlImport() {}

    /**
     * Reads a block whose parameters are initialised or loaded.
     *
     * @param block the block, e.g. a {@code SequentialBlock}
     * @param inputShape the input shape without the batch axis: {@code [d]} or {@code [c, h, w]}; may be
     *     left out for a {@link NetworkBlock}, which records it
     * @return the network, with {@code softmax = true} if the block ends in a softmax
     * @throws UnsupportedLayerException for a block that is not piecewise linear or not recognised
     * @throws IllegalArgumentException for uninitialised parameters or shapes that do not fit
     */
    public static Network fromBlock(Block block, int... inputShape) {
        if (block == null) {
            throw new IllegalArgumentException("block: expected a DJL block, got null");
        }
        int[] shape = inputShape;
        if (block instanceof NetworkBlock nb) {
            if (shape == null || shape.length == 0) {
                shape = nb.getInputShape();
            } else if (!Arrays.equals(shape, nb.getInputShape())) {
                throw new IllegalArgumentException("inputShape: the block was exported for input shape "
                        + Arrays.toString(nb.getInputShape()) + ", got " + Arrays.toString(shape));
            }
        }
        if (shape == null || (shape.length != 1 && shape.length != 3) || Arrays.stream(shape).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("inputShape: expected positive sizes [d] or [channels, height, width] "
                    + "without the batch axis, got " + Arrays.toString(shape));
        }
        requireInitialised(block, shape);
        List<Layer> layers = new ArrayList<>();
        boolean softmax;
        try (Probe probe = new Probe()) {
            BlockWalker walker = new BlockWalker(probe);
            walker.walk(block, "", shape, layers, true);
            softmax = walker.softmax();
        }
        if (block instanceof NetworkBlock nb) {
            return new Network(shape, nb.getFeatures(), nb.getClasses(), layers, nb.isSoftmax() || softmax);
        }
        return new Network(shape, null, null, layers, softmax);
    }

    /**
     * Reads the block of a model that has been built and loaded ({@code model.load(dir)}) or trained.
     *
     * @param model the model
     * @param inputShape the input shape without the batch axis
     * @return the network of the model's block
     */
    public static Network fromBlock(Model model, int... inputShape) {
        if (model == null || model.getBlock() == null) {
            throw new IllegalArgumentException("model: expected a model with a block (set it with model.setBlock and "
                    + "load or train it first), got " + (model == null ? "null" : "a model without a block"));
        }
        return fromBlock(model.getBlock(), inputShape);
    }

    private static void requireInitialised(Block block, int[] shape) {
        List<String> missing = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (!p.getValue().isInitialized()) {
                missing.add(p.getKey());
            }
        }
        if (!missing.isEmpty()) {
            String dims = Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", "));
            throw new IllegalArgumentException("block parameters are not initialised (" + String.join(", ", missing)
                    + "): call block.initialize(manager, DataType.FLOAT32, new Shape(1, " + dims + ")) and train it, "
                    + "or load the model (model.load(dir)), before importing");
        }
    }
}
