package dev.re3.io;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Turns a parsed {@code re3-model/1} document into a {@link Network}, checking the layers one by one
 * in order, so the first problem is reported with its location.
 */
final class ModelReader {
    /** The layer types in the order the format reference lists them, the one added last at the end. */
    static final List<String> TYPES = List.of("dense", "relu", "leaky_relu", "conv2d", "batchnorm", "maxpool2d",
            "avgpool2d", "flatten", "dropout", "residual", "softmax", "standardize");

    private static final Map<String, List<String>> KEYS = Map.ofEntries(
            Map.entry("standardize", List.of("type", "mean", "scale")),
            Map.entry("dense", List.of("type", "weight", "bias")),
            Map.entry("relu", List.of("type")),
            Map.entry("leaky_relu", List.of("type", "alpha")),
            Map.entry("conv2d", List.of("type", "weight", "bias", "stride", "padding")),
            Map.entry("batchnorm", List.of("type", "gamma", "beta", "mean", "var", "eps")),
            Map.entry("maxpool2d", List.of("type", "kernel", "stride", "padding")),
            Map.entry("avgpool2d", List.of("type", "kernel", "stride", "padding", "countPadding")),
            Map.entry("flatten", List.of("type")),
            Map.entry("dropout", List.of("type", "rate")),
            Map.entry("residual", List.of("type", "branches")),
            Map.entry("softmax", List.of("type")));

    private ModelReader() {}

    /** Checks that the document is an object with the right {@code "format"} and returns its fields. */
    static Fields document(JsonNode root) {
        Fields top = Fields.of(root, "", "a JSON object with \"format\": \"" + ModelJson.FORMAT + "\"");
        if (!top.has("format")) {
            throw top.error("missing key \"format\"; expected \"format\": \"" + ModelJson.FORMAT
                    + "\" (is this a re3 model file?)");
        }
        JsonNode format = top.required("format", "");
        if (!format.isTextual() || !format.textValue().equals(ModelJson.FORMAT)) {
            throw top.error("format: expected \"" + ModelJson.FORMAT + "\", got " + Fields.describe(format));
        }
        return top;
    }

    static Network network(JsonNode root) {
        Fields top = document(root);
        int[] inputShape = top.positiveIntegers("inputShape", "([d] or [channels, height, width])");
        long size = 1;
        for (int d : inputShape) {
            size *= d;
            if (size > Integer.MAX_VALUE) {
                throw top.error("inputShape: expected at most " + Integer.MAX_VALUE + " elements in all, got "
                        + Arrays.toString(inputShape));
            }
        }
        List<String> features = top.strings("features");
        List<String> classes = top.strings("classes");
        JsonNode layersNode = top.required("layers", "an array of layers");
        if (!layersNode.isArray()) {
            throw top.error("layers: expected an array of layers, got " + Fields.describe(layersNode));
        }
        boolean softmax = false;
        int count = layersNode.size();
        if (count > 0 && isSoftmax(layersNode.get(count - 1))) {
            Fields.of(layersNode.get(count - 1), "layers[" + (count - 1) + "] (softmax)", "an object")
                    .allowOnly(KEYS.get("softmax"));
            softmax = true;
            count--;
        }
        if (count == 0) {
            throw top.error("layers: expected at least one layer before the optional softmax, got "
                    + (softmax ? "only a softmax" : "none"));
        }
        List<Layer> layers = new ArrayList<>(layers(layersNode, count, i -> "layers[" + i + "]", inputShape, "the input"));
        Standardize recorded = recordedStandardizer(top);
        if (recorded != null && !(layers.get(0) instanceof Standardize)) {
            layers.add(0, recorded);
        }
        try {
            return new Network(inputShape, features, classes, layers, softmax);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(e.getMessage(), e);
        }
    }

    /**
     * The standardizer of a file written before the {@code standardize} layer existed, recorded as
     * {@code "provenance": {"standardizer": {"means": [d], "stds": [d]}}}; null when there is none. Such a file
     * reads as the same network with a {@code standardize} layer in front; a file whose first layer is one
     * already keeps it, and the provenance entry is then only a record.
     */
    private static Standardize recordedStandardizer(Fields top) {
        JsonNode p = top.optional("provenance");
        if (p == null || !p.isObject() || p.get(PROVENANCE_STANDARDIZER) == null || p.get(PROVENANCE_STANDARDIZER).isNull()) {
            return null;
        }
        Fields f = Fields.of(p.get(PROVENANCE_STANDARDIZER), "provenance." + PROVENANCE_STANDARDIZER,
                "an object {\"means\": [d], \"stds\": [d]}");
        try {
            return new Standardize(f.tensor("means", 1, "[d]").vector(), f.tensor("stds", 1, "[d]").vector());
        } catch (ModelFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(f.where() + ": " + e.getMessage(), e);
        }
    }

    /** The provenance key of the old way of recording a standardizer (as {@code dev.re3.data.Standardizer} names it). */
    static final String PROVENANCE_STANDARDIZER = "standardizer";

