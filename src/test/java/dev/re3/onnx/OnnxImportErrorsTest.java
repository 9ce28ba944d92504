package dev.re3.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import dev.re3.io.ModelFormatException;
import dev.re3.net.Dense;
import dev.re3.net.Network;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input gets an error that says what was expected and what was given. */
class OnnxImportErrorsTest {
    /** A fixture changed by {@code edit}, as bytes. */
    static byte[] edited(String fixture, Consumer<ModelProto.Builder> edit) {
        ModelProto.Builder m = OnnxImport.parse(OnnxFixtures.onnx(fixture)).toBuilder();
        edit.accept(m);
        return m.build().toByteArray();
    }

    static String error(byte[] bytes) {
        return assertThrows(ModelFormatException.class, () -> OnnxImport.read(bytes)).getMessage();
    }

    static void contains(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), () -> "expected \"" + p + "\" in: " + message);
        }
    }

    static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        Arrays.stream(values).forEach(a::addInts);
        return a.build();
    }

    static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    /** Replaces (or adds) one attribute of node {@code k}. */
    static Consumer<ModelProto.Builder> attribute(int k, AttributeProto a) {
        return m -> {
            NodeProto.Builder n = m.getGraphBuilder().getNodeBuilder(k);
            List<AttributeProto> rest = n.getAttributeList().stream().filter(x -> !x.getName().equals(a.getName())).toList();
            n.clearAttribute().addAllAttribute(rest).addAttribute(a);
        };
    }

    @Test
    void notOnnxTruncatedOrEmpty() {
        contains(error("{\"format\": \"re3-model/1\"}".getBytes(StandardCharsets.UTF_8)), "not an ONNX model");
        byte[] whole = OnnxFixtures.onnx("cnn_view");
        contains(error(Arrays.copyOf(whole, whole.length / 2)), "truncated");
        contains(error(new byte[0]), "empty");
        contains(error(ModelProto.newBuilder().setIrVersion(8).build().toByteArray()), "no graph");
    }

    @Test
    void fileMustBeRegular(@TempDir Path dir) throws Exception {
        contains(assertThrows(ModelFormatException.class, () -> OnnxImport.read(dir)).getMessage(), "a directory");
        contains(assertThrows(ModelFormatException.class, () -> OnnxImport.read(dir.resolve("no.onnx"))).getMessage(),
                "no file");
        Path cut = dir.resolve("cut.onnx");
        byte[] whole = OnnxFixtures.onnx("mlp_opset11");
        Files.write(cut, Arrays.copyOf(whole, whole.length - 7));
        contains(assertThrows(ModelFormatException.class, () -> OnnxImport.read(cut)).getMessage(), cut.toString());
    }

    @Test
    void unsupportedOperatorNamesNodeOpAndWhy() {
        String m = error(edited("mlp_opset11", b -> b.getGraphBuilder().getNodeBuilder(1).setOpType("Sigmoid")));
        contains(m, "node '/1/Relu' (Sigmoid)", "not piecewise linear", "supported: Gemm, MatMul");
        contains(error(edited("mlp_opset11", b -> b.getGraphBuilder().getNodeBuilder(1).setOpType("Abs"))),
                "unsupported operator Abs");
    }

    @Test
    void convolutionAttributesOutsideTheLayer() {
        contains(error(edited("cnn_flatten_opset11", attribute(0, ints("dilations", 2, 2)))),
                "(Conv): dilations: expected all 1", "[2, 2]");
        contains(error(edited("cnn_flatten_opset11", attribute(0, integer("group", 3)))),
                "group: expected 1", "got 3");
        contains(error(edited("cnn_flatten_opset11", attribute(0, ints("pads", 1, 1, 0, 0)))),
                "expected symmetric padding", "[1, 1, 0, 0]");
        contains(error(edited("cnn_flatten_opset11", attribute(0, ints("kernel_shape", 2, 2)))),
                "kernel_shape [2, 2] does not match");
    }

    @Test
    void poolingAttributesOutsideTheLayer() {
        contains(error(edited("cnn_flatten_opset11", attribute(2, integer("ceil_mode", 1)))),
                "(MaxPool): ceil_mode: expected 0", "got 1");
        // after PyTorch's zero Pad, AveragePool's own pads with count_include_pad 0 would count one padding
        // in the divisor and not the other
        contains(error(edited("cnn_flatten_opset11", attribute(5, ints("pads", 1, 1, 1, 1)))),
                "(AveragePool): count_include_pad 0 with pads [1, 1] after a zero Pad [1, 1]");
        contains(error(edited("cnn_flatten_opset11", attribute(2, ints("foo", 1)))),
                "attribute 'foo' is not one this import reads");
    }

    @Test
    void missingInitializerAndWrongShapes() {
        contains(error(edited("mlp_opset11", b -> b.getGraphBuilder().removeInitializer(2))),
                "(Gemm): uses '2.weight', which no initializer");
        contains(error(edited("mlp_opset11", b -> b.getGraphBuilder().getInitializerBuilder(0).setDims(0, 4)
                .setDims(1, 8))), "node '/0/Gemm' (Gemm): expected an input of shape [N, 8], got [N, 4]");
        contains(error(edited("mlp_opset11", b -> b.getGraphBuilder().getInitializerBuilder(1).setDims(0, 7))),
                "initializer '0.bias': raw_data has 32 bytes, expected 28");
        contains(error(edited("mlp_opset11", b -> b.getGraphBuilder().getInitializerBuilder(1)
                .setDataLocation(TensorProto.DataLocation.EXTERNAL))), "external file");
    }

    @Test
    void graphShapeProblems() {
        contains(error(edited("mlp_opset11", b -> b.getGraphBuilder().getInputBuilder(0).getTypeBuilder()
                .getTensorTypeBuilder().getShapeBuilder().setDim(1, TensorShapeProto.Dimension.newBuilder()
                        .setDimParam("features")))), "expected a fixed size for axis 1", "'features'");
        contains(error(edited("mlp_opset11", b -> b.getGraphBuilder().addInput(b.getGraph().getInput(0).toBuilder()
                .setName("second")))), "expected exactly one input", "[input, second]");
        contains(error(edited("mlp_opset11", b -> b.getGraphBuilder().addOutput(b.getGraph().getOutput(0).toBuilder()
                .setName("/1/Relu_output_0")))), "expected exactly one output");
        contains(error(edited("mlp_opset11", b -> b.getOpsetImportBuilder(0).setVersion(9))),
                "opset 9: expected an ONNX opset from 11 to 17");
        contains(error(edited("cnn_view", b -> b.getGraphBuilder().getNodeBuilder(18).setInput(1, "/Shape_output_0"))),
                "(Reshape): expected a target shape [N, -1]", "[N, 5, 1, 1]");
    }

    @Test
    void notAChainOfSupportedBlocks() {
        // Gemm on the image without flattening it first
        contains(error(edited("cnn_flatten_opset11", b -> b.getGraphBuilder().getNodeBuilder(7)
                .setInput(0, "/3/AveragePool_output_0"))), "(Gemm): expected an input of shape [N, 27], got [N, 3, 3, 3]",
                "flatten it first");
        contains(error(edited("mlp_opset11", attribute(0, integer("transA", 1)))), "transA: expected 0");
        // a constant added after a ReLU is not a bias of the layer before
        contains(error(edited("mlp_opset11", b -> b.getGraphBuilder().getNodeBuilder(2).setOpType("Add").clearAttribute()
                .clearInput().addInput("/1/Relu_output_0").addInput("2.bias"))), "adding a constant is supported only as the bias");
        // the zero Pad before a max pool cannot be folded into it
        contains(error(edited("cnn_flatten_opset11", b -> {
            GraphProto.Builder g = b.getGraphBuilder();
            g.getNodeBuilder(4).setInput(0, "/1/Relu_output_0");
            g.getNodeBuilder(2).setInput(0, "/3/Pad_output_0");
            NodeProto maxPool = g.getNode(2);
            g.removeNode(2);
            g.addNode(4, maxPool);
        })), "(MaxPool): takes the output of a zero Pad");
        contains(error(edited("mlp_opset11", b -> b.getGraphBuilder().getNodeBuilder(1).setOutput(0, "input"))),
                "defines 'input' a second time");
    }

    @Test
    void softmaxOnlyAtTheEnd() {
        contains(error(edited("mlp_opset11", b -> b.getGraphBuilder().getNodeBuilder(1).setOpType("Softmax"))),
                "(Gemm): takes the output of a Softmax");
    }

    @Test
    void typedFieldsFloat64AndNamesFromMetadata() {
        byte[] bytes = edited("mlp_opset11", b -> {
            GraphProto.Builder g = b.getGraphBuilder();
            for (int k = 0; k < g.getInitializerCount(); k++) {
                TensorProto t = g.getInitializer(k);
                TensorProto.Builder typed = t.toBuilder().clearRawData();
                java.nio.ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN);
                if (k % 2 == 0) {
                    while (raw.hasRemaining()) {
                        typed.addFloatData(raw.getFloat());
                    }
                } else {
                    typed.setDataType(TensorProto.DataType.DOUBLE_VALUE);
                    while (raw.hasRemaining()) {
                        typed.addDoubleData(raw.getFloat());
                    }
                }
                g.setInitializer(k, typed);
            }
            b.addMetadataProps(StringStringEntryProto.newBuilder().setKey("re3.classes").setValue("[\"a\",\"b\",\"c\"]"));
        });
        Network typed = OnnxImport.read(bytes);
        Network raw = OnnxImport.read(OnnxFixtures.onnx("mlp_opset11"));
        assertEquals(List.of("a", "b", "c"), typed.classes());
        assertEquals(raw.withNames(typed.features(), typed.classes()), typed);
        assertArrayEquals(((Dense) raw.layers().get(0)).bias(), ((Dense) typed.layers().get(0)).bias());
        contains(error(edited("mlp_opset11", b -> b.addMetadataProps(StringStringEntryProto.newBuilder()
                .setKey("re3.features").setValue("x,y")))), "re3.features", "JSON array of strings");
        contains(error(edited("mlp_opset11", b -> b.addMetadataProps(StringStringEntryProto.newBuilder()
                .setKey("re3.features").setValue("[\"x\"]")))), "features: expected 4 names, got 1");
    }
}
