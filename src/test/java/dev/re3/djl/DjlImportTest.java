package dev.re3.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import dev.re3.net.AvgPool2d;
import dev.re3.net.Dense;
import dev.re3.net.Layer;
import dev.re3.net.LeakyRelu;
import dev.re3.net.MaxPool2d;
import dev.re3.net.Network;
import java.util.List;
import org.junit.jupiter.api.Test;

class DjlImportTest {

    static List<String> types(Network n) {
        return n.layers().stream().map(Layer::type).toList();
    }

    @Test
    void linearReluLinearGivesTheExactWeights() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock block = new SequentialBlock().add(Linear.builder().setUnits(5).build())
                    .add(Activation.reluBlock()).add(Linear.builder().setUnits(3).build());
            block.initialize(m, DataType.FLOAT32, new Shape(1, 4));
            DjlFixtures.randomize(block, 1);
            Network net = DjlImport.fromBlock(block, 4);
            assertEquals(List.of("dense", "relu", "dense"), types(net));
            assertFalse(net.softmax());
            float[] w = block.getChildren().get(2).getValue().getParameters().get("weight").getArray().toFloatArray();
            float[] b = block.getChildren().get(2).getValue().getParameters().get("bias").getArray().toFloatArray();
            Dense d = (Dense) net.layers().get(2);
            for (int o = 0; o < 3; o++) {
                assertEquals((double) b[o], d.bias(o));
                for (int i = 0; i < 5; i++) {
                    assertEquals((double) w[o * 5 + i], d.weight(o, i));
                }
            }
            double[][] xs = DjlFixtures.inputs(10, 4, 2);
            double[][] ys = DjlFixtures.forward(block, new int[] {4}, xs, DataType.FLOAT32);
            for (int i = 0; i < xs.length; i++) {
                assertArrayEquals(ys[i], net.forward(xs[i]), 1e-5);
            }
        }
    }

    /** Conv, BatchNorm, ReLU, max pool, leaky ReLU, average pool, residual, dropout, flatten, Linear, softmax. */
    static SequentialBlock everyType() {
        ParallelBlock residual = new ParallelBlock(list -> new ai.djl.ndarray.NDList(
                list.get(0).singletonOrThrow().add(list.get(1).singletonOrThrow())), List.of(Blocks.identityBlock(),
                new SequentialBlock().add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4)
                        .optPadding(new Shape(1, 1)).build()).add(Activation.reluBlock())));
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).optPadding(new Shape(1, 1)).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(Activation.leakyReluBlock(0.1f))
                .add(Pool.avgPool2dBlock(new Shape(3, 3), new Shape(1, 1), new Shape(1, 1)))
                .add(residual)
                .add(Dropout.builder().optRate(0.2f).build())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(6).build())
                .add(BatchNorm.builder().build())
                .add(Activation.leakyReluBlock(0.02f))
                .add(Linear.builder().setUnits(3).build())
                .add(LambdaBlock.singleton(a -> a.softmax(-1), "softmax"));
    }

    @Test
    void everySupportedBlockTypeImports() {
        for (DataType dataType : List.of(DataType.FLOAT32, DataType.FLOAT64)) {
            try (NDManager m = NDManager.newBaseManager()) {
                SequentialBlock block = everyType();
                block.initialize(m, dataType, new Shape(1, 2, 8, 8));
                DjlFixtures.randomize(block, 3);
                Network net = DjlImport.fromBlock(block, 2, 8, 8);
                assertEquals(List.of("conv2d", "batchnorm", "relu", "maxpool2d", "leaky_relu", "avgpool2d", "residual",
                        "dropout", "flatten", "dense", "batchnorm", "leaky_relu", "dense"), types(net));
                assertTrue(net.softmax());
                MaxPool2d max = (MaxPool2d) net.layers().get(3);
                assertArrayEquals(new int[] {2, 2}, max.kernel());
                assertArrayEquals(new int[] {2, 2}, max.stride());
                AvgPool2d avg = (AvgPool2d) net.layers().get(5);
                assertArrayEquals(new int[] {3, 3}, avg.kernel());
                assertArrayEquals(new int[] {1, 1}, avg.stride());
                assertArrayEquals(new int[] {1, 1}, avg.padding());
                assertEquals((double) 0.1f, ((LeakyRelu) net.layers().get(4)).alpha());
                assertEquals((double) 0.2f, ((dev.re3.net.Dropout) net.layers().get(7)).rate());
                assertEquals((double) 1e-5f, ((dev.re3.net.BatchNorm) net.layers().get(1)).eps());
                double[][] xs = DjlFixtures.inputs(6, 128, 4);
                double[][] ys = DjlFixtures.forward(block, new int[] {2, 8, 8}, xs, dataType);
                double tolerance = dataType == DataType.FLOAT64 ? 1e-12 : 1e-5;
                for (int i = 0; i < xs.length; i++) {
                    assertArrayEquals(ys[i], net.probabilities(xs[i]), tolerance);
                }
            }
        }
    }

    @Test
    void anonymousLambdasAreRecognisedByWhatTheyCompute() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock block = new SequentialBlock().add(Linear.builder().setUnits(6).build())
                    .addSingleton(Activation::relu).add(Linear.builder().setUnits(6).build())
                    .addSingleton(a -> Activation.leakyRelu(a, 0.25f)).addSingleton(a -> a)
                    .add(Linear.builder().setUnits(3).build()).addSingleton(a -> a.softmax(1));
            block.initialize(m, DataType.FLOAT32, new Shape(1, 4));
            Network net = DjlImport.fromBlock(block, 4);
            assertEquals(List.of("dense", "relu", "dense", "leaky_relu", "dense"), types(net));
            assertEquals(0.25, ((LeakyRelu) net.layers().get(3)).alpha());
            assertTrue(net.softmax());
        }
    }

    @Test
    void parallelBlockThatAddsThenAppliesReluBecomesResidualAndRelu() {
        try (NDManager m = NDManager.newBaseManager()) {
            ParallelBlock resnet = new ParallelBlock(list -> new ai.djl.ndarray.NDList(Activation.relu(
                    list.get(0).singletonOrThrow().add(list.get(1).singletonOrThrow()))),
                    List.of(Blocks.identityBlock(), Linear.builder().setUnits(5).build()));
            SequentialBlock block = new SequentialBlock().add(Linear.builder().setUnits(5).build()).add(resnet)
                    .add(Linear.builder().setUnits(2).build());
            block.initialize(m, DataType.FLOAT64, new Shape(1, 3));
            DjlFixtures.randomize(block, 5);
            Network net = DjlImport.fromBlock(block, 3);
            assertEquals(List.of("dense", "residual", "relu", "dense"), types(net));
            double[][] xs = DjlFixtures.inputs(8, 3, 6);
            double[][] ys = DjlFixtures.forward(block, new int[] {3}, xs, DataType.FLOAT64);
            for (int i = 0; i < xs.length; i++) {
                assertArrayEquals(ys[i], net.forward(xs[i]), 1e-12);
            }
        }
    }

    @Test
    void batchNormWithoutScaleAndCenterUsesOneAndZero() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock block = new SequentialBlock().add(Linear.builder().setUnits(3).build())
                    .add(BatchNorm.builder().optScale(false).optCenter(false).build());
            block.initialize(m, DataType.FLOAT32, new Shape(1, 2));
            dev.re3.net.BatchNorm bn = (dev.re3.net.BatchNorm) DjlImport.fromBlock(block, 2).layers().get(1);
            assertArrayEquals(new double[] {1, 1, 1}, bn.gamma());
            assertArrayEquals(new double[] {0, 0, 0}, bn.beta());
        }
    }

    @Test
    void modelOverloadReadsTheModelsBlock() {
        try (Model model = Model.newInstance("test")) {
            SequentialBlock block = new SequentialBlock().add(Linear.builder().setUnits(2).build());
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3));
            assertEquals(List.of("dense"), types(DjlImport.fromBlock(model, 3)));
        }
    }
}
