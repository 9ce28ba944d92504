package dev.re3.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes a {@link Network} as {@code re3-model/1} text: one top-level key per line and one layer per
 * line, residual branches indented below their layer. Numbers are written by Jackson, whose text for a
 * double parses back to the same double.
 */
final class ModelWriter {
    private ModelWriter() {}

    /** @param provenance a JSON object, or null for none */
    static String write(Network net, JsonNode provenance) {
        StringBuilder s = new StringBuilder("{\n");
        s.append("  \"format\": ").append(compact(g -> g.writeString(ModelJson.FORMAT))).append(",\n");
        s.append("  \"inputShape\": ").append(compact(g -> ints(g, net.inputShape()))).append(",\n");
        if (!isDefault(net.features(), "x")) {
            s.append("  \"features\": ").append(compact(g -> strings(g, net.features()))).append(",\n");
        }
        if (!isDefault(net.classes(), "")) {
            s.append("  \"classes\": ").append(compact(g -> strings(g, net.classes()))).append(",\n");
        }
        if (provenance != null) {
            s.append("  \"provenance\": ").append(compact(g -> g.writeTree(provenance))).append(",\n");
        }
        s.append("  \"layers\": [\n");
        List<Layer> layers = net.layers();
        for (int i = 0; i < layers.size(); i++) {
            layer(s, layers.get(i), "    ");
            s.append(i + 1 < layers.size() || net.softmax() ? ",\n" : "\n");
        }
        if (net.softmax()) {
            s.append("    {\"type\":\"softmax\"}\n");
        }
        return s.append("  ]\n}\n").toString();
    }

    /** Names equal to the ones {@link Network} generates when none are given are left out. */
    private static boolean isDefault(List<String> names, String prefix) {
        for (int i = 0; i < names.size(); i++) {
            if (!names.get(i).equals(prefix + i)) {
                return false;
            }
        }
        return true;
    }

    private static void layer(StringBuilder s, Layer layer, String indent) {
        s.append(indent);
        if (!(layer instanceof Residual r)) {
            s.append(compact(g -> fields(g, layer)));
            return;
        }
        s.append("{\"type\":\"residual\",\"branches\":[\n");
        List<List<Layer>> branches = r.branches();
        for (int b = 0; b < branches.size(); b++) {
            List<Layer> branch = branches.get(b);
            if (branch.isEmpty()) {
                s.append(indent).append("  []");
            } else {
                s.append(indent).append("  [\n");
                for (int i = 0; i < branch.size(); i++) {
                    layer(s, branch.get(i), indent + "    ");
                    s.append(i + 1 < branch.size() ? ",\n" : "\n");
                }
                s.append(indent).append("  ]");
            }
            s.append(b + 1 < branches.size() ? ",\n" : "\n");
        }
        s.append(indent).append("]}");
    }

    private static void fields(JsonGenerator g, Layer layer) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", layer.type());
        if (layer instanceof Standardize st) {
            g.writeFieldName("mean");
            doubles(g, st.mean());
            g.writeFieldName("scale");
            doubles(g, st.scale());
        } else if (layer instanceof Dense d) {
            g.writeFieldName("weight");
            g.writeStartArray();
            for (double[] row : d.weight()) {
                doubles(g, row);
            }
            g.writeEndArray();
            g.writeFieldName("bias");
            doubles(g, d.bias());
        } else if (layer instanceof Conv2d c) {
            g.writeFieldName("weight");
            double[][][][] w = c.weight();
            g.writeStartArray();
            for (double[][][] filter : w) {
                g.writeStartArray();
                for (double[][] plane : filter) {
                    g.writeStartArray();
                    for (double[] row : plane) {
                        doubles(g, row);
                    }
                    g.writeEndArray();
                }
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeFieldName("bias");
            doubles(g, c.bias());
            geometry(g, null, c.stride(), c.padding());
        } else if (layer instanceof BatchNorm b) {
            g.writeFieldName("gamma");
            doubles(g, b.gamma());
            g.writeFieldName("beta");
            doubles(g, b.beta());
            g.writeFieldName("mean");
            doubles(g, b.mean());
            g.writeFieldName("var");
            doubles(g, b.var());
            g.writeNumberField("eps", b.eps());
        } else if (layer instanceof MaxPool2d p) {
            geometry(g, p.kernel(), p.stride(), p.padding());
        } else if (layer instanceof AvgPool2d p) {
            geometry(g, p.kernel(), p.stride(), p.padding());
            if (!p.countPadding()) {
                g.writeBooleanField("countPadding", false); // written only off its default: older files stay the same
            }
        } else if (layer instanceof LeakyRelu l) {
            g.writeNumberField("alpha", l.alpha());
        } else if (layer instanceof Dropout d) {
            g.writeNumberField("rate", d.rate());
        } else if (!(layer instanceof Relu || layer instanceof Flatten)) {
            throw new IllegalStateException("no writer for layer type " + layer.type());
        }
        g.writeEndObject();
    }

    private static void geometry(JsonGenerator g, int[] kernel, int[] stride, int[] padding) throws IOException {
        if (kernel != null) {
            g.writeFieldName("kernel");
            ints(g, kernel);
        }
        g.writeFieldName("stride");
        ints(g, stride);
        g.writeFieldName("padding");
        ints(g, padding);
    }

    private static void doubles(JsonGenerator g, double[] values) throws IOException {
        g.writeArray(values, 0, values.length);
    }

    private static void ints(JsonGenerator g, int[] values) throws IOException {
        g.writeArray(values, 0, values.length);
    }

    private static void strings(JsonGenerator g, List<String> values) throws IOException {
        g.writeStartArray();
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    /** Runs a generator over a string and returns the compact JSON text it wrote. */
    private static String compact(IOConsumer<JsonGenerator> body) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = ModelJson.MAPPER.createGenerator(out)) {
            body.accept(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
