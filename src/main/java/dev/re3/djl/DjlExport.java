package dev.re3.djl;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.Initializer;
import dev.re3.net.AvgPool2d;
import dev.re3.net.BatchNorm;
import dev.re3.net.Conv2d;
import dev.re3.net.Dense;
import dev.re3.net.Dropout;
import dev.re3.net.Flatten;
import dev.re3.net.Layer;
import dev.re3.net.LeakyRelu;
import dev.re3.net.MaxPool2d;
import dev.re3.net.Network;
import dev.re3.net.Relu;
import dev.re3.net.Residual;
import dev.re3.net.Standardize;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a {@link Network} into a DJL block with its parameters set, whose forward gives the logits
 * {@code f(x)} of shape {@code [N, classes]} for an input {@code [N, ...inputShape]}.
 *
 * <p>Dense becomes DJL's {@code Linear}, Conv2d DJL's {@code Conv2d}, Relu {@code Activation.reluBlock()},
 * Flatten {@code Blocks.batchFlattenBlock()}; Standardize becomes a {@link StandardizeBlock}; LeakyRelu, pools, BatchNorm and Dropout become this
 * package's {@link LeakyReluBlock}, {@link Pool2dBlock}, {@link InferenceBatchNormBlock} and
 * {@link DropoutBlock}, which keep their settings in float64; Residual becomes a {@link ResidualBlock}.
 * The softmax link is recorded on the {@link NetworkBlock}, not applied.
 *
 * <p>{@code DjlImport.fromBlock(DjlExport.toBlock(n), n.inputShape())} equals {@code n}. In float64 the
 * block is an independent float64 computation of {@code n.forward} for autograd checks:
 *
 * <pre>{@code
 * try (Model model = DjlExport.toModel(net, DataType.FLOAT64)) {
 *     double[][] jacobian = DjlGradients.jacobian(model.getBlock(), net.inputShape(), x);
 * }
 * }</pre>
 */
public final class DjlExport {
    private DjlExport() {}

    /**
     * The network as a float64 block. Its parameters live in an NDManager of the block's own, freed by
     * {@link NetworkBlock#close()}: {@code try (NetworkBlock block = DjlExport.toBlock(net)) { ... }}.
     *
     * @param network the network
     * @return a block giving the logits {@code [N, classes]} for an input {@code [N, ...inputShape]}
     */
    public static NetworkBlock toBlock(Network network) {
        return toBlock(network, DataType.FLOAT64);
    }

