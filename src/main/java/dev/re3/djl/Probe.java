package dev.re3.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.Random;

/**
 * Runs DJL blocks on chosen inputs in inference mode ({@code training = false}, which never initialises
 * or changes a block) and returns the outputs as Java values. Every array lives in a sub-manager that is
 * closed before the call returns. Probe inputs come from a fixed seed, so an import is repeatable.
 */
final class Probe implements AutoCloseable {
    private final NDManager manager = NDManager.newBaseManager();
    private final Random random = new Random(0x5eed_0fL);

    /** A block's output: its shape with the batch axis, and its values in row-major order as float64. */
    record Output(long[] shape, double[] values) {
        boolean hasShape(long... s) {
            return Arrays.equals(shape, s);
        }
    }

    /**
     * Runs {@code block} on one input array.
     *
     * @param values row-major input values
     * @param shape the input shape with the batch axis
     * @param dataType the input's data type (that of the block's parameters)
     * @throws IllegalStateException if the block does not give exactly one array
     */
    Output run(Block block, double[] values, long[] shape, DataType dataType) {
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.create(values, new Shape(shape));
            if (dataType != DataType.FLOAT64) {
                x = x.toType(dataType, false);
            }
            NDList out = block.forward(new ParameterStore(m, false), new NDList(x), false);
            if (out.size() != 1) {
                throw new IllegalStateException("expected one output array, got " + out.size());
            }
            NDArray y = out.get(0);
            long[] s = y.getShape().getShape();
            return new Output(s, doubles(y));
        }
    }

    /** An array's values as float64, widened exactly; no array outlives the call. */
    static double[] doubles(NDArray a) {
        if (a.getDataType() == DataType.FLOAT64) {
            return a.toDoubleArray();
        }
        if (a.getDataType() == DataType.FLOAT32) {
            float[] f = a.toFloatArray();
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }
        try (NDArray wide = a.toType(DataType.FLOAT64, true)) {
            return wide.toDoubleArray();
        }
    }

    /** The data type of a block's parameters, or FLOAT64 for a block without any. */
    static DataType dataType(Block block) {
        for (Parameter p : block.getParameters().values()) {
            if (p.isInitialized()) {
                return p.getArray().getDataType();
            }
        }
        return DataType.FLOAT64;
    }

    /**
     * Random values spread over six orders of magnitude with random signs ({@code +-1e-3 .. +-1e3}), the
     * first one exactly {@code -1}, so that elementwise functions with kinks or curvature anywhere in that
     * range show it.
     */
    double[] spread(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double magnitude = Math.pow(10, -3 + 6 * random.nextDouble());
            v[i] = random.nextBoolean() ? magnitude : -magnitude;
        }
        v[0] = -1;
        return v;
    }

    /** Random values, uniform in {@code [-1, 1)}. */
    double[] uniform(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 2 * random.nextDouble() - 1;
        }
        return v;
    }

    /** The input shape with a batch axis of size {@code batch} in front. */
    static long[] batched(int batch, int[] shape) {
        long[] s = new long[shape.length + 1];
        s[0] = batch;
        for (int i = 0; i < shape.length; i++) {
            s[i + 1] = shape[i];
        }
        return s;
    }

    @Override
    public void close() {
        manager.close();
    }
}
