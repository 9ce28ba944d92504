package dev.re3.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.re3.codec.ContributionResult;
import dev.re3.codec.Contributions;
import dev.re3.codec.Reduction;
import dev.re3.codec.Target;
import dev.re3.io.AtomicFiles;
import dev.re3.net.Network;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code re3 contributions}: the contributions of the units of one site to a target for every input of a CSV
 * file ({@link Contributions}), as JSON Lines or CSV, batch by batch.
 */
final class ContributionsCommand implements Command {
    /** Inputs per batch. */
    static final int BATCH = 256;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public String name() {
        return "contributions";
    }

    @Override
    public String summary() {
        return "contributions of the units of one site to a target, for every input of a CSV file";
    }

    @Override
    public String synopsis() {
        return "--model M.json --data X.csv --site S [--method activation-x-gradient|integrated-gradients]"
                + " [--steps N|exact] [--target predicted|CLASS] [--reduce none|spatial-sum|sign-split] [--format json|csv]"
                + " [--out FILE]";
    }

    @Override
    public String details() {
        return """
                Sites are the names 're3 sites' lists, inside residual branches too. The target is the logit of the
                predicted class (default) or of a class given by name or index. Methods: activation-x-gradient,
                c = a * dT/da (with the downstream bias it sums exactly to the target; at a site inside a residual
                branch that bias also holds the skip and the other branches); integrated-gradients from the zero
                input with --steps N trapezoid steps (default 25), or exactly along the region walk with --steps exact
                (sums to T(x) - T(0)).
                --reduce at an image site: per channel and position (none), summed over positions (spatial-sum), or the
                negative and positive parts summed over positions (sign-split, 2C values).
                json: one object per input with index, site, method, target, targetClass, targetValue, offset,
                contributions (flat, row-major over the site's shape, or reduced), names and completenessDelta
                (sum of contributions + offset - targetValue).
                csv: a header, then one row per input: index, target, targetValue, offset, completenessDelta, then the
                contributions.""";
    }

    @Override
    public List<Option> options() {
        return List.of(
                ModelInputs.MODEL,
                ModelInputs.DATA,
                Option.value("site", "S", "the site, e.g. 1.relu (see 're3 sites'); required"),
                Option.value("method", "M", "activation-x-gradient (default) or integrated-gradients"),
                Option.value("steps", "N|exact", "integration steps, or exact along the region walk (default 25)"),
                Option.value("target", "predicted|CLASS", "the logit explained (default predicted)"),
                Option.value("reduce", "R", "none (default), spatial-sum or sign-split"),
                Option.value("format", "json|csv", "output format (default json)"),
                ModelInputs.RAW,
                ModelInputs.STANDARDIZED,
                ModelInputs.OUT);
    }

    @Override
    public void run(Arguments args, PrintStream out, PrintStream err) throws IOException {
        Model model = Model.of(args);
        Network net = model.network();
        String site = args.required("site");
        String method = args.choice("method", "activation-x-gradient", "activation-x-gradient", "integrated-gradients");
        String steps = args.string("steps", "25").trim();
        if (args.has("steps") && method.equals("activation-x-gradient")) {
            throw new UsageException("option --steps: only for --method integrated-gradients, got --method " + method);
        }
        int n = steps.equals("exact") ? 0 : parseSteps(steps);
        String targetText = args.string("target", "predicted").trim();
        Target target = targetText.equals("predicted") ? Target.predicted()
                : Target.logit(ExplainCommand.target(net, targetText));
        Reduction reduction;
        try {
            reduction = Reduction.parse(args.string("reduce", "none").trim());
        } catch (IllegalArgumentException e) {
            throw new UsageException("option --reduce: " + e.getMessage());
        }
        boolean json = args.choice("format", "json", "json", "csv").equals("json");
        double[][] xs = ModelInputs.read(args, model, args.requiredPath("data"), "inputs", err).network();
        // check the site, target and reduction once before writing anything
        Contributions.of(net, new double[net.inputSize()]).at(site).optTarget(target).optReduce(reduction);
        Path outPath = args.has("out") ? args.requiredPath("out") : null;
        if (outPath == null) {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            write(net, xs, site, method, n, target, reduction, json, w, () -> Main.checkOutput(out));
            w.flush();
        } else {
            AtomicFiles.write(outPath, stream -> {
                Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
                write(net, xs, site, method, n, target, reduction, json, w, () -> { });
                w.flush();
            });
            out.println("contributions of " + xs.length + " inputs at " + site + "; wrote " + outPath);
        }
    }

    /** {@code --steps N}: a number of steps of 1 or more. */
    static int parseSteps(String text) {
        try {
            int s = Integer.parseInt(text);
            if (s >= 1) {
                return s;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("option --steps: expected a number of steps of 1 or more, or exact, got '" + text + "'");
    }

    private static void write(Network net, double[][] xs, String site, String method, int steps, Target target,
            Reduction reduction, boolean json, Writer w, Runnable afterBatch) throws IOException {
        for (int start = 0; start < xs.length; start += BATCH) {
            double[][] batch = Arrays.copyOfRange(xs, start, Math.min(xs.length, start + BATCH));
            Contributions c = Contributions.of(net, batch).at(site).optTarget(target).optReduce(reduction);
            ContributionResult r = method.equals("activation-x-gradient") ? c.activationTimesGradient()
                    : steps == 0 ? c.exact() : c.integrated(steps);
            if (start == 0 && !json) {
                w.write("index,target,targetValue,offset,completenessDelta");
                for (String name : r.names()) {
                    w.write("," + InputCsv.quote(name));
                }
                w.write("\n");
            }
            int[] classes = r.targetClasses();
            double[] deltas = r.completenessDeltas();
            for (int i = 0; i < r.size(); i++) {
                if (json) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("index", start + i);
                    m.put("site", site);
                    m.put("method", r.method());
                    m.put("target", classes[i]);
                    m.put("targetClass", net.classes().get(classes[i]));
                    m.put("targetValue", r.targets()[i]);
                    m.put("offset", r.offsets()[i]);
                    m.put("reduction", reduction.cliName());
                    m.put("contributions", r.values(i));
                    m.put("completenessDelta", deltas[i]);
                    if (start + i == 0) {
                        m.put("names", r.names());
                    }
                    try {
                        w.write(MAPPER.writeValueAsString(m) + "\n");
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("cannot write input " + (start + i) + " as JSON: "
                                + e.getOriginalMessage(), e);
                    }
                } else {
                    StringBuilder s = new StringBuilder();
                    s.append(start + i).append(',').append(classes[i]).append(',').append(r.targets()[i]).append(',')
                            .append(r.offsets()[i]).append(',').append(deltas[i]);
                    for (double v : r.values(i)) {
                        s.append(',').append(v);
                    }
                    w.write(s.append('\n').toString());
                }
            }
            w.flush();
            afterBatch.run();
        }
    }
}
