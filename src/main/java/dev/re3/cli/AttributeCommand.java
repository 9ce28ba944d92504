package dev.re3.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.re3.attribution.Attribution;
import dev.re3.attribution.AttributionResult;
import dev.re3.attribution.Attributions;
import dev.re3.attribution.ExcitationPullback;
import dev.re3.attribution.Gate;
import dev.re3.attribution.IntegratedGradients;
import dev.re3.attribution.PullbackAscent;
import dev.re3.attribution.SmoothGrad;
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
 * {@code re3 attribute}: the attribution of every input of a CSV file by one method
 * ({@link dev.re3.attribution}), as JSON Lines or CSV. Inputs are attributed in batches, in parallel.
 */
final class AttributeCommand implements Command {
    static final int BATCH = 256;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public String name() {
        return "attribute";
    }

    @Override
    public String summary() {
        return "attribute every input of a CSV file: gradients, integrated gradients, pullbacks, ...";
    }

    @Override
    public String synopsis() {
        return "--model M.json --data X.csv --method METHOD [--target predicted|CLASS] [--steps N|exact]"
                + " [--temperature T] [--gate sigmoid|normal] [--alpha A] [--ascent-steps K] [--samples N --sigma S"
                + " --seed K] [--format json|csv] [--out FILE]";
    }

    @Override
    public String details() {
        return """
                METHOD is one of gradient, input-x-gradient, integrated-gradients, smoothgrad, guided-backprop,
                excitation-pullback, pullback-ascent, re3 (the exact contributions W x). Attributions are of the
                target logit with respect to the network's inputs (standardised ones, when the model records a
                standardizer and the rows are raw).
                integrated-gradients: zero baseline; --steps exact (the default) sums over the linear regions the
                path crosses, --steps N uses the trapezoid rule over N intervals, --rule gauss-legendre N nodes.
                smoothgrad: --samples (50), --sigma (0.15, absolute), --seed (0).
                excitation-pullback and pullback-ascent: --gate (sigmoid), --temperature (0.3) of the rectifiers,
                --pool-temperature (0.3) of the max pools, --detached-pool (the pool's softmax weights taken as
                constants in the backward pass, s_j dL/dy); pullback-ascent: --alpha (20), --ascent-steps (5).
                json: one object per input with index, method, target, targetClass, attribution (flat, row-major)
                and completenessDelta for integrated-gradients and re3 (|sum - (f(x) - f(baseline))|, and
                |sum + b - f(x)|). csv: a header (index, method, target, completenessDelta, one column per
                feature), then one row per input.""";
    }

    @Override
    public List<Option> options() {
        return List.of(
                ModelInputs.MODEL,
                ModelInputs.DATA,
                Option.value("method", "METHOD", "the attribution method, required"),
                Option.value("target", "predicted|CLASS", "the class to attribute (default: each predicted class)"),
                Option.value("steps", "N|exact", "integrated gradients: intervals, or exact (default)"),
                Option.value("rule", "trapezoid|gauss-legendre", "integrated gradients with --steps N (trapezoid)"),
                Option.value("temperature", "T", "pullbacks: temperature of the rectifier gates (0.3)"),
                Option.value("pool-temperature", "T", "pullbacks: temperature of the max-pool softmax (0.3)"),
                Option.value("gate", "sigmoid|normal", "pullbacks: the soft gate (sigmoid)"),
                Option.flag("detached-pool", "pullbacks: the max-pool softmax weights as constants backward"),
                Option.value("alpha", "A", "pullback ascent: step length (20)"),
                Option.value("ascent-steps", "K", "pullback ascent: steps (5)"),
                Option.value("samples", "N", "smoothgrad: noisy samples (50)"),
                Option.value("sigma", "S", "smoothgrad: absolute noise standard deviation (0.15)"),
                Option.value("seed", "K", "smoothgrad: seed of the noise (0)"),
                Option.value("format", "json|csv", "output format (default json)"),
                ModelInputs.RAW,
                ModelInputs.STANDARDIZED,
                ModelInputs.OUT);
    }

    @Override
    public void run(Arguments args, PrintStream out, PrintStream err) throws IOException {
        Path modelPath = args.requiredPath("model");
        Path dataPath = args.requiredPath("data");
        String methodName = args.required("method").trim();
        String format = args.choice("format", "json", "json", "csv");
        Path outPath = args.has("out") ? args.requiredPath("out") : null;
        Model model = Model.read(modelPath);
        Network net = model.network();
        Attribution method = method(net, methodName, args);
        String targetText = args.string("target", "predicted").trim();
        int target = targetText.equals("predicted") ? -1 : ExplainCommand.target(net, targetText);
        double[][] xs = ModelInputs.read(args, model, dataPath, "inputs", err).network();
        boolean csv = format.equals("csv");
        if (outPath == null) {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            write(net, method, xs, target, csv, w, () -> Main.checkOutput(out));
            w.flush();
        } else {
            AtomicFiles.write(outPath, stream -> {
                Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
                write(net, method, xs, target, csv, w, () -> { });
                w.flush();
            });
            out.println(method.name() + " attributions of " + xs.length + " inputs; wrote " + outPath);
        }
    }

