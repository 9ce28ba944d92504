package dev.re3.cli;

import dev.re3.Re3;
import dev.re3.io.AtomicFiles;
import dev.re3.net.Network;
import dev.re3.region.LocalMaps;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code re3 explain}: the exact explanation of every input of a CSV file, as JSON Lines ({@link JsonLines})
 * or as readable tables ({@link TableText}). Inputs are linearised in batches.
 */
final class ExplainCommand implements Command {
    /** Inputs linearised per batch. */
    static final int BATCH = 1024;
    /** {@code distanceToBoundary} is computed for vector inputs of at most this many features. */
    static final int DISTANCE_MAX_INPUTS = 256;

    @Override
    public String name() {
        return "explain";
    }

    @Override
    public String summary() {
        return "explain every input of a CSV file exactly: JSON Lines or readable tables";
    }

    @Override
    public String synopsis() {
        return "--model M.json --data X.csv [--format json|table] [--target CLASS] [--raw|--standardized] [--out FILE]";
    }

    @Override
    public String details() {
        return """
                The CSV holds one input per row, optionally after a header line of names. Inputs are raw values, in
                the units of the data: a model trained by 're3 train' on tabular data records its standardizer, and
                it is applied first (--raw says so explicitly); --standardized takes inputs that are standardised
                already. A standardised value more than 10 standard deviations from the training mean is warned about.
                json: one object per input (JSON Lines) with input (what the network sees; rawInput: the row as
                given, when a standardizer was applied), logits, probabilities,
                predicted, predictedClass, pattern, regionId, affine {weight, bias}, contributions, bias,
                reconstructionError, features, classes, and distanceToBoundary for vector inputs of at most 256
                features.
                table: per input, every feature's value and contribution to the target class, then a summary line.""";
    }

    @Override
    public List<Option> options() {
        return List.of(
                ModelInputs.MODEL,
                ModelInputs.DATA,
                Option.value("format", "json|table", "output format (default table)"),
                Option.value("target", "CLASS", "class name or index to report on (default: each predicted class)"),
                ModelInputs.RAW,
                ModelInputs.STANDARDIZED,
                ModelInputs.OUT);
    }

    @Override
    public void run(Arguments args, PrintStream out, PrintStream err) throws IOException {
        Path modelPath = args.requiredPath("model");
        Path dataPath = args.requiredPath("data");
        String format = args.choice("format", "table", "json", "table");
        Path outPath = args.has("out") ? args.requiredPath("out") : null;
        Model model = Model.read(modelPath);
        Network net = model.network();
        int target = args.has("target") ? target(net, args.required("target")) : -1;
        ModelInputs given0 = ModelInputs.read(args, model, dataPath, "inputs", err);
        double[][] xs = given0.network();
        double[][] raw = given0.raw();
        boolean distance = net.inputShape().length == 1 && net.inputSize() <= DISTANCE_MAX_INPUTS;
        boolean json = format.equals("json");
        TableText.Summary summary = new TableText.Summary(net);
        double[][] inputs = xs;
        double[][] given = raw;
        if (outPath == null) {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            write(net, inputs, given, target, distance, json, summary, w, () -> Main.checkOutput(out));
            w.flush();
            if (!json) {
                out.println(summary);
            }
        } else {
            AtomicFiles.write(outPath, stream -> {
                Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
                write(net, inputs, given, target, distance, json, summary, w, () -> { });
                if (!json) {
                    w.write(summary + "\n");
                }
                w.flush();
            });
            out.println(summary + "; wrote " + outPath);
        }
    }

    /** Explains the inputs batch by batch; {@code raw} holds the rows as given before standardisation, or null. */
    private static void write(Network net, double[][] xs, double[][] raw, int target, boolean distance, boolean json,
            TableText.Summary summary, Writer w, Runnable afterBatch) throws IOException {
        Re3 re3 = Re3.of(net);
        for (int start = 0; start < xs.length; start += BATCH) {
            LocalMaps maps = re3.regions(Arrays.copyOfRange(xs, start, Math.min(xs.length, start + BATCH)));
            for (int n = 0; n < maps.size(); n++) {
                InputResult r = InputResult.of(net, maps, n, target, distance);
                r = r.withIndex(start + n);
                summary.add(r);
                double[] rawRow = raw == null ? null : raw[start + n];
                w.write(json ? JsonLines.line(net, r, rawRow, distance) + "\n"
                        : TableText.input(net, r, rawRow, xs.length));
            }
            w.flush();
            afterBatch.run();
        }
    }

    /** A class given by name or by index. */
    static int target(Network net, String text) {
        int byName = net.classes().indexOf(text);
        if (byName >= 0) {
            return byName;
        }
        try {
            int k = Integer.parseInt(text.trim());
            if (k >= 0 && k < net.outputSize()) {
                return k;
            }
        } catch (NumberFormatException e) {
            // not an index either
        }
        throw new UsageException("option --target: expected a class name (" + String.join(", ", net.classes().size() <= 12
                ? net.classes() : net.classes().subList(0, 12)) + ") or an index 0.." + (net.outputSize() - 1)
                + ", got '" + text + "'");
    }
}
