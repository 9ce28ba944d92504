package dev.re3.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Export then import gives the same network, weight for weight, at every opset. */
class OnnxRoundTripTest {
    private static final Random RANDOM = new Random(12);

    static double[] random(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = RANDOM.nextGaussian() / 3; // not float32 values: float64 must survive the round trip
        }
        return v;
    }

    static Dense dense(int in, int out) {
        double[][] w = new double[out][];
        for (int o = 0; o < out; o++) {
            w[o] = random(in);
        }
        return new Dense(w, random(out));
    }

    static Conv2d conv(int in, int out, int k, int stride, int pad) {
        double[][][][] w = new double[out][in][k][k];
        for (double[][][] a : w) {
            for (double[][] b : a) {
                for (int u = 0; u < k; u++) {
                    b[u] = random(k);
                }
            }
        }
        return new Conv2d(w, random(out), new int[] {stride, stride}, new int[] {pad, pad});
    }

    static BatchNorm batchNorm(int c) {
        double[] var = random(c);
        for (int i = 0; i < c; i++) {
            var[i] = 0.5 + var[i] * var[i];
        }
        return new BatchNorm(random(c), random(c), random(c), var, 1e-5);
    }

    static Stream<Network> networks() {
        Network mlp = Network.builder(4).add(dense(4, 6)).add(new Relu()).add(new Dropout(0.3)).add(dense(6, 5))
                .add(batchNorm(5)).add(new LeakyRelu(0.01)).add(dense(5, 3)).softmax()
                .features("a", "b", "c", "d").classes("x", "y", "z").build();
        Network cnn = Network.builder(2, 7, 7).add(conv(2, 3, 3, 1, 1)).add(batchNorm(3)).add(new Relu())
                .add(new MaxPool2d(new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1}))
                .add(new AvgPool2d(new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}))
                .add(conv(3, 2, 2, 2, 0)).add(new AvgPool2d(new int[] {2, 2}, new int[] {2, 2}))
                .add(new Flatten()).add(dense(2, 2)).build();
        Residual inner = Residual.of(List.of(), List.of(dense(5, 5), new Relu()));
        Residual three = new Residual(List.of(List.of(), List.<Layer>of(dense(5, 5)),
                List.<Layer>of(new Relu(), inner, dense(5, 5))));
        Network residual = Network.builder(5).add(three).add(new Relu()).add(Residual.of(List.of(), List.of()))
                .add(dense(5, 2)).build();
        Network flatVector = Network.builder(6).add(new Flatten()).add(dense(6, 3)).add(new Dropout(0.1)).build();
        Network convResidual = Network.builder(2, 4, 4).add(Residual.of(List.of(new Flatten()),
                List.of(conv(2, 2, 3, 1, 1), new Relu(), new Flatten()))).add(dense(32, 2)).build();
        Network excludedPad = Network.builder(1, 6, 6).add(conv(1, 2, 3, 1, 1)).add(new Relu())
                .add(new AvgPool2d(new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, false))
                .add(new AvgPool2d(new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1}))
                .add(new Flatten()).add(dense(2 * 4 * 4, 2)).build();
        return Stream.of(mlp, cnn, residual, flatVector, convResidual, excludedPad);
    }

    static Stream<Object[]> cases() {
        return networks().flatMap(n -> Stream.of(11, 12, 13, 17).map(o -> new Object[] {n, o}));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void exportThenImportIsTheSameNetwork(Network net, int opset) {
        Network back = OnnxImport.read(OnnxExport.create().opset(opset).toBytes(net));
        assertEquals(net, back, () -> "opset " + opset + ":\n" + net + "\nread back as\n" + back);
        double[] x = random(net.inputSize());
        assertArrayEquals(net.forward(x), back.forward(x), 1e-12);
    }

    @Test
    void float32ExportRoundsTheWeightsOnly() {
        Network net = networks().findFirst().orElseThrow();
        Network back = OnnxImport.read(OnnxExport.create().float32(true).toBytes(net));
        assertNotEquals(net, back);
        Dense d = (Dense) net.layers().get(0);
        Dense e = (Dense) back.layers().get(0);
        assertEquals((double) (float) d.weight(1, 2), e.weight(1, 2));
        double[] x = random(net.inputSize());
        assertArrayEquals(net.probabilities(x), back.probabilities(x), 1e-5);
    }

    @Test
    void exportUsesPyTorchsOperatorsAndSiteNames() throws Exception {
        Network net = networks().skip(2).findFirst().orElseThrow();
        ModelProto m = ModelProto.parseFrom(OnnxExport.create().toBytes(net));
        List<String> ops = m.getGraph().getNodeList().stream().map(NodeProto::getOpType).distinct().toList();
        assertEquals(List.of("Gemm", "Relu", "Add", "Sum"), ops);
        assertEquals("0.residual.1.0.dense", m.getGraph().getNode(0).getName());
        assertEquals(13, m.getOpsetImport(0).getVersion());
    }

    @Test
    void importedFixturesExportAndReadBackExactly(@TempDir Path dir) {
        for (String name : OnnxFixtures.NAMES) {
            Network net = OnnxImport.read(OnnxFixtures.onnx(name));
            Path file = dir.resolve(name + ".onnx");
            OnnxExport.create().write(net, file);
            assertEquals(net, OnnxImport.read(file), name);
        }
    }

    @Test
    void writeReplacesOnlyRegularFiles(@TempDir Path dir) throws Exception {
        Network net = networks().findFirst().orElseThrow();
        Path target = dir.resolve("sub");
        Files.createDirectory(target);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxExport.create().write(net, target));
        assertTrue(e.getMessage().contains("a directory"), e.getMessage());
        Path file = dir.resolve("m.onnx");
        Files.writeString(file, "old");
        OnnxExport.create().write(net, file);
        assertEquals(net, OnnxImport.read(file));
        assertThrows(IllegalArgumentException.class, () -> OnnxExport.create().opset(10));
    }
}