    private static void write(Network net, Attribution method, double[][] xs, int target, boolean csv, Writer w,
            Runnable afterBatch) throws IOException {
        if (csv) {
            StringBuilder h = new StringBuilder("index,method,target,completenessDelta");
            for (String f : net.features()) {
                h.append(',').append(InputCsv.quote(f));
            }
            w.write(h + "\n");
        }
        for (int start = 0; start < xs.length; start += BATCH) {
            double[][] batch = Arrays.copyOfRange(xs, start, Math.min(xs.length, start + BATCH));
            int[] targets = new int[batch.length];
            if (target < 0) {
                targets = Attribution.predicted(net, batch);
            } else {
                Arrays.fill(targets, target);
            }
            List<AttributionResult> results = method.attribute(batch, targets);
            for (int n = 0; n < results.size(); n++) {
                w.write((csv ? csvLine(start + n, results.get(n)) : jsonLine(start + n, results.get(n))) + "\n");
            }
            w.flush();
            afterBatch.run();
        }
    }

    static String jsonLine(int index, AttributionResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", index);
        m.put("method", r.method());
        m.put("target", r.target());
        m.put("targetClass", r.className());
        m.put("attribution", r.attribution());
        if (r.hasCompletenessDelta()) {
            m.put("completenessDelta", r.completenessDelta());
        }
        try {
            return MAPPER.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write input " + index + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    static String csvLine(int index, AttributionResult r) {
        StringBuilder s = new StringBuilder().append(index).append(',').append(r.method()).append(',')
                .append(r.target()).append(',').append(r.hasCompletenessDelta() ? Double.toString(r.completenessDelta()) : "");
        for (double a : r.attribution()) {
            s.append(',').append(a);
        }
        return s.toString();
    }

    /** The method with the options that apply to it; an option for another method is an error. */
    static Attribution method(Network net, String name, Arguments args) {
        Attribution m;
        try {
            m = Attributions.of(net, name);
        } catch (IllegalArgumentException e) {
            throw new UsageException("option --" + e.getMessage());
        }
        List<String> allowed = switch (name) {
            case "integrated-gradients" -> List.of("steps", "rule");
            case "smoothgrad" -> List.of("samples", "sigma", "seed");
            case "excitation-pullback" -> List.of("temperature", "pool-temperature", "gate", "detached-pool");
            case "pullback-ascent" -> List.of("temperature", "pool-temperature", "gate", "detached-pool", "alpha",
                    "ascent-steps");
            default -> List.of();
        };
        for (String o : List.of("steps", "rule", "samples", "sigma", "seed", "temperature", "pool-temperature", "gate",
                "detached-pool", "alpha", "ascent-steps")) {
            if (args.has(o) && !allowed.contains(o)) {
                throw new UsageException("option --" + o + ": does not apply to --method " + name
                        + (allowed.isEmpty() ? ", which has no options" : " (its options: --" + String.join(", --", allowed) + ")"));
            }
        }
        try {
            if (m instanceof IntegratedGradients ig) {
                String steps = args.string("steps", "exact").trim();
                String rule = args.choice("rule", "trapezoid", "trapezoid", "gauss-legendre");
                if (steps.equals("exact")) {
                    if (args.has("rule")) {
                        throw new UsageException("option --rule: applies to --steps N, not to --steps exact");
                    }
                    return ig;
                }
                return ig.optRule(rule.equals("trapezoid") ? IntegratedGradients.Rule.TRAPEZOID
                        : IntegratedGradients.Rule.GAUSS_LEGENDRE).optSteps(args.integer("steps", 50, 1));
            }
            if (m instanceof SmoothGrad sg) {
                return sg.optSamples(args.integer("samples", SmoothGrad.DEFAULT_SAMPLES, 1))
                        .optSigma(number(args, "sigma", SmoothGrad.DEFAULT_SIGMA)).optSeed(args.seed("seed", 0));
            }
            Gate gate = Gate.of(args.choice("gate", "sigmoid", "sigmoid", "normal"));
            double t = number(args, "temperature", ExcitationPullback.DEFAULT_TEMPERATURE);
            double tp = number(args, "pool-temperature", ExcitationPullback.DEFAULT_POOL_TEMPERATURE);
            if (m instanceof ExcitationPullback ep) {
                return ep.optGate(gate).optTemperature(t).optPoolTemperature(tp)
                        .optDetachedPool(args.flag("detached-pool"));
            }
            if (m instanceof PullbackAscent pa) {
                return pa.optGate(gate).optTemperature(t).optPoolTemperature(tp)
                        .optDetachedPool(args.flag("detached-pool"))
                        .optAlpha(number(args, "alpha", PullbackAscent.DEFAULT_ALPHA))
                        .optSteps(args.integer("ascent-steps", PullbackAscent.DEFAULT_STEPS, 1));
            }
            return m;
        } catch (IllegalArgumentException e) {
            throw new UsageException("option --" + e.getMessage());
        }
    }

    private static double number(Arguments args, String name, double fallback) {
        String v = args.string(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + ": expected a number, got '" + v + "'");
        }
    }
}
