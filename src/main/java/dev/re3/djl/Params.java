package dev.re3.djl;

import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import java.lang.reflect.Field;
import java.util.Arrays;

/** Reading DJL parameters and block settings as exact Java values. */
final class Params {
    private Params() {}

    /**
     * The values of a parameter as float64: float32 and float16 values widen exactly, float64 values are
     * copied. No NDArray outlives the call.
     */
    static double[] values(Parameter p, String path) {
        DataType t = p.getArray().getDataType();
        if (!t.isFloating()) {
            throw new IllegalArgumentException("parameter " + p.getName() + " of " + path
                    + ": expected floating-point values, got " + t);
        }
        return Probe.doubles(p.getArray());
    }

    /** The shape of a parameter's array as ints. */
    static int[] shape(Parameter p) {
        return Arrays.stream(p.getArray().getShape().getShape()).mapToInt(Math::toIntExact).toArray();
    }

    /** The type of a block for messages: its class, and for a LambdaBlock its name. */
    static String type(Block block) {
        if (block instanceof LambdaBlock l) {
            return "LambdaBlock '" + l.getName() + "'";
        }
        Class<?> c = block.getClass();
        return c.getName().startsWith("ai.djl.") || c.getName().startsWith("dev.re3.") ? c.getSimpleName() : c.getName();
    }

    /**
     * Reads a private setting of a DJL block that has no getter ({@code BatchNorm.epsilon},
     * {@code Dropout.rate}). DJL's api jar is an automatic module, so its fields can be read reflectively.
     *
     * @throws UnsupportedLayerException if the field is not there (a DJL version with other internals)
     */
    static Object field(Block block, Class<?> owner, String name, String path) {
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            return f.get(block);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new UnsupportedLayerException(path, type(block), "cannot read its setting '" + name
                    + "' (this DJL version keeps it elsewhere)", e);
        }
    }

    /** A path for messages: the child's DJL name appended to its parent's path. */
    static String child(String parent, String name) {
        return parent.isEmpty() ? name : parent + "/" + name;
    }

    /** A path for messages, with the root shown as {@code (root)}. */
    static String show(String path) {
        return path.isEmpty() ? "(root)" : path;
    }
}
