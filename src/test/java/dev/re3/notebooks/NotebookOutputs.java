package dev.re3.notebooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The cells and outputs of a notebook file (nbformat 4), as the notebook tests read them. */
public final class NotebookOutputs {

    /** One output of a code cell: its type, its MIME bundle (for rich outputs) and its text (for streams). */
    public record Output(int cell, String type, JsonNode data, String text) {

        /** The value of one MIME type of a rich output as one string, or null. */
        public String mime(String type) {
            JsonNode value = data == null ? null : data.get(type);
            return value == null ? null : joined(value);
        }
    }

    private final JsonNode root;

    private NotebookOutputs(JsonNode root) {
        this.root = root;
    }

    /** Reads a notebook file. */
    public static NotebookOutputs read(Path notebook) throws IOException {
        return new NotebookOutputs(new ObjectMapper().readTree(notebook.toFile()));
    }

    /** The kernel name in the notebook's metadata ({@code metadata.kernelspec.name}). */
    public String kernelName() {
        return root.path("metadata").path("kernelspec").path("name").asText("");
    }

    /** The source of every code cell, in order. */
    public List<String> codeSources() {
        List<String> out = new ArrayList<>();
        for (JsonNode cell : root.path("cells")) {
            if (cell.path("cell_type").asText().equals("code")) {
                out.add(joined(cell.path("source")));
            }
        }
        return out;
    }

    /** Every output of every code cell, in order. */
    public List<Output> outputs() {
        List<Output> out = new ArrayList<>();
        int index = 0;
        for (JsonNode cell : root.path("cells")) {
            for (JsonNode o : cell.path("outputs")) {
                String type = o.path("output_type").asText();
                String text = type.equals("stream") ? joined(o.path("text"))
                        : type.equals("error") ? o.path("ename").asText() + ": " + o.path("evalue").asText() : null;
                out.add(new Output(index, type, o.get("data"), text));
            }
            index++;
        }
        return out;
    }

    /** nbformat stores text as a string or as a list of lines. */
    static String joined(JsonNode value) {
        if (value.isArray()) {
            StringBuilder s = new StringBuilder();
            value.forEach(line -> s.append(line.asText()));
            return s.toString();
        }
        return value.isTextual() ? value.asText() : value.toString();
    }
}
