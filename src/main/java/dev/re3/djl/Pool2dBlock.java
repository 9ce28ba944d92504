package dev.re3.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Arrays;

/**
 * 2D max or average pooling that records its window geometry, computed by DJL's
 * {@link Pool#maxPool2d} and {@link Pool#avgPool2d} with floor rounding; average pooling counts padded
 * positions as zeros and divides by {@code kh kw}, or, without {@code countPadding} (PyTorch's
 * {@code count_include_pad=False}), by the number of real positions of each window. DJL's PyTorch engine
 * ignores {@code Pool.avgPool2d}'s {@code countIncludePad = false}, so that mean is computed as the padded
 * mean divided by the same pool of ones (the share of real positions). DJL's own pool blocks are lambdas that hide their
 * geometry; this block keeps it so that {@link DjlImport} reads it directly.
 *
 * <p>Takes {@code [N, C, H, W]} and gives {@code [N, C, (H + 2 ph - kh) / sh + 1, (W + 2 pw - kw) / sw + 1]}.
 */
public final class Pool2dBlock extends AbstractBlock {
    private static final byte VERSION = 1;

    /** Which reduction a window applies. */
    public enum Kind {
        /** The largest value of the window. */
        MAX,
        /** The mean of the window, padded positions counting as zeros (and, by default, in the divisor). */
        AVG
    }

    private final Kind kind;
    private final int[] kernel;
    private final int[] stride;
    private final int[] padding;
    private final boolean countPadding;

    /**
     * @param kind max or average
     * @param kernel {@code [kh, kw]}, each at least 1
     * @param stride {@code [sh, sw]}, each at least 1
     * @param padding {@code [ph, pw]}, each at least 0 and at most half the kernel
     */
    public Pool2dBlock(Kind kind, int[] kernel, int[] stride, int[] padding) {
        this(kind, kernel, stride, padding, true);
    }

    /**
     * @param kind max or average
     * @param kernel {@code [kh, kw]}, each at least 1
     * @param stride {@code [sh, sw]}, each at least 1
     * @param padding {@code [ph, pw]}, each at least 0 and at most half the kernel
     * @param countPadding for average pooling, whether padded positions count in the divisor; must be true
     *     for max pooling
     */
    public Pool2dBlock(Kind kind, int[] kernel, int[] stride, int[] padding, boolean countPadding) {
        super(VERSION);
        if (kind == null) {
            throw new IllegalArgumentException("pool kind: expected MAX or AVG, got null");
        }
        this.kind = kind;
        this.kernel = pair("kernel", kernel, 1);
        this.stride = pair("stride", stride, 1);
        this.padding = pair("padding", padding, 0);
        if (2 * this.padding[0] > this.kernel[0] || 2 * this.padding[1] > this.kernel[1]) {
            throw new IllegalArgumentException("pool padding: expected at most half the kernel " + Arrays.toString(kernel)
                    + ", got " + Arrays.toString(padding));
        }
        if (kind == Kind.MAX && !countPadding) {
            throw new IllegalArgumentException("pool countPadding: expected true for max pooling (padding never wins),"
                    + " got false");
        }
        this.countPadding = countPadding;
    }

    private static int[] pair(String what, int[] v, int min) {
        if (v == null || v.length != 2 || v[0] < min || v[1] < min) {
            throw new IllegalArgumentException("pool " + what + ": expected two integers >= " + min + ", got "
                    + (v == null ? "null" : Arrays.toString(v)));
        }
        return v.clone();
    }

    /** Max or average. */
    public Kind getKind() {
        return kind;
    }

    /** The window size {@code [kh, kw]}. */
    public int[] getKernel() {
        return kernel.clone();
    }

    /** The step between windows {@code [sh, sw]}. */
    public int[] getStride() {
        return stride.clone();
    }

    /** The zero padding on each side {@code [ph, pw]}. */
    public int[] getPadding() {
        return padding.clone();
    }

    /** Whether padded positions count in an average's divisor ({@code count_include_pad}). */
    public boolean getCountPadding() {
        return countPadding;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape k = new Shape(kernel[0], kernel[1]);
        Shape s = new Shape(stride[0], stride[1]);
        Shape p = new Shape(padding[0], padding[1]);
        if (kind == Kind.MAX) {
            return new NDList(Pool.maxPool2d(x, k, s, p, false));
        }
        NDArray y = Pool.avgPool2d(x, k, s, p, false, true);
        if (!countPadding) {
            NDArray ones = x.getManager().ones(new Shape(1, 1, x.getShape().get(2), x.getShape().get(3)), x.getDataType());
            y = y.div(Pool.avgPool2d(ones, k, s, p, false, true));
        }
        return new NDList(y);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        if (in.dimension() != 4) {
            throw new IllegalArgumentException("pool expects an input of shape [N, C, H, W], got " + in);
        }
        long h = Math.floorDiv(in.get(2) + 2L * padding[0] - kernel[0], stride[0]) + 1;
        long w = Math.floorDiv(in.get(3) + 2L * padding[1] - kernel[1], stride[1]) + 1;
        return new Shape[] {new Shape(in.get(0), in.get(1), h, w)};
    }

    @Override
    public String toString() {
        return "Pool2dBlock(" + kind + ", kernel " + Arrays.toString(kernel) + ", stride " + Arrays.toString(stride)
                + ", padding " + Arrays.toString(padding) + (countPadding ? "" : ", padding not counted") + ")";
    }
}
