package dev.re3.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * One JSON object being read, with its location for error messages, e.g. {@code "layers[2] (dense)"}.
 *
 * <p>Every accessor checks the JSON type and fails with a {@link ModelFormatException} whose message
 * reads {@code "<where>: <key>: expected ..., got ..."}.
 */
final class Fields {
    private final JsonNode node;
    private final String where;

    private Fields(JsonNode node, String where) {
        this.node = node;
        this.where = where;
    }

    /**
     * @param node the value that must be a JSON object
     * @param where its location, or {@code ""} for the top level
     * @param what what the object should be, for the message when it is not an object
     */
    static Fields of(JsonNode node, String where, String what) {
        if (node == null || !node.isObject()) {
            throw new ModelFormatException(prefix(where) + "expected " + what + ", got " + describe(node));
        }
        return new Fields(node, where);
    }

    String where() {
        return where;
    }

    /** Whether the key is present with a value other than null. */
    boolean has(String key) {
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    /** The raw value of a key, or null when it is absent or null. */
    JsonNode optional(String key) {
        return has(key) ? node.get(key) : null;
    }

    /** The raw value of a key that must be present. */
    JsonNode required(String key, String expected) {
        if (!has(key)) {
            throw error("missing key \"" + key + "\"; expected " + expected);
        }
        return node.get(key);
    }

    /** Rejects keys outside the allowed ones, naming the key and the allowed keys. */
    void allowOnly(List<String> allowed) {
        Set<String> set = Set.copyOf(allowed);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!set.contains(key)) {
                throw error("unknown key \"" + key + "\"; allowed keys are " + String.join(", ", allowed));
            }
        }
    }

    /** A string value. */
    String string(String key) {
        JsonNode v = required(key, "a string");
        if (!v.isTextual()) {
            throw error(key + ": expected a string, got " + describe(v));
        }
        return v.textValue();
    }

    /** A finite number. */
    double number(String key) {
        return finite(required(key, "a number"), key);
    }

    /** A finite number, or the default when the key is absent. */
    double number(String key, double otherwise) {
        return has(key) ? number(key) : otherwise;
    }

    /** A boolean ({@code true} or {@code false}, not a number or string), or the default when the key is absent. */
    boolean bool(String key, boolean otherwise) {
        if (!has(key)) {
            return otherwise;
        }
        JsonNode v = node.get(key);
        if (!v.isBoolean()) {
            throw error(key + ": expected true or false, got " + describe(v));
        }
        return v.booleanValue();
    }

    /** A pair of integers {@code [h, w]}; the layer checks their range. */
    int[] pair(String key, String meaning) {
        JsonNode v = required(key, "two integers " + meaning);
        if (!v.isArray() || v.size() != 2) {
            throw error(key + ": expected two integers " + meaning + ", got " + describe(v));
        }
        return new int[] {integer(v.get(0), key + "[0]"), integer(v.get(1), key + "[1]")};
    }

    /** A pair of integers, or a copy of the default when the key is absent. */
    int[] pair(String key, String meaning, int[] otherwise) {
        return has(key) ? pair(key, meaning) : otherwise.clone();
    }

    /** A non-empty array of positive integers. */
    int[] positiveIntegers(String key, String meaning) {
        JsonNode v = required(key, "an array of positive integers " + meaning);
        if (!v.isArray() || v.size() == 0) {
            throw error(key + ": expected a non-empty array of positive integers " + meaning + ", got " + describe(v));
        }
        int[] values = new int[v.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = integer(v.get(i), key + "[" + i + "]");
            if (values[i] < 1) {
                throw error(key + "[" + i + "]: expected a positive integer " + meaning + ", got " + values[i]);
            }
        }
        return values;
    }

    /** An array of strings, or an empty list when the key is absent. */
    List<String> strings(String key) {
        JsonNode v = optional(key);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            throw error(key + ": expected an array of strings, got " + describe(v));
        }
        List<String> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw error(key + "[" + i + "]: expected a string, got " + describe(v.get(i)));
            }
            out.add(v.get(i).textValue());
        }
        return out;
    }

    /** A rectangular nested array of finite numbers with the given number of axes. */
    Tensor tensor(String key, int rank, String meaning) {
        JsonNode v = required(key, "an array " + meaning + " of numbers");
        try {
            return Tensor.read(v, key, rank, meaning);
        } catch (ModelFormatException e) {
            throw new ModelFormatException(prefix(where) + e.getMessage());
        }
    }

    /** An error at this object's location. */
    ModelFormatException error(String message) {
        return new ModelFormatException(prefix(where) + message);
    }

    private int integer(JsonNode v, String path) {
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw error(path + ": expected an integer, got " + describe(v));
        }
        return v.intValue();
    }

    private double finite(JsonNode v, String path) {
        if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
            throw error(path + ": expected a finite number, got " + describe(v));
        }
        return v.doubleValue();
    }

    static String prefix(String where) {
        return where.isEmpty() ? "" : where + ": ";
    }

    /** A short description of a JSON value for messages: {@code string "abc"}, {@code number 1.5}, ... */
    static String describe(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "nothing";
        }
        if (v.isNull()) {
            return "null";
        }
        if (v.isTextual()) {
            String t = v.textValue();
            return "string \"" + (t.length() > 40 ? t.substring(0, 40) + "..." : t) + "\"";
        }
        if (v.isNumber()) {
            return v.isFloatingPointNumber() && !Double.isFinite(v.doubleValue())
                    ? String.valueOf(v.doubleValue()) : "number " + v.asText();
        }
        if (v.isBoolean()) {
            return "boolean " + v.booleanValue();
        }
        if (v.isArray()) {
            return v.size() == 0 ? "an empty array" : "an array of " + v.size() + (v.size() == 1 ? " element" : " elements");
        }
        return "an object";
    }
}
