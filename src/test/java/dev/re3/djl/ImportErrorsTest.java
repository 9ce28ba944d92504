package dev.re3.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImportErrorsTest {

    /** Initialises {@code block} for input {@code [1, ...shape]} and expects the import to fail. */
    static UnsupportedLayerException rejected(Block block, int... shape) {
        try (NDManager m = NDManager.newBaseManager()) {
            long[] s = Probe.batched(1, shape);
            block.initialize(m, DataType.FLOAT32, new Shape(s));
            UnsupportedLayerException e = assertThrows(UnsupportedLayerException.class,
                    () -> DjlImport.fromBlock(block, shape));
            assertTrue(e.getMessage().contains("Supported: "), e.getMessage());
            assertTrue(e.getMessage().contains(e.path()) && e.getMessage().contains(e.blockType()), e.getMessage());
            return e;
        }
    }

    static Linear linear(int units) {
        return Linear.builder().setUnits(units).build();
    }

    @Test
    void nonPiecewiseLinearActivationsNameTheirPathAndType() {
        UnsupportedLayerException sigmoid = rejected(new SequentialBlock().add(linear(3))
                .add(new SequentialBlock().add(linear(3)).add(Activation.sigmoidBlock())).add(linear(2)), 4);
        assertEquals("02SequentialBlock/02LambdaBlock", sigmoid.path());
        assertEquals("LambdaBlock 'sigmoid'", sigmoid.blockType());
        assertTrue(sigmoid.getMessage().contains("not piecewise linear"), sigmoid.getMessage());

        UnsupportedLayerException tanh = rejected(new SequentialBlock().add(linear(3)).add(Activation.tanhBlock())
                .add(linear(2)), 4);
        assertEquals("02LambdaBlock", tanh.path());
        assertEquals("LambdaBlock 'Tanh'", tanh.blockType());

        UnsupportedLayerException gelu = rejected(new SequentialBlock().add(linear(3)).add(Activation.geluBlock())
                .add(linear(2)), 4);
        assertEquals("LambdaBlock 'GELU'", gelu.blockType());

        UnsupportedLayerException relu6 = rejected(new SequentialBlock().add(linear(3)).add(Activation.relu6Block())
                .add(linear(2)), 4);
        assertTrue(relu6.getMessage().contains("ReLU6"), relu6.getMessage());
    }

    @Test
    void anonymousLambdasThatAreNotPiecewiseLinearAreRejectedByProbing() {
        UnsupportedLayerException e = rejected(new SequentialBlock().add(linear(3)).addSingleton(NDArray::tanh)
                .add(linear(2)), 4);
        assertTrue(e.blockType().startsWith("LambdaBlock '"), e.blockType());
        assertTrue(e.getMessage().contains("matched none"), e.getMessage());
        UnsupportedLayerException relu6 = rejected(new SequentialBlock().add(linear(3))
                .addSingleton(a -> a.clip(0, 6)).add(linear(2)), 4);
        assertEquals("02LambdaBlock", relu6.path());
    }

    @Test
    void softmaxInTheMiddleIsRejected() {
        UnsupportedLayerException e = rejected(new SequentialBlock().add(linear(3))
                .add(LambdaBlock.singleton(a -> a.softmax(-1), "softmax")).add(linear(2)), 4);
        assertEquals("02LambdaBlock", e.path());
        assertTrue(e.getMessage().contains("last block") && e.getMessage().contains("03Linear"), e.getMessage());
        UnsupportedLayerException branch = rejected(new SequentialBlock().add(linear(3)).add(new ParallelBlock(
                list -> new NDList(list.get(0).singletonOrThrow().add(list.get(1).singletonOrThrow())),
                List.of(Blocks.identityBlock(), new LambdaBlock(l -> new NDList(l.singletonOrThrow().softmax(1)))))), 4);
        assertEquals("02ParallelBlock/02LambdaBlock", branch.path());
    }

    @Test
    void unknownBlocksAndUnsupportedSettingsAreRejected() {
        UnsupportedLayerException norm = rejected(new SequentialBlock().add(linear(3)).add(LayerNorm.builder().build())
                .add(linear(2)), 4);
        assertEquals("LayerNorm", norm.blockType());
        assertTrue(norm.getMessage().contains("not recognised"), norm.getMessage());

        UnsupportedLayerException dilated = rejected(new SequentialBlock().add(Conv2d.builder()
                .setKernelShape(new Shape(3, 3)).setFilters(2).optDilation(new Shape(2, 2)).build())
                .add(Blocks.batchFlattenBlock()), 1, 8, 8);
        assertTrue(dilated.getMessage().contains("dilation [2, 2]"), dilated.getMessage());

        UnsupportedLayerException grouped = rejected(new SequentialBlock().add(Conv2d.builder()
                .setKernelShape(new Shape(1, 1)).setFilters(2).optGroups(2).build())
                .add(Blocks.batchFlattenBlock()), 2, 3, 3);
        assertTrue(grouped.getMessage().contains("groups 2"), grouped.getMessage());

        UnsupportedLayerException unflattened = rejected(new SequentialBlock().add(linear(2)), 1, 3, 3);
        assertTrue(unflattened.getMessage().contains("batchFlattenBlock"), unflattened.getMessage());
    }

    @Test
    void parallelBlocksMustAdd() {
        UnsupportedLayerException concat = rejected(new SequentialBlock().add(new ParallelBlock(
                list -> new NDList(NDArrays.concat(new NDList(list.get(0).singletonOrThrow(),
                        list.get(1).singletonOrThrow()), 1)), List.of(linear(3), linear(3)))), 4);
        assertEquals("01ParallelBlock", concat.path());
        assertTrue(concat.getMessage().contains("concatenation"), concat.getMessage());
        UnsupportedLayerException product = rejected(new SequentialBlock().add(new ParallelBlock(
                list -> new NDList(list.get(0).singletonOrThrow().mul(list.get(1).singletonOrThrow())),
                List.of(linear(3), linear(3)))), 4);
        assertTrue(product.getMessage().contains("does not add"), product.getMessage());
    }

    @Test
    void uninitialisedBlocksSayHowToInitialise() {
        SequentialBlock block = new SequentialBlock().add(linear(3)).add(Activation.reluBlock()).add(linear(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DjlImport.fromBlock(block, 4));
        assertTrue(e.getMessage().contains("block.initialize(manager, DataType.FLOAT32, new Shape(1, 4))"), e.getMessage());
        assertTrue(e.getMessage().contains("01Linear_weight"), e.getMessage());
        assertTrue(e.getMessage().contains("model.load"), e.getMessage());
    }

    @Test
    void badInputShapesAreReported() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DjlImport.fromBlock(Blocks.batchFlattenBlock(), 2, 3));
        assertTrue(e.getMessage().contains("[d] or [channels, height, width]"), e.getMessage());
    }
}
