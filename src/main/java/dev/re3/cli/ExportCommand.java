package dev.re3.cli;

import dev.re3.data.Dataset;
import dev.re3.data.Datasets;
import dev.re3.io.AtomicFiles;
import dev.re3.io.ModelJson;
import dev.re3.onnx.OnnxExport;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code re3 export}: re-writes a model file in the normal form of {@code re3-model/1} (provenance kept),
 * or converts between JSON and ONNX by the extensions of {@code --model} and {@code --out},
 * or writes the inputs of a shipped dataset as CSV with a header of feature names, ready for
 * {@code re3 explain}. Dataset values are raw (tabular sets) or scaled to {@code [0, 1]} (images).
 */
final class ExportCommand implements Command {
    @Override
    public String name() {
        return "export";
    }

    @Override
    public String summary() {
        return "normalise or convert a model file (JSON, ONNX), or write a shipped dataset's inputs as CSV";
    }

    @Override
    public String synopsis() {
        return "--model M.json|M.onnx --out OUT.json|OUT.onnx | --data NAME --out X.csv [--limit N]";
    }

    @Override
    public String details() {
        return """
                With --model: reads the model, checks it and writes it again in normal form, provenance kept.
                A file named *.onnx is read or written as ONNX (float64 weights, opset 13; no provenance), so
                '--model M.onnx --out M.json' converts a PyTorch export and '--out M.onnx' converts back.
                With --data: writes the first N inputs of a shipped dataset (one of %s) as CSV with a header of
                feature names and no labels. Tabular values are raw, as 're3 explain' expects them."""
                .formatted(String.join(", ", Datasets.names()));
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.value("model", "M.json", "a model file (JSON or .onnx) to normalise or convert"),
                Option.value("data", "NAME", "a shipped dataset to write as CSV"),
                Option.value("out", "FILE", "the file to write (whole or not at all), required"),
                Option.value("limit", "N", "with --data: at most N rows (default all)"),
                Option.value("rows", "I,J,...", "with --data: these rows only, by index from 0 (e.g. 0,50,100)"));
    }

    @Override
    public void run(Arguments args, PrintStream out, PrintStream err) throws IOException {
        if (args.has("model") == args.has("data")) {
            throw new UsageException("expected exactly one of --model and --data, got "
                    + (args.has("model") ? "both" : "neither"));
        }
        Path target = args.requiredPath("out");
        if (args.has("model")) {
            if (args.has("limit") || args.has("rows")) {
                throw new UsageException("option --" + (args.has("limit") ? "limit" : "rows") + " applies to --data only");
            }
            Model model = Model.of(args);
            if (Model.isOnnx(target)) {
                OnnxExport.create().write(model.full(), target);
            } else {
                ModelJson.write(model.full(), target, model.provenance());
            }
            out.println("wrote " + target);
            return;
        }
        if (args.has("limit") && args.has("rows")) {
            throw new UsageException("expected at most one of --limit and --rows, got both");
        }
        int limit = args.integer("limit", Integer.MAX_VALUE, 1);
        Dataset all = Datasets.byName(args.required("data"), limit);
        Dataset data = args.has("rows") ? all.subset(rows(args.required("rows"), all)) : all;
        AtomicFiles.write(target, stream -> {
            Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
            StringBuilder line = new StringBuilder();
            for (String f : data.features()) {
                line.append(line.length() == 0 ? "" : ",").append(InputCsv.quote(f));
            }
            w.write(line.append('\n').toString());
            for (int i = 0; i < data.size(); i++) {
                line.setLength(0);
                for (int j = 0; j < data.numFeatures(); j++) {
                    if (j > 0) {
                        line.append(',');
                    }
                    line.append(data.value(i, j));
                }
                w.write(line.append('\n').toString());
            }
            w.flush();
        });
        out.println("wrote " + data.size() + " inputs of " + data.name() + " (" + data.numFeatures() + " features) to "
                + target);
    }

    /** {@code "0,50,100"} as row indices of the data set. */
    static int[] rows(String text, Dataset data) {
        String[] parts = text.split(",", -1);
        int[] rows = new int[parts.length];
        for (int k = 0; k < parts.length; k++) {
            try {
                rows[k] = Integer.parseInt(parts[k].trim());
            } catch (NumberFormatException e) {
                throw new UsageException("option --rows: expected row indices separated by commas, like 0,50,100, got '"
                        + text + "'");
            }
            if (rows[k] < 0 || rows[k] >= data.size()) {
                throw new UsageException("option --rows: expected indices 0 to " + (data.size() - 1) + " (" + data.name()
                        + " has " + data.size() + " rows), got " + rows[k]);
            }
        }
        return rows;
    }
}
