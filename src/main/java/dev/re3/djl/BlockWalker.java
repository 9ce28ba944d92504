package dev.re3.djl;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import dev.re3.net.AvgPool2d;
import dev.re3.net.BatchNorm;
import dev.re3.net.Conv2d;
import dev.re3.net.Dense;
import dev.re3.net.Dropout;
import dev.re3.net.Layer;
import dev.re3.net.LeakyRelu;
import dev.re3.net.MaxPool2d;
import dev.re3.net.Relu;
import dev.re3.net.Residual;
import dev.re3.net.Standardize;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Walks a DJL block tree in forward order and collects the equivalent layers. */
final class BlockWalker {
    private final Probe probe;
    private String softmaxPath;
    private String softmaxType;

    BlockWalker(Probe probe) {
        this.probe = probe;
    }

    /** Whether the walk ended in a softmax (the output link). */
    boolean softmax() {
        return softmaxPath != null;
    }

    /**
     * Appends the layers of {@code block} to {@code out}.
     *
     * @param top whether the block is on the main path (not inside a ParallelBlock branch)
     * @return the output shape, without the batch axis
     */
    int[] walk(Block block, String path, int[] shape, List<Layer> out, boolean top) {
        if (block instanceof SequentialBlock) {
            for (Pair<String, Block> child : block.getChildren()) {
                shape = walk(child.getValue(), Params.child(path, child.getKey()), shape, out, top);
            }
            return shape;
        }
        if (softmaxPath != null) {
            throw new UnsupportedLayerException(softmaxPath, softmaxType, "a softmax is supported only as the last "
                    + "block (the output link), but " + Params.show(path) + " (" + Params.type(block) + ") follows it");
        }
        if (block instanceof ParallelBlock p) {
            return parallel(p, path, shape, out, top);
        }
        if (block instanceof LambdaBlock l) {
            LambdaProbe.Result r = LambdaProbe.classify(l, l.getName(), Params.show(path), shape, probe);
            if (r.softmax()) {
                if (!top) {
                    throw new UnsupportedLayerException(Params.show(path), Params.type(block),
                            "a softmax inside a ParallelBlock branch is not piecewise linear");
                }
                softmaxPath = Params.show(path);
                softmaxType = Params.type(block);
            }
            for (Layer layer : r.layers()) {
                shape = add(out, layer, shape, path, block);
            }
            return shape;
        }
        return add(out, leaf(block, Params.show(path), shape), shape, path, block);
    }

    private static int[] add(List<Layer> out, Layer layer, int[] shape, String path, Block block) {
        int[] next;
        try {
            next = layer.outputShape(shape);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("block " + Params.show(path) + " (" + Params.type(block) + "): "
                    + e.getMessage(), e);
        }
        out.add(layer);
        return next;
    }

    /** The layer of a block with parameters or recorded settings. */
    private static Layer leaf(Block block, String path, int[] shape) {
        String type = Params.type(block);
        if (block instanceof Linear) {
            if (shape.length != 1) {
                throw new UnsupportedLayerException(path, type, "Linear acts on the last axis of its input, here of shape "
                        + Arrays.toString(shape) + "; add Blocks.batchFlattenBlock() before it");
            }
            Parameter w = param(block, "weight", path);
            int[] ws = Params.shape(w);
            double[] flat = Params.values(w, path);
            double[][] weight = new double[ws[0]][];
            for (int o = 0; o < ws[0]; o++) {
                weight[o] = Arrays.copyOfRange(flat, o * ws[1], (o + 1) * ws[1]);
            }
            return new Dense(weight, bias(block, ws[0], path));
        }
        if (block instanceof ai.djl.nn.convolutional.Conv2d c) {
            return conv(c, path, type);
        }
        if (block instanceof ai.djl.nn.norm.BatchNorm b) {
            int axis = (Integer) Params.field(b, ai.djl.nn.norm.BatchNorm.class, "axis", path);
            float eps = (Float) Params.field(b, ai.djl.nn.norm.BatchNorm.class, "epsilon", path);
            int normalised = axis < 0 ? axis + shape.length + 1 : axis;
            if (normalised != 1) {
                throw new UnsupportedLayerException(path, type, "it normalises over axis " + axis
                        + "; only axis 1 (channels of [N, C] or [N, C, H, W]) is supported");
            }
            return new BatchNorm(values(b, "gamma", path), values(b, "beta", path), values(b, "runningMean", path),
                    values(b, "runningVar", path), eps);
        }
        if (block instanceof ai.djl.nn.norm.Dropout d) {
            return new Dropout((Float) Params.field(d, ai.djl.nn.norm.Dropout.class, "rate", path));
        }
        if (block instanceof LeakyReluBlock l) {
            return new LeakyRelu(l.getAlpha());
        }
        if (block instanceof Pool2dBlock p) {
            return p.getKind() == Pool2dBlock.Kind.MAX ? new MaxPool2d(p.getKernel(), p.getStride(), p.getPadding())
                    : new AvgPool2d(p.getKernel(), p.getStride(), p.getPadding(), p.getCountPadding());
        }
        if (block instanceof InferenceBatchNormBlock b) {
            return new BatchNorm(values(b, "gamma", path), values(b, "beta", path), values(b, "runningMean", path),
                    values(b, "runningVar", path), b.getEps());
        }
        if (block instanceof DropoutBlock d) {
            return new Dropout(d.getRate());
        }
        if (block instanceof StandardizeBlock) {
            return new Standardize(values(block, "mean", path), values(block, "scale", path));
        }
        throw new UnsupportedLayerException(path, type, "this block type is not recognised");
    }

