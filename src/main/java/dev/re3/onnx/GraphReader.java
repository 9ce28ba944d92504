package dev.re3.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.re3.io.ModelFormatException;
import dev.re3.net.Layer;
import dev.re3.net.Network;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an ONNX graph node by node into a chain of layers. Every name in the graph stands for a
 * {@link Const} (initializers, constants, shape arithmetic) or an {@link Act} (the input with layers
 * applied); each operator turns the values of its inputs into the value of its output.
 */
final class GraphReader {
    static final int MIN_OPSET = 11;
    static final int MAX_OPSET = 17;
    /** Metadata keys for names, each a JSON array of strings. */
    static final String FEATURES = "re3.features";
    static final String CLASSES = "re3.classes";
    /** Metadata key prefix for the float64 value of a float attribute: {@code re3.exact.<node>.<attribute>}. */
    static final String EXACT = "re3.exact.";

    private final ModelProto model;
    private final int opset;
    private final Map<String, Value> values = new HashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private long batch = Const.BATCH;

    private GraphReader(ModelProto model, int opset) {
        this.model = model;
        this.opset = opset;
        for (StringStringEntryProto e : model.getMetadataPropsList()) {
            metadata.put(e.getKey(), e.getValue());
        }
    }

    static Network read(ModelProto model) {
        if (!model.hasGraph() || model.getIrVersion() <= 0) {
            throw new ModelFormatException("not an ONNX model: expected a ModelProto with an ir_version and a graph, got "
                    + (model.hasGraph() ? "ir_version " + model.getIrVersion() : "no graph"));
        }
        return new GraphReader(model, opset(model)).network();
    }

