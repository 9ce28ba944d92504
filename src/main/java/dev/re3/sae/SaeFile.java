package dev.re3.sae;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.re3.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes SAEs in the JSON format {@code re3-sae/1}:
 * <pre>{@code
 * {"format":"re3-sae/1", "kind":"topk", "inputSize":d, "latents":m, "k":3, "inputScale":s,
 *  "encoder":{"weight":[m][d], "bias":[m]}, "decoder":{"weight":[m][d], "bias":[d]},
 *  "provenance":{...}}
 * }</pre>
 * with {@code h = W_enc (s x - b_dec) + b_enc} and {@code x_hat = (f W_dec + b_dec) / s}. Each kind adds its keys:
 * {@code topk} and {@code mp} {@code "k"} (mp has no {@code "encoder"}); {@code batchtopk} {@code "k"} and
 * {@code "threshold":[m]} (one value repeated, the learned inference threshold); {@code relu} {@code "l1"};
 * {@code jumprelu} {@code "threshold":[m]} and {@code "l0"}; {@code codec} {@code "hidden":[{"weight":[w][w_in],
 * "bias":[w], "gain":[w], "shift":[w]}, ...]} in front of the encoder (whose weight is then {@code [m][w]}),
 * {@code "codeThreshold"}, {@code "l1"} and {@code "nonNegative"}. {@code "provenance"} is a free-form object
 * (the trainer's settings and held-out metrics for a {@link FittedSae}).
 *
 * <p>Doubles are written as the shortest decimal text that parses back to the same double, so a file reads back
 * bit for bit. Files are written whole ({@link AtomicFiles}). A file that is not JSON, is cut short, has a wrong
 * format or kind, or whose arrays disagree with {@code inputSize} and {@code latents}, raises an
 * {@link IllegalArgumentException} naming the file, the key, what was expected and what was given.
 */
public final class SaeFile {
    /** The value of the {@code "format"} key. */
    public static final String FORMAT = "re3-sae/1";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private SaeFile() {}

    /** Writes {@code fitted}'s SAE with its settings and held-out metrics as provenance. */
    public static void write(FittedSae fitted, Path file) {
        Map<String, Object> provenance = new LinkedHashMap<>(fitted.settings());
        SaeMetrics mt = fitted.metrics();
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("rows", mt.rows());
        metrics.put("mse", mt.mse());
        metrics.put("fvu", mt.fvu());
        metrics.put("l0", mt.l0());
        metrics.put("deadFraction", mt.deadFraction());
        metrics.put("heldOut", !fitted.evaluatedOnTraining());
        provenance.put("metrics", metrics);
        provenance.put("trainingRows", fitted.trainingRows());
        write(fitted.sae(), provenance, file);
    }

    /** Writes {@code sae} with a provenance object (strings, numbers, booleans, lists and maps; may be empty). */
    public static void write(SparseAutoencoder sae, Map<String, ?> provenance, Path file) {
        try {
            AtomicFiles.writeString(file, toJson(sae, provenance));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the SAE to " + file + ": " + e.getMessage(), e);
        }
    }

    /** The {@code re3-sae/1} text of {@code sae}. */
    public static String toJson(SparseAutoencoder sae, Map<String, ?> provenance) {
        StringBuilder b = new StringBuilder("{\n");
        b.append("\"format\":\"").append(FORMAT).append("\",\n\"kind\":\"").append(sae.kind().key()).append("\",\n");
        b.append("\"inputSize\":").append(sae.inputSize()).append(",\n\"latents\":").append(sae.latents()).append(",\n");
        double scale;
        double[][] wEnc = null;
        double[] bEnc = null;
        double[][] wDec;
        double[] bDec;
        if (sae instanceof LinearSae l) {
            scale = l.scale;
            wEnc = l.wEnc;
            bEnc = l.bEnc;
            wDec = l.wDec;
            bDec = l.bDec;
        } else if (sae instanceof MatchingPursuitSae mp) {
            scale = mp.inputScale();
            wDec = mp.decoderWeight();
            bDec = mp.decoderBias();
        } else if (sae instanceof CodecSae c) {
            scale = c.inputScale();
            wEnc = c.encoderWeight();
            bEnc = c.encoderBias();
            wDec = c.decoderWeight();
            bDec = c.decoderBias();
        } else {
            throw new IllegalArgumentException("SAE: expected one of this package's variants, given "
                    + sae.getClass().getName());
        }
        if (sae instanceof TopKSae t) {
            b.append("\"k\":").append(t.k()).append(",\n");
        } else if (sae instanceof BatchTopKSae t) {
            b.append("\"k\":").append(t.k()).append(",\n");
        } else if (sae instanceof MatchingPursuitSae t) {
            b.append("\"k\":").append(t.k()).append(",\n");
        }
        b.append("\"inputScale\":").append(number(scale)).append(",\n");
        if (sae instanceof CodecSae c) {
            b.append("\"hidden\":[");
            for (int l = 0; l < c.hidden().size(); l++) {
                CodecSae.Layer layer = c.hidden().get(l);
                b.append(l == 0 ? "\n" : ",\n").append("{\"weight\":");
                matrix(b, layer.weight());
                b.append(",\n\"bias\":");
                vector(b, layer.bias());
                b.append(",\n\"gain\":");
                vector(b, layer.gain());
                b.append(",\n\"shift\":");
                vector(b, layer.shift());
                b.append("}");
            }
            b.append("],\n");
        }
        if (wEnc != null) {
            b.append("\"encoder\":{\"weight\":");
            matrix(b, wEnc);
            b.append(",\n\"bias\":");
            vector(b, bEnc);
            b.append("},\n");
        }
        b.append("\"decoder\":{\"weight\":");
        matrix(b, wDec);
        b.append(",\n\"bias\":");
        vector(b, bDec);
        b.append("},\n");
        if (sae instanceof ReluSae r) {
            b.append("\"l1\":").append(number(r.l1())).append(",\n");
        } else if (sae instanceof JumpReluSae j) {
            b.append("\"threshold\":");
            vector(b, j.threshold());
            b.append(",\n\"l0\":").append(number(j.l0())).append(",\n");
        } else if (sae instanceof BatchTopKSae t) {
            double[] th = new double[sae.latents()];
            java.util.Arrays.fill(th, t.threshold());
            b.append("\"threshold\":");
            vector(b, th);
            b.append(",\n");
        } else if (sae instanceof CodecSae c) {
            b.append("\"codeThreshold\":").append(number(c.threshold())).append(",\n\"l1\":").append(number(c.l1()))
                    .append(",\n\"nonNegative\":").append(c.nonNegative()).append(",\n");
        }
        try {
            b.append("\"provenance\":").append(MAPPER.writeValueAsString(provenance == null ? Map.of() : provenance));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("provenance: expected JSON values, given " + e.getOriginalMessage(), e);
        }
        return b.append("\n}\n").toString();
    }

    /**
     * Writes {@code sae} in SAELens's folder layout ({@code SAE.load_from_disk}): {@code sae_weights.safetensors}
     * with float32 {@code W_enc [d][m]}, {@code W_dec [m][d]}, {@code b_enc [m]}, {@code b_dec [d]} (and
     * {@code threshold [m]} for JumpReLU and BatchTopK, which SAELens loads as JumpReLU), and {@code cfg.json}
     * ({@code architecture} standard, topk or jumprelu, {@code d_in}, {@code d_sae}, {@code k}, {@code dtype},
     * {@code apply_b_dec_to_input}, {@code normalize_activations} none). The input scale is folded in, since
     * SAELens has none: {@code W_enc' = s W_enc}, {@code b_dec' = b_dec / s}, {@code W_dec' = W_dec / s},
     * {@code threshold} unchanged, so that {@code h = (x - b_dec') W_enc' + b_enc} and
     * {@code x_hat = f W_dec' + b_dec'} give this SAE's codes and reconstructions.
     *
     * @throws IllegalArgumentException for MP and CODEC SAEs, which SAELens has no architecture for
     */
    public static void exportSaeLens(SparseAutoencoder sae, Path folder) {
        if (!(sae instanceof LinearSae l)) {
            throw new IllegalArgumentException("SAELens export: expected a relu, topk, batchtopk or jumprelu SAE, given "
                    + sae.kind().key() + " (SAELens has no architecture for it)");
        }
        int d = l.d;
        int m = l.m;
        double s = l.scale;
        Map<String, float[]> tensors = new LinkedHashMap<>();
        Map<String, int[]> shapes = new LinkedHashMap<>();
        float[] wEnc = new float[d * m];
        float[] wDec = new float[m * d];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < d; j++) {
                wEnc[j * m + i] = (float) (s * l.wEnc[i][j]);
                wDec[i * d + j] = (float) (l.wDec[i][j] / s);
            }
        }
        float[] bEnc = new float[m];
        float[] bDec = new float[d];
        for (int i = 0; i < m; i++) {
            bEnc[i] = (float) l.bEnc[i];
        }
        for (int j = 0; j < d; j++) {
            bDec[j] = (float) (l.bDec[j] / s);
        }
        tensors.put("W_enc", wEnc);
        shapes.put("W_enc", new int[] {d, m});
        tensors.put("W_dec", wDec);
        shapes.put("W_dec", new int[] {m, d});
        tensors.put("b_enc", bEnc);
        shapes.put("b_enc", new int[] {m});
        tensors.put("b_dec", bDec);
        shapes.put("b_dec", new int[] {d});
        Map<String, Object> cfg = new LinkedHashMap<>();
        String architecture;
        float[] threshold = null;
        if (sae instanceof TopKSae t) {
            architecture = "topk";
            cfg.put("k", t.k());
        } else if (sae instanceof ReluSae) {
            architecture = "standard";
        } else {
            architecture = "jumprelu";
            threshold = new float[m];
            for (int i = 0; i < m; i++) {
                threshold[i] = (float) (sae instanceof JumpReluSae j ? j.threshold()[i] : ((BatchTopKSae) sae).threshold());
            }
        }
        if (threshold != null) {
            tensors.put("threshold", threshold);
            shapes.put("threshold", new int[] {m});
        }
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("architecture", architecture);
        head.put("d_in", d);
        head.put("d_sae", m);
        head.put("dtype", "float32");
        head.put("device", "cpu");
        head.put("apply_b_dec_to_input", true);
        head.put("normalize_activations", "none");
        head.put("reshape_activations", "none");
        head.putAll(cfg);
        head.put("metadata", Map.of("exported_from", FORMAT + " " + sae.kind().key(), "input_scale_folded", s));
        try {
            AtomicFiles.write(folder.resolve("sae_weights.safetensors"), Safetensors.bytes(tensors, shapes));
            AtomicFiles.writeString(folder.resolve("cfg.json"),
                    MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(head) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the SAELens folder " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Reads an SAE from a {@code re3-sae/1} file. */
    public static SparseAutoencoder read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("SAE file " + file + ": expected an existing re3-sae/1 file, given a"
                    + " path that does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the SAE file " + file + ": " + e.getMessage(), e);
        }
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** The provenance object of a {@code re3-sae/1} file, as a JSON tree (empty if absent). */
    public static JsonNode readProvenance(Path file) {
        try {
            JsonNode p = tree(Files.readString(file, StandardCharsets.UTF_8)).get("provenance");
            return p == null ? MAPPER.createObjectNode() : p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the SAE file " + file + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode tree(String text) {
        try {
            JsonNode root = MAPPER.readTree(text);
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException("expected a JSON object of format " + FORMAT + ", given "
                        + (root == null ? "an empty document" : root.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("expected a complete JSON document of format " + FORMAT
                    + ", given text that does not parse (" + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + "); is the file cut short?", e);
        }
    }

    /** Parses {@code re3-sae/1} text. */
    public static SparseAutoencoder parse(String text) {
        JsonNode root = tree(text);
        String format = text(root, "format");
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("format: expected \"" + FORMAT + "\", given \"" + format + "\"");
        }
        SaeKind kind = SaeKind.of(text(root, "kind"));
        int d = integer(root, "inputSize");
        int m = integer(root, "latents");
        double scale = number(root, "inputScale");
        JsonNode dec = object(root, "decoder");
        double[][] wDec = matrix(dec, "decoder.weight", m, d);
        double[] bDec = vector(dec, "decoder.bias", d);
        if (kind == SaeKind.MP) {
            return new MatchingPursuitSae(scale, wDec, bDec, integer(root, "k"));
        }
        List<CodecSae.Layer> hidden = new ArrayList<>();
        int width = d;
        if (kind == SaeKind.CODEC) {
            JsonNode hs = root.get("hidden");
            if (hs == null || !hs.isArray()) {
                throw new IllegalArgumentException("hidden: expected an array of layers, given " + describe(hs));
            }
            for (int l = 0; l < hs.size(); l++) {
                JsonNode h = hs.get(l);
                String at = "hidden[" + l + "]";
                if (!h.isObject()) {
                    throw new IllegalArgumentException(at + ": expected an object, given " + describe(h));
                }
                int w = h.path("bias").size();
                double[][] weight = matrix(h, at + ".weight", w, width);
                hidden.add(new CodecSae.Layer(weight, vector(h, at + ".bias", w), vector(h, at + ".gain", w),
                        vector(h, at + ".shift", w)));
                width = w;
            }
        }
        JsonNode enc = object(root, "encoder");
        double[][] wEnc = matrix(enc, "encoder.weight", m, width);
        double[] bEnc = vector(enc, "encoder.bias", m);
        switch (kind) {
            case RELU:
                return new ReluSae(scale, wEnc, bEnc, wDec, bDec, number(root, "l1"));
            case TOPK:
                return new TopKSae(scale, wEnc, bEnc, wDec, bDec, integer(root, "k"));
            case BATCHTOPK: {
                double[] th = vector(root, "threshold", m);
                for (double t : th) {
                    if (t != th[0]) {
                        throw new IllegalArgumentException("threshold: expected one value repeated for batchtopk, given "
                                + th[0] + " and " + t);
                    }
                }
                return new BatchTopKSae(scale, wEnc, bEnc, wDec, bDec, integer(root, "k"), th[0]);
            }
            case JUMPRELU:
                return new JumpReluSae(scale, wEnc, bEnc, wDec, bDec, vector(root, "threshold", m), number(root, "l0"));
            default:
                JsonNode nn = root.get("nonNegative");
                if (nn == null || !nn.isBoolean()) {
                    throw new IllegalArgumentException("nonNegative: expected true or false, given " + describe(nn));
                }
                return new CodecSae(scale, hidden, wEnc, bEnc, wDec, bDec, number(root, "codeThreshold"),
                        number(root, "l1"), nn.booleanValue());
        }
    }

    private static String describe(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing (the key is missing)";
        }
        String s = n.toString();
        return n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + " " + (s.length() > 40 ? s.substring(0, 40) + "..." : s);
    }

    private static String text(JsonNode root, String key) {
        JsonNode n = root.get(key);
        if (n == null || !n.isTextual()) {
            throw new IllegalArgumentException(key + ": expected a string, given " + describe(n));
        }
        return n.textValue();
    }

    private static JsonNode object(JsonNode root, String key) {
        JsonNode n = root.get(key);
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException(key + ": expected an object, given " + describe(n));
        }
        return n;
    }

    private static int integer(JsonNode root, String key) {
        JsonNode n = root.get(key);
        if (n == null || !n.canConvertToInt() || !n.isIntegralNumber() || n.intValue() < 1) {
            throw new IllegalArgumentException(key + ": expected a positive integer, given " + describe(n));
        }
        return n.intValue();
    }

    private static double number(JsonNode root, String key) {
        JsonNode n = root.get(key);
        if (n == null || !n.isNumber()) {
            throw new IllegalArgumentException(key + ": expected a number, given " + describe(n));
        }
        return n.doubleValue();
    }

    private static double[] vector(JsonNode parent, String key, int n) {
        return vectorOf(parent.get(key.substring(key.lastIndexOf('.') + 1)), key, n);
    }

    private static double[] vectorOf(JsonNode a, String key, int n) {
        if (a == null || !a.isArray()) {
            throw new IllegalArgumentException(key + ": expected an array of " + n + " numbers, given " + describe(a));
        }
        if (a.size() != n) {
            throw new IllegalArgumentException(key + ": expected " + n + " numbers, given " + a.size());
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            JsonNode x = a.get(i);
            if (!x.isNumber()) {
                throw new IllegalArgumentException(key + "[" + i + "]: expected a number, given " + describe(x));
            }
            v[i] = x.doubleValue();
        }
        return v;
    }

    private static double[][] matrix(JsonNode parent, String key, int rows, int cols) {
        JsonNode a = parent.get(key.substring(key.lastIndexOf('.') + 1));
        if (a == null || !a.isArray()) {
            throw new IllegalArgumentException(key + ": expected " + rows + " rows of " + cols + " numbers, given "
                    + describe(a));
        }
        if (a.size() != rows) {
            throw new IllegalArgumentException(key + ": expected " + rows + " rows, given " + a.size());
        }
        double[][] w = new double[rows][];
        for (int i = 0; i < rows; i++) {
            w[i] = vectorOf(a.get(i), key + "[" + i + "]", cols);
        }
        return w;
    }

    static String number(double v) {
        return Double.toString(v);
    }

    private static void vector(StringBuilder b, double[] v) {
        b.append('[');
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ",").append(number(v[i]));
        }
        b.append(']');
    }

    private static void matrix(StringBuilder b, double[][] w) {
        b.append('[');
        for (int i = 0; i < w.length; i++) {
            b.append(i == 0 ? "\n" : ",\n");
            vector(b, w[i]);
        }
        b.append(']');
    }
}
