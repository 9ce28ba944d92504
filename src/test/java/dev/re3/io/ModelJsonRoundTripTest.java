package dev.re3.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing a network and reading it back gives the same network, bit for bit. */
class ModelJsonRoundTripTest {

    /** Doubles that are hard to print: extremes, subnormals, negative zero, and random bit patterns. */
    private static double value(Random rnd) {
        switch (rnd.nextInt(8)) {
            case 0:
                double[] special = {-0.0, 0.0, Double.MIN_VALUE, -Double.MIN_NORMAL, Double.MAX_VALUE, 0.1, 1.0 / 3,
                    -Math.PI, 1e-300, 123456789.123456789};
                return special[rnd.nextInt(special.length)];
            case 1:
                double d;
                do {
                    d = Double.longBitsToDouble(rnd.nextLong());
                } while (!Double.isFinite(d));
                return d;
            default:
                return rnd.nextGaussian();
        }
    }

    private static double[] vector(Random rnd, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = value(rnd);
        }
        return v;
    }

    private static Dense dense(Random rnd, int in, int out) {
        double[][] w = new double[out][];
        for (int o = 0; o < out; o++) {
            w[o] = vector(rnd, in);
        }
        return new Dense(w, vector(rnd, out));
    }

    private static Conv2d conv(Random rnd, int in, int out, int k, int stride, int pad) {
        double[][][][] w = new double[out][in][k][k];
        for (double[][][] f : w) {
            for (double[][] p : f) {
                for (int u = 0; u < k; u++) {
                    p[u] = vector(rnd, k);
                }
            }
        }
        return new Conv2d(w, vector(rnd, out), new int[] {stride, stride}, new int[] {pad, pad});
    }

    private static BatchNorm batchNorm(Random rnd, int c) {
        double[] var = new double[c];
        for (int k = 0; k < c; k++) {
            var[k] = Math.abs(rnd.nextGaussian());
        }
        return new BatchNorm(vector(rnd, c), vector(rnd, c), vector(rnd, c), var, 1e-5 * (1 + rnd.nextInt(100)));
    }

    /** A vector network with every vector layer type and a nested residual. */
    private static Network vectorNetwork(Random rnd) {
        int d = 1 + rnd.nextInt(5);
        int h = 1 + rnd.nextInt(6);
        List<Layer> layers = new ArrayList<>();
        layers.add(dense(rnd, d, h));
        layers.add(batchNorm(rnd, h));
        layers.add(new Relu());
        layers.add(new Dropout(rnd.nextDouble() * 0.9));
        Residual inner = Residual.of(List.of(), List.of(dense(rnd, h, h), new LeakyRelu(value(rnd))));
        layers.add(Residual.of(List.of(), List.of(dense(rnd, h, 3), new Relu(), dense(rnd, 3, h)),
                List.of(inner, new Dropout(0))));
        layers.add(new LeakyRelu(rnd.nextDouble()));
        layers.add(dense(rnd, h, 1 + rnd.nextInt(4)));
        return new Network(new int[] {d}, null, null, layers, rnd.nextBoolean());
    }

    /** An image network with convolutions, both pools with and without padding, and a conv residual. */
    private static Network imageNetwork(Random rnd) {
        int c = 1 + rnd.nextInt(3);
        List<Layer> layers = new ArrayList<>();
        layers.add(conv(rnd, c, 2, 3, 1, 1)); // [2, 8, 8]
        layers.add(batchNorm(rnd, 2));
        layers.add(new Relu());
        layers.add(Residual.of(List.of(), List.of(conv(rnd, 2, 2, 3, 1, 1), new Relu(), conv(rnd, 2, 2, 1, 1, 0))));
        layers.add(new MaxPool2d(new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1})); // [2, 4, 4]
        layers.add(conv(rnd, 2, 3, 2, 1 + rnd.nextInt(2), 0));
        layers.add(new AvgPool2d(new int[] {1, 2}, new int[] {1, 1}));
        layers.add(new LeakyRelu(0.01));
        layers.add(new Flatten());
        layers.add(new Dropout(0.5));
        int flat = layers.stream().reduce(new int[] {c, 8, 8}, (s, l) -> l.outputShape(s), (a, b) -> b)[0];
        layers.add(dense(rnd, flat, 2));
        return new Network(new int[] {c, 8, 8}, null, null, layers, rnd.nextBoolean());
    }

    @Test
    void randomVectorNetworksRoundTripExactly() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 40; trial++) {
            Network net = vectorNetwork(rnd);
            String json = ModelJson.toJson(net);
            Network back = ModelJson.parse(json);
            assertEquals(net, back, json);
            assertEquals(json, ModelJson.toJson(back));
        }
    }

    @Test
    void randomImageNetworksRoundTripExactly() {
        Random rnd = new Random(12);
        for (int trial = 0; trial < 20; trial++) {
            Network net = imageNetwork(rnd);
            String json = ModelJson.toJson(net);
            Network back = ModelJson.parse(json);
            assertEquals(net, back, json);
            assertEquals(json, ModelJson.toJson(back));
        }
    }

    @Test
    void negativeZeroAndExtremesKeepTheirBits() {
        double[] tricky = {-0.0, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 0.1 + 0.2, 5e-324, 1e23};
        Dense layer = new Dense(new double[][] {tricky}, new double[] {-0.0});
        Network back = ModelJson.parse(ModelJson.toJson(Network.builder(tricky.length).add(layer).build()));
        Dense read = (Dense) back.layers().get(0);
        for (int i = 0; i < tricky.length; i++) {
            assertEquals(Double.doubleToRawLongBits(tricky[i]), Double.doubleToRawLongBits(read.weight(0, i)));
        }
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(read.bias(0)));
    }

    @Test
    void namesAndSoftmaxRoundTrip() {
        Network net = Network.builder(2)
                .dense(new double[][] {{1, 2}, {3, 4}, {5, 6}}, new double[] {0, 0, 0}).softmax()
                .features("petal \"length\"", "width/cm")
                .classes("setosa", "versicolor", "virginica ü")
                .build();
        String json = ModelJson.toJson(net);
        Network back = ModelJson.parse(json);
        assertEquals(net, back);
        assertTrue(back.softmax());
        assertEquals(List.of("petal \"length\"", "width/cm"), back.features());
        assertEquals(List.of("setosa", "versicolor", "virginica ü"), back.classes());
        assertTrue(json.contains("{\"type\":\"softmax\"}"), json);
    }

    @Test
    void generatedNamesAreLeftOutAndComeBack() {
        Network net = Network.builder(3).dense(new double[][] {{1, 2, 3}}, new double[] {0}).build();
        String json = ModelJson.toJson(net);
        assertFalse(json.contains("\"features\""), json);
        assertFalse(json.contains("\"classes\""), json);
        assertFalse(json.contains("softmax"), json);
        assertEquals(net, ModelJson.parse(json));
    }

    @Test
    void oneLayerPerLineWithResidualBranchesIndented() {
        Network net = Network.builder(2)
                .add(Residual.of(List.of(), List.of(new Dense(new double[][] {{1, 0}, {0, 1}}, new double[] {0, 0}),
                        new Relu())))
                .dense(new double[][] {{1, -1}}, new double[] {0.5})
                .build();
        String expected = """
                {
                  "format": "re3-model/1",
                  "inputShape": [2],
                  "layers": [
                    {"type":"residual","branches":[
                      [],
                      [
                        {"type":"dense","weight":[[1.0,0.0],[0.0,1.0]],"bias":[0.0,0.0]},
                        {"type":"relu"}
                      ]
                    ]},
                    {"type":"dense","weight":[[1.0,-1.0]],"bias":[0.5]}
                  ]
                }
                """;
        assertEquals(expected, ModelJson.toJson(net));
        assertEquals(net, ModelJson.parse(expected));
    }

    @Test
    void poolDefaultsAndWrittenGeometry() {
        String json = """
                {"format":"re3-model/1","inputShape":[1,4,4],"layers":[
                  {"type":"maxpool2d","kernel":[2,2]},
                  {"type":"avgpool2d","kernel":[2,1],"stride":[1,1]},
                  {"type":"dropout"},
                  {"type":"flatten"}
                ]}""";
        Network net = ModelJson.parse(json);
        MaxPool2d max = (MaxPool2d) net.layers().get(0);
        AvgPool2d avg = (AvgPool2d) net.layers().get(1);
        assertEquals("[2, 2] [2, 2] [0, 0]", str(max.kernel()) + " " + str(max.stride()) + " " + str(max.padding()));
        assertEquals("[2, 1] [1, 1] [0, 0]", str(avg.kernel()) + " " + str(avg.stride()) + " " + str(avg.padding()));
        assertEquals(new Dropout(0), net.layers().get(2));
        assertEquals(2, net.outputSize());
        String written = ModelJson.toJson(net);
        assertTrue(written.contains("{\"type\":\"maxpool2d\",\"kernel\":[2,2],\"stride\":[2,2],\"padding\":[0,0]}"),
                written);
        assertEquals(net, ModelJson.parse(written));
    }

    @Test
    void countPaddingIsWrittenOnlyWhenItIsOff() {
        int[] k = {3, 3};
        int[] one = {1, 1};
        Network counted = new Network(new int[] {1, 4, 4}, null, null, List.of(new AvgPool2d(k, one, one), new Flatten()),
                false);
        Network real = new Network(new int[] {1, 4, 4}, null, null, List.of(new AvgPool2d(k, one, one, false),
                new Flatten()), false);
        // the default keeps the text older versions wrote, key for key
        assertEquals("    {\"type\":\"avgpool2d\",\"kernel\":[3,3],\"stride\":[1,1],\"padding\":[1,1]},",
                ModelJson.toJson(counted).lines().filter(l -> l.contains("avgpool2d")).findFirst().orElseThrow());
        String json = ModelJson.toJson(real);
        assertTrue(json.contains("{\"type\":\"avgpool2d\",\"kernel\":[3,3],\"stride\":[1,1],\"padding\":[1,1],"
                + "\"countPadding\":false}"), json);
        Network back = ModelJson.parse(json);
        assertEquals(real, back);
        assertFalse(((AvgPool2d) back.layers().get(0)).countPadding());
        assertNotEquals(counted, real);
        // without padding both conventions are the same layer, recorded as the default
        AvgPool2d unpadded = new AvgPool2d(k, one, new int[] {0, 0}, false);
        assertTrue(unpadded.countPadding());
        assertEquals(new AvgPool2d(k, one), unpadded);
    }

    private static String str(int[] a) {
        return java.util.Arrays.toString(a);
    }

    @Test
    void filesAndProvenanceRoundTrip(@TempDir Path dir) {
        Network net = vectorNetwork(new Random(5)).withNames(null, null);
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("seed", 42);
        provenance.put("dataset", "iris");
        provenance.put("versions", Map.of("re3", "0.1.0"));
        provenance.put("settings", Map.of("epochs", 200, "lr", 0.01, "layers", List.of(4, 8, 3)));
        Path file = dir.resolve("models/nested/net.json");
        ModelJson.write(net, file, provenance);
        assertEquals(net, ModelJson.read(file));
        Map<String, Object> back = ModelJson.readProvenance(file);
        assertEquals(List.of("seed", "dataset", "versions", "settings"), List.copyOf(back.keySet()));
        assertEquals(42, back.get("seed"));
        assertEquals("iris", back.get("dataset"));
        assertEquals(Map.of("re3", "0.1.0"), back.get("versions"));
        assertEquals(Map.of("epochs", 200, "lr", 0.01, "layers", List.of(4, 8, 3)), back.get("settings"));
        assertThrowsUnsupported(back);

        Path plain = dir.resolve("plain.json");
        ModelJson.write(net, plain);
        assertEquals(net, ModelJson.read(plain));
        assertEquals(Map.of(), ModelJson.readProvenance(plain));
    }

    private static void assertThrowsUnsupported(Map<String, Object> map) {
        try {
            map.put("x", 1);
        } catch (UnsupportedOperationException expected) {
            return;
        }
        throw new AssertionError("provenance map should be unmodifiable");
    }

    @Test
    void readsFromAStreamWithoutClosingIt() throws Exception {
        Network net = vectorNetwork(new Random(6));
        boolean[] closed = {false};
        var in = new java.io.ByteArrayInputStream(ModelJson.toJson(net).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        assertEquals(net, ModelJson.read(in));
        assertFalse(closed[0]);
    }

    @Test
    void unknownTopLevelKeysAreIgnoredAndNullMeansAbsent() {
        Network net = ModelJson.parse("""
                {"format":"re3-model/1","inputShape":[1],"comment":"exported by hand","version":3,
                 "features":null,"provenance":null,
                 "layers":[{"type":"dense","weight":[[2]],"bias":[1]},{"type":"dropout","rate":null}]}""");
        assertEquals(List.of("x0"), net.features());
        assertEquals(3.0, net.forward(new double[] {1})[0]);
    }

    @Test
    void writtenFileIsReplacedWhole(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("net.json");
        Network a = vectorNetwork(new Random(7));
        Network b = vectorNetwork(new Random(8));
        ModelJson.write(a, file);
        ModelJson.write(b, file);
        assertEquals(b, ModelJson.read(file));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }
}
