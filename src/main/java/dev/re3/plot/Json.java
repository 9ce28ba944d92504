package dev.re3.plot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;

/** Building and writing plotly JSON: numbers (non-finite ones as null gaps), strings, and HTML-safe output. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectWriter PLAIN = MAPPER.writer();
    private static final ObjectWriter SCRIPT_SAFE = MAPPER.writer().with(new ScriptSafe());

    private Json() {}

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static ArrayNode array() {
        return NODES.arrayNode();
    }

    /** The numbers; NaN and infinities become null, which plotly draws as a gap. */
    static ArrayNode numbers(double[] values) {
        ArrayNode a = array();
        for (double v : values) {
            if (Double.isFinite(v)) {
                a.add(v);
            } else {
                a.addNull();
            }
        }
        return a;
    }

    static ArrayNode ints(int[] values) {
        ArrayNode a = array();
        for (int v : values) {
            a.add(v);
        }
        return a;
    }

    static ArrayNode strings(List<String> values) {
        ArrayNode a = array();
        values.forEach(a::add);
        return a;
    }

    /** A matrix as rows of numbers (non-finite entries as null). */
    static ArrayNode matrix(double[][] rows) {
        ArrayNode a = array();
        for (double[] row : rows) {
            a.add(numbers(row));
        }
        return a;
    }

    /** {@code {"text": text}}: the plotly 2 and 3 form of a title. */
    static ObjectNode title(String text) {
        ObjectNode t = object();
        t.put("text", text);
        return t;
    }

    static String write(JsonNode node) {
        try {
            return PLAIN.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JSON that can sit inside an HTML {@code <script>}: {@code < > &} and line separators are escaped. */
    static String writeForScript(JsonNode node) {
        try {
            return SCRIPT_SAFE.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("figure JSON: expected {\"data\": [...], \"layout\": {...}}, got text "
                    + "that does not parse: " + e.getOriginalMessage(), e);
        }
    }

    /** Escapes the characters that could end a script element or an HTML comment early. */
    private static final class ScriptSafe extends CharacterEscapes {
        private final int[] escapes;

        ScriptSafe() {
            escapes = CharacterEscapes.standardAsciiEscapesForJSON();
            escapes['<'] = CharacterEscapes.ESCAPE_STANDARD;
            escapes['>'] = CharacterEscapes.ESCAPE_STANDARD;
            escapes['&'] = CharacterEscapes.ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return escapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch == 0x2028) {
                return new SerializedString("\\u2028");
            }
            if (ch == 0x2029) {
                return new SerializedString("\\u2029");
            }
            return null;
        }
    }
}