    private static Layer conv(ai.djl.nn.convolutional.Conv2d c, String path, String type) {
        int[] dilation = ints(c.getDilation(), 1);
        if (dilation[0] != 1 || dilation[1] != 1) {
            throw new UnsupportedLayerException(path, type, "dilation " + Arrays.toString(dilation)
                    + " is not supported; expected dilation [1, 1]");
        }
        if (c.getGroups() != 1) {
            throw new UnsupportedLayerException(path, type, "groups " + c.getGroups()
                    + " is not supported; expected groups 1");
        }
        Parameter w = param(c, "weight", path);
        int[] s = Params.shape(w);
        double[] flat = Params.values(w, path);
        double[][][][] weight = new double[s[0]][s[1]][s[2]][s[3]];
        int k = 0;
        for (int o = 0; o < s[0]; o++) {
            for (int i = 0; i < s[1]; i++) {
                for (int u = 0; u < s[2]; u++) {
                    for (int v = 0; v < s[3]; v++) {
                        weight[o][i][u][v] = flat[k++];
                    }
                }
            }
        }
        return new Conv2d(weight, bias(c, s[0], path), ints(c.getStride(), 1), ints(c.getPadding(), 0));
    }

    private static int[] ints(Shape shape, int fallback) {
        if (shape == null) {
            return new int[] {fallback, fallback};
        }
        return Arrays.stream(shape.getShape()).mapToInt(Math::toIntExact).toArray();
    }

    private int[] parallel(ParallelBlock block, String path, int[] shape, List<Layer> out, boolean top) {
        List<List<Layer>> branches = new ArrayList<>();
        int[] result = null;
        for (Pair<String, Block> child : block.getChildren()) {
            List<Layer> branch = new ArrayList<>();
            String childPath = Params.child(path, child.getKey());
            int[] s = walk(child.getValue(), childPath, shape, branch, false);
            if (result != null && !Arrays.equals(result, s)) {
                throw new UnsupportedLayerException(Params.show(path), Params.type(block), "its branches give shapes "
                        + Arrays.toString(result) + " and " + Arrays.toString(s) + " (at " + childPath
                        + "), which cannot be added");
            }
            result = s;
            branches.add(branch);
        }
        if (branches.isEmpty()) {
            throw new UnsupportedLayerException(Params.show(path), Params.type(block), "it has no branches");
        }
        boolean reluAfter = !(block instanceof ResidualBlock) && JoinProbe.addsThenRelu(block, Params.show(path), shape, probe);
        if (branches.size() == 1) {
            out.addAll(branches.get(0));
        } else {
            out.add(new Residual(branches));
        }
        if (reluAfter) {
            out.add(new Relu());
        }
        return result;
    }

    private static Parameter param(Block block, String name, String path) {
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            if (p.getKey().equals(name)) {
                return p.getValue();
            }
        }
        throw new UnsupportedLayerException(path, Params.type(block), "it has no parameter '" + name + "'");
    }

    private static double[] values(Block block, String name, String path) {
        return Params.values(param(block, name, path), path);
    }

    private static double[] bias(Block block, int out, String path) {
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            if (p.getKey().equals("bias")) {
                return Params.values(p.getValue(), path);
            }
        }
        return new double[out];
    }

}
