package dev.re3.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import dev.re3.io.AtomicFiles;
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
import dev.re3.net.Standardize;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a {@link Network} as an ONNX model that onnxruntime and other ONNX tools run:
 * {@code Sub} then {@code Div} for a standardize layer, {@code Gemm(transB=1)} for dense layers, {@code Conv},
 * {@code BatchNormalization}, {@code Relu}, {@code LeakyRelu}, {@code MaxPool}, {@code AveragePool}
 * ({@code count_include_pad} as the layer's {@link AvgPool2d#countPadding()}),
 * {@code Flatten}, {@code Dropout}, {@code Add} or {@code Sum} after the branches of a residual layer,
 * and a final {@code Softmax}.
 *
 * <pre>{@code
 * OnnxExport.create().write(net, Path.of("model.onnx"));
 * byte[] float32 = OnnxExport.create().float32(true).opset(17).toBytes(net);
 * }</pre>
 *
 * <p>The input is {@code "input"} of shape {@code [batch, ...net.inputShape()]}, the output
 * {@code "output"} of shape {@code [batch, K]}. Weights are float64 by default, so that
 * {@code OnnxImport.read(toBytes(net)).equals(net)}; float attributes (epsilon, alpha, a dropout ratio
 * in opset 11), which ONNX stores in float32, also go to {@code metadata_props} as
 * {@code re3.exact.<node>.<attribute>} so that the import reads them back exactly. Feature and class
 * names go to {@code re3.features} and {@code re3.classes}. Node and weight names are the network's
 * site names, e.g. {@code 0.dense} and {@code 0.dense.weight}.
 */
public final class OnnxExport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final int opset;
    private final boolean float32;

    private OnnxExport(int opset, boolean float32) {
        this.opset = opset;
        this.float32 = float32;
    }

    /** An exporter for opset 13 with float64 weights. */
    public static OnnxExport create() {
        return new OnnxExport(13, false);
    }

    /**
     * The same exporter for another opset.
     *
     * @param version from {@value GraphReader#MIN_OPSET} to {@value GraphReader#MAX_OPSET}
     */
    public OnnxExport opset(int version) {
        if (version < GraphReader.MIN_OPSET || version > GraphReader.MAX_OPSET) {
            throw new IllegalArgumentException("opset: expected " + GraphReader.MIN_OPSET + " to " + GraphReader.MAX_OPSET
                    + ", got " + version);
        }
        return new OnnxExport(version, float32);
    }

    /**
     * The same exporter writing float32 weights and input, the type most runtimes' kernels take;
     * weights are then rounded to float32.
     */
    public OnnxExport float32(boolean single) {
        return new OnnxExport(opset, single);
    }

    /** The network as the bytes of an ONNX {@code ModelProto}. */
    public byte[] toBytes(Network net) {
        return model(net).toByteArray();
    }

    /**
     * Writes the network to an ONNX file whole or not at all (see {@link AtomicFiles}).
     *
     * @throws IllegalArgumentException if the target exists and is not a regular file
     * @throws UncheckedIOException if the file cannot be written; an existing file is then unchanged
     */
    public void write(Network net, Path file) {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException(file + ": expected a regular file to replace or a new path, got "
                    + (Files.isDirectory(file) ? "a directory" : Files.isSymbolicLink(file) ? "a symbolic link"
                    : "a special file"));
        }
        byte[] bytes = toBytes(net);
        try {
            AtomicFiles.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    ModelProto model(Network net) {
        Graph g = new Graph();
        String out = g.layers(net.layers(), "", "input", net.inputShape());
        if (net.softmax()) {
            out = g.node("Softmax", "softmax", List.of(out), attr("axis", 1));
        }
        g.graph.setName("re3");
        g.graph.addInput(value("input", net.inputShape()));
        g.graph.addOutput(value(out, new int[] {net.outputSize()}));
        ModelProto.Builder m = ModelProto.newBuilder()
                .setIrVersion(opset <= 11 ? 6 : opset <= 13 ? 7 : 8)
                .setProducerName("re3")
                .setProducerVersion("1")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(g.graph);
        m.addMetadataProps(entry(GraphReader.FEATURES, json(net.features())));
        m.addMetadataProps(entry(GraphReader.CLASSES, json(net.classes())));
        g.exact.forEach(m::addMetadataProps);
        return m.build();
    }

    private static String json(List<String> names) {
        try {
            return JSON.writeValueAsString(names);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    private ValueInfoProto value(String name, int[] shape) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
        for (int d : shape) {
            s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(elemType()).setShape(s))).build();
    }

    private int elemType() {
        return float32 ? TensorProto.DataType.FLOAT_VALUE : TensorProto.DataType.DOUBLE_VALUE;
    }

    private static AttributeProto attr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(value).build();
    }

    private static AttributeProto attr(String name, int... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS);
        for (int v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static AttributeProto attr(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOAT).setF(value).build();
    }

    /** The graph being built: nodes, initializers and the exact values of float attributes. */
    private final class Graph {
        final GraphProto.Builder graph = GraphProto.newBuilder();
        final java.util.List<StringStringEntryProto> exact = new java.util.ArrayList<>();

        String node(String op, String name, List<String> inputs, AttributeProto... attributes) {
            NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addOutput(name);
            for (AttributeProto a : attributes) {
                n.addAttribute(a);
            }
            graph.addNode(n);
            return name;
        }

        /** A float attribute, with its float64 value recorded when float32 rounds it. */
        AttributeProto real(String node, String name, double value) {
            if ((double) (float) value != value) {
                exact.add(entry(GraphReader.EXACT + node + "." + name, Double.toString(value)));
            }
            return attr(name, (float) value);
        }

        String tensor(String name, double[] values, long... dims) {
            TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(elemType());
            for (long d : dims) {
                t.addDims(d);
            }
            ByteBuffer b = ByteBuffer.allocate(values.length * (float32 ? 4 : 8)).order(ByteOrder.LITTLE_ENDIAN);
            for (double v : values) {
                if (float32) {
                    b.putFloat((float) v);
                } else {
                    b.putDouble(v);
                }
            }
            t.setRawData(ByteString.copyFrom(b.array()));
            graph.addInitializer(t);
            return name;
        }

        /** Emits the layers in order from {@code input}; returns the name of the last output. */
        String layers(List<Layer> layers, String prefix, String input, int[] shape) {
            String x = input;
            for (int i = 0; i < layers.size(); i++) {
                Layer layer = layers.get(i);
                String name = prefix + i + "." + layer.type();
                x = layer(layer, name, x, shape);
                shape = layer.outputShape(shape);
            }
            return x;
        }

        private String layer(Layer layer, String name, String x, int[] shape) {
            if (layer instanceof Standardize st) {
                long[] dims = new long[shape.length + 1];
                dims[0] = 1;
                for (int k = 0; k < shape.length; k++) {
                    dims[k + 1] = shape[k];
                }
                String centred = node("Sub", name + ".sub", List.of(x, tensor(name + ".mean", st.mean(), dims)));
                return node("Div", name, List.of(centred, tensor(name + ".scale", st.scale(), dims)));
            }
            if (layer instanceof Dense d) {
                return node("Gemm", name, List.of(x, tensor(name + ".weight", d.weightRowMajor(), d.out(), d.in()),
                        tensor(name + ".bias", d.bias(), d.out())), attr("transB", 1L));
            }
            if (layer instanceof Conv2d c) {
                int[] k = c.kernel();
                int[] p = c.padding();
                return node("Conv", name, List.of(x, tensor(name + ".weight", c.weightFlat(), c.outChannels(),
                        c.inChannels(), k[0], k[1]), tensor(name + ".bias", c.bias(), c.outChannels())),
                        attr("kernel_shape", k), attr("strides", c.stride()), attr("pads", p[0], p[1], p[0], p[1]),
                        attr("dilations", 1, 1), attr("group", 1L));
            }
            if (layer instanceof BatchNorm b) {
                return node("BatchNormalization", name, List.of(x,
                        tensor(name + ".gamma", b.gamma(), b.channels()), tensor(name + ".beta", b.beta(), b.channels()),
                        tensor(name + ".mean", b.mean(), b.channels()), tensor(name + ".var", b.var(), b.channels())),
                        real(name, "epsilon", b.eps()));
            }
            if (layer instanceof Relu) {
                return node("Relu", name, List.of(x));
            }
            if (layer instanceof LeakyRelu l) {
                return node("LeakyRelu", name, List.of(x), real(name, "alpha", l.alpha()));
            }
            if (layer instanceof MaxPool2d m) {
                int[] p = m.padding();
                return node("MaxPool", name, List.of(x), attr("kernel_shape", m.kernel()), attr("strides", m.stride()),
                        attr("pads", p[0], p[1], p[0], p[1]));
            }
            if (layer instanceof AvgPool2d a) {
                int[] p = a.padding();
                return node("AveragePool", name, List.of(x), attr("kernel_shape", a.kernel()),
                        attr("strides", a.stride()), attr("pads", p[0], p[1], p[0], p[1]),
                        attr("count_include_pad", a.countPadding() ? 1L : 0L));
            }
            if (layer instanceof Flatten) {
                return node("Flatten", name, List.of(x), attr("axis", 1L));
            }
            if (layer instanceof Dropout d) {
                return opset < 12
                        ? node("Dropout", name, List.of(x), real(name, "ratio", d.rate()))
                        : node("Dropout", name, List.of(x, ratio(name + ".ratio", d.rate())));
            }
            if (layer instanceof Residual r) {
                List<String> terms = new java.util.ArrayList<>();
                for (int b = 0; b < r.branches().size(); b++) {
                    terms.add(layers(r.branches().get(b), name + "." + b + ".", x, shape));
                }
                return node(terms.size() == 2 ? "Add" : "Sum", name, terms);
            }
            throw new IllegalArgumentException("layer " + name + ": no ONNX operator for " + layer.type());
        }

        /** Dropout's ratio as a float64 scalar, which ONNX allows whatever the data's type. */
        private String ratio(String name, double rate) {
            graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.DOUBLE_VALUE)
                    .addDoubleData(rate));
            return name;
        }
    }
}