    private static int opset(ModelProto model) {
        Integer found = null;
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                found = (int) o.getVersion();
            }
        }
        if (found == null) {
            throw new ModelFormatException("opset_import: expected the default ONNX operator set (domain \"\"), got "
                    + model.getOpsetImportList().stream().map(o -> "'" + o.getDomain() + "'").toList());
        }
        if (found < MIN_OPSET || found > MAX_OPSET) {
            throw new ModelFormatException("opset " + found + ": expected an ONNX opset from " + MIN_OPSET + " to "
                    + MAX_OPSET + " (export with torch.onnx.export(..., opset_version=" + MIN_OPSET + " to " + MAX_OPSET
                    + "))");
        }
        return found;
    }

    private Network network() {
        GraphProto g = model.getGraph();
        Set<String> initializers = new HashSet<>();
        for (TensorProto t : g.getInitializerList()) {
            values.put(t.getName(), Const.read(t, "initializer '" + t.getName() + "'"));
            initializers.add(t.getName());
        }
        if (g.getSparseInitializerCount() > 0) {
            throw new ModelFormatException("graph: sparse initializers, which this import does not read");
        }
        List<ValueInfoProto> inputs = g.getInputList().stream().filter(v -> !initializers.contains(v.getName())).toList();
        if (inputs.size() != 1) {
            throw new ModelFormatException("graph: expected exactly one input (the batch of examples), got "
                    + inputs.size() + " " + inputs.stream().map(ValueInfoProto::getName).toList());
        }
        ValueInfoProto input = inputs.get(0);
        Act root = Act.input(inputShape(input));
        values.put(input.getName(), root);
        for (int i = 0; i < g.getNodeCount(); i++) {
            node(g.getNode(i), i);
        }
        if (g.getOutputCount() != 1) {
            throw new ModelFormatException("graph: expected exactly one output (the logits or probabilities), got "
                    + g.getOutputCount() + " " + g.getOutputList().stream().map(ValueInfoProto::getName).toList());
        }
        String outName = g.getOutput(0).getName();
        Value out = values.get(outName);
        if (!(out instanceof Act act) || act.pad() != null) {
            throw new ModelFormatException("graph output '" + outName + "': expected an activation computed from the input '"
                    + input.getName() + "', got " + (out == null ? "a name no node defines"
                    : out instanceof Const c ? "a constant " + c.describe() : "a Pad with no pooling after it"));
        }
        boolean softmax = act.softmax();
        Act last = softmax ? act.parent() : act;
        List<Layer> layers = last.layersFrom(root);
        if (layers.isEmpty()) {
            throw new ModelFormatException("graph: expected at least one layer between the input and the output, got none");
        }
        try {
            return new Network(root.shape(), names(FEATURES), names(CLASSES), layers, softmax);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException("graph: " + e.getMessage(), e);
        }
    }

    private int[] inputShape(ValueInfoProto input) {
        String what = "graph input '" + input.getName() + "'";
        TypeProto type = input.getType();
        if (!type.hasTensorType()) {
            throw new ModelFormatException(what + ": expected a tensor, got " + type.getValueCase());
        }
        int elem = type.getTensorType().getElemType();
        if (elem != TensorProto.DataType.FLOAT_VALUE && elem != TensorProto.DataType.DOUBLE_VALUE) {
            TensorProto.DataType dt = TensorProto.DataType.forNumber(elem);
            throw new ModelFormatException(what + ": expected float32 or float64 elements, got "
                    + (dt == null ? "type " + elem : dt.name().toLowerCase()));
        }
        if (!type.getTensorType().hasShape()) {
            throw new ModelFormatException(what + ": expected a shape [N, ...] in the file, got none");
        }
        TensorShapeProto shape = type.getTensorType().getShape();
        if (shape.getDimCount() < 2) {
            throw new ModelFormatException(what + ": expected a batch axis and at least one more, [N, d] or [N, C, H, W],"
                    + " got rank " + shape.getDimCount());
        }
        if (shape.getDim(0).hasDimValue()) {
            batch = shape.getDim(0).getDimValue();
        }
        int[] dims = new int[shape.getDimCount() - 1];
        for (int i = 0; i < dims.length; i++) {
            TensorShapeProto.Dimension d = shape.getDim(i + 1);
            if (!d.hasDimValue() || d.getDimValue() < 1 || d.getDimValue() > Integer.MAX_VALUE) {
                throw new ModelFormatException(what + ": expected a fixed size for axis " + (i + 1) + " (only the batch"
                        + " axis 0 may be dynamic), got " + (d.hasDimParam() ? "the dynamic size '" + d.getDimParam() + "'"
                        : d.hasDimValue() ? Long.toString(d.getDimValue()) : "no size"));
            }
            dims[i] = (int) d.getDimValue();
        }
        return dims;
    }

    private List<String> names(String key) {
        String text = metadata.get(key);
        if (text == null) {
            return List.of();
        }
        try {
            JsonNode node = new ObjectMapper().readTree(text);
            List<String> names = new ArrayList<>();
            if (node != null && node.isArray()) {
                for (JsonNode n : node) {
                    if (!n.isTextual()) {
                        names = null;
                        break;
                    }
                    names.add(n.textValue());
                }
                if (names != null) {
                    return names;
                }
            }
        } catch (java.io.IOException e) {
            // reported below
        }
        throw new ModelFormatException("metadata_props '" + key + "': expected a JSON array of strings, got " + text);
    }

    /** The float64 value recorded for a float attribute, if it rounds to the attribute's float32 value. */
    double exact(NodeProto node, String attribute, float value) {
        String text = metadata.get(EXACT + node.getName() + "." + attribute);
        if (text != null) {
            try {
                double d = Double.parseDouble(text);
                if ((float) d == value) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // the float32 attribute is the truth
            }
        }
        return value;
    }

    private void node(NodeProto node, int index) {
        Node n = new Node(this, node, index, opset);
        if (!node.getDomain().isEmpty() && !node.getDomain().equals("ai.onnx")) {
            throw n.error("operator of domain '" + node.getDomain() + "'; expected ONNX's default domain");
        }
        List<Value> in = new ArrayList<>();
        for (String name : node.getInputList()) {
            if (name.isEmpty()) {
                in.add(null);
                continue;
            }
            Value v = values.get(name);
            if (v == null) {
                throw n.error("uses '" + name + "', which no initializer, graph input or earlier node defines"
                        + " (a missing initializer, or nodes out of order)");
            }
            in.add(v);
        }
        Value out = Ops.apply(n, in);
        if (node.getOutputCount() == 0) {
            throw n.error("expected an output, got none");
        }
        for (String name : node.getOutputList()) {
            if (!name.isEmpty() && values.containsKey(name)) {
                throw n.error("defines '" + name + "' a second time; expected each name to be defined once");
            }
        }
        values.put(node.getOutput(0), out);
    }

    /** The batch size when the graph input fixes it, else {@link Const#BATCH}. */
    long batch() {
        return batch;
    }
}