    private static boolean isSoftmax(JsonNode layer) {
        return layer.isObject() && layer.has("type") && "softmax".equals(layer.get("type").asText());
    }

    /**
     * Reads the first {@code count} layers of an array, checking that each takes the previous one's shape.
     *
     * @param input what the first layer takes, for messages: {@code "the input"}
     */
    private static List<Layer> layers(JsonNode array, int count, IntFunction<String> path, int[] inputShape, String input) {
        List<Layer> layers = new ArrayList<>(count);
        int[] shape = inputShape;
        String source = input + " " + Arrays.toString(inputShape);
        for (int i = 0; i < count; i++) {
            String at = path.apply(i);
            Fields f = Fields.of(array.get(i), at, "a layer object with a \"type\"");
            if (!f.has("type")) {
                throw f.error("missing key \"type\"; expected one of " + String.join(", ", TYPES));
            }
            String type = f.string("type");
            if (!KEYS.containsKey(type)) {
                throw f.error("unknown layer type \"" + type + "\"; expected one of " + String.join(", ", TYPES));
            }
            String where = at + " (" + type + ")";
            f = Fields.of(array.get(i), where, "an object");
            f.allowOnly(KEYS.get(type));
            if (type.equals("softmax")) {
                throw f.error("softmax is allowed only as the last top-level layer, got it at position " + i
                        + " of " + array.size() + (at.contains("branches") ? " in a residual branch" : ""));
            }
            Layer layer = type.equals("residual") ? residual(f, at, shape) : layer(f, type);
            try {
                shape = layer.outputShape(shape);
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(where + ": takes " + source + ": " + e.getMessage(), e);
            } catch (ArithmeticException e) {
                throw new ModelFormatException(where + ": takes " + source + ": its output would have more than "
                        + Integer.MAX_VALUE + " elements", e);
            }
            source = "the output " + Arrays.toString(shape) + " of " + where;
            layers.add(layer);
        }
        return layers;
    }

    /** One non-residual layer; the layer's own constructor checks sizes and ranges. */
    private static Layer layer(Fields f, String type) {
        try {
            return switch (type) {
                case "standardize" -> new Standardize(f.tensor("mean", 1, "[d]").vector(),
                        f.tensor("scale", 1, "[d]").vector());
                case "dense" -> new Dense(f.tensor("weight", 2, "[out][in]").matrix(),
                        f.tensor("bias", 1, "[out]").vector());
                case "relu" -> new Relu();
                case "leaky_relu" -> new LeakyRelu(f.number("alpha"));
                case "conv2d" -> new Conv2d(f.tensor("weight", 4, "[out][in][kh][kw]").array4(),
                        f.tensor("bias", 1, "[out]").vector(), f.pair("stride", "[sh, sw]"),
                        f.pair("padding", "[ph, pw]"));
                case "batchnorm" -> new BatchNorm(f.tensor("gamma", 1, "[channels]").vector(),
                        f.tensor("beta", 1, "[channels]").vector(), f.tensor("mean", 1, "[channels]").vector(),
                        f.tensor("var", 1, "[channels]").vector(), f.number("eps"));
                case "maxpool2d" -> {
                    int[] kernel = f.pair("kernel", "[kh, kw]");
                    yield new MaxPool2d(kernel, f.pair("stride", "[sh, sw]", kernel),
                            f.pair("padding", "[ph, pw]", new int[] {0, 0}));
                }
                case "avgpool2d" -> {
                    int[] kernel = f.pair("kernel", "[kh, kw]");
                    yield new AvgPool2d(kernel, f.pair("stride", "[sh, sw]", kernel),
                            f.pair("padding", "[ph, pw]", new int[] {0, 0}), f.bool("countPadding", true));
                }
                case "flatten" -> new Flatten();
                case "dropout" -> new Dropout(f.number("rate", 0));
                default -> throw new IllegalStateException("no reader for layer type " + type);
            };
        } catch (ModelFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(f.where() + ": " + e.getMessage(), e);
        }
    }

    /** A residual layer: each branch is read as a layer list taking the residual's input shape. */
    private static Layer residual(Fields f, String at, int[] shape) {
        JsonNode branches = f.required("branches", "an array of branches, each an array of layers");
        if (!branches.isArray()) {
            throw f.error("branches: expected an array of branches, each an array of layers, got "
                    + Fields.describe(branches));
        }
        List<List<Layer>> read = new ArrayList<>();
        for (int b = 0; b < branches.size(); b++) {
            JsonNode branch = branches.get(b);
            String prefix = at + ".branches[" + b + "]";
            if (!branch.isArray()) {
                throw f.error("branches[" + b + "]: expected an array of layers ([] for the identity), got "
                        + Fields.describe(branch));
            }
            read.add(layers(branch, branch.size(), i -> prefix + "[" + i + "]", shape, "the residual's input"));
        }
        try {
            return new Residual(read);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(f.where() + ": " + e.getMessage(), e);
        }
    }
}
