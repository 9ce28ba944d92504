package dev.re3.djl;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.re3.net.Network;

/**
 * Input gradients by DJL's autograd ({@link GradientCollector}), an independent check of exact local
 * affine maps: on the region of {@code x}, {@code f(x) = W x + b} and the Jacobian is {@code W}.
 *
 * <p>Each logit {@code k} is differentiated in its own forward and backward pass on a fresh input array,
 * so gradients never accumulate. At a kink ({@code z = 0} exactly) the autograd convention is that of
 * the layers: ReLU's gradient is 0 and leaky ReLU's is {@code alpha}. All arrays live in an NDManager
 * closed before return. DJL's PyTorch engine allows one gradient collector at a time, so these methods
 * must not run concurrently with each other or with training.
 */
public final class DjlGradients {
    private DjlGradients() {}

    /**
     * The Jacobian of the logits at {@code x}, computed on the float64 export of the network.
     *
     * @param network the network
     * @param x one input, flat row-major, {@code network.inputSize()} values
     * @return {@code [outputs][inputs]}, row {@code k} being {@code d f_k / d x}
     */
    public static double[][] jacobian(Network network, double[] x) {
        network.checkInput(x);
        try (Model model = DjlExport.toModel(network, DataType.FLOAT64)) {
            return jacobian(model.getBlock(), network.inputShape(), x);
        }
    }

    /**
     * The gradient of one logit at {@code x}, computed on the float64 export of the network.
     *
     * @param network the network
     * @param x one input, flat row-major, {@code network.inputSize()} values
     * @param output the index of the logit
     * @return {@code d f_output / d x}, {@code network.inputSize()} values
     */
    public static double[] gradient(Network network, double[] x, int output) {
        network.checkInput(x);
        if (output < 0 || output >= network.outputSize()) {
            throw new IllegalArgumentException("output: expected an index in [0, " + network.outputSize() + "), got "
                    + output);
        }
        try (Model model = DjlExport.toModel(network, DataType.FLOAT64)) {
            return gradients(model.getBlock(), network.inputShape(), x, output, output + 1)[0];
        }
    }

    /**
     * The Jacobian of a block's output at {@code x}, in the data type of the block's parameters.
     *
     * @param block a block giving {@code [1, outputs]} for an input {@code [1, ...inputShape]}
     * @param inputShape the input shape without the batch axis
     * @param x one input, flat row-major
     * @return {@code [outputs][inputs]}
     */
    public static double[][] jacobian(Block block, int[] inputShape, double[] x) {
        return gradients(block, inputShape, x, 0, -1);
    }

    private static double[][] gradients(Block block, int[] inputShape, double[] x, int from, int to) {
        DataType dataType = Probe.dataType(block);
        Shape shape = new Shape(Probe.batched(1, inputShape));
        if (shape.size() != x.length) {
            throw new IllegalArgumentException("x: expected " + shape.size() + " values for input shape " + shape
                    + ", got " + x.length);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            ParameterStore store = new ParameterStore(m, false);
            if (to < 0) {
                NDArray y = block.forward(store, new NDList(m.create(x, shape).toType(dataType, false)), false)
                        .singletonOrThrow();
                to = (int) y.size();
            }
            double[][] rows = new double[to - from][];
            for (int k = from; k < to; k++) {
                try (NDManager step = m.newSubManager()) {
                    NDArray in = step.create(x, shape).toType(dataType, false);
                    in.setRequiresGradient(true);
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray y = block.forward(store, new NDList(in), false).singletonOrThrow();
                        collector.backward(y.reshape(-1).get(k));
                    }
                    rows[k - from] = Probe.doubles(in.getGradient());
                }
            }
            return rows;
        }
    }
}