    /**
     * The network as a block of the given precision. Its parameters live in an NDManager of the block's own,
     * freed by {@link NetworkBlock#close()}.
     *
     * @param network the network
     * @param dataType {@code FLOAT64} (exact parameters) or {@code FLOAT32} (parameters rounded to float32)
     * @return a block giving the logits {@code [N, classes]} for an input {@code [N, ...inputShape]}
     */
    public static NetworkBlock toBlock(Network network, DataType dataType) {
        NDManager manager = NDManager.newBaseManager();
        try {
            NetworkBlock block = toBlock(network, dataType, manager);
            block.own(manager);
            return block;
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * The network as a block whose parameters are created in {@code manager}, so that closing the manager
     * frees them.
     *
     * @param network the network
     * @param dataType {@code FLOAT64} or {@code FLOAT32}
     * @param manager the open manager that will own the parameters
     * @return a block giving the logits {@code [N, classes]} for an input {@code [N, ...inputShape]}
     */
    public static NetworkBlock toBlock(Network network, DataType dataType, NDManager manager) {
        if (network == null) {
            throw new IllegalArgumentException("network: expected a network, got null");
        }
        if (dataType != DataType.FLOAT64 && dataType != DataType.FLOAT32) {
            throw new IllegalArgumentException("dataType: expected FLOAT64 or FLOAT32, got " + dataType);
        }
        if (manager == null) {
            throw new IllegalArgumentException("manager: expected an open NDManager, got null");
        }
        NetworkBlock block = new NetworkBlock(network.inputShape(), network.features(), network.classes(),
                network.softmax());
        block.addAll(blocks(network.layers()));
        long[] shape = new long[network.inputShape().length + 1];
        shape[0] = 1;
        for (int i = 1; i < shape.length; i++) {
            shape[i] = network.inputShape()[i - 1];
        }
        block.initialize(manager, dataType, new Shape(shape));
        return block;
    }

    /**
     * A DJL model holding {@link #toBlock(Network, DataType, NDManager)}; closing the model frees the
     * parameters.
     *
     * @param network the network
     * @param dataType {@code FLOAT64} or {@code FLOAT32}
     * @return a new model whose block is a {@link NetworkBlock}; the caller closes it
     */
    public static Model toModel(Network network, DataType dataType) {
        Model model = Model.newInstance("re3-network");
        try {
            model.setBlock(toBlock(network, dataType, model.getNDManager()));
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static List<Block> blocks(List<Layer> layers) {
        List<Block> out = new ArrayList<>();
        for (Layer layer : layers) {
            out.add(block(layer));
        }
        return out;
    }

    private static Block block(Layer layer) {
        if (layer instanceof Standardize st) {
            StandardizeBlock b = new StandardizeBlock(st.size());
            fix(b, "mean", st.mean(), st.size());
            fix(b, "scale", st.scale(), st.size());
            return b;
        }
        if (layer instanceof Dense d) {
            Linear linear = Linear.builder().setUnits(d.out()).optBias(true).build();
            fix(linear, "weight", d.weightRowMajor(), d.out(), d.in());
            fix(linear, "bias", d.bias(), d.out());
            return linear;
        }
        if (layer instanceof Conv2d c) {
            int[] k = c.kernel();
            ai.djl.nn.convolutional.Conv2d conv = ai.djl.nn.convolutional.Conv2d.builder()
                    .setKernelShape(new Shape(k[0], k[1])).setFilters(c.outChannels())
                    .optStride(new Shape(c.stride()[0], c.stride()[1]))
                    .optPadding(new Shape(c.padding()[0], c.padding()[1])).optBias(true).build();
            fix(conv, "weight", c.weightFlat(), c.outChannels(), c.inChannels(), k[0], k[1]);
            fix(conv, "bias", c.bias(), c.outChannels());
            return conv;
        }
        if (layer instanceof BatchNorm b) {
            InferenceBatchNormBlock bn = new InferenceBatchNormBlock(b.channels(), b.eps());
            fix(bn, "gamma", b.gamma(), b.channels());
            fix(bn, "beta", b.beta(), b.channels());
            fix(bn, "runningMean", b.mean(), b.channels());
            fix(bn, "runningVar", b.var(), b.channels());
            return bn;
        }
        if (layer instanceof Relu) {
            return Activation.reluBlock();
        }
        if (layer instanceof LeakyRelu l) {
            return new LeakyReluBlock(l.alpha());
        }
        if (layer instanceof MaxPool2d p) {
            return new Pool2dBlock(Pool2dBlock.Kind.MAX, p.kernel(), p.stride(), p.padding());
        }
        if (layer instanceof AvgPool2d p) {
            return new Pool2dBlock(Pool2dBlock.Kind.AVG, p.kernel(), p.stride(), p.padding(), p.countPadding());
        }
        if (layer instanceof Flatten) {
            return Blocks.batchFlattenBlock();
        }
        if (layer instanceof Dropout d) {
            return new DropoutBlock(d.rate());
        }
        if (layer instanceof Residual r) {
            List<Block> branches = new ArrayList<>();
            for (List<Layer> branch : r.branches()) {
                branches.add(branch.isEmpty() ? Blocks.identityBlock() : new SequentialBlock().addAll(blocks(branch)));
            }
            return new ResidualBlock(branches);
        }
        throw new IllegalArgumentException("layer " + layer.type() + ": no DJL block for this layer type");
    }

    /** Sets the initializer of a block's parameter to give exactly these row-major values. */
    private static void fix(Block block, String name, double[] values, long... shape) {
        Parameter p = block.getDirectParameters().get(name);
        p.setInitializer(new Fixed(name, values, new Shape(shape)));
    }

    /** An initializer that gives fixed values, in the data type asked for. */
    private record Fixed(String name, double[] values, Shape shape) implements Initializer {
        @Override
        public NDArray initialize(NDManager manager, Shape given, DataType dataType) {
            if (!given.equals(shape)) {
                throw new IllegalStateException("parameter " + name + ": expected shape " + shape + ", DJL asked for "
                        + given);
            }
            if (dataType == DataType.FLOAT64) {
                return manager.create(values, shape);
            }
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) values[i];
            }
            return manager.create(f, shape);
        }

        @Override
        public String toString() {
            return "Fixed(" + name + " " + shape + ", first " + Arrays.toString(Arrays.copyOf(values, Math.min(3, values.length)))
                    + ")";
        }
    }
}
