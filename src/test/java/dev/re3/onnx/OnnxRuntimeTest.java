package dev.re3.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import dev.re3.fixtures.RandomNetworks;
import dev.re3.net.Flatten;
import dev.re3.net.MaxPool2d;
import dev.re3.net.Network;
import dev.re3.net.Relu;
import dev.re3.net.Residual;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The files {@link OnnxExport} writes run in onnxruntime (an independent ONNX implementation, through its
 * Java API) and give {@link Network#forward} (or the probabilities, for a softmax network): float32 files to
 * 1e-5 relative, float64 files to 1e-12 relative. ORT's CPU kernels have no float64 {@code Conv},
 * {@code AveragePool} or {@code LeakyRelu}, so float64 files are run for the networks without them.
 *
 * <p>The PyTorch exports themselves also run in ORT and agree with the imported networks, with ORT's graph
 * optimisations off: ORT 1.20 fuses PyTorch's zero {@code Pad} into the following {@code AveragePool}
 * without setting {@code count_include_pad=1}, which changes the border averages (microsoft/onnxruntime
 * issue 22177, fixed by pull request 23190 after 1.20). The files {@code OnnxExport} writes never have a
 * {@code Pad} and run with ORT's default optimisations.
 */
class OnnxRuntimeTest {
    /** Every network the export is checked on: the imported fixtures, the shared random ones, the round-trip ones. */
    static Stream<Object[]> networks() {
        List<Object[]> cases = new ArrayList<>();
        for (String name : OnnxFixtures.NAMES) {
            cases.add(new Object[] {"fixture " + name, OnnxImport.read(OnnxFixtures.onnx(name))});
        }
        int k = 0;
        for (Network net : RandomNetworks.all()) {
            cases.add(new Object[] {"random " + k++, net});
        }
        k = 0;
        for (Network net : OnnxRoundTripTest.networks().toList()) {
            cases.add(new Object[] {"round trip " + k++, net});
        }
        return cases.stream();
    }

    /** Networks whose operators all have float64 kernels in ORT: dense, relu, batch norm, max pool, residual, softmax. */
    static Stream<Object[]> float64Networks() {
        Random r = new Random(3);
        Network pools = Network.builder(2, 6, 6)
                .add(new MaxPool2d(new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1}))
                .add(new MaxPool2d(new int[] {2, 2}, new int[] {2, 2})).add(new Flatten())
                .add(RandomNetworks.dense(r, 3, 2 * 3 * 3)).build();
        Network normed = Network.builder(5).add(RandomNetworks.dense(r, 6, 5)).add(RandomNetworks.batchNorm(r, 6))
                .add(new Relu()).add(Residual.of(List.of(), List.of(RandomNetworks.dense(r, 6, 6), new Relu())))
                .add(RandomNetworks.dense(r, 3, 6)).softmax().build();
        return Stream.of(new Object[] {"pools", pools}, new Object[] {"batch norm and residual", normed},
                new Object[] {"mlp", RandomNetworks.mlp(1, 0, 4, 8, 3)}, new Object[] {"residual", RandomNetworks.residual(8)},
                new Object[] {"fixture mlp_float64", OnnxImport.read(OnnxFixtures.onnx("mlp_float64"))});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void float32ExportRunsInOnnxRuntime(String name, Network net) throws OrtException {
        for (int opset : new int[] {11, 17}) {
            double[][] xs = inputs(net, 5);
            double[][] got = run(OnnxExport.create().float32(true).opset(opset).toBytes(net), net.inputShape(), xs, true,
                    true);
            compare(net, xs, got, 1e-5, name + ", float32 at opset " + opset);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("float64Networks")
    void float64ExportRunsInOnnxRuntime(String name, Network net) throws OrtException {
        double[][] xs = inputs(net, 5);
        compare(net, xs, run(OnnxExport.create().toBytes(net), net.inputShape(), xs, false, true), 1e-12,
                name + ", float64");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.re3.onnx.OnnxImportTest#fixtures")
    void pyTorchExportsRunInOnnxRuntimeAsImported(String name) throws OrtException {
        Network net = OnnxImport.read(OnnxFixtures.onnx(name));
        JsonNode expected = OnnxFixtures.expected(name);
        double[][] xs = OnnxFixtures.matrix(expected.get("inputs"));
        boolean float32 = expected.get("dtype").asText().equals("float32");
        compare(net, xs, run(OnnxFixtures.onnx(name), net.inputShape(), xs, float32, false), float32 ? 1e-5 : 1e-12,
                name);
    }

    private static double[][] inputs(Network net, int n) {
        Random r = new Random(net.inputSize() * 31L + n);
        double[][] xs = new double[n][];
        for (int i = 0; i < n; i++) {
            xs[i] = RandomNetworks.input(r, net.inputSize());
        }
        return xs;
    }

    /** Each output equal to the network's to {@code rel} times the largest magnitude of that output (at least 1). */
    private static void compare(Network net, double[][] xs, double[][] got, double rel, String what) {
        assertEquals(xs.length, got.length, what + ": batch");
        for (int n = 0; n < xs.length; n++) {
            double[] want = net.softmax() ? net.probabilities(xs[n]) : net.forward(xs[n]);
            assertEquals(want.length, got[n].length, what + ": outputs");
            double scale = 1;
            for (double v : want) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int c = 0; c < want.length; c++) {
                assertEquals(want[c], got[n][c], rel * scale, what + ", input " + n + ", output " + c);
            }
        }
    }

    /**
     * Runs a model in ORT on a batch {@code [n, ...inputShape]} and returns its output {@code [n][K]}, with
     * ORT's default graph optimisations or none.
     * The environment is ORT's one per JVM (its {@code close()} does nothing; ORT closes it at exit);
     * the options, session, tensors and result are closed here.
     */
    static double[][] run(byte[] model, int[] inputShape, double[][] xs, boolean float32, boolean optimise)
            throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long[] shape = new long[inputShape.length + 1];
        shape[0] = xs.length;
        for (int i = 0; i < inputShape.length; i++) {
            shape[i + 1] = inputShape[i];
        }
        int size = xs[0].length;
        double[] flat = new double[xs.length * size];
        for (int n = 0; n < xs.length; n++) {
            System.arraycopy(xs[n], 0, flat, n * size, size);
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            if (!optimise) {
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            }
            try (OrtSession session = env.createSession(model, options);
                    OnnxTensor input = float32 ? OnnxTensor.createTensor(env, FloatBuffer.wrap(floats(flat)), shape)
                            : OnnxTensor.createTensor(env, DoubleBuffer.wrap(flat), shape);
                    OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), input))) {
                OnnxTensor out = (OnnxTensor) result.get(0);
                long[] s = out.getInfo().getShape();
                assertEquals(2, s.length, "output rank");
                double[] values;
                if (float32) {
                    FloatBuffer b = out.getFloatBuffer();
                    values = new double[b.remaining()];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = b.get(i);
                    }
                } else {
                    DoubleBuffer b = out.getDoubleBuffer();
                    values = new double[b.remaining()];
                    b.get(values);
                }
                double[][] rows = new double[(int) s[0]][(int) s[1]];
                for (int n = 0; n < rows.length; n++) {
                    System.arraycopy(values, n * rows[n].length, rows[n], 0, rows[n].length);
                }
                return rows;
            }
        }
    }

    private static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
