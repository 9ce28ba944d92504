package dev.re3.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The committed PyTorch exports and the outputs PyTorch computed for them (see make_fixtures.py). */
final class OnnxFixtures {
    static final List<String> NAMES = List.of("mlp_opset11", "mlp_opset17", "mlp_float64", "matmul_add", "cnn_view",
            "cnn_flatten_opset11", "cnn_flatten_opset17", "residual_mlp", "residual_cnn", "leaky_softmax", "cnn_view_opset11",
            "cnn_exclude_pad", "standardized_mlp");

    private OnnxFixtures() {}

    static byte[] bytes(String name) {
        try (InputStream in = OnnxFixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] onnx(String name) {
        return bytes(name + ".onnx");
    }

    /**
     * The fixture's record: "inputs", "outputs" (PyTorch's), "outputs64", "logits64" and "jacobians64" (the
     * file's graph in float64, and autograd's Jacobian of its logits), "inputShape", "opset", "dtype".
     */
    static JsonNode expected(String name) {
        try {
            return new ObjectMapper().readTree(bytes(name + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double[][] matrix(JsonNode array) {
        double[][] m = new double[array.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = row(array.get(i));
        }
        return m;
    }

    static double[] row(JsonNode array) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).doubleValue();
        }
        return v;
    }
}
