package dev.re3.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.Re3;
import dev.re3.io.ModelJson;
import dev.re3.net.Network;
import dev.re3.onnx.OnnxImport;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every {@code --model} takes an ONNX file, and {@code export} converts between ONNX and JSON. */
class OnnxCliTest {
    static Path fixture(Path dir, String name) throws Exception {
        Path file = dir.resolve(name + ".onnx");
        try (InputStream in = OnnxImport.class.getResourceAsStream(name + ".onnx")) {
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void explainReadsAnOnnxModel(@TempDir Path dir) throws Exception {
        for (String name : List.of("leaky_softmax", "cnn_view", "residual_mlp")) {
            Path model = fixture(dir, name);
            Network net = OnnxImport.read(model);
            StringBuilder csv = new StringBuilder();
            for (int r = 0; r < 2; r++) {
                for (int i = 0; i < net.inputSize(); i++) {
                    csv.append(i > 0 ? "," : "").append(Math.sin(r * 7 + i));
                }
                csv.append('\n');
            }
            Path inputs = dir.resolve(name + ".csv");
            Files.writeString(inputs, csv);
            Cli.Result r = Cli.run("explain", "--model", model.toString(), "--data", inputs.toString(), "--format", "json");
            assertEquals(0, r.code(), r.err());
            assertEquals(2, r.out().lines().filter(l -> l.contains("\"reconstructionError\"")).count(), r.out());
        }
    }

    @Test
    void exportConvertsOnnxToJsonAndBack(@TempDir Path dir) throws Exception {
        Path model = fixture(dir, "cnn_view");
        Network net = OnnxImport.read(model);
        Path json = dir.resolve("cnn.json");
        Cli.Result a = Cli.run("export", "--model", model.toString(), "--out", json.toString());
        assertEquals(0, a.code(), a.err());
        assertEquals(net, ModelJson.read(json));
        Path back = dir.resolve("cnn.onnx");
        Cli.Result b = Cli.run("export", "--model", json.toString(), "--out", back.toString());
        assertEquals(0, b.code(), b.err());
        assertEquals(net, OnnxImport.read(back));
        assertEquals(net, Re3.load(back).network());
    }

    @Test
    void aBadOnnxFileIsAnErrorNamingIt(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.onnx");
        Files.writeString(bad, "not a model");
        Cli.Result r = Cli.run("explain", "--model", bad.toString(), "--data", bad.toString());
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("bad.onnx: not an ONNX model"), r.err());
    }
}
