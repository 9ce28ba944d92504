package dev.re3.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import ai.onnx.proto.OnnxMl.NodeProto;
import dev.re3.io.ModelFormatException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One node being read: its attributes, checked against what the operator allows, and its errors. */
final class Node {
    final NodeProto proto;
    final int opset;
    private final GraphReader graph;
    private final int index;
    private final Map<String, AttributeProto> attributes = new LinkedHashMap<>();

    Node(GraphReader graph, NodeProto proto, int index, int opset) {
        this.graph = graph;
        this.proto = proto;
        this.index = index;
        this.opset = opset;
        for (AttributeProto a : proto.getAttributeList()) {
            attributes.put(a.getName(), a);
        }
    }

    String op() {
        return proto.getOpType();
    }

    /** {@code node 'name' (Op)}, or {@code node #3 (Op)} for a node without a name. */
    String where() {
        return "node " + (proto.getName().isEmpty() ? "#" + index : "'" + proto.getName() + "'") + " (" + op() + ")";
    }

    ModelFormatException error(String message) {
        return new ModelFormatException(where() + ": " + message);
    }

    ModelFormatException error(String message, Throwable cause) {
        return new ModelFormatException(where() + ": " + message, cause);
    }

    /** Rejects attributes outside {@code allowed}, so that none is silently ignored. */
    void allow(Set<String> allowed) {
        for (String name : attributes.keySet()) {
            if (!allowed.contains(name)) {
                throw error("attribute '" + name + "' is not one this import reads; expected only "
                        + allowed.stream().sorted().toList());
            }
        }
    }

    boolean has(String name) {
        return attributes.containsKey(name);
    }

    private AttributeProto attribute(String name, AttributeType type) {
        AttributeProto a = attributes.get(name);
        if (a != null && a.getType() != type && a.getType() != AttributeType.UNDEFINED) {
            throw error("attribute '" + name + "': expected type " + type + ", got " + a.getType());
        }
        return a;
    }

    long integer(String name, long fallback) {
        AttributeProto a = attribute(name, AttributeType.INT);
        return a == null ? fallback : a.getI();
    }

    /** A float attribute in float64: the exact value recorded by {@link OnnxExport} when there is one. */
    double real(String name, double fallback) {
        AttributeProto a = attribute(name, AttributeType.FLOAT);
        return a == null ? fallback : graph.exact(proto, name, a.getF());
    }

    String string(String name, String fallback) {
        AttributeProto a = attribute(name, AttributeType.STRING);
        return a == null ? fallback : a.getS().toStringUtf8();
    }

    long[] integers(String name, long[] fallback) {
        AttributeProto a = attribute(name, AttributeType.INTS);
        if (a == null) {
            return fallback;
        }
        List<Long> list = a.getIntsList();
        long[] v = new long[list.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = list.get(i);
        }
        return v;
    }

    /** The batch size when the graph input fixes it, else {@link Const#BATCH}. */
    long batch() {
        return graph.batch();
    }
}
