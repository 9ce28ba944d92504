package dev.re3.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import dev.re3.net.AvgPool2d;
import dev.re3.net.Layer;
import dev.re3.net.MaxPool2d;
import dev.re3.net.Network;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PoolProbeTest {

    static Network read(Block pool, int... shape) {
        return DjlImport.fromBlock(new SequentialBlock().add(pool).add(Blocks.batchFlattenBlock()), shape);
    }

    static Shape s(int a, int b) {
        return new Shape(a, b);
    }

    static void assertGeometry(Layer layer, boolean max, int[] k, int[] st, int[] p) {
        if (max) {
            MaxPool2d m = (MaxPool2d) layer;
            assertArrayEquals(k, m.kernel(), "kernel");
            assertArrayEquals(st, m.stride(), "stride");
            assertArrayEquals(p, m.padding(), "padding");
        } else {
            AvgPool2d a = (AvgPool2d) layer;
            assertArrayEquals(k, a.kernel(), "kernel");
            assertArrayEquals(st, a.stride(), "stride");
            assertArrayEquals(p, a.padding(), "padding");
        }
    }

    @Test
    void recoversKernelStrideAndPaddingOfDjlPools() {
        int[][][] cases = {
            {{3, 3}, {2, 2}, {1, 1}, {1, 7, 9}},
            {{2, 2}, {1, 1}, {0, 0}, {2, 5, 5}},
            {{2, 3}, {1, 2}, {1, 0}, {1, 6, 7}},
            {{3, 2}, {2, 2}, {1, 1}, {3, 8, 6}},
            {{2, 2}, {2, 2}, {0, 0}, {1, 28, 28}},
            {{4, 4}, {3, 3}, {2, 0}, {2, 10, 11}},
        };
        for (int[][] c : cases) {
            String what = Arrays.deepToString(c);
            Network max = read(Pool.maxPool2dBlock(s(c[0][0], c[0][1]), s(c[1][0], c[1][1]), s(c[2][0], c[2][1])), c[3]);
            assertGeometry(max.layers().get(0), true, c[0], c[1], c[2]);
            Network avg = read(Pool.avgPool2dBlock(s(c[0][0], c[0][1]), s(c[1][0], c[1][1]), s(c[2][0], c[2][1])), c[3]);
            assertGeometry(avg.layers().get(0), false, c[0], c[1], c[2]);
            assertEquals(2, max.layers().size(), what);
        }
    }

    @Test
    void aSingleWindowPrefersStrideEqualToKernel() {
        Network net = read(Pool.maxPool2dBlock(s(2, 2)), 3, 2, 2);
        assertGeometry(net.layers().get(0), true, new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0});
    }

    @Test
    void globalPoolsBecomeAWholePlanePoolAndFlatten() {
        Network max = DjlImport.fromBlock(Pool.globalMaxPool2dBlock(), 3, 4, 5);
        assertEquals(2, max.layers().size());
        assertGeometry(max.layers().get(0), true, new int[] {4, 5}, new int[] {4, 5}, new int[] {0, 0});
        assertEquals("flatten", max.layers().get(1).type());
        Network avg = DjlImport.fromBlock(Pool.globalAvgPool2dBlock(), 3, 4, 5);
        assertGeometry(avg.layers().get(0), false, new int[] {4, 5}, new int[] {4, 5}, new int[] {0, 0});
        double[] x = DjlFixtures.inputs(1, 60, 1)[0];
        double[] y = DjlFixtures.forward(Pool.globalAvgPool2dBlock(), new int[] {3, 4, 5}, new double[][] {x},
                DataType.FLOAT64)[0];
        assertArrayEquals(y, avg.forward(x), 1e-12);
    }

    @Test
    void ceilModeIsRejected() {
        UnsupportedLayerException ceil = assertThrows(UnsupportedLayerException.class,
                () -> read(Pool.maxPool2dBlock(s(2, 2), s(2, 2), s(0, 0), true), 1, 5, 5));
        assertTrue(ceil.getMessage().contains("ceil mode"), ceil.getMessage());
        assertEquals("01LambdaBlock", ceil.path());
    }

    @Test
    void importFollowsWhatTheBlockComputesEvenWhenTheEngineIgnoresASetting() {
        // DJL's PyTorch engine ignores countIncludePad = false: padded zeros still count in the average.
        Block pool = Pool.avgPool2dBlock(s(3, 3), s(1, 1), s(1, 1), false, false);
        Network net = read(pool, 1, 4, 4);
        assertGeometry(net.layers().get(0), false, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1});
        double[] x = DjlFixtures.inputs(1, 16, 2)[0];
        double[] y = DjlFixtures.forward(pool, new int[] {1, 4, 4}, new double[][] {x}, DataType.FLOAT64)[0];
        assertArrayEquals(y, net.forward(x), 1e-12);
    }
}
