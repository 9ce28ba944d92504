package dev.re3.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.re3.net.AvgPool2d;
import dev.re3.net.BatchNorm;
import dev.re3.net.Conv2d;
import dev.re3.net.Dense;
import dev.re3.net.Flatten;
import dev.re3.net.LeakyRelu;
import dev.re3.net.MaxPool2d;
import dev.re3.net.Network;
import dev.re3.net.Relu;
import dev.re3.net.Residual;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Imports the PyTorch exports and compares the network's outputs with PyTorch's. */
class OnnxImportTest {
    static List<String> fixtures() {
        return OnnxFixtures.NAMES;
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void outputsEqualPyTorchs(String name) {
        Network net = OnnxImport.read(OnnxFixtures.onnx(name));
        JsonNode expected = OnnxFixtures.expected(name);
        assertArrayEquals(OnnxFixtures.row(expected.get("inputShape")),
                java.util.Arrays.stream(net.inputShape()).asDoubleStream().toArray());
        // float32 weights read exactly; PyTorch computed in float32, so agreement is to float32 rounding
        double tol = expected.get("dtype").asText().equals("float64") ? 1e-12 : 1e-5;
        JsonNode inputs = expected.get("inputs");
        JsonNode outputs = expected.get("outputs");
        assertEquals(4, inputs.size());
        for (int k = 0; k < inputs.size(); k++) {
            double[] x = OnnxFixtures.row(inputs.get(k));
            double[] want = OnnxFixtures.row(outputs.get(k));
            double[] got = net.softmax() ? net.probabilities(x) : net.forward(x);
            assertEquals(want.length, got.length);
            for (int c = 0; c < want.length; c++) {
                assertEquals(want[c], got[c], tol * Math.max(1, Math.abs(want[c])),
                        name + " input " + k + " output " + c);
            }
        }
    }

    /** The file's own weights evaluated in float64 by PyTorch's operators: an exact import agrees to rounding. */
    @ParameterizedTest
    @MethodSource("fixtures")
    void outputsEqualTheFilesGraphInFloat64(String name) {
        Network net = OnnxImport.read(OnnxFixtures.onnx(name));
        JsonNode expected = OnnxFixtures.expected(name);
        JsonNode inputs = expected.get("inputs");
        JsonNode outputs = expected.get("outputs64");
        for (int k = 0; k < inputs.size(); k++) {
            double[] x = OnnxFixtures.row(inputs.get(k));
            double[] want = OnnxFixtures.row(outputs.get(k));
            double[] got = net.softmax() ? net.probabilities(x) : net.forward(x);
            double scale = java.util.Arrays.stream(want).map(Math::abs).max().orElse(1);
            for (int c = 0; c < want.length; c++) {
                assertEquals(want[c], got[c], 1e-9 * scale, name + " input " + k + " output " + c);
            }
        }
    }

    @Test
    void mlpIsDenseReluDense() {
        Network net = OnnxImport.read(OnnxFixtures.onnx("mlp_opset11"));
        assertEquals(3, net.layers().size());
        Dense first = assertInstanceOf(Dense.class, net.layers().get(0));
        assertEquals(4, first.in());
        assertEquals(8, first.out());
        assertInstanceOf(Relu.class, net.layers().get(1));
        assertFalse(net.softmax());
    }

    @Test
    void subThenDivByConstantsIsOneStandardizeLayer() {
        Network net = OnnxImport.read(OnnxFixtures.onnx("standardized_mlp"));
        assertEquals(4, net.layers().size());
        dev.re3.net.Standardize st = assertInstanceOf(dev.re3.net.Standardize.class, net.layers().get(0));
        // the float32 buffers of the PyTorch module, read exactly
        assertArrayEquals(new double[] {5.8f, 3.0f, 3.8f, 1.2f}, st.mean());
        assertArrayEquals(new double[] {0.8f, 0.4f, 1.7f, 0.75f}, st.scale());
        assertInstanceOf(Dense.class, net.layers().get(1));
        // and the export writes it back as Sub and Div, read as the same layer
        assertEquals(net, OnnxImport.read(OnnxExport.create().toBytes(net)));
    }

    @Test
    void matMulThenAddIsOneDenseWithBias() {
        Network net = OnnxImport.read(OnnxFixtures.onnx("matmul_add"));
        assertEquals(3, net.layers().size());
        Dense d = assertInstanceOf(Dense.class, net.layers().get(0));
        assertTrue(java.util.Arrays.stream(d.bias()).anyMatch(b -> b != 0));
        Dense last = assertInstanceOf(Dense.class, net.layers().get(2));
        assertArrayEquals(new double[2], last.bias());
    }

    @Test
    void cnnKeepsItsLayersAndFoldsPadIntoAvgPool() {
        Network net = OnnxImport.read(OnnxFixtures.onnx("cnn_view"));
        List<Class<?>> types = net.layers().stream().<Class<?>>map(Object::getClass).toList();
        assertEquals(List.of(Conv2d.class, Relu.class, MaxPool2d.class, Conv2d.class, Relu.class, BatchNorm.class,
                AvgPool2d.class, AvgPool2d.class, AvgPool2d.class, Flatten.class, Dense.class), types);
        AvgPool2d padded = (AvgPool2d) net.layers().get(6);
        assertArrayEquals(new int[] {1, 1}, padded.padding());
        AvgPool2d global = (AvgPool2d) net.layers().get(8);
        assertArrayEquals(new int[] {3, 3}, global.kernel());
    }

    @Test
    void averagePoolWithPadsAndCountIncludePadZeroLeavesPaddingOutOfTheDivisor() {
        Network net = OnnxImport.read(OnnxFixtures.onnx("cnn_exclude_pad"));
        List<AvgPool2d> pools = net.layers().stream().filter(AvgPool2d.class::isInstance).map(AvgPool2d.class::cast)
                .toList();
        assertEquals(2, pools.size());
        for (AvgPool2d p : pools) {
            assertFalse(p.countPadding());
            assertArrayEquals(new int[] {1, 1}, p.padding());
        }
        assertArrayEquals(new int[] {2, 3}, pools.get(1).kernel());
        // PyTorch's Pad before AveragePool (count_include_pad=True) and an unpadded count_include_pad=False pool
        // are the default layer
        Network view = OnnxImport.read(OnnxFixtures.onnx("cnn_view"));
        assertTrue(((AvgPool2d) view.layers().get(6)).countPadding());
        assertTrue(((AvgPool2d) view.layers().get(7)).countPadding());
    }

    @Test
    void residualAddBecomesResidualLayer() {
        Network net = OnnxImport.read(OnnxFixtures.onnx("residual_mlp"));
        Residual r = assertInstanceOf(Residual.class, net.layers().get(2));
        assertEquals(List.of(), r.branches().get(0));
        assertEquals(3, r.branches().get(1).size());
        assertInstanceOf(Residual.class, net.layers().get(4));
    }

    @Test
    void softmaxEndingIsTheOutputLink() {
        Network net = OnnxImport.read(OnnxFixtures.onnx("leaky_softmax"));
        assertTrue(net.softmax());
        LeakyRelu leaky = assertInstanceOf(LeakyRelu.class, net.layers().get(2));
        assertEquals(0.1f, (float) leaky.alpha());
        assertInstanceOf(BatchNorm.class, net.layers().get(1));
    }
}
