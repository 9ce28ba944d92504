package dev.re3.cli;

import dev.re3.data.Standardizer;
import dev.re3.io.ModelJson;
import dev.re3.net.Network;
import dev.re3.onnx.OnnxImport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model file read for the command line: the network and its provenance. A file named {@code *.onnx}
 * is read as ONNX ({@link OnnxImport}) and has no provenance; any other as {@code re3-model/1} JSON.
 *
 * <p>Training on tabular data records the standardizer under the provenance key {@code "standardizer"}
 * as {@code {"means": [d], "stds": [d]}}: the network then expects standardised inputs
 * {@code (x - mean) / std}.
 *
 * @param file where it was read from
 * @param network the network
 * @param provenance the provenance object, empty if the file has none
 */
record Model(Path file, Network network, Map<String, Object> provenance) {
    static final String STANDARDIZER = Standardizer.PROVENANCE_KEY;

    static Model read(Path file) {
        if (Files.isDirectory(file)) {
            throw new CliException("model file " + file + " is a directory; expected a model file (re3-model/1 JSON)");
        }
        if (!Files.isRegularFile(file)) {
            throw new CliException("model file not found: " + file);
        }
        if (isOnnx(file)) {
            return new Model(file, OnnxImport.read(file), Map.of());
        }
        Network net = ModelJson.read(file);
        return new Model(file, net, ModelJson.readProvenance(file));
    }

    /** Whether a path names an ONNX file, by its extension {@code .onnx}; any other is read as JSON. */
    static boolean isOnnx(Path file) {
        Path name = file.getFileName();
        return name != null && name.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".onnx");
    }

    /** The standardizer recorded at training, if any. */
    Optional<Standardizer> standardizer() {
        try {
            Optional<Standardizer> st = Standardizer.fromProvenance(provenance);
            if (st.isPresent() && st.get().numFeatures() != network.inputSize()) {
                throw new CliException(file + ": provenance." + STANDARDIZER + ": expected " + network.inputSize()
                        + " means and stds (one per input), got " + st.get().numFeatures());
            }
            return st;
        } catch (IllegalArgumentException e) {
            throw new CliException(file + ": " + e.getMessage(), e);
        }
    }

    /** The provenance entry for a standardizer. */
    static Map<String, Object> entry(Standardizer st) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("means", st.means());
        m.put("stds", st.stds());
        return m;
    }
}
