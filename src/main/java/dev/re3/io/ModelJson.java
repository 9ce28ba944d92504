package dev.re3.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.re3.net.Network;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads and writes networks in the JSON model format {@code "re3-model/1"}.
 *
 * <pre>{@code
 * {
 *   "format": "re3-model/1",
 *   "inputShape": [4],
 *   "features": ["sepal_length", "sepal_width", "petal_length", "petal_width"],
 *   "classes": ["setosa", "versicolor", "virginica"],
 *   "provenance": {"seed": 7, "dataset": "iris"},
 *   "layers": [
 *     {"type":"dense","weight":[[0.0,0.0,1.0,1.0],[0.0,1.0,-1.0,0.0]],"bias":[-3.0,0.0]},
 *     {"type":"relu"},
 *     {"type":"dense","weight":[[0.0,2.0],[0.25,0.0],[1.0,0.0]],"bias":[0.0,1.5,-2.0]},
 *     {"type":"softmax"}
 *   ]
 * }
 * }</pre>
 *
 * <p>Keys: {@code "format"} (required, exactly {@code "re3-model/1"}), {@code "inputShape"} (required,
 * {@code [d]} or {@code [channels, height, width]}), {@code "features"} and {@code "classes"}
 * (optional names, one per input element and one per output), {@code "provenance"} (an optional
 * free-form object) and {@code "layers"} (required). Other top-level keys are ignored. A key whose
 * value is {@code null} counts as absent.
 *
 * <p>Layers, applied in order; weights are {@code [out][in]} and images {@code [channels, height, width]}:
 * <ul>
 *   <li>{@code {"type":"standardize","mean":[d],"scale":[d]}}: {@code y_i = (x_i - mean_i) / scale_i}, one mean
 *       and scale per input element, the preprocessing of a network trained on standardised data. Files written
 *       before this layer record it as {@code "provenance": {"standardizer": {"means": [d], "stds": [d]}}}; they
 *       read as the same network with a {@code standardize} layer in front.</li>
 *   <li>{@code {"type":"dense","weight":[out][in],"bias":[out]}}</li>
 *   <li>{@code {"type":"relu"}} and {@code {"type":"leaky_relu","alpha":0.01}}</li>
 *   <li>{@code {"type":"conv2d","weight":[out][in][kh][kw],"bias":[out],"stride":[sh,sw],"padding":[ph,pw]}}</li>
 *   <li>{@code {"type":"batchnorm","gamma":[c],"beta":[c],"mean":[c],"var":[c],"eps":1e-5}}</li>
 *   <li>{@code {"type":"maxpool2d","kernel":[kh,kw],"stride":[sh,sw],"padding":[ph,pw]}} and the same
 *       for {@code "avgpool2d"}; {@code stride} defaults to the kernel, {@code padding} to {@code [0,0]};
 *       {@code "avgpool2d"} also takes {@code "countPadding"} (default {@code true}: divide by {@code kh kw};
 *       {@code false}: by the number of real positions of each window, PyTorch's {@code count_include_pad=False}),
 *       written only when {@code false}</li>
 *   <li>{@code {"type":"flatten"}} and {@code {"type":"dropout","rate":0.5}} ({@code rate} defaults to 0)</li>
 *   <li>{@code {"type":"residual","branches":[[layers...],[layers...]]}}: the branch outputs are added;
 *       an empty branch is the identity</li>
 *   <li>{@code {"type":"softmax"}}: only as the last top-level layer; sets {@link Network#softmax()}</li>
 * </ul>
 * Unknown layer types and unknown keys inside a layer are rejected. Numbers must be finite JSON numbers;
 * sizes and strides must be integers.
 *
 * <p>Every problem in a document raises a {@link ModelFormatException} that names the location (for
 * example {@code "layers[2] (dense): ..."}, and the file when reading one), what was expected and
 * what was given. Failures to read or write a file raise {@link UncheckedIOException}.
 *
 * <p>The writer puts one layer per line and prints each double as decimal text that parses back to the
 * same double, so {@code parse(toJson(net)).equals(net)} holds bit for bit. Names equal to the defaults
 * ({@code x0, x1, ...} and {@code 0, 1, ...}) are left out.
 */
public final class ModelJson {
    /** The value of the {@code "format"} key. */
    public static final String FORMAT = "re3-model/1";

    /** Parses strictly (no duplicate keys) but reads NaN and Infinity so that they can be reported. */
    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
                    .build())
            .build();

    private ModelJson() {}

    /**
     * Reads a network from a model file.
     *
     * @throws ModelFormatException if the file is not a valid model; the message starts with the path
     * @throws UncheckedIOException if the file cannot be read
     */
    public static Network read(Path file) {
        return fromFile(file, ModelReader::network);
    }

    /**
     * Reads a network from a stream of JSON (UTF-8, or UTF-16/32 with detection). The stream is read to
     * its end and not closed.
     *
     * @throws ModelFormatException if the content is not a valid model
     * @throws UncheckedIOException if the stream fails
     */
    public static Network read(InputStream in) {
        try {
            return ModelReader.network(tree(MAPPER.createParser(in)));
        } catch (JsonProcessingException e) {
            throw syntax(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model: " + e.getMessage(), e);
        }
    }

    /**
     * Parses a network from JSON text.
     *
     * @throws ModelFormatException if the text is not a valid model
     */
    public static Network parse(String json) {
        return ModelReader.network(tree(json));
    }

    /** The network as {@code re3-model/1} JSON text, without provenance. */
    public static String toJson(Network net) {
        return ModelWriter.write(net, null);
    }

    /**
     * The network as {@code re3-model/1} JSON text with a provenance object.
     *
     * @param provenance free-form values (strings, numbers, booleans, lists, maps, or objects Jackson can
     *     serialise), such as seed, dataset, versions and settings; null or empty for none
     * @throws IllegalArgumentException if the provenance cannot be written as JSON
     */
    public static String toJson(Network net, Map<String, ?> provenance) {
        return ModelWriter.write(net, provenanceTree(provenance));
    }

    /**
     * Writes the network to a file atomically (see {@link AtomicFiles}), creating parent directories.
     *
     * @throws UncheckedIOException if the file cannot be written; an existing file is then unchanged
     */
    public static void write(Network net, Path file) {
        write(file, toJson(net));
    }

    /**
     * Writes the network with a provenance object to a file atomically (see {@link AtomicFiles}).
     *
     * @param provenance free-form values such as seed, dataset, versions and settings; null or empty for none
     * @throws IllegalArgumentException if the provenance cannot be written as JSON
     * @throws UncheckedIOException if the file cannot be written; an existing file is then unchanged
     */
    public static void write(Network net, Path file, Map<String, ?> provenance) {
        write(file, toJson(net, provenance));
    }

    /**
     * The provenance object of a model file, or an empty map if it has none. Only the JSON syntax and
     * the {@code "format"} are checked, not the layers.
     *
     * @return an unmodifiable map, in file order, of strings, numbers, booleans, nulls, lists and maps
     * @throws ModelFormatException if the file is not JSON, has the wrong format, or its provenance is
     *     not an object
     * @throws UncheckedIOException if the file cannot be read
     */
    public static Map<String, Object> readProvenance(Path file) {
        return fromFile(file, ModelJson::provenance);
    }

    /**
     * The provenance object of a model given as JSON text, or an empty map if it has none.
     *
     * @see #readProvenance(Path)
     */
    public static Map<String, Object> parseProvenance(String json) {
        return provenance(tree(json));
    }

    private static Map<String, Object> provenance(JsonNode root) {
        Fields top = ModelReader.document(root);
        JsonNode p = top.optional("provenance");
        if (p == null) {
            return Map.of();
        }
        if (!p.isObject()) {
            throw top.error("provenance: expected an object, got " + Fields.describe(p));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) frozen(MAPPER.convertValue(p, Map.class));
        return map;
    }

    /** A deep unmodifiable copy of a value made of maps and lists. */
    private static Object frozen(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(k, frozen(v)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> l) {
            List<Object> copy = new ArrayList<>(l.size());
            for (Object v : l) {
                copy.add(frozen(v));
            }
            return Collections.unmodifiableList(copy);
        }
        return value;
    }

    private static JsonNode provenanceTree(Map<String, ?> provenance) {
        if (provenance == null || provenance.isEmpty()) {
            return null;
        }
        try {
            return MAPPER.valueToTree(provenance);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("provenance: cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    private static void write(Path file, String json) {
        try {
            AtomicFiles.writeString(file, json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write model file " + file + ": " + e, e);
        }
    }

    /** Reads a file and applies a reader to its JSON; format errors are prefixed with the path. */
    private static <T> T fromFile(Path file, Function<JsonNode, T> reader) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model file " + file + ": " + e, e);
        }
        try {
            return reader.apply(tree(MAPPER.createParser(bytes)));
        } catch (IOException e) {
            throw syntax(e).in(file.toString());
        } catch (ModelFormatException e) {
            throw e.in(file.toString());
        }
    }

    private static JsonNode tree(String json) {
        try {
            return tree(MAPPER.createParser(json));
        } catch (IOException e) {
            throw syntax(e);
        }
    }

    /** Reads one JSON value and checks that nothing but white space follows it. */
    private static JsonNode tree(JsonParser parser) throws IOException {
        try (parser) {
            JsonNode root = MAPPER.readTree(parser);
            if (parser.nextToken() != null) {
                throw new JsonParseException(parser, "unexpected '" + parser.getText() + "'"
                        + " after the end of the document");
            }
            return root;
        }
    }

    /** A JSON syntax error with its line and column. */
    private static ModelFormatException syntax(IOException e) {
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        int cut = message.indexOf("\n at [Source");
        message = (cut >= 0 ? message.substring(0, cut) : message)
                .replaceAll("\\(start marker at \\[Source: .*?; line: (\\d+), column: (\\d+)\\]\\)",
                        "(opened at line $1, column $2)");
        String at = e instanceof JsonProcessingException j && j.getLocation() != null
                ? " at line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr() : "";
        return new ModelFormatException("not valid JSON" + at + ": " + message, e);
    }
}
