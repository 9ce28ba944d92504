package dev.re3.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import com.google.protobuf.ByteString;
import dev.re3.io.ModelFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A tensor whose value is known when the graph is read: an initializer, a {@code Constant} node, or
 * a shape computed from the (static) shape of an activation.
 *
 * @param dims the tensor's shape; {@code []} for a scalar
 * @param real the values of a floating-point tensor, row-major, or null for an integer tensor
 * @param ints the values of an integer tensor, row-major, or null; {@link #BATCH} marks the batch size
 */
record Const(long[] dims, double[] real, long[] ints) implements Value {
    /** The batch size, which a graph leaves open: the value of {@code Shape(x)[0]}. */
    static final long BATCH = Long.MIN_VALUE;

    static Const ofInts(long... values) {
        return new Const(new long[] {values.length}, null, values);
    }

    static Const scalar(long value) {
        return new Const(new long[0], null, new long[] {value});
    }

    int size() {
        return real != null ? real.length : ints.length;
    }

    boolean isInteger() {
        return ints != null;
    }

    String describe() {
        String d = Arrays.toString(dims);
        if (isInteger() && ints.length <= 8) {
            return (real == null ? "integer " : "") + "tensor " + d + " = " + text(ints);
        }
        return (isInteger() ? "integer" : "float") + " tensor of shape " + d;
    }

    static String text(long[] values) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            s.append(i > 0 ? ", " : "").append(values[i] == BATCH ? "N" : Long.toString(values[i]));
        }
        return s.append(']').toString();
    }

    /**
     * Reads a tensor from its typed field or its little-endian {@code raw_data}.
     *
     * @param what names the tensor in messages, e.g. {@code "initializer 'fc.weight'"}
     */
    static Const read(TensorProto t, String what) {
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
            throw new ModelFormatException(what + ": its data is in an external file, which this import does not"
                    + " read; save the model with its weights inside (onnx.save(model, path,"
                    + " save_as_external_data=False))");
        }
        if (t.hasSegment()) {
            throw new ModelFormatException(what + ": a segmented tensor, which this import does not read");
        }
        long[] dims = new long[t.getDimsCount()];
        long count = 1;
        for (int i = 0; i < dims.length; i++) {
            dims[i] = t.getDims(i);
            if (dims[i] < 0) {
                throw new ModelFormatException(what + ": expected sizes >= 0, got dims " + Arrays.toString(dims));
            }
            count = Math.multiplyExact(count, dims[i]);
        }
        if (count > Integer.MAX_VALUE) {
            throw new ModelFormatException(what + ": " + count + " elements, more than this import can hold");
        }
        int n = (int) count;
        int type = t.getDataType();
        ByteString raw = t.hasRawData() ? t.getRawData() : null;
        if (type == DataType.FLOAT_VALUE || type == DataType.DOUBLE_VALUE) {
            boolean single = type == DataType.FLOAT_VALUE;
            double[] v = new double[n];
            if (raw != null) {
                ByteBuffer b = buffer(raw, n, single ? 4 : 8, what, dims);
                for (int i = 0; i < n; i++) {
                    v[i] = single ? b.getFloat() : b.getDouble();
                }
            } else {
                int given = single ? t.getFloatDataCount() : t.getDoubleDataCount();
                typed(given, n, single ? "float_data" : "double_data", what, dims);
                for (int i = 0; i < n; i++) {
                    v[i] = single ? t.getFloatData(i) : t.getDoubleData(i);
                }
            }
            return new Const(dims, v, null);
        }
        if (type == DataType.INT64_VALUE || type == DataType.INT32_VALUE) {
            boolean wide = type == DataType.INT64_VALUE;
            long[] v = new long[n];
            if (raw != null) {
                ByteBuffer b = buffer(raw, n, wide ? 8 : 4, what, dims);
                for (int i = 0; i < n; i++) {
                    v[i] = wide ? b.getLong() : b.getInt();
                }
            } else {
                int given = wide ? t.getInt64DataCount() : t.getInt32DataCount();
                typed(given, n, wide ? "int64_data" : "int32_data", what, dims);
                for (int i = 0; i < n; i++) {
                    v[i] = wide ? t.getInt64Data(i) : t.getInt32Data(i);
                }
            }
            return new Const(dims, null, v);
        }
        DataType dt = DataType.forNumber(type);
        throw new ModelFormatException(what + ": expected a float32, float64, int64 or int32 tensor, got "
                + (dt == null ? "data type " + type : dt.name().toLowerCase()));
    }

    private static ByteBuffer buffer(ByteString raw, int n, int width, String what, long[] dims) {
        if (raw.size() != (long) n * width) {
            throw new ModelFormatException(what + ": raw_data has " + raw.size() + " bytes, expected " + (long) n * width
                    + " (" + n + " values of " + width + " bytes for shape " + Arrays.toString(dims) + ")");
        }
        return raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void typed(int given, int n, String field, String what, long[] dims) {
        if (given != n) {
            throw new ModelFormatException(what + ": " + field + " has " + given + " values, expected " + n
                    + " for shape " + Arrays.toString(dims) + (given == 0 ? " (the tensor has no data)" : ""));
        }
    }
}
