package dev.re3.djl;

import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Checks what a {@link ParallelBlock}'s join does. The join is a function that DJL keeps private, so the
 * block is run on a random input, each branch is run alone on the same input, and the block's output is
 * compared with the sum of the branch outputs (and with the ReLU of that sum, DJL's ResNet form). A join
 * that concatenates gives another shape; any other join differs in value; both are rejected.
 */
final class JoinProbe {
    private JoinProbe() {}

    /**
     * @return false if the join adds the branch outputs, true if it adds them and applies a ReLU
     * @throws UnsupportedLayerException for any other join
     */
    static boolean addsThenRelu(ParallelBlock block, String path, int[] shape, Probe probe) {
        String type = Params.type(block);
        DataType dataType = Probe.dataType(block);
        int n = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        double[] x = probe.uniform(2 * n);
        long[] in = Probe.batched(2, shape);
        Probe.Output whole;
        List<Probe.Output> parts = new ArrayList<>();
        try {
            whole = probe.run(block, x, in, dataType);
            for (Pair<String, Block> child : block.getChildren()) {
                parts.add(probe.run(child.getValue(), x, in, dataType));
            }
        } catch (RuntimeException e) {
            throw new UnsupportedLayerException(path, type, "running it on a probe input of shape " + Arrays.toString(in)
                    + " failed: " + e.getMessage(), e);
        }
        for (Probe.Output part : parts) {
            if (!Arrays.equals(part.shape(), whole.shape())) {
                throw new UnsupportedLayerException(path, type, "its join does not add its branches: a branch gives shape "
                        + Arrays.toString(part.shape()) + " and the join " + Arrays.toString(whole.shape())
                        + " (a concatenation?)");
            }
        }
        double eps = dataType == DataType.FLOAT64 ? 1e-12 : 1e-5;
        boolean add = true;
        boolean addRelu = true;
        int firstMiss = -1;
        for (int i = 0; i < whole.values().length; i++) {
            double sum = 0;
            double scale = 0;
            for (Probe.Output part : parts) {
                sum += part.values()[i];
                scale += Math.abs(part.values()[i]);
            }
            double tolerance = eps * Math.max(scale, 1e-30);
            double y = whole.values()[i];
            boolean a = Math.abs(y - sum) <= tolerance;
            add &= a;
            addRelu &= Math.abs(y - Math.max(sum, 0)) <= tolerance;
            if (!a && firstMiss < 0) {
                firstMiss = i;
            }
        }
        if (add) {
            return false;
        }
        if (addRelu) {
            return true;
        }
        StringBuilder branches = new StringBuilder();
        for (Probe.Output part : parts) {
            branches.append(branches.length() == 0 ? "" : ", ").append(part.values()[firstMiss]);
        }
        throw new UnsupportedLayerException(path, type, "its join does not add its branch outputs: on a probe input, "
                + "at element " + firstMiss + " the branches give " + branches + " and the join gives "
                + whole.values()[firstMiss]);
    }
}
