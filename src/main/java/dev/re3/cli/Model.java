package dev.re3.cli;

import dev.re3.data.Standardizer;
import dev.re3.io.ModelJson;
import dev.re3.net.Network;
import dev.re3.net.Standardize;
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
 * <p>Training on tabular data puts the standardizer in front of the network as its first layer, a
 * {@code standardize} layer (older files record it under the provenance key {@code "standardizer"} as
 * {@code {"means": [d], "stds": [d]}}, which reads the same). The commands give rows to the network behind that
 * layer, standardised with it ({@link ModelInputs}), so that site names and the reported input are those of the
 * network as trained; {@link #full()} is the model with its layer.
 *
 * @param file where it was read from
 * @param network the network behind the standardize layer, which takes standardised inputs
 * @param provenance the provenance object, empty if the file has none
 * @param standardize the model's standardize layer, or null
 */
record Model(Path file, Network network, Map<String, Object> provenance, Standardize standardize) {
    static final String STANDARDIZER = Standardizer.PROVENANCE_KEY;

    /** A model read as {@code full}: its leading standardize layer, if any, is taken off and kept apart. */
    Model(Path file, Network full, Map<String, Object> provenance) {
        this(file, full.withoutStandardize(), provenance, full.standardize().orElse(null));
    }

    /** The model as read: the network with its standardize layer in front, if it has one. */
    Network full() {
        return standardize == null ? network : network.withStandardize(standardize);
    }

    /** A shipped dataset's rows as {@link #network()} takes them: standardised when the model records a standardizer. */
    dev.re3.data.Dataset standardised(dev.re3.data.Dataset data) {
        return standardizer().map(s -> s.apply(data)).orElse(data);
    }

    /** The model of {@code --model}, read as {@link #read(Path)} does: how every command reads its model. */
    static Model of(Arguments args) {
        return read(args.requiredPath("model"));
    }

    /**
     * The first {@code limit} rows of the shipped dataset named by {@code --option}, checked to have the network's
     * inputs and given as the network takes them ({@link #standardised}), labels and name kept.
     */
    dev.re3.data.Dataset dataset(Arguments args, String option, int limit) {
        dev.re3.data.Dataset data = dev.re3.data.Datasets.byName(args.required(option), limit);
        if (data.x()[0].length != network.inputSize()) {
            throw new CliException("--" + option + " " + args.required(option) + ": expected rows of " + network.inputSize()
                    + " inputs for this model, got " + data.x()[0].length);
        }
        return standardised(data);
    }

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
        return standardize == null ? Optional.empty()
                : Optional.of(Standardizer.of(standardize.mean(), standardize.scale()));
    }

    /** The provenance entry for a standardizer. */
    static Map<String, Object> entry(Standardizer st) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("means", st.means());
        m.put("stds", st.stds());
        return m;
    }
}
